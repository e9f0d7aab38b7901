-- The outbox of re-screening work: written in the same transaction as the
-- change that requires it, marked done in the same transaction as the
-- findings it stores (see impartial.Rescreen).
CREATE TABLE rescreens (
    seq     {serial},
    at      {timestamp} NOT NULL,
    cause   TEXT NOT NULL DEFAULT '',
    all_matters BOOLEAN NOT NULL DEFAULT FALSE,
    matters {json} NOT NULL,
    persons {json} NOT NULL,
    changes TEXT NOT NULL DEFAULT '',
    done_at {timestamp}
);
CREATE INDEX rescreens_done ON rescreens (done_at);
