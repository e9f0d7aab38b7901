package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/impartial/impartial/sqlite"
)

// BenchmarkWallRevision measures the read every wall check makes first.
func BenchmarkWallRevision(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		if _, err := s.WallRevision(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
