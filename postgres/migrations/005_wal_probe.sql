-- Kept in step with SQLite's migrations: SQLite's store uses this table to
-- prove that it sees commits in its shared memory; PostgreSQL does not need it.
CREATE TABLE wal_probe (n INTEGER NOT NULL);
INSERT INTO wal_probe (n) VALUES (0);
