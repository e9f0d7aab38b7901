package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

func TestShippedRulebooks(t *testing.T) {
	books, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, b := range books {
		ids = append(ids, b.ID)
		if b.Version == "" || b.MaxHops() < 1 {
			t.Errorf("%s: version %q, max hops %d", b.ID, b.Version, b.MaxHops())
		}
		for _, r := range b.Rules {
			if r.Citation == "" || r.Text == "" || r.Title == "" {
				t.Errorf("%s/%s lacks a citation, title or text", b.ID, r.ID)
			}
		}
	}
	if got := strings.Join(ids, ","); got != "aba-model-rules,us-executive-doj,us-judiciary" {
		t.Errorf("shipped rulebooks: %s", got)
	}
	// The rules the brief names are all there, with their outcomes.
	want := map[string]impartial.Outcome{
		"doj-45.2-political":         impartial.OutcomeRecuse,
		"doj-45.2-personal":          impartial.OutcomeRecuse,
		"doj-45.2-contacts":          impartial.OutcomeReview,
		"5cfr2635.502-covered":       impartial.OutcomeAuthorizationRequired,
		"18usc208-financial":         impartial.OutcomeRecuse,
		"455b4-financial":            impartial.OutcomeRecuse,
		"455b5-relative":             impartial.OutcomeRecuse,
		"455a-relationships":         impartial.OutcomeReview,
		"aba-1.7-current-client":     impartial.OutcomeAuthorizationRequired,
		"aba-1.9-former-client":      impartial.OutcomeRecuse,
		"aba-1.10-imputation":        impartial.OutcomeAuthorizationRequired,
		"aba-1.11-former-government": impartial.OutcomeReview,
		"aba-1.12-former-judge":      impartial.OutcomeReview,
	}
	for id, o := range want {
		var r *Rule
		for _, b := range books {
			if r = b.Rule(id); r != nil {
				break
			}
		}
		if r == nil {
			t.Errorf("no rule %s", id)
			continue
		}
		if r.Outcome != o {
			t.Errorf("%s: outcome %s, want %s", id, r.Outcome, o)
		}
	}
	// 28 USC 455(e): (b) grounds cannot be waived; only 455(f) divestiture lifts them.
	set := NewSet(books...)
	for _, id := range []string{"455b4-financial", "455b5-relative"} {
		r := set.For(impartial.Judiciary).Rule(id)
		if r.Waivable || r.PermittedByKind(impartial.Waiver) {
			t.Errorf("%s must not be waivable", id)
		}
	}
	if !set.For(impartial.Judiciary).Rule("455b4-financial").PermittedByKind(impartial.Divestiture) {
		t.Error("455(b)(4) should be curable by divestiture (455(f))")
	}
	// 5 CFR 2640.202 thresholds.
	fin := set.For(impartial.Executive).Rule("18usc208-financial")
	if len(fin.Exemptions) != 3 || fin.Exemptions[0].MaxAggregate != 15000 || fin.Exemptions[1].MaxAggregate != 50000 ||
		fin.Exemptions[2].MaxPerIssuer != 25000 || fin.Exemptions[2].CoversMatter(impartial.CivilCase) || !fin.Exemptions[2].CoversMatter(impartial.Legislation) ||
		fin.Exemptions[0].CoversMatter(impartial.Rulemaking) {
		t.Errorf("de-minimis exemptions: %+v", fin.Exemptions)
	}
	for _, k := range []impartial.MatterKind{impartial.Rulemaking, impartial.Legislation, impartial.GeneralPolicy} {
		for _, id := range []string{"5cfr2635.502-covered", "5cfr2635.502-appearance"} {
			if r := set.For(impartial.Executive).Rule(id); r.CoversMatter(k) {
				t.Errorf("%s must not cover a %s: not a particular matter involving specific parties", id, k)
			}
		}
	}
	if p := set.For(impartial.Executive).Rule("eo-pledge-former-employer"); p == nil || p.PledgeYears != 2 {
		t.Error("the executive rulebook needs the ethics pledge's two-year rule")
	}
	if r := set.For(impartial.DOJ).Rule("doj-45.2-political"); r.CoversMatter(impartial.CivilCase) || !r.CoversMatter(impartial.CriminalInvestigation) ||
		r.Applies(impartial.Executive) || !r.Applies(impartial.DOJ) {
		t.Error("28 CFR 45.2 applies only to DOJ employees and criminal matters")
	}
}

func TestSetForRegime(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		regime impartial.Regime
		want   string
	}{
		{impartial.DOJ, "us-executive-doj"},
		{impartial.Executive, "us-executive-doj"},
		{impartial.Judiciary, "us-judiciary"},
		{impartial.LawFirm, "aba-model-rules"},
		{"state", ""},
	}
	for _, tt := range tests {
		got := ""
		if b := set.For(tt.regime); b != nil {
			got = b.ID
		}
		if got != tt.want {
			t.Errorf("For(%s) = %q, want %q", tt.regime, got, tt.want)
		}
	}
	// A loaded rulebook for the judiciary takes precedence over the shipped one.
	src, _ := ShippedSource("us-judiciary")
	custom := strings.Replace(string(src), `"id": "us-judiciary"`, `"id": "circuit-local"`, 1)
	b, err := Parse([]byte(custom))
	if err != nil {
		t.Fatal(err)
	}
	if got := set.With(b).For(impartial.Judiciary).ID; got != "circuit-local" {
		t.Errorf("With: judiciary rulebook is %s", got)
	}
	if got := set.With(b).For(impartial.DOJ).ID; got != "us-executive-doj" {
		t.Errorf("With: doj rulebook is %s", got)
	}
}

// minimal is a valid one-rule rulebook that tests change.
const minimal = `{
  "id": "t", "version": "1", "title": "test", "regimes": ["judiciary"],
  "rules": [{
    "id": "r1", "citation": "28 USC 455(b)(4)", "title": "t", "text": "t", "outcome": "recuse", "waivable": false,
    "paths": [{"basis": "b", "hops": [{"types": ["holding"]}]}]
  }]
}`

func mutate(t *testing.T, f func(b map[string]any, r map[string]any)) []byte {
	t.Helper()
	var b map[string]any
	if err := json.Unmarshal([]byte(minimal), &b); err != nil {
		t.Fatal(err)
	}
	f(b, b["rules"].([]any)[0].(map[string]any))
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestParseRefusesBadRulebooks(t *testing.T) {
	if _, err := Parse([]byte(minimal)); err != nil {
		t.Fatalf("minimal rulebook refused: %v", err)
	}
	hop := func(r map[string]any) map[string]any {
		return r["paths"].([]any)[0].(map[string]any)["hops"].([]any)[0].(map[string]any)
	}
	tests := []struct {
		name string
		data []byte
		want []string // substrings of the error
	}{
		{"not JSON", []byte(`{"id": `), []string{"does not parse"}},
		{"unknown field", mutate(t, func(b, r map[string]any) { r["outcom"] = "recuse" }), []string{"unknown field", "outcom"}},
		{"CEL syntax error", mutate(t, func(b, r map[string]any) { r["condition"] = "paths.exists(p, p.amount >" }),
			[]string{`rule "r1"`, `field "condition"`, "does not compile"}},
		{"CEL unknown variable", mutate(t, func(b, r map[string]any) { r["condition"] = "holdings.size() > 0" }),
			[]string{`rule "r1"`, "condition", "undeclared reference", "holdings"}},
		{"CEL not boolean", mutate(t, func(b, r map[string]any) { r["condition"] = "size(paths)" }),
			[]string{`rule "r1"`, "condition", "want bool"}},
		{"no citation", mutate(t, func(b, r map[string]any) { r["citation"] = "" }), []string{`rule "r1"`, `field "citation"`}},
		{"bad outcome", mutate(t, func(b, r map[string]any) { r["outcome"] = "clear" }), []string{`field "outcome"`}},
		{"bad look-back", mutate(t, func(b, r map[string]any) { r["look_back"] = "a while" }), []string{`field "look_back"`, "a while"}},
		{"unknown relationship type", mutate(t, func(b, r map[string]any) { hop(r)["types"] = []any{"friendship"} }),
			[]string{`rule "r1"`, `field "paths[0].hops[0].types[0]"`, "friendship"}},
		{"waiver of a non-waivable rule", mutate(t, func(b, r map[string]any) { r["permitted_by"] = []any{"waiver"} }),
			[]string{`field "permitted_by[0]"`, "contradicts waivable: false"}},
		{"waivable without saying by whom", mutate(t, func(b, r map[string]any) { r["waivable"] = true }), []string{`field "waivable_by"`}},
		{"rule regime outside the rulebook", mutate(t, func(b, r map[string]any) { r["regimes"] = []any{"doj"} }), []string{`field "regimes[0]"`}},
		{"duplicate rule id", mutate(t, func(b, r map[string]any) { b["rules"] = append(b["rules"].([]any), r) }), []string{"used by an earlier rule"}},
		{"no version", mutate(t, func(b, r map[string]any) { delete(b, "version") }), []string{`field "version"`}},
		{"max below min", mutate(t, func(b, r map[string]any) { hop(r)["min"] = 3; hop(r)["max"] = 2 }), []string{"hops[0].max"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.data)
			if err == nil {
				t.Fatal("accepted")
			}
			if impartial.KindOf(err) != impartial.Invalid {
				t.Errorf("error kind %v, want invalid", impartial.KindOf(err))
			}
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
}

func TestConditionEval(t *testing.T) {
	data := mutate(t, func(b, r map[string]any) {
		r["condition"] = `contacts.exists(c, c.capacity != "official") || size(contacts) >= 2`
	})
	b, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	r := b.Rules[0]
	contact := func(capacity string) map[string]any { return map[string]any{"id": "c", "capacity": capacity} }
	vars := func(cs ...any) map[string]any {
		return map[string]any{"person": map[string]any{}, "matter": map[string]any{}, "paths": []any{}, "contacts": cs, "as_of": "2020-01-01"}
	}
	tests := []struct {
		name string
		vars map[string]any
		want bool
	}{
		{"one official contact", vars(contact("official")), false},
		{"one campaign contact", vars(contact("campaign")), true},
		{"two official contacts", vars(contact("official"), contact("official")), true},
	}
	for _, tt := range tests {
		got, err := r.Eval(tt.vars)
		if err != nil || got != tt.want {
			t.Errorf("%s: got %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
	if _, err := r.Eval(map[string]any{}); err == nil {
		t.Error("evaluating without variables should fail, not guess")
	}
}

func TestLookBack(t *testing.T) {
	d := impartial.MustDate
	span := func(a, b string) impartial.Span { return impartial.Span{Start: d(a), End: d(b)} }
	tests := []struct {
		lb   string
		span impartial.Span
		asOf string
		want bool
	}{
		{"active", span("2019-01-01", ""), "2020-01-01", true},
		{"active", span("2019-01-01", "2019-12-31"), "2020-01-01", false},
		{"active", span("2021-01-01", ""), "2020-01-01", false},
		{"1y", span("2015-01-01", "2019-03-01"), "2020-03-01", true},
		{"1y", span("2015-01-01", "2019-03-01"), "2020-03-02", false},
		{"any", span("2010-01-01", "2011-01-01"), "2020-03-02", true},
		{"any", span("2021-01-01", ""), "2020-03-02", false},
		{"ended", span("2010-01-01", "2011-01-01"), "2020-03-02", true},
		{"ended", span("2010-01-01", ""), "2020-03-02", false},
		{"2y", span("2010-01", "2018-03"), "2020-03-15", true},
	}
	for _, tt := range tests {
		lb, err := ParseLookBack(tt.lb)
		if err != nil {
			t.Fatal(err)
		}
		if got := lb.Holds(tt.span, d(tt.asOf)); got != tt.want {
			t.Errorf("%s %v as of %s: got %v, want %v", tt.lb, tt.span, tt.asOf, got, tt.want)
		}
	}
	for _, bad := range []string{"0y", "forever", "-1y"} {
		if _, err := ParseLookBack(bad); err == nil {
			t.Errorf("ParseLookBack(%q) accepted", bad)
		}
	}
}

func TestCLIFunctions(t *testing.T) {
	books, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := List(&buf, books); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"us-executive-doj", "doj-45.2-political", "28 CFR 45.2(a), (c)(1)", "455b4-financial"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("list lacks %q", s)
		}
	}
	buf.Reset()
	set := NewSet(books...)
	if err := Show(&buf, set.For(impartial.Executive), "18usc208-financial"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"5 CFR 2640.202(a)", "Waivable by: the official responsible", "not through diversified_fund"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("show lacks %q:\n%s", s, buf.String())
		}
	}
	if err := Show(&buf, set.For(impartial.Executive), "nope"); err == nil {
		t.Error("show of an unknown rule succeeded")
	}
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.json"), filepath.Join(dir, "bad.json")
	os.WriteFile(good, []byte(minimal), 0o644)
	os.WriteFile(bad, mutate(t, func(b, r map[string]any) { r["condition"] = "size(paths)" }), 0o644)
	buf.Reset()
	if err := Check(&buf, good); err != nil || !strings.Contains(buf.String(), "valid") {
		t.Errorf("check good: %v %q", err, buf.String())
	}
	err = Check(&buf, bad)
	var pe impartial.Problems
	if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), `rule "r1"`) {
		t.Errorf("check bad: %v", err)
	}
	if b, err := Resolve("us-judiciary"); err != nil || b.ID != "us-judiciary" {
		t.Errorf("Resolve(name): %v", err)
	}
	if b, err := Resolve(good); err != nil || b.ID != "t" {
		t.Errorf("Resolve(file): %v", err)
	}
	if _, err := Resolve("nonesuch"); err == nil {
		t.Error("Resolve of an unknown name succeeded")
	}
}
