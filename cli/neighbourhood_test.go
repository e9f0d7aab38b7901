package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestScreenMatterSaysWhenItReadsEverything: a one-shot screen of a matter
// reads its neighbourhood and says nothing about it; one with a party given
// only by identifier (the store has no index of identifiers) reads every
// record and says so on stderr.
func TestScreenMatterSaysWhenItReadsEverything(t *testing.T) {
	for _, tc := range []struct {
		scenario, matter, stderr string
	}{
		{"identifier-only-parties", "m-cik", `impartial: screening matter m-cik: reading every record, because party "cik 1478320" is given by identifier` + "\n"},
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
