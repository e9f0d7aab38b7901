// Package sqlite opens impartial's embedded default store: a SQLite file,
// through the pure-Go modernc.org/sqlite driver so the binary needs no C
// toolchain. Write-ahead logging lets readers run beside the one writer,
// foreign keys are enforced, and a busy timeout makes a second process wait
// for the lock instead of failing.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/sqlstore"
	"modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Dialect is SQLite's flavour of the shared queries.
var Dialect = &sqlstore.Dialect{
	Name:      "SQLite",
	Types:     map[string]string{"json": "TEXT", "timestamp": "TIMESTAMP", "serial": "INTEGER PRIMARY KEY AUTOINCREMENT", "without_rowid": "WITHOUT ROWID"},
	Classify:  classify,
	InProcess: true,
}

// SQLite's extended result codes for constraint violations
// (https://sqlite.org/rescode.html).
const (
	constraintCheck      = 275
	constraintForeignKey = 787
	constraintNotNull    = 1299
	constraintPrimaryKey = 1555
	constraintUnique     = 2067
)

// classify maps SQLite's constraint codes to the domain's kinds.
func classify(err error) (sqlstore.Violation, bool) {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return sqlstore.Violation{}, false
	}
	switch e.Code() {
	case constraintUnique, constraintPrimaryKey:
		return sqlstore.DuplicateKey, true
	case constraintForeignKey:
		return sqlstore.MissingRef, true
	case constraintCheck:
		return sqlstore.CheckFailed, true
	case constraintNotNull:
		return sqlstore.NotNull, true
	}
	return sqlstore.Violation{}, false
}

// The page cache of each connection, in KiB. It lives outside the Go heap,
// in the driver's C allocator (modernc.org/memory), where a 4 KB page with
// its header takes an 8 KB slot: a full cache costs twice its size, no Go
// memory limit sees it, and a connection keeps what it has filled for as
// long as it stays open.
//
// The writer's is large: a large import then spills to the write-ahead log
// far less often (a command that bounds its memory opens the writer with
// less: OpenOptions.WriteCacheKiB). The readers' is small: what they read
// is either every record once (loading the working set, a stream a cache
// cannot help) or a neighbourhood of a few pages, and there are up to eight
// of them. At 64 MB each, as the writer's, loading a million entities
// filled the reader's to the brim, and a screen of every open matter held
// about 250 MB of caches beside its working set, a quarter of its resident
// memory.
const (
	writerCacheKiB = 64 << 10
	readerCacheKiB = 8 << 10
)

func dsn(path string, txlock string, cacheKiB int) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", cacheKiB))
	q.Set("_txlock", txlock)
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// readDSN is the data source of the reader pool.
func readDSN(path string) string { return dsn(path, "deferred", readerCacheKiB) }

// Open opens (creating if need be) the SQLite database at path and migrates
// it to the newest schema.
func Open(ctx context.Context, path string) (*sqlstore.Store, error) {
	return OpenWith(ctx, path, sqlstore.OpenOptions{})
}

// OpenWith opens the SQLite database at path as opt says: created and
// migrated (the default), or only if it exists with the newest schema, and
// then read-only if asked (the file is opened with mode=ro: nothing, not
// even the probe of the shared-memory stamp, is written).
func OpenWith(ctx context.Context, path string, opt sqlstore.OpenOptions) (*sqlstore.Store, error) {
	opt.Existing = opt.Existing || opt.ReadOnly
	if opt.Existing {
		if _, err := os.Stat(path); err != nil {
			return nil, &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf(
				"no database at %s: create it with 'impartial init' or 'impartial import'", path)}
		}
	} else if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
	}
	if opt.ReadOnly {
		db, err := sql.Open("sqlite", readDSN(path)+"&mode=ro")
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		db.SetMaxOpenConns(8)
		if err := sqlstore.Current(ctx, db, Dialect); err != nil {
			db.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		return sqlstore.New(db, db, Dialect), nil
	}
	// One writer, opened with BEGIN IMMEDIATE so that a transaction takes the
	// write lock at its start rather than failing on upgrade midway.
	wcache := writerCacheKiB
	if opt.WriteCacheKiB > 0 {
		wcache = opt.WriteCacheKiB
	}
	write, err := sql.Open("sqlite", dsn(path, "immediate", wcache))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	prepare := sqlstore.Migrate
	if opt.Existing {
		prepare = sqlstore.Current
	}
	if err := prepare(ctx, write, Dialect); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", readDSN(path))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read.SetMaxOpenConns(8)
	s := sqlstore.New(read, write, Dialect)
	if w := newWalWatch(ctx, read, write, path); w != nil {
		s.SetWatch(w)
	}
	return s, nil
}
