// Package testdb opens real, empty databases for tests: a SQLite file in the
// test's temporary directory, and, when IMPARTIAL_TEST_POSTGRES names a
// server, a fresh PostgreSQL schema on it that is dropped afterwards.
package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/postgres"
	"github.com/impartial/impartial/sqlite"
)

// EnvPostgres names the environment variable with the test server's URL.
const EnvPostgres = "IMPARTIAL_TEST_POSTGRES"

var seq atomic.Int64

// SQLite opens an empty SQLite store and returns it with its path.
func SQLite(t testing.TB) (impartial.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "impartial.db")
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// PostgresURL returns the URL of a fresh schema on the test server, or skips
// the test when none is configured.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skipf("%s is not set; set it to a postgres:// URL to run the PostgreSQL tests", EnvPostgres)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema := fmt.Sprintf("t_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, seq.Add(1))
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Postgres opens an empty PostgreSQL store, or skips.
func Postgres(t testing.TB) impartial.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Each runs fn as a subtest on every configured database.
func Each(t *testing.T, fn func(t *testing.T, s impartial.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		s, _ := SQLite(t)
		fn(t, s)
	})
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}
