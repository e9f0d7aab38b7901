package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the CLI as a user would and returns its exit status and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out, stderr := run(t, "", "demo", "--db", db)
	if code != 0 {
		t.Fatalf("demo exited %d: %s", code, stderr)
	}
	for _, want := range []string{
		"loaded sessions-2017.jsonl: 32 records",
		"Jeff Sessions        covered (doj regime, Attorney General since 2017-02-09)",
		"Sergey I. Kislyak    not covered",
		"2016-03-03 – 2016-11-08 Jeff Sessions: principal adviser (campaign) of Donald J. Trump for President, Inc.",
		"met Sergey I. Kislyak at Sessions' Senate office",
		"Special Counsel investigation of Russian interference and related matters (id m-special-counsel)",
		"party: directly affected  Donald J. Trump for President, Inc. (trump-campaign)",
		"m-special-counsel  opened 2017-05-17",
		"Screened as of 2017-06-01: 3 matter(s), 2 covered person(s)",
		"Jeff Sessions — Investigation into Russian interference in the 2016 presidential election: RECUSE (must not participate).",
		"Rule doj-45.2-political, 28 CFR 45.2(a), (c)(1)",
		"Path 1 (recuse): Jeff Sessions was principal adviser (chair of the national security advisory committee) to Donald J. Trump for President, Inc. (2016-03-03 – 2016-11-08; source: article)",
		"Jeff Sessions — Investigation into Russian interference in the 2016 presidential election: REVIEW (for an ethics official's judgement).",
		"Jeff Sessions met or communicated with Sergey I. Kislyak on 2016-07-20",
		"Rod J. Rosenstein: CLEAR",
		"DISCREPANCY, RESOLVED — testimony-2017-01-10",
		"contradicted: Jeff Sessions met Sergey I. Kislyak, then Ambassador to the United States of Government of the Russian Federation (2008-07-26 – 2017-07-21; source: record), on 2016-07-20",
		"contradicted: Jeff Sessions met Sergey I. Kislyak, then Ambassador to the United States of Government of the Russian Federation (2008-07-26 – 2017-07-21; source: record), on 2016-09-08",
		"Resolved by correction correction-2017-03-06 of 2017-03-06",
		"DENY  sessions view m-special-counsel: Jeff Sessions is recused (recusal recusal-2017-03-02",
		"ALLOW rosenstein participate m-special-counsel",
		"ALLOW sessions participate m-pharma",
		"You are recused from: any pending or future investigations relating in any way to the 2016 campaign",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	for _, never := range []string{"Sergey I. Kislyak —", "Donald J. Trump —", "Al Franken —", "Hillary Clinton —", "Jeff Sessions — Investigation of opioid"} {
		if strings.Contains(out, never) {
			t.Errorf("demo screens someone it must not: %q", never)
		}
	}
	// A second run reuses the database and changes nothing.
	code, out, _ = run(t, "", "--db", db, "demo")
	if code != 0 || !strings.Contains(out, "already loaded: 32 records, unchanged") {
		t.Errorf("second demo run: exit %d, output:\n%s", code, out)
	}
}

func TestImportShowExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	facts := filepath.Join(dir, "facts.jsonl")
	if err := os.WriteFile(facts, []byte(`{"record":"entity","id":"ann","kind":"person","name":"Ann Doe","coverage":{"regime":"judiciary"}}
{"record":"entity","id":"acme","kind":"company","name":"Acme Corp.","flags":["publicly_traded"]}
{"record":"relationship","id":"r1","from":"ann","type":"holding","to":"acme","start":"2019-05","amount":{"min":1001,"max":15000}}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, "", "import", facts, "--db", db)
	if code != 0 || !strings.Contains(out, "3 records") || !strings.Contains(out, "created 2 entities, 1 relationship") {
		t.Fatalf("import: exit %d, out %q, err %q", code, out, stderr)
	}
	code, out, _ = run(t, "", "--db", db, "import", facts)
	if code != 0 || !strings.Contains(out, "unchanged 2 entities, 1 relationship") || strings.Contains(out, "created") {
		t.Errorf("second import: exit %d, out %q", code, out)
	}
	code, out, _ = run(t, "", "--db", db, "show", "person", "ann")
	if code != 0 || !strings.Contains(out, "2019-05") || !strings.Contains(out, "Ann Doe holds an interest in Acme Corp. (self's), USD 1001–15000") {
		t.Errorf("show person: exit %d, out:\n%s", code, out)
	}
	code, out, _ = run(t, "", "--db", db, "list", "covered")
	if code != 0 || !strings.Contains(out, "ann") || strings.Contains(out, "acme") {
		t.Errorf("list covered: exit %d, out:\n%s", code, out)
	}
	code, out, _ = run(t, "", "--db", db, "export")
	if code != 0 || strings.Count(out, "\n") != 4 || !strings.Contains(out, `"start":"2019-05"`) {
		t.Errorf("export: exit %d, out:\n%s", code, out)
	}
}

func TestErrorsAndUsage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"record":"entity","id":"a","kind":"person","name":"A"}
{"record":"relationship","id":"r","from":"a","type":"family","role":"spouse","to":"nobody"}
`), 0o644)
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"bad file", []string{"--db", db, "import", bad}, 1, `bad.jsonl:2: relationship "r": field "to": refers to entity "nobody"`},
		{"missing file", []string{"--db", db, "import", filepath.Join(dir, "none.jsonl")}, 1, "no such file"},
		{"no file", []string{"--db", db, "import"}, 2, "name at least one file"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", []string{"--db", db, "list", "entities", "--bogus"}, 2, "flag provided but not defined: -bogus"},
		{"unknown list kind", []string{"--db", db, "list", "widgets"}, 2, `"widgets" is not a kind of record`},
		{"show unknown", []string{"--db", db, "show", "person", "nobody"}, 1, `no entity with id "nobody"`},
		{"gen too small", []string{"gen", "--entities", "3"}, 2, "--entities: 3 is fewer than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit status: got %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.contains) {
				t.Errorf("stderr %q does not say %q", stderr, tc.contains)
			}
		})
	}
	// The failed import left nothing behind.
	code, out, _ := run(t, "", "--db", db, "init")
	if code != 0 || !strings.Contains(out, "0 entities") {
		t.Errorf("after failed import: %q", out)
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := run(t, "", "help")
	if code != 0 || !strings.Contains(out, "demo") || !strings.Contains(out, "import") {
		t.Errorf("help: exit %d, out %q", code, out)
	}
	for _, c := range commands() {
		code, _, stderr := run(t, "", c.name, "-h")
		if code != 0 || !strings.Contains(stderr, "Usage: impartial "+c.name) && c.name != "names" {
			t.Errorf("%s -h: exit %d, stderr %q", c.name, code, stderr)
		}
	}
}

func TestGenImport(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "gen.jsonl")
	code, _, stderr := run(t, "", "gen", "--entities", "2000", "--seed", "7", "--out", file)
	if code != 0 {
		t.Fatalf("gen: exit %d: %s", code, stderr)
	}
	code, out, stderr := run(t, "", "--db", filepath.Join(dir, "g.db"), "import", file)
	if code != 0 || !strings.Contains(out, "2000 entities") || !strings.Contains(out, "4000 relationships") {
		t.Fatalf("import of generated set: exit %d, out %q, err %q", code, out, stderr)
	}
}

func TestWallsCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	if code, _, stderr := run(t, "", "--db", db, "import", "-"); code != 2 && code != 0 {
		t.Fatalf("import from empty stdin: %d %s", code, stderr)
	}
	code, _, stderr := run(t, "", "--db", db, "demo")
	if code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	steps := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"check", "--person", "sessions", "--action", "view", "--matter", "m-special-counsel"}, 3, "DENY  sessions view m-special-counsel: Jeff Sessions is recused"},
		{[]string{"check", "--person", "rosenstein", "--matter", "m-special-counsel", "--json"}, 0, `"allow": true`},
		{[]string{"check", "--person", "sessions", "--action", "dance", "--matter", "m-pharma"}, 1, `"dance" is not an action`},
		{[]string{"recuse", "--person", "rosenstein", "--effective", "2017-06-01", "--matter", "m-special-counsel", "--scope", "the special counsel matter", "--as", "ethics:oge"}, 0, "recorded recusal-rosenstein-2017-06-01"},
		{[]string{"check", "--person", "rosenstein", "--matter", "m-special-counsel"}, 3, "Rod J. Rosenstein is recused"},
		{[]string{"recuse", "--person", "rosenstein", "--effective", "2017-06-01", "--scope", "x"}, 1, "names no matter, topic or party"},
		{[]string{"recuse", "--person", "franken", "--effective", "2017-06-01", "--topic", "t", "--scope", "x"}, 1, "Al Franken is not a covered person"},
		{[]string{"recuse", "--person", "sessions", "--effective", "2017-06-01", "--topic", "t", "--scope", "x", "--as", "covered:sessions"}, 1, "only an ethics official records recusals"},
		{[]string{"authorize", "--person", "sessions", "--matter", "m-pharma", "--rule", "455b4-financial", "--kind", "waiver", "--reason", "r"}, 1, "cannot be waived"},
		{[]string{"determine", "--person", "sessions", "--matter", "m-pharma", "--rule", "doj-45.2-political", "--decide", "no_conflict", "--reasons", "no campaign link"}, 0, "recorded det-sessions-m-pharma-1"},
		{[]string{"walls", "--matter", "m-special-counsel"}, 0, "Jeff Sessions (sessions): Jeff Sessions is recused"},
		{[]string{"walls", "--person", "sessions", "--json"}, 0, `"matter": "m-russia-2016"`},
		{[]string{"walls", "--feed", "--after", "0"}, 0, "recusal person=sessions"},
		{[]string{"walls", "--feed", "--as", "covered:sessions"}, 1, "the wall change feed is for"},
		{[]string{"recusals", "--as", "covered:sessions", "--acknowledge", "recusal-2017-03-02"}, 0, "Acknowledged"},
		{[]string{"recusals", "--as", "nobody"}, 2, "want ROLE:ID"},
		{[]string{"names", "search", "Сергей Кисляк"}, 0, "Sergey I. Kislyak (person, id kislyak)"},
		{[]string{"names", "search", "Gulfport Pharma L.L.C.", "--json"}, 0, `"decision": "match"`},
		{[]string{"token", "--for", "service:case-system"}, 0, "imp_"},
		{[]string{"show", "matter", "m-russia-2016", "--as", "covered:sessions"}, 1, `no matter with id "m-russia-2016"`},
		{[]string{"show", "matter", "m-russia-2016"}, 0, "confidential: its existence is need-to-know"},
		{[]string{"audit", "list"}, 0, "read matter m-russia-2016"},
		{[]string{"audit", "verify"}, 0, "audit trail verified"},
		{[]string{"reconcile", "--statement", "testimony-2017-01-10"}, 0, "DISCREPANCY, RESOLVED"},
	}
	code, out, _ := run(t, "Kislyak paid a visit to Sessions’ office; the Washington Post reported it.", "--db", db, "scan", "-")
	if code != 0 || !strings.Contains(out, "3 mention(s) of 3 known entit") || !strings.Contains(out, `sessions         surname  "Sessions’"`) {
		t.Errorf("scan: exit %d\n%s", code, out)
	}
	for _, st := range steps {
		code, out, stderr := run(t, "", append([]string{"--db", db}, st.args...)...)
		if code != st.code || !strings.Contains(out+stderr, st.contains) {
			t.Errorf("%v: exit %d (want %d), output:\n%s%s\nwant it to contain %q", st.args, code, st.code, out, stderr, st.contains)
		}
	}
	code, out, _ = run(t, "", "--db", db, "recusals", "--as", "covered:sessions", "--json")
	if code != 0 || strings.Contains(out, "m-russia-2016") || strings.Contains(out, "m-special-counsel") {
		t.Errorf("what sessions sees reveals a matter: %s", out)
	}
}

// TestPendingWorkCompletedByNextCommand: work an import left pending (here
// deferred, as a crash would leave it) makes the wall deny with "screening
// pending"; the next command that checks completes it first and says so.
func TestPendingWorkCompletedByNextCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, stderr := run(t, "", "--db", db, "import", "--defer-screen", "../refcase/sessions-2017.jsonl"); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	// A read-only command leaves the work pending.
	if code, out, stderr := run(t, "", "--db", db, "list", "matters"); code != 0 || strings.Contains(stderr, "completed") {
		t.Fatalf("list: %d %s %s", code, out, stderr)
	}
	code, out, stderr := run(t, "", "--db", db, "check", "--person", "sessions", "--matter", "m-russia-2016")
	if code != 3 || !strings.Contains(stderr, "completed re-screening work left pending (#1..#1)") || strings.Contains(out, "screening pending") {
		t.Errorf("check after a deferred import: exit %d\n%s\n%s", code, out, stderr)
	}
	code, _, stderr = run(t, "", "--db", db, "check", "--person", "sessions", "--matter", "m-russia-2016")
	if code != 3 || strings.Contains(stderr, "completed") {
		t.Errorf("second check: exit %d, %s", code, stderr)
	}
}

// TestAuditCheckpointCLI: keygen, checkpoint and verify --checkpoint as an
// operator runs them.
func TestAuditCheckpointCLI(t *testing.T) {
	dir := t.TempDir()
	db, key, cp := filepath.Join(dir, "a.db"), filepath.Join(dir, "k.pem"), filepath.Join(dir, "cp.json")
	if code, _, stderr := run(t, "", "--db", db, "import", "../refcase/sessions-2017.jsonl"); code != 0 {
		t.Fatal(stderr)
	}
	code, pub, stderr := run(t, "", "audit", "keygen", "--out", key)
	if code != 0 || !strings.Contains(pub, "BEGIN PUBLIC KEY") {
		t.Fatalf("keygen: %d %s %s", code, pub, stderr)
	}
	pubFile := filepath.Join(dir, "pub.pem")
	if err := os.WriteFile(pubFile, []byte(pub), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, "", "--db", db, "audit", "checkpoint", "--key", key, "--out", cp); code != 0 {
		t.Fatalf("checkpoint: %s", stderr)
	}
	code, out, stderr := run(t, "", "--db", db, "audit", "verify", "--checkpoint", cp, "--public-key", pubFile)
	if code != 0 || !strings.Contains(out, "contained and extended; signed by the trusted key") {
		t.Errorf("verify: %d %s %s", code, out, stderr)
	}
	b, _ := os.ReadFile(cp)
	if err := os.WriteFile(cp, bytes.Replace(b, []byte(`"seq": 2`), []byte(`"seq": 1`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, "", "--db", db, "audit", "verify", "--checkpoint", cp); code != 1 || !strings.Contains(stderr, "the file was altered") {
		t.Errorf("verify an edited checkpoint: %d %s", code, stderr)
	}
}
