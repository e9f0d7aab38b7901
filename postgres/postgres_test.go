package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/postgres"
	"github.com/impartial/impartial/sqlstore"
	"github.com/impartial/impartial/storetest"
)

func TestConformance(t *testing.T) { runConformance(t, testdb.PostgresURL) }

// runConformance runs the conformance suite on fresh databases at the
// addresses url gives.
func runConformance(t *testing.T, url func(testing.TB) string) {
	storetest.Run(t, func(t *testing.T) storetest.Backend {
		u := url(t)
		s, err := postgres.Open(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return storetest.Backend{Store: s, Reopen: func(ctx context.Context) (impartial.Store, error) {
			return postgres.Open(ctx, u)
		}}
	})
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	u := testdb.PostgresURL(t)
	s, err := postgres.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (999, 'future.sql')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = postgres.Open(ctx, u)
	if err == nil || !strings.Contains(err.Error(), "schema version 999, newer than this impartial") {
		t.Fatalf("open of a newer database: got %v, want a refusal naming version 999", err)
	}
}

// TestOpenWithoutMigrating: opened read-only, the store reads and refuses
// every write; on a schema one version behind, opening without migrating is
// refused, read-only or not, saying to run impartial init, and the schema
// stays where it was.
func TestOpenWithoutMigrating(t *testing.T) {
	ctx := context.Background()
	u := testdb.PostgresURL(t)
	s, err := postgres.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ro, err := postgres.OpenWith(ctx, u, sqlstore.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := ro.View(ctx, func(tx impartial.ReadTx) error { _, err := tx.AuditHead(ctx); return err }); err != nil {
		t.Errorf("read-only store, read: %v", err)
	}
	err = ro.Update(ctx, func(tx impartial.Tx) error {
		return tx.PutEntity(ctx, &impartial.Entity{ID: "x", Kind: impartial.Person, Name: "X"})
	})
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("read-only store, write: %v, want refused", err)
	}
	ro.Close()
	var version int
	if err := s.DB().QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = $1`, version); err != nil {
		t.Fatal(err)
	}
	for _, opt := range []sqlstore.OpenOptions{{Existing: true}, {ReadOnly: true}} {
		if st, err := postgres.OpenWith(ctx, u, opt); err == nil || !strings.Contains(err.Error(), "run 'impartial init'") {
			t.Errorf("%+v on a schema behind: %v, want a refusal saying to run impartial init", opt, err)
			if st != nil {
				st.Close()
			}
		}
	}
	var have int
	if err := s.DB().QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&have); err != nil || have != version-1 {
		t.Errorf("schema at %d (%v) after the refusals, want %d", have, err, version-1)
	}
}
