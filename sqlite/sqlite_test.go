package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/sqlite"
	"github.com/impartial/impartial/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Backend {
		path := filepath.Join(t.TempDir(), "test.db")
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return storetest.Backend{Store: s, Reopen: func(ctx context.Context) (impartial.Store, error) {
			return sqlite.Open(ctx, path)
		}}
	})
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (999, 'future.sql')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = sqlite.Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "schema version 999, newer than this impartial") {
		t.Fatalf("open of a newer database: got %v, want a refusal naming version 999", err)
	}
	if got := impartial.KindOf(err); got != impartial.Unavailable {
		t.Errorf("kind: got %v, want unavailable", got)
	}
}
