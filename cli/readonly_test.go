package cli

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// TestReadOnlyCommands: commands that only read leave the database file and
// its write-ahead log byte for byte as they were; no command but those that
// write migrates a database whose schema is behind (each says to run
// 'impartial init', and the schema stays as it was), and none but those
// creates a database that is not there.
func TestReadOnlyCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "case.db")
	if code, _, stderr := run(t, "", "--db", db, "import", filepath.Join("..", "refcase", "sessions-2017.jsonl")); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	snapshot := func() []byte {
		var b []byte
		for _, f := range []string{db, db + "-wal"} {
			c, _ := os.ReadFile(f)
			b = append(b, c...)
		}
		return b
	}
	reads := [][]string{
		{"audit", "verify"},
		{"audit", "list"},
		{"reconcile"},
		{"names", "search", "Jeff Sessions"},
	}
	before := snapshot()
	for _, args := range reads {
		if code, _, stderr := run(t, "", append([]string{"--db", db}, args...)...); code != 0 {
			t.Errorf("%s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
		if !bytes.Equal(before, snapshot()) {
			t.Errorf("%s wrote to the database", strings.Join(args, " "))
			before = snapshot()
		}
	}

	// A schema one version behind: readers refuse, saying what to do.
	sdb, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var version int
	var name string
	if err := sdb.QueryRow(`SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1`).Scan(&version, &name); err != nil {
		t.Fatal(err)
	}
	if _, err := sdb.Exec(`DELETE FROM schema_migrations WHERE version = ?`, version); err != nil {
		t.Fatal(err)
	}
	for _, args := range append(reads, []string{"show", "person", "sessions"}, []string{"list", "matters"}, []string{"export"},
		[]string{"check", "--person", "sessions", "--matter", "m-pharma"}, []string{"walls", "--person", "sessions"},
		[]string{"screen", "--all"}) {
		code, _, stderr := run(t, "", append([]string{"--db", db}, args...)...)
		if code == 0 || !strings.Contains(stderr, "run 'impartial init'") || !strings.Contains(stderr, "does not migrate") {
			t.Errorf("%s on a schema behind: exit %d, %q; want a refusal saying to run impartial init", strings.Join(args, " "), code, stderr)
		}
	}
	var have int
	if err := sdb.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&have); err != nil || have != version-1 {
		t.Errorf("after the refusals the schema is at %d (%v), want %d: a reader migrated it", have, err, version-1)
	}
	if _, err := sdb.Exec(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, version, name); err != nil {
		t.Fatal(err)
	}

	// A database that does not exist is not created by a reader.
	missing := filepath.Join(dir, "missing.db")
	for _, args := range [][]string{{"list", "matters"}, {"audit", "verify"}} {
		code, _, stderr := run(t, "", append([]string{"--db", missing}, args...)...)
		if code == 0 || !strings.Contains(stderr, "no database at") {
			t.Errorf("%s on a missing database: exit %d, %q", strings.Join(args, " "), code, stderr)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a reader created %s", missing)
	}
}
