package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNamesCompare(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"compare", "Attorney General Jeff Sessions", "SESSIONS, Jefferson"}, []string{"score: ", "decision: review", `"Jeff" ↔ "Jefferson": nickname`}},
		// flags after the names
		{[]string{"compare", "Siemens AG", "Siemens GmbH", "--schema", "Company"}, []string{"decision: no match", "legal form differs"}},
		{[]string{"compare", "--schema=Company", "Siemens AG", "Siemens Aktiengesellschaft"}, []string{"decision: match"}},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		if err := runNames(context.Background(), &out, &errb, tt.args); err != nil {
			t.Errorf("runNames(%q): %v", tt.args, err)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("runNames(%q) output lacks %q:\n%s", tt.args, w, out.String())
			}
		}
	}
	bad := [][]string{
		{},
		{"frobnicate"},
		{"compare", "only one"},
		{"compare", "a", "b", "--schema", "Planet"},
		{"compare", "a", "b", "--nope"},
	}
	for _, args := range bad {
		var out, errb bytes.Buffer
		if err := runNames(context.Background(), &out, &errb, args); err == nil {
			t.Errorf("runNames(%q): want an error", args)
		}
	}
	var out, errb bytes.Buffer
	if err := runNames(context.Background(), &out, &errb, []string{"compare", "-h"}); err != nil {
		t.Errorf("compare -h: %v", err)
	}
	if !strings.Contains(errb.String(), "usage: impartial names compare") {
		t.Errorf("compare -h printed no usage: %q", errb.String())
	}
}

func writeNamesFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNamesEval(t *testing.T) {
	dir := t.TempDir()
	in := writeNamesFile(t, dir, "pairs.csv", `id,schema,name1,name2,match
1,Person,Jeff Sessions,"SESSIONS, Jefferson",TRUE
2,Person,Hans Friedrich,Hans Wagner,false
3,Company,Siemens AG,Siemens GmbH,False
4,Company,SiemensAG,Siemens AG,true
5,Person,Olaf Schulze,Olaf Scholz,true
`)
	outPath := filepath.Join(dir, "scored.csv")
	var out, errb bytes.Buffer
	if err := runNames(context.Background(), &out, &errb, []string{"eval", "--in", in, "--out", outPath}); err != nil {
		t.Fatalf("eval: %v\n%s", err, errb.String())
	}
	for _, w := range []string{
		"pairs: 5, labelled: 5",
		"true positives: 2, false positives: 0, false negatives: 1, true negatives: 2",
		"precision: 1.000", "recall: 0.667", "F1: 0.800",
		`line 6, false negative, Person: "Olaf Schulze" vs "Olaf Scholz"`,
	} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("eval output lacks %q:\n%s", w, out.String())
		}
	}
	f, err := os.Open(outPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "id,schema,name1,name2,match,score,match_predicted" {
		t.Errorf("scored header = %q", got)
	}
	if len(recs) != 6 || recs[1][0] != "1" || recs[1][6] != "true" || recs[2][6] != "false" {
		t.Errorf("scored rows = %v", recs)
	}

	// unlabelled input, flags after nothing positional, no --out
	in2 := writeNamesFile(t, dir, "unlabelled.csv", "name2,name1\nSergey Kislyak,Сергей Кисляк\n")
	out.Reset()
	if err := runNames(context.Background(), &out, &errb, []string{"eval", "--in", in2, "--schema", "Person"}); err != nil {
		t.Fatalf("unlabelled eval: %v", err)
	}
	if !strings.Contains(out.String(), "pairs: 1, labelled: 0") {
		t.Errorf("unlabelled output: %s", out.String())
	}
}

func TestNamesEvalPerSetAndMisses(t *testing.T) {
	dir := t.TempDir()
	in := writeNamesFile(t, dir, "sets.csv", `set,schema,name1,name2,match
a,Person,Jeff Sessions,"SESSIONS, Jeff",true
a,Person,Olaf Schulze,Olaf Scholz,true
b,Company,Siemens AG,Siemens GmbH,false
b,Company,Siemens AG,Siemens Aktiengesellschaft,false
`)
	missPath := filepath.Join(dir, "misses.csv")
	var out, errb bytes.Buffer
	if err := runNames(context.Background(), &out, &errb, []string{"eval", "--in", in, "--misses", missPath}); err != nil {
		t.Fatalf("eval: %v\n%s", err, errb.String())
	}
	for _, w := range []string{
		"by set:", "by schema:",
		"  a                     2     1     0     1     0     1.000   0.500  0.667",
		"  b                     2     0     1     0     1     0.000   0.000  0.000",
		"  Person                2     1     0     1     0     1.000   0.500  0.667",
	} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("eval output lacks %q:\n%s", w, out.String())
		}
	}
	f, err := os.Open(missPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("misses = %d rows, want header and 2: %v", len(recs), recs)
	}
	if got := strings.Join(recs[0], ","); got != "line,set,schema,kind,score,name1,name2,explanation" {
		t.Errorf("misses header = %q", got)
	}
	if recs[1][3] != "false negative" || recs[1][5] != "Olaf Schulze" || !strings.Contains(recs[1][7], "score") {
		t.Errorf("first miss = %v", recs[1])
	}
	if recs[2][3] != "false positive" || recs[2][1] != "b" {
		t.Errorf("second miss = %v", recs[2])
	}

	// the two halves partition the rows
	total := 0
	for _, h := range []string{"dev", "holdout"} {
		out.Reset()
		if err := runNames(context.Background(), &out, &errb, []string{"eval", "--in", in, "--half", h}); err != nil {
			t.Fatalf("eval --half %s: %v", h, err)
		}
		var n, l int
		if _, err := fmt.Sscanf(out.String(), "pairs: %d, labelled: %d", &n, &l); err != nil {
			t.Fatalf("eval --half %s output: %v\n%s", h, err, out.String())
		}
		total += n
	}
	if total != 4 {
		t.Errorf("dev + holdout = %d rows, want 4", total)
	}
	if err := runNames(context.Background(), &out, &errb, []string{"eval", "--in", in, "--half", "test"}); err == nil || !strings.Contains(err.Error(), "--half") {
		t.Errorf("eval --half test: %v, want an error naming --half", err)
	}
}

func TestNamesEvalErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content string
		want          string
	}{
		{"badmatch.csv", "name1,name2,match\nA B,A B,true\nC D,C D,maybe\n", `line 3: match must be true or false, got "maybe"`},
		{"empty1.csv", "name1,name2\nA B,C D\n,E F\n", "line 3: name1 is empty"},
		{"schema.csv", "schema,name1,name2\nPerson,A,B\nPlanet,A,B\n", `line 3: schema: unknown schema "Planet"`},
		{"fields.csv", "name1,name2\nA,B\nA,B,C\n", "line 3: wrong number of fields"},
		{"header.csv", "first,second\nA,B\n", "line 1: header must contain name1 and name2"},
		{"blank.csv", "", "empty file"},
	}
	for _, tt := range tests {
		p := writeNamesFile(t, dir, tt.name, tt.content)
		outPath := filepath.Join(dir, tt.name+".out")
		var out, errb bytes.Buffer
		err := runNames(context.Background(), &out, &errb, []string{"eval", "--in", p, "--out", outPath})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want it to contain %q", tt.name, err, tt.want)
		}
		if _, statErr := os.Stat(outPath); statErr == nil {
			t.Errorf("%s: output written despite the error", tt.name)
		}
	}
	var out, errb bytes.Buffer
	if err := runNames(context.Background(), &out, &errb, []string{"eval"}); err == nil || !strings.Contains(err.Error(), "--in is required") {
		t.Errorf("eval without --in: %v", err)
	}
	if err := runNames(context.Background(), &out, &errb, []string{"eval", "--in", filepath.Join(dir, "missing.csv")}); err == nil {
		t.Error("eval of a missing file: want an error")
	}
}
