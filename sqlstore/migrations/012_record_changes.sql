-- The record change feed: every entity, relationship, contact, matter and
-- permission written, in commit order, so that a long-running server keeps
-- its working set (screening graph, name index, scan automaton) current
-- from what any process commits. A transaction that writes more records
-- than the feed lists one by one appends a single row of kind '*': read
-- everything again. Existing databases start with such a row.
CREATE TABLE record_changes (
    seq       {serial},
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL DEFAULT ''
);
INSERT INTO record_changes (kind, record_id) VALUES ('*', '');
