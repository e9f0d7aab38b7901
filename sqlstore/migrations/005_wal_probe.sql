-- A one-row table the SQLite store writes when it opens, to prove that it
-- can see commits in the shared wal-index (sqlite/walwatch_unix.go).
CREATE TABLE wal_probe (n INTEGER NOT NULL);
INSERT INTO wal_probe (n) VALUES (0);
