package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/impartial/impartial"
)

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(fsys fs.FS) ([]migration, error) {
	files, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var ms []migration
	for i, f := range files {
		base := path.Base(f)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s: want the name %03d_*.sql", f, i+1)
		}
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	return ms, nil
}

// Migrate brings the database's schema up to the newest version the binary
// knows. A database whose schema is newer than the binary is refused, since
// an older binary would misread it.
func Migrate(ctx context.Context, db *sql.DB, d *Dialect) error {
	ms, err := loadMigrations(migrations)
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if d.MigrationLock != "" {
		if _, err := tx.ExecContext(ctx, d.MigrationLock); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate: read version: %w", err)
	}
	if current > len(ms) {
		return &impartial.Error{Kind: impartial.Unavailable, Msg: fmt.Sprintf(
			"the %s database has schema version %d, newer than this impartial knows (%d): use a newer impartial",
			d.Name, current, len(ms))}
	}
	for _, m := range ms[current:] {
		if _, err := tx.ExecContext(ctx, d.ddl(m.sql)); err != nil {
			return fmt.Errorf("migrate: %s: %w", m.name, err)
		}
		if fill := backfills[m.name]; fill != nil {
			if err := fill(ctx, tx, d); err != nil {
				return fmt.Errorf("migrate: %s: fill in: %w", m.name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`), m.version, m.name); err != nil {
			return fmt.Errorf("migrate: %s: %w", m.name, err)
		}
	}
	return tx.Commit()
}

// OpenOptions say how a command opens the database. The default creates
// and migrates it: commands that write. Existing opens it as it is, refusing
// one that is missing or whose schema is not the newest (see Current):
// commands that read, and write at most the audit trail or the findings a
// pending re-screening owes. ReadOnly, with Existing, opens it so that
// nothing can be written: commands that only read.
type OpenOptions struct {
	Existing bool
	ReadOnly bool
	// WriteCacheKiB, if not 0, is the page cache of the writer's
	// connection in KiB in place of the default (SQLite; PostgreSQL's
	// cache is the server's): for a command whose memory is bounded, as
	// screen --all's.
	WriteCacheKiB int
}

// Current refuses, without changing anything, a database whose schema is
// not the newest this binary knows: a command that only reads must not
// migrate a database behind its operator's back (another binary may still
// be using the old schema), and must not misread an old or newer one.
func Current(ctx context.Context, db *sql.DB, d *Dialect) error {
	ms, err := loadMigrations(migrations)
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	have, err := SchemaVersion(ctx, db)
	if err != nil {
		return &impartial.Error{Kind: impartial.Unavailable, Msg: fmt.Sprintf(
			"the %s database has no impartial schema: create it with 'impartial init' or 'impartial import'", d.Name), Err: err}
	}
	switch {
	case have < len(ms):
		return &impartial.Error{Kind: impartial.Unavailable, Msg: fmt.Sprintf(
			"the %s database has schema version %d and this impartial needs %d; this command does not migrate it: "+
				"run 'impartial init' (or any command that writes) to migrate it, then this again", d.Name, have, len(ms))}
	case have > len(ms):
		return &impartial.Error{Kind: impartial.Unavailable, Msg: fmt.Sprintf(
			"the %s database has schema version %d, newer than this impartial knows (%d): use a newer impartial",
			d.Name, have, len(ms))}
	}
	return nil
}

// SchemaVersion returns the schema version the database is at.
func SchemaVersion(ctx context.Context, db *sql.DB) (int, error) {
	var v int
	err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// Schema reports the schema version the database is at and the newest one
// this binary knows, for a readiness probe: a server whose database another
// binary has migrated past it must stop taking traffic.
func (s *Store) Schema(ctx context.Context) (have, want int, err error) {
	ms, err := loadMigrations(migrations)
	if err != nil {
		return 0, 0, err
	}
	have, err = SchemaVersion(ctx, s.read)
	return have, len(ms), err
}
