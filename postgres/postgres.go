// Package postgres opens impartial's store on PostgreSQL, for many users and
// many stateless app servers on one database. It uses pgx through
// database/sql so that the queries are the ones SQLite runs (sqlstore).
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	neturl "net/url"
	"time"

	"github.com/impartial/impartial/sqlstore"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// Dialect is PostgreSQL's flavour of the shared queries.
var Dialect = &sqlstore.Dialect{
	Name:     "PostgreSQL",
	Numbered: true,
	Types:    map[string]string{"json": "JSONB", "timestamp": "TIMESTAMPTZ", "serial": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "without_rowid": ""},
	// Any constants will do, as long as they are the same in every process.
	MigrationLock:    `SELECT pg_advisory_xact_lock(7419283746)`,
	ReadOnlySnapshot: true,
	// The lock orderings need it, whatever the server's default.
	ReadCommittedWrites: true,
	Arrays:              true,
	CopyFrom:            copyFrom,
	WallLock:            `SELECT pg_advisory_xact_lock(7419283747)`,
	KinLock:             `SELECT pg_advisory_xact_lock(7419283748)`,
	Classify:            classify,
}

// copyFrom loads rows into table with COPY on the transaction's connection.
func copyFrom(ctx context.Context, driverConn any, table string, cols []string, rows [][]any) error {
	c, ok := driverConn.(*stdlib.Conn)
	if !ok {
		return fmt.Errorf("copy into %s: the connection is a %T, not pgx's", table, driverConn)
	}
	n, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	if n != int64(len(rows)) {
		return fmt.Errorf("copy into %s: %d of %d rows written", table, n, len(rows))
	}
	return nil
}

// classify maps PostgreSQL's SQLSTATEs for bad data to the domain's kinds.
func classify(err error) (sqlstore.Violation, bool) {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return sqlstore.Violation{}, false
	}
	switch e.Code {
	case "23505": // unique_violation
		return sqlstore.DuplicateKey, true
	case "23503": // foreign_key_violation
		return sqlstore.MissingRef, true
	case "23514": // check_violation
		return sqlstore.CheckFailed, true
	case "23502": // not_null_violation
		return sqlstore.NotNull, true
	case "22021", "22P05": // character_not_in_repertoire, untranslatable_character
		return sqlstore.BadText, true
	}
	return sqlstore.Violation{}, false
}

// Open connects to the database at url (postgres://...) and migrates it to
// the newest schema.
func Open(ctx context.Context, url string) (*sqlstore.Store, error) {
	return OpenWith(ctx, url, sqlstore.OpenOptions{})
}

// OpenWith connects to the database at url as opt says: migrated (the
// default), or only if its schema is the newest, and then with every
// transaction read-only if asked (default_transaction_read_only).
func OpenWith(ctx context.Context, url string, opt sqlstore.OpenOptions) (*sqlstore.Store, error) {
	if opt.ReadOnly {
		u, err := neturl.Parse(url)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		q := u.Query()
		q.Set("default_transaction_read_only", "on")
		u.RawQuery = q.Encode()
		url = u.String()
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	prepare := sqlstore.Migrate
	if opt.Existing || opt.ReadOnly {
		prepare = sqlstore.Current
	}
	if err := prepare(ctx, db, Dialect); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return sqlstore.New(db, db, Dialect), nil
}
