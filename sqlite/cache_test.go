package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/impartial/impartial/sqlstore"
)

// TestPageCacheSizes: the writer keeps a large page cache (imports), unless
// the command asks for less (screen --all), each reader a small one (a
// reader's cache lives outside the Go heap and stays filled while its
// connection is open).
func TestPageCacheSizes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cacheSize := func(db *sql.DB) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got, want := cacheSize(s.DB()), -writerCacheKiB; got != want {
		t.Errorf("writer: cache_size %d, want %d", got, want)
	}
	for _, ro := range []string{"", "&mode=ro"} {
		read, err := sql.Open("sqlite", readDSN(path)+ro)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := cacheSize(read), -readerCacheKiB; got != want {
			t.Errorf("reader%s: cache_size %d, want %d", ro, got, want)
		}
		read.Close()
	}
	s.Close()
	// A command that bounds its memory asks for a smaller writer's cache.
	s, err = OpenWith(ctx, path, sqlstore.OpenOptions{Existing: true, WriteCacheKiB: 1234})
	if err != nil {
		t.Fatal(err)
	}
	if got := cacheSize(s.DB()); got != -1234 {
		t.Errorf("writer with WriteCacheKiB 1234: cache_size %d, want -1234", got)
	}
}
