-- API credentials: only a SHA-256 hash of each token is kept.
CREATE TABLE credentials (
    token_hash TEXT PRIMARY KEY,
    actor_id   TEXT NOT NULL,
    role       TEXT NOT NULL,
    label      TEXT NOT NULL DEFAULT '',
    created_at {timestamp} NOT NULL,
    revoked_at {timestamp}
);
