package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoCommandRevealsConfidentialMatter runs every command that reads the
// database as a covered person (--as covered:sessions): no output holds the
// confidential matter's title, none its id unless the command line names
// it, and one that names it answers as it does for a matter that does not
// exist.
func TestNoCommandRevealsConfidentialMatter(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "n.db")
	if code, _, stderr := run(t, "", "--db", db, "import", "../refcase/sessions-2017.jsonl"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := run(t, "", "--db", db, "recuse", "--person", "sessions", "--effective", "2017-03-02",
		"--topic", "2016 presidential campaign", "--scope", "any pending or future investigations relating in any way to the 2016 campaign",
		"--delegate", "the Deputy Attorney General"); code != 0 {
		t.Fatal(stderr)
	}
	text := filepath.Join(dir, "t.txt")
	os.WriteFile(text, []byte("Sessions met Kislyak; the Russian interference investigation."), 0o644)
	const secret, missing = "m-russia-2016", "m-nope-x-2016"
	const title = "Investigation into Russian interference in the 2016 presidential election"
	commands := [][]string{
		{"init"}, {"export"}, {"export", "--format", "ftm"},
		{"list", "entities"}, {"list", "people"}, {"list", "covered"}, {"list", "relationships"}, {"list", "contacts"},
		{"list", "matters"}, {"list", "statements"},
		{"show", "person", "sessions"}, {"show", "entity", "trump-campaign"}, {"show", "entity", "russia"}, {"show", "matter", secret},
		{"screen", "--all"}, {"screen", "--person", "sessions"}, {"screen", "--matter", secret},
		{"check", "--person", "sessions", "--matter", secret}, {"check", "--person", "sessions", "--matter", "m-special-counsel"},
		{"walls", "--person", "sessions"}, {"walls", "--matter", secret}, {"walls", "--feed"},
		{"recusals"}, {"audit", "list"}, {"audit", "verify"}, {"reconcile"},
		{"scan", text}, {"names", "search", "Russian interference"}, {"token", "list"},
		{"determine", "--person", "sessions", "--matter", secret, "--rule", "doj-45.2-political", "--decide", "no_conflict", "--reasons", "x"},
		{"authorize", "--person", "sessions", "--matter", secret, "--rule", "doj-45.2-political", "--reason", "x"},
	}
	for _, c := range commands {
		args := append([]string{"--db", db}, c...)
		if c[0] != "names" { // name search reads entities only, as anyone
			args = append(args, "--as", "covered:sessions")
		}
		code, out, stderr := run(t, "", args...)
		all := out + stderr
		if code == 2 {
			t.Errorf("%s: a usage error, so the command was not walked:\n%s", strings.Join(c, " "), stderr)
		}
		if strings.Contains(all, title) {
			t.Errorf("%s: the confidential matter's title in the output:\n%s", strings.Join(c, " "), all)
		}
		named := strings.Contains(strings.Join(c, " "), secret)
		if !named {
			if strings.Contains(all, secret) {
				t.Errorf("%s: the confidential matter's id in the output:\n%s", strings.Join(c, " "), all)
			}
			continue
		}
		twin := strings.Split(strings.ReplaceAll(strings.Join(args, "\x00"), secret, missing), "\x00")
		code2, out2, stderr2 := run(t, "", twin...)
		if code != code2 || out != strings.ReplaceAll(out2, missing, secret) || stderr != strings.ReplaceAll(stderr2, missing, secret) {
			t.Errorf("%s: exit %d\n%s%s\nbut about a missing matter: exit %d\n%s%s", strings.Join(c, " "), code, out, stderr, code2, out2, stderr2)
		}
	}
}
