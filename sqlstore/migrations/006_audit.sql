-- The audit trail: append-only and hash-chained (see impartial.AuditEvent).
CREATE TABLE audit_events (
    seq        BIGINT PRIMARY KEY,
    at         {timestamp} NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    action     TEXT NOT NULL,
    record     TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    prev       TEXT NOT NULL,
    hash       TEXT NOT NULL
);
