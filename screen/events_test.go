package screen

import (
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

// eventsWorld: a judge whose spouse holds 400 shares of Tidewater, which the
// parent of a party acquires for stock on 2024-04-15; the spouse sells the
// whole position on 2024-06-10, a week before the hearing.
func eventsWorld() *world {
	w := people()
	shares := 400.0
	w.person("spouse", "Tomas Park", "").
		entity("tidewater", impartial.Company, "Tidewater Foods Inc.", impartial.PubliclyTraded).
		entity("consolidated", impartial.Company, "Consolidated Provisions Corp.", impartial.PubliclyTraded).
		entity("harbor", impartial.Company, "Harbor Cold Chain LLC").
		rel("r-married", "judge", impartial.Family, "spouse", role("spouse")).
		rel("r-spouse-tide", "spouse", impartial.Holding, "tidewater", span("2019-08-12", ""), func(r *impartial.Relationship) {
			r.Whose, r.Shares, r.ValuedOn, r.Amount = impartial.Spouse, &shares, d("2023-12-31"), &impartial.Amount{Min: 18400}
		}).
		rel("r-cons-harbor", "consolidated", impartial.Ownership, "harbor", pct(100), span("2015-01-01", "")).
		matter("m-harbor", impartial.CivilCase, "2024-01-10", party("harbor", impartial.Party))
	return w
}

var (
	evAcquire = &impartial.Event{ID: "ev-acq", Kind: impartial.Acquisition, Date: d("2024-04-15"), Entity: "tidewater", Into: "consolidated",
		Ratio: ptr(0.5), Consideration: impartial.PaidInStock, Status: impartial.Confirmed, Source: "8-K"}
	evSale = &impartial.Event{ID: "tr-sale", Kind: impartial.Trade, Date: d("2024-06-10"), Holding: "r-spouse-tide", Action: impartial.Sell, All: true,
		Status: impartial.Confirmed, Source: "periodic transaction report"}
)

func ptr(f float64) *float64 { return &f }

// As-of screening honours trades and corporate actions: the acquisition
// connects the spouse's holding to the party from its date, the sale ends it
// from its date.
func TestEventsAsOf(t *testing.T) {
	w := eventsWorld()
	en := w.engine(t, nil)
	for _, e := range []*impartial.Event{evAcquire, evSale} {
		en.Graph.PutEvent(e)
	}
	tests := []struct {
		asOf string
		want impartial.Outcome
	}{
		{"2024-04-14", impartial.OutcomeClear},  // before the acquisition: Tidewater is no kin of Harbor
		{"2024-04-15", impartial.OutcomeRecuse}, // the day of it: 200 Consolidated shares
		{"2024-06-09", impartial.OutcomeRecuse},
		{"2024-06-10", impartial.OutcomeClear}, // sold
		{"2024-06-17", impartial.OutcomeClear}, // the hearing
	}
	for _, tc := range tests {
		v, err := en.ScreenPair("judge", "m-harbor", d(tc.asOf))
		if err != nil {
			t.Fatal(err)
		}
		if v.Outcome != tc.want {
			t.Errorf("as of %s: got %s, want %s\n%s", tc.asOf, v.Outcome, tc.want, v.Explain())
		}
	}
	// Withdrawn, the sale no longer ends it; withdrawn, the acquisition no
	// longer connects it.
	en.Graph.RemoveEvent("tr-sale")
	if v, _ := en.ScreenPair("judge", "m-harbor", d("2024-06-17")); v.Outcome != impartial.OutcomeRecuse {
		t.Errorf("without the sale: %s", v.Outcome)
	}
	en.Graph.RemoveEvent("ev-acq")
	if v, _ := en.ScreenPair("judge", "m-harbor", d("2024-06-17")); v.Outcome != impartial.OutcomeClear {
		t.Errorf("without the acquisition: %s", v.Outcome)
	}
	if _, n, _ := en.Graph.Size(); n != len(w.rels) {
		t.Errorf("after the events are withdrawn the graph has %d edges, want the %d relationships", n, len(w.rels))
	}
}

// A corporate action or trade re-screens every open matter whose parties it
// connects, before or after the change.
func TestAffectedByEvents(t *testing.T) {
	w := eventsWorld()
	w.entity("elsewhere", impartial.Company, "Elsewhere Ltd").
		matter("m-other", impartial.CivilCase, "2024-01-10", party("elsewhere", impartial.Party))
	en := w.engine(t, nil)
	g := en.Graph
	asOf := d("2024-05-01")
	before := pairFindings(t, en, asOf)
	steps := []struct {
		name  string
		apply func() Change
	}{
		{"the acquisition is recorded", func() Change { g.PutEvent(evAcquire); return EventChange(nil, evAcquire) }},
		{"the sale is recorded, dated before the as-of date", func() Change {
			s := *evSale
			s.Date = d("2024-04-20")
			g.PutEvent(&s)
			return EventChange(nil, &s)
		}},
		{"the sale is withdrawn", func() Change { old := g.Event("tr-sale"); g.RemoveEvent("tr-sale"); return EventChange(old, nil) }},
		{"the acquisition is withdrawn", func() Change { g.RemoveEvent("ev-acq"); return EventChange(evAcquire, nil) }},
	}
	for _, st := range steps {
		ch := st.apply()
		plan := en.Affected(ch)
		after := pairFindings(t, en, asOf)
		changed := false
		for _, p := range unionKeys(before, after) {
			if before[p] == after[p] {
				continue
			}
			changed = true
			if !plan.All && !slices.Contains(plan.Pairs, p) && !slices.Contains(plan.Matters, p.Matter) && !slices.Contains(plan.Persons, p.Person) {
				t.Errorf("%s: %v changed (%q → %q) but the plan %+v leaves it out", st.name, p, before[p], after[p], plan)
			}
		}
		if !changed {
			t.Errorf("%s: no finding changed; the step tests nothing", st.name)
		}
		if slices.Contains(plan.Matters, "m-other") || slices.ContainsFunc(plan.Pairs, func(p Pair) bool { return p.Matter == "m-other" }) {
			t.Errorf("%s: the plan %+v re-screens a matter the event does not reach", st.name, plan)
		}
		before = after
	}
}

// The notes of a holding an event changed name the companies as a lawyer
// reads them, and follow a company's new name.
func TestEventNotesNameTheCompanies(t *testing.T) {
	w := eventsWorld()
	en := w.engine(t, nil)
	en.Graph.PutEvent(evAcquire)
	explain := func() string {
		t.Helper()
		v, err := en.ScreenPair("judge", "m-harbor", d("2024-05-01"))
		if err != nil {
			t.Fatal(err)
		}
		return v.Explain()
	}
	tests := []struct {
		name, rename string
		want, not    []string
	}{
		{name: "names, not ids", want: []string{"exchanged in the acquisition of Tidewater Foods Inc. by Consolidated Provisions Corp. for stock on 2024-04-15 at 0.5 for one (event ev-acq)"},
			not: []string{"acquisition of tidewater by consolidated"}},
		{name: "after a rename", rename: "Consolidated Provisions Holdings plc", want: []string{"by Consolidated Provisions Holdings plc for stock"},
			not: []string{"by Consolidated Provisions Corp. for stock"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.rename != "" {
				en.Graph.PutEntity(&impartial.Entity{ID: "consolidated", Kind: impartial.Company, Name: tc.rename, Flags: []impartial.Flag{impartial.PubliclyTraded}})
			}
			got := explain()
			for _, s := range tc.want {
				if !strings.Contains(got, s) {
					t.Errorf("the explanation lacks %q:\n%s", s, got)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(got, s) {
					t.Errorf("the explanation has %q:\n%s", s, got)
				}
			}
		})
	}
}
