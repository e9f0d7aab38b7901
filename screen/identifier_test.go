package screen

import (
	"slices"
	"testing"

	"github.com/impartial/impartial"
)

// A party given only by an identifier resolves to the entity carrying it,
// and keeps doing so as entities' identifiers change after the index was
// built.
func TestPartyByIdentifier(t *testing.T) {
	w := people()
	w.entity("acme", impartial.Company, "Acme Corp").
		rel("r-judge-acme", "judge", impartial.Holding, "acme", amount(500)).
		matter("m-lei", impartial.CivilCase, "2020-01-15", impartial.MatterParty{Role: impartial.Party,
			Evidence: &impartial.PartyEvidence{Identifiers: []impartial.Identifier{{Scheme: "lei", Value: "5493-00ACME"}}}})
	w.ents[len(w.ents)-1].Identifiers = []impartial.Identifier{{Scheme: "lei", Value: "549300ACME"}}
	en := w.engine(t, nil)
	asOf := d("2020-06-01")
	outcome := func() impartial.Outcome {
		v, err := en.ScreenPair("judge", "m-lei", asOf)
		if err != nil {
			t.Fatal(err)
		}
		return v.Outcome
	}
	steps := []struct {
		name string
		ids  []impartial.Identifier
		want impartial.Outcome
	}{
		{"the LEI recorded for the entity", nil, impartial.OutcomeRecuse},
		{"the entity's LEI changes to another", []impartial.Identifier{{Scheme: "lei", Value: "549300OTHER"}}, impartial.OutcomeClear},
		{"and back, with a ticker beside it", []impartial.Identifier{{Scheme: "ticker", Value: "ACME"}, {Scheme: "lei", Value: "549300acme"}}, impartial.OutcomeRecuse},
	}
	for _, st := range steps {
		if st.ids != nil {
			e := *w.ents[len(w.ents)-1]
			e.Identifiers = st.ids
			en.Graph.PutEntity(&e)
		}
		if got := outcome(); got != st.want {
			t.Errorf("%s: got %s, want %s", st.name, got, st.want)
		}
	}
	r, err := en.ScreenMatter("m-lei", asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(r.Findings, func(f impartial.Finding) bool {
		return f.Person == "judge" && slices.ContainsFunc(f.Paths[0].Steps, func(s impartial.Step) bool {
			return s.Match != nil && s.Match.Identifier == "lei 5493-00ACME"
		})
	}) {
		t.Errorf("the finding does not say which identifier found the party: %+v", r.Findings)
	}
}
