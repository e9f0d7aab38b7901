package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/postgres"
	"github.com/impartial/impartial/storetest"
)

var schemaSeq atomic.Int64

// freshURL returns the URL of an empty schema on the test server, dropped
// when the test ends. Tests skip only when no server is configured.
func freshURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("IMPARTIAL_TEST_POSTGRES")
	if base == "" {
		t.Skip("IMPARTIAL_TEST_POSTGRES is not set; set it to a postgres:// URL to run the PostgreSQL tests")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	schema := fmt.Sprintf("t_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Backend {
		u := freshURL(t)
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
	u := freshURL(t)
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
