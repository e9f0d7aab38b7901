package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// TestWatchSeesOtherProcesses: a store's revision read answers from its
// change watch only while nothing was committed; a commit through another
// handle on the file (another process, in effect) is seen at once.
func TestWatchSeesOtherProcesses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	a, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for i := range 50 {
		before, err := a.WallRevision(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var seq int64
		if err := b.Update(ctx, func(tx impartial.Tx) error {
			var err error
			seq, err = tx.AppendWallChange(ctx, impartial.WallChange{At: time.Now(), Kind: "recusal", Person: "p"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		after, err := a.WallRevision(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after != seq || after <= before {
			t.Fatalf("round %d: revision %d after another handle committed %d (before: %d)", i, after, seq, before)
		}
	}
}
