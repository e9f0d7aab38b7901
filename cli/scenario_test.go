package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
)

// scenario is a case written as an analyst would meet it: facts in the
// import format (NAME.jsonl), the acts recorded before screening (screens,
// consents, authorizations, as CLI commands), the as-of date, and the
// outcome and rule expected for each person and matter (NAME.want.json).
type scenario struct {
	Title string `json:"title"`
	// Rules are the clauses the scenario proves, as docs/rules.md cites them.
	Rules  []string   `json:"rules"`
	AsOf   string     `json:"as_of"`
	Before [][]string `json:"before,omitempty"`
	Pairs  []struct {
		Person  string            `json:"person"`
		Matter  string            `json:"matter"`
		Outcome impartial.Outcome `json:"outcome"`
		Rule    string            `json:"rule,omitempty"` // the strictest finding's; empty for clear
		// Contains: phrases the explanation (reason and path notes) must have.
		Contains []string `json:"contains,omitempty"`
	} `json:"pairs"`
	// Recorded: recusals and permissions screen --json must show beside
	// the findings of their pair.
	Recorded []struct {
		Person string `json:"person"`
		Matter string `json:"matter"`
		Kind   string `json:"kind"`
		ID     string `json:"id"`
	} `json:"recorded,omitempty"`
	Checks []struct {
		Person string `json:"person"`
		Action string `json:"action"`
		Matter string `json:"matter"`
		AsOf   string `json:"as_of,omitempty"`
		Allow  bool   `json:"allow"`
		Reason string `json:"reason,omitempty"`
	} `json:"checks,omitempty"`
}

const scenarioDir = "../testdata/scenarios"

func loadScenarios(t *testing.T) map[string]*scenario {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(scenarioDir, "*.want.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios in %s: %v", scenarioDir, err)
	}
	out := map[string]*scenario{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var sc scenario
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&sc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if sc.AsOf == "" || len(sc.Pairs) == 0 || len(sc.Rules) == 0 {
			t.Fatalf("%s: a scenario needs as_of, rules and pairs", f)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".want.json")] = &sc
	}
	return out
}

// TestScenarios runs every scenario end to end through the CLI — import,
// the recorded acts, screen --json, check — on SQLite and, when
// IMPARTIAL_TEST_POSTGRES is set, on PostgreSQL.
func TestScenarios(t *testing.T) {
	scs := loadScenarios(t)
	names := make([]string, 0, len(scs))
	for n := range scs {
		names = append(names, n)
	}
	slices.Sort(names)
	dbs := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return filepath.Join(t.TempDir(), "s.db") },
	}
	if os.Getenv(testdb.EnvPostgres) != "" {
		dbs["postgres"] = func(t *testing.T) string { return testdb.PostgresURL(t) }
	}
	for dbName, open := range dbs {
		for _, name := range names {
			sc := scs[name]
			t.Run(dbName+"/"+name, func(t *testing.T) {
				runScenario(t, open(t), filepath.Join(scenarioDir, name+".jsonl"), sc)
			})
		}
	}
}

func runScenario(t *testing.T, db, facts string, sc *scenario) {
	if code, out, errs := run(t, "", "--db", db, "import", "--no-screen", facts); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	for _, args := range sc.Before {
		if code, out, errs := run(t, "", append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
		}
	}
	code, out, errs := run(t, "", "--db", db, "screen", "--all", "--as-of", sc.AsOf, "--json")
	if code != 0 {
		t.Fatalf("screen: exit %d\n%s", code, errs)
	}
	var rep struct {
		Findings []impartial.Finding `json:"findings"`
		Recorded []struct {
			Person, Matter, Kind, ID, Effect string
		} `json:"recorded"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("screen --json: %v\n%s", err, out)
	}
	for _, p := range sc.Pairs {
		var mine []impartial.Finding
		for _, f := range rep.Findings {
			if f.Person == p.Person && f.Matter == p.Matter {
				mine = append(mine, f)
			}
		}
		got, rule, text := impartial.OutcomeClear, "", ""
		for _, f := range mine {
			if f.Outcome.Severity() > got.Severity() {
				got, rule = f.Outcome, f.Rule
			}
			text += f.Explain() + "\n"
		}
		if got != p.Outcome || rule != p.Rule {
			t.Errorf("%s × %s: got %s under %q, want %s under %q\n%s", p.Person, p.Matter, got, rule, p.Outcome, p.Rule, text)
			continue
		}
		for _, c := range p.Contains {
			if !strings.Contains(text, c) {
				t.Errorf("%s × %s: the explanation lacks %q:\n%s", p.Person, p.Matter, c, text)
			}
		}
	}
	for _, want := range sc.Recorded {
		found := false
		for _, r := range rep.Recorded {
			found = found || (r.Person == want.Person && r.Matter == want.Matter && r.Kind == want.Kind && r.ID == want.ID && r.Effect != "")
		}
		if !found {
			t.Errorf("screen --json does not show %s %s beside %s × %s; recorded: %+v", want.Kind, want.ID, want.Person, want.Matter, rep.Recorded)
		}
	}
	for _, c := range sc.Checks {
		asOf := c.AsOf
		if asOf == "" {
			asOf = sc.AsOf
		}
		code, out, errs := run(t, "", "--db", db, "check", "--person", c.Person, "--action", c.Action, "--matter", c.Matter, "--as-of", asOf, "--json")
		var d impartial.WallDecision
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatalf("check --json: exit %d: %v\n%s%s", code, err, out, errs)
		}
		if d.Allow != c.Allow || !strings.Contains(d.Reason, c.Reason) {
			t.Errorf("check %s %s %s as of %s: got allow=%v %q, want allow=%v with %q", c.Person, c.Action, c.Matter, asOf, d.Allow, d.Reason, c.Allow, c.Reason)
		}
	}
}
