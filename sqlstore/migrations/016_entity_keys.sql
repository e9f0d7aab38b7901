-- The entity keys: a derived table, written in the transaction that writes
-- the entity, of the terms each entity's names are filed under — the name
-- index's terms per alias ('n:' and the skeleton; 'a:' with the
-- number of aliases), their consonant keys ('c:', for abjad scripts) and
-- the scan automaton's name heads ('s:' and the first words). A one-shot
-- command looks up the entities a name search or a document scan needs
-- instead of reading every entity (namekeys). Existing databases are filled
-- in by the migration (sqlstore.backfills).
CREATE TABLE entity_keys (
    k      TEXT NOT NULL,
    entity TEXT NOT NULL,
    n      INTEGER NOT NULL,          -- how many of the entity's aliases k stands for
    others TEXT NOT NULL DEFAULT '', -- in the entity's 'a:' row: its other keys, to remove them
    PRIMARY KEY (k, entity)
) {without_rowid};
-- How many aliases are filed (the sum of the 'a:' rows), kept by every transaction
-- that files or refiles an entity: the size of the corpus a name search
-- ranks with, read without counting a million rows.
CREATE TABLE entity_key_totals (
    id TEXT PRIMARY KEY,
    n  BIGINT NOT NULL
);
INSERT INTO entity_key_totals (id, n) VALUES ('aliases', 0);
