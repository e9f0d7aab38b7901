package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial/internal/testdb"
)

// TestFtMSpouseHoldingTwoHopsDown is the case the FtM import exists for: a
// judge's spouse holds a company whose subsidiary's subsidiary is a party.
// The spouse, the family tie, the holding and both ownership hops come from
// an FtM file alone; only the judge's coverage and the matter are
// impartial's own records. Through the CLI, on SQLite and PostgreSQL.
func TestFtMSpouseHoldingTwoHopsDown(t *testing.T) {
	for _, db := range []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "x.db") }},
		{"postgres", func(t *testing.T) string { return testdb.PostgresURL(t) }},
	} {
		t.Run(db.name, func(t *testing.T) {
			url := db.url(t)
			dir := t.TempDir()
			judge := filepath.Join(dir, "judge.jsonl")
			write(t, judge, `{"record":"entity","id":"p-judge","kind":"person","name":"Harriet Vance","coverage":{"regime":"judiciary","position":"District Judge","start":"2012-05-01"}}`+"\n")
			matter := filepath.Join(dir, "matter.jsonl")
			write(t, matter, `{"record":"matter","id":"m-widgets","title":"Acme v. Northgate Widgets","kind":"civil_case","opened":"2024-02-01","parties":[{"entity":"c-target","role":"party"}]}`+"\n")
			ftm := filepath.Join("..", "dataset", "testdata", "ftm", "every-schema.ftm.jsonl")
			for _, args := range [][]string{
				{"import", "--no-screen", judge},
				{"import", "--no-screen", "--format", "ftm", ftm},
				{"import", "--no-screen", matter},
			} {
				if code, out, stderr := run(t, "", append([]string{"--db", url}, args...)...); code != 0 {
					t.Fatalf("%v: exit %d\n%s\n%s", args, code, out, stderr)
				}
			}
			// The FtM person record kept the coverage it cannot carry.
			code, out, stderr := run(t, "", "--db", url, "list", "covered")
			if code != 0 || !strings.Contains(out, "p-judge") {
				t.Fatalf("list covered: exit %d\n%s\n%s", code, out, stderr)
			}
			code, out, stderr = run(t, "", "--db", url, "screen", "--matter", "m-widgets", "--as-of", "2024-06-01", "--json", "--no-save")
			if code != 0 && code != 3 {
				t.Fatalf("screen: exit %d\n%s", code, stderr)
			}
			var rep struct {
				Findings []struct {
					Person, Matter, Rule, Outcome string
					Paths                         []struct {
						Steps []struct {
							Record string `json:"record"`
						} `json:"steps"`
					} `json:"paths"`
				} `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("screen --json: %v\n%s", err, out)
			}
			want := []string{"fam-judge-spouse", "own-spouse-holdco", "own-holdco-mid", "own-mid-target", "m-widgets"}
			found := false
			for _, f := range rep.Findings {
				for _, p := range f.Paths {
					var recs []string
					for _, s := range p.Steps {
						recs = append(recs, s.Record)
					}
					if f.Person == "p-judge" && f.Outcome == "recuse" && slices.Equal(recs, want) {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("no recuse finding for p-judge with the path %v; screen said:\n%s", want, out)
			}
		})
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportCSVCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	csvFile := filepath.Join(dir, "clients.csv")
	write(t, csvFile, "Client,LEI\nAcme Corp.,529900AAAAAAAAAAAA01\nBeta LLC,\n")
	mapFile := filepath.Join(dir, "clients.json")
	write(t, mapFile, `{"name":"Client","kind":"=company","identifiers":{"lei":"LEI"}}`)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", "--no-screen", "--format", "csv", "--col", "name=Client", "--col", "kind==company", "--col", "identifiers.lei=LEI", csvFile}, 0, "created 2 entities"},
		{[]string{"import", "--no-screen", "--format", "csv", "--map", mapFile, csvFile}, 0, "unchanged 2 entities"},
		{[]string{"import", "--format", "csv", csvFile}, 2, "needs a column map"},
		{[]string{"import", "--map", mapFile, csvFile}, 2, "apply only to --format csv"},
		{[]string{"import", "--format", "csv", "--col", "colour=Red", csvFile}, 2, `"colour" is not a field`},
		{[]string{"import", "--format", "xml", csvFile}, 2, `"xml" is not an import format`},
		{[]string{"export", "--format", "csv"}, 2, `"csv" is not an export format`},
	} {
		code, out, stderr := run(t, "", append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(out+stderr, tc.want) {
			t.Errorf("%v: exit %d (want %d), output lacks %q:\n%s%s", tc.args, code, tc.code, tc.want, out, stderr)
		}
	}
}
