package service_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/service"
	"github.com/impartial/impartial/synth"
)

// keyDump lists a store's entity keys, one row a line in key order, with
// the alias total.
func keyDump(t *testing.T, s impartial.Store) string {
	t.Helper()
	db := s.(interface{ DB() *sql.DB }).DB()
	rows, err := db.Query(`SELECT k, entity, n, others FROM entity_keys ORDER BY k, entity`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var k, e, others string
		var n int
		if err := rows.Scan(&k, &e, &n, &others); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s\t%s\t%d\t%q\n", k, e, n, others)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var total int
	if err := db.QueryRow(`SELECT n FROM entity_key_totals WHERE id = 'aliases'`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "total %d\n", total)
	return b.String()
}

// TestImportKeysAsOneByOne: the entity keys an import files (batched:
// derived on workers, loaded in bulk, none read back for new entities) are
// those that writing each entity alone in its own transaction files — for
// a new file, and again after a second file renames some entities, drops
// aliases of others and adds new ones.
func TestImportKeysAsOneByOne(t *testing.T) {
	t.Parallel() // its own databases: runs beside the other large data sets, one waiting on PostgreSQL while another computes
	var ents []*impartial.Entity
	var first bytes.Buffer
	dw, err := dataset.NewWriter(&first)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.Generate(context.Background(), synth.DefaultConfig(1500), func(rec any) error {
		if e, ok := rec.(*impartial.Entity); ok {
			ents = append(ents, e)
			return dw.Write(e)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := dw.Flush(); err != nil {
		t.Fatal(err)
	}
	// The second file: every third entity renamed, every fifth without
	// aliases, some new ones with the names of others.
	var changed []*impartial.Entity
	for i, e := range ents {
		c := *e
		switch {
		case i%3 == 0:
			c.Name = "Renamed " + e.Name
		case i%5 == 0:
			c.Aliases = nil
		default:
			continue
		}
		changed = append(changed, &c)
	}
	for i := range 200 {
		e := *ents[i*5]
		e.ID = fmt.Sprintf("new-%d", i)
		e.Coverage = nil
		changed = append(changed, &e)
	}
	var second bytes.Buffer
	dw, err = dataset.NewWriter(&second)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range changed {
		if err := dw.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := dw.Flush(); err != nil {
		t.Fatal(err)
	}
	open := func(t *testing.T, db string) impartial.Store {
		if db == "sqlite" {
			s, _ := testdb.SQLite(t)
			return s
		}
		return testdb.Postgres(t)
	}
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			ctx := context.Background()
			imported, alone := open(t, db), open(t, db)
			svc := service.New(imported)
			one := func(list []*impartial.Entity) {
				for _, e := range list {
					if err := alone.Update(ctx, func(tx impartial.Tx) error { return tx.PutEntity(ctx, e) }); err != nil {
						t.Fatal(err)
					}
				}
			}
			for i, step := range []struct {
				file []byte
				ents []*impartial.Entity
			}{{first.Bytes(), ents}, {second.Bytes(), changed}} {
				if _, err := svc.Import(ctx, bytes.NewReader(step.file), "keys.jsonl", service.ImportOptions{}); err != nil {
					t.Fatal(err)
				}
				one(step.ents)
				got, want := keyDump(t, imported), keyDump(t, alone)
				if got != want {
					t.Errorf("file %d: the keys an import files differ from those of one write at a time:\n%s", i+1, firstLineDiff(got, want))
				}
				if strings.Count(got, "\n") < len(ents) {
					t.Fatalf("file %d: only %d key rows", i+1, strings.Count(got, "\n"))
				}
			}
		})
	}
}

// firstLineDiff shows the first line where two dumps differ.
func firstLineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d: got %q, want %q (%d and %d lines)", i+1, g[i], w[i], len(g), len(w))
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(g), len(w))
}
