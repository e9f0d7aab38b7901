package walls

import (
	"fmt"
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

func TestDecide(t *testing.T) {
	d := impartial.MustDate
	rec := &impartial.Recusal{ID: "r1", Person: "ann", Effective: d("2017-03-02"), Topics: []string{"2016 Presidential  Campaign"},
		Kinds: []impartial.MatterKind{impartial.CriminalInvestigation}, ScopeText: "the 2016 campaign", Delegate: "the deputy"}
	ended := &impartial.Recusal{ID: "r0", Person: "ann", Effective: d("2010-01-01"), Ended: d("2012-01-01"),
		Matters: []string{"old"}, ScopeText: "old"}
	byParty := &impartial.Recusal{ID: "r2", Person: "ann", Effective: d("2017-01-01"), Parties: []string{"acme"}, ScopeText: "Acme"}
	ann := &Person{ID: "ann", Name: "Ann", Recusals: []*impartial.Recusal{rec, ended, byParty},
		Findings: []FindingState{
			{Matter: "m-fin", Rule: "18usc208", Citation: "18 U.S.C. 208", Outcome: impartial.OutcomeRecuse},
			{Matter: "m-auth", Rule: "502", Citation: "5 CFR 2635.502", Outcome: impartial.OutcomeAuthorizationRequired},
			{Matter: "m-done", Rule: "208", Outcome: impartial.OutcomeRecuse, Disposed: true},
			{Matter: "m-review", Rule: "45.2c", Outcome: impartial.OutcomeReview},
		},
		Permissions: []*impartial.Permission{{ID: "a1", Kind: impartial.Authorization, Person: "ann", Matter: "m-auth", Rules: []string{"502"}}},
	}
	later := &impartial.Matter{ID: "m-later", Kind: impartial.CriminalInvestigation, Opened: d("2017-05-17"), Topics: []string{"2016 presidential campaign"}}
	tests := []struct {
		name    string
		m       *impartial.Matter
		asOf    string
		allow   bool
		recusal string
		finding string
		reason  string
	}{
		{"topic scope covers a matter opened later", later, "2017-06-01", false, "r1", "", `topic "2016 presidential campaign"`},
		{"before the recusal is effective", later, "2017-03-01", true, "", "", "no recusal"},
		{"other kind of matter", &impartial.Matter{ID: "m-civil", Kind: impartial.CivilCase, Topics: []string{"2016 presidential campaign"}}, "2017-06-01", true, "", "", "no recusal"},
		{"ended recusal", &impartial.Matter{ID: "old", Kind: impartial.CivilCase}, "2017-06-01", true, "", "", "no recusal"},
		{"party scope", &impartial.Matter{ID: "m-acme", Kind: impartial.CivilCase, Parties: []impartial.MatterParty{{Entity: "acme", Role: impartial.Party}}}, "2017-06-01", false, "r2", "", "acme is a party"},
		{"unresolved recuse finding", &impartial.Matter{ID: "m-fin", Kind: impartial.CivilCase}, "2017-06-01", false, "", "18usc208", "a screening finding under 18 U.S.C. 208"},
		{"authorized finding", &impartial.Matter{ID: "m-auth", Kind: impartial.CivilCase}, "2017-06-01", true, "", "", ""},
		{"disposed finding", &impartial.Matter{ID: "m-done", Kind: impartial.CivilCase}, "2017-06-01", true, "", "", ""},
		{"review finding does not wall", &impartial.Matter{ID: "m-review", Kind: impartial.CivilCase}, "2017-06-01", true, "", "", ""},
		{"not on the team", &impartial.Matter{ID: "m-team", Kind: impartial.CivilCase, Team: []string{"bob"}}, "2017-06-01", false, "", "", "not on the matter's team"},
		{"on the team", &impartial.Matter{ID: "m-team", Kind: impartial.CivilCase, Team: []string{"bob", "ann"}}, "2017-06-01", true, "", "", "on the matter's team"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Decide(ann, impartial.Participate, tc.m, d(tc.asOf))
			if got.Allow != tc.allow || got.Recusal != tc.recusal || got.Finding != tc.finding || !strings.Contains(got.Reason, tc.reason) {
				t.Errorf("got %+v\nwant allow=%v recusal=%q finding=%q reason containing %q", got, tc.allow, tc.recusal, tc.finding, tc.reason)
			}
		})
	}
}

func TestPublicStatementAndLeaks(t *testing.T) {
	r := &impartial.Recusal{Effective: impartial.MustDate("2017-03-02"), ScopeText: "any pending or future investigations relating to the 2016 campaign."}
	got := PublicStatement("Jeff Sessions", r)
	want := "Jeff Sessions has recused from any pending or future investigations relating to the 2016 campaign, effective 2017-03-02. This recusal should not be taken as confirmation of the existence of any investigation or other matter."
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	secret := &impartial.Matter{ID: "m-secret", Title: "Operation Bluebird"}
	for text, leak := range map[string]bool{
		got: false, "recused from operation bluebird": true, "see M-SECRET": true,
	} {
		if _, ok := Leaks(text, []*impartial.Matter{secret}); ok != leak {
			t.Errorf("Leaks(%q) = %v, want %v", text, ok, leak)
		}
	}
}

// BenchmarkDecide measures the pure decision: a person with five recusals
// and twenty findings against a matter with five topics and parties.
func BenchmarkDecide(b *testing.B) {
	p := &Person{ID: "p", Name: "P"}
	for i := range 5 {
		p.Recusals = append(p.Recusals, &impartial.Recusal{ID: fmt.Sprint("r", i), Effective: impartial.MustDate("2020-01-01"),
			Topics: []string{fmt.Sprint("topic ", i)}, Parties: []string{fmt.Sprint("e", i)}, ScopeText: "x"})
	}
	for i := range 20 {
		p.Findings = append(p.Findings, FindingState{Matter: fmt.Sprint("m", i), Rule: "r", Outcome: impartial.OutcomeReview})
	}
	m := &impartial.Matter{ID: "m-x", Kind: impartial.CivilCase, Team: []string{"q", "p"}}
	for i := range 5 {
		m.Topics = append(m.Topics, fmt.Sprint("other ", i))
		m.Parties = append(m.Parties, impartial.MatterParty{Entity: fmt.Sprint("x", i), Role: impartial.Party})
	}
	asOf := impartial.MustDate("2024-01-01")
	for b.Loop() {
		Decide(p, impartial.View, m, asOf)
	}
}

// A screen walls the lawyer it names: the check denies with the reason
// "screened", and the screen does not lift the lawyer's own finding either.
func TestScreenedLawyerIsWalled(t *testing.T) {
	d := impartial.MustDate
	screen := &impartial.Permission{ID: "wall-1", Kind: impartial.Screen, Person: "lee", Matter: "m-rival", Rules: []string{"aba-1.10-imputation"},
		Granted: d("2021-06-01"), GrantedBy: "general counsel"}
	lee := &Person{ID: "lee", Name: "Lee Grant", Permissions: []*impartial.Permission{screen},
		Findings: []FindingState{{Matter: "m-old", Rule: "aba-1.9-former-client", Outcome: impartial.OutcomeRecuse}}}
	other := &Person{ID: "lee", Name: "Lee Grant", Permissions: []*impartial.Permission{{ID: "wall-2", Kind: impartial.Screen, Person: "lee", Matter: "m-old"}},
		Findings: []FindingState{{Matter: "m-old", Rule: "aba-1.9-former-client", Outcome: impartial.OutcomeRecuse}}}
	tests := []struct {
		name   string
		p      *Person
		m      string
		asOf   string
		allow  bool
		reason string
	}{
		{"screened from the matter", lee, "m-rival", "2021-06-15", false, "Lee Grant is screened from the matter (screen wall-1, by general counsel)"},
		{"before the screen was granted", lee, "m-rival", "2021-05-15", true, "no recusal"},
		{"another matter", lee, "m-other", "2021-06-15", true, "no recusal"},
		{"a screen does not lift the lawyer's own finding", other, "m-old", "2021-06-15", false, "screened"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Decide(tc.p, impartial.View, &impartial.Matter{ID: tc.m, Kind: impartial.Engagement}, d(tc.asOf))
			if got.Allow != tc.allow || !strings.Contains(got.Reason, tc.reason) {
				t.Errorf("got %+v, want allow=%v reason containing %q", got, tc.allow, tc.reason)
			}
		})
	}
	// Without the screen record, the finding still denies: a screen is not a cure of one's own conflict.
	bare := &Person{ID: "lee", Findings: other.Findings, Permissions: []*impartial.Permission{{ID: "s", Kind: impartial.Screen, Person: "lee", Matter: "m-elsewhere"}}}
	if got := Decide(bare, impartial.View, &impartial.Matter{ID: "m-old"}, d("2021-06-15")); got.Allow || got.Finding != "aba-1.9-former-client" {
		t.Errorf("got %+v, want a denial on the 1.9 finding", got)
	}
}
