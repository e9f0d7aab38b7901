package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/postgres"
	"github.com/impartial/impartial/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Backend {
		u := testdb.PostgresURL(t)
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
