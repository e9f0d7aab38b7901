package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestScanSuggestAccept(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if code, _, stderr := run(t, "", "--db", db, "import", "--no-screen", filepath.Join("..", "refcase", "sessions-2017.jsonl")); code != 0 {
		t.Fatal(stderr)
	}
	text := "On July 20, 2016, then-Sen. Jeff Sessions met Sergey Kislyak at the convention. Later, Kislyak visited Sessions in his office."
	code, out, stderr := run(t, text, "--db", db, "scan", "-")
	for _, want := range []string{
		"2 suggestion(s); nothing is recorded until you accept one",
		"1. contact between sessions and kislyak, 2016-07-20",
		`sentence at 0-79: "On July 20, 2016, then-Sen. Jeff Sessions met Sergey Kislyak at the convention."`,
		"2. contact between kislyak and sessions, no date (give --date when accepting)",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("scan: exit %d, output lacks %q:\n%s%s", code, want, out, stderr)
		}
	}
	code, out, _ = run(t, text, "--db", db, "scan", "-", "--json")
	var rep struct {
		Mentions    []json.RawMessage
		Suggestions []struct {
			N          int
			Kind, Date string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil || len(rep.Mentions) != 4 || len(rep.Suggestions) != 2 || rep.Suggestions[0].Date != "2016-07-20" {
		t.Errorf("scan --json: exit %d, %v:\n%s", code, err, out)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--accept", "2"}, 1, `field "date": is required`},
		{[]string{"--date", "2016"}, 2, "--date applies only with --accept"},
		{[]string{"--accept", "1", "--as", "matter_owner:mo"}, 1, "recording a fact from a scan is for admin, ethics"},
		{[]string{"--accept", "1"}, 0, "recorded contact"},
		{[]string{"--accept", "1"}, 0, "already recorded, unchanged"},
	} {
		code, out, stderr := run(t, text, append([]string{"--db", db, "scan", "-"}, tc.args...)...)
		if code != tc.code || !strings.Contains(out+stderr, tc.want) {
			t.Errorf("scan %v: exit %d (want %d), output lacks %q:\n%s%s", tc.args, code, tc.code, tc.want, out, stderr)
		}
	}
}
