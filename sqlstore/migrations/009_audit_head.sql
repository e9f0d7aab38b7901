-- The audit trail's head (its newest entry's sequence number and hash), kept
-- apart from the entries and updated with every append, so that deleting the
-- newest entries shows. The one row exists from here on: its absence is
-- tampering too.
CREATE TABLE audit_head (
    id   SMALLINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
SELECT 1, COALESCE(MAX(seq), 0), COALESCE((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '')
FROM audit_events;
