package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
	"github.com/impartial/impartial/sqlite"
)

// TestScreenAllStreams checks that screen --all --json, written finding by
// finding as matters are screened, is byte for byte the document the whole
// report gives, and that the summary counts what the details list.
func TestScreenAllStreams(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, stderr := run(t, "", "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	code, got, stderr := run(t, "", "--db", db, "screen", "--all", "--json", "--no-save", "--as-of", "2017-06-01")
	if code != 0 {
		t.Fatalf("screen --all --json: exit %d: %s", code, stderr)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := service.New(st).Screen(ctx, refcase.Ethics, service.ScreenRequest{All: true, AsOf: impartial.MustDate("2017-06-01")})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := writeJSON(&want, map[string]any{"as_of": rep.AsOf, "findings": orEmpty(rep.Findings()), "recorded": orEmpty(rep.Recorded), "warnings": orEmpty(rep.Warnings)}); err != nil {
		t.Fatal(err)
	}
	if got != want.String() {
		t.Errorf("streamed JSON differs from the report's:\n got  %s\n want %s", got, want.String())
	}
	if len(rep.Findings()) == 0 {
		t.Fatal("the reference case has findings")
	}
	_, sum, _ := run(t, "", "--db", db, "screen", "--all", "--no-save", "--as-of", "2017-06-01")
	_, det, _ := run(t, "", "--db", db, "screen", "--all", "--details", "--no-save", "--as-of", "2017-06-01")
	for _, w := range []string{"3 open matter(s), 2 covered person(s)", "By outcome:", "recuse", "doj-45.2-political"} {
		if !strings.Contains(sum, w) {
			t.Errorf("summary lacks %q:\n%s", w, sum)
		}
	}
	if strings.Contains(sum, "Path 1") || !strings.Contains(det, "Path 1 (recuse): Jeff Sessions was principal adviser") {
		t.Errorf("the paths belong in --details only:\nsummary:\n%s\ndetails:\n%s", sum, det)
	}
	if code, _, _ := run(t, "", "--db", db, "screen", "--matter", "m-russia-2016", "--details"); code == 0 {
		t.Error("--details without --all was accepted")
	}
}
