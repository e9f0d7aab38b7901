package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestScreenMatterReadsItsNeighbourhood: a one-shot screen of a matter
// reads its neighbourhood and says nothing about it — one with a party
// given only by identifier too, found through the store's identifiers
// (migration 018); reading every record instead would be said on stderr.
func TestScreenMatterReadsItsNeighbourhood(t *testing.T) {
	for _, tc := range []struct {
		scenario, matter, stderr string
	}{
		{"identifier-only-parties", "m-cik", ""},
		{"holdings-events", "case-harbor", ""},
	} {
		db := filepath.Join(t.TempDir(), "s.db")
		if code, _, errs := run(t, "", "--db", db, "import", "--no-screen", filepath.Join(scenarioDir, tc.scenario+".jsonl")); code != 0 {
			t.Fatalf("import %s: %s", tc.scenario, errs)
		}
		code, out, errs := run(t, "", "--db", db, "screen", "--matter", tc.matter, "--no-save", "--as-of", "2024-06-03")
		if code != 0 {
			t.Fatalf("screen %s exited %d: %s", tc.matter, code, errs)
		}
		if errs != tc.stderr {
			t.Errorf("screen %s: stderr %q, want %q", tc.matter, errs, tc.stderr)
		}
		if !strings.Contains(out, tc.matter) {
			t.Errorf("screen %s: the report does not name the matter:\n%s", tc.matter, out)
		}
	}
}
