package screen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/impartial/impartial"
)

func TestAffected(t *testing.T) {
	w := people()
	w.person("judge-spouse", "Mo Park", "").
		rel("r-spouse", "judge", impartial.Family, "judge-spouse", role("spouse")).
		entity("megacorp", impartial.Company, "MegaCorp Inc.").
		entity("subco", impartial.Company, "SubCo LLC").
		entity("elsewhere", impartial.Company, "Elsewhere Ltd").
		entity("nowhere", impartial.Company, "Nowhere Ltd").
		rel("r-mega-sub", "megacorp", impartial.Ownership, "subco", pct(100)).
		matter("m-case", impartial.CivilCase, "2020-01-15", party("subco", impartial.Party)).
		matter("m-other", impartial.CivilCase, "2020-01-15", party("elsewhere", impartial.Party))
	en := w.engine(t, nil)
	g := en.Graph

	trade := &impartial.Relationship{ID: "r-trade", From: "judge-spouse", To: "megacorp", Type: impartial.Holding, Amount: &impartial.Amount{Min: 100}, Source: "trade report"}
	trade.Normalize()
	if err := g.PutRelationship(trade); err != nil {
		t.Fatal(err)
	}
	unrelated := &impartial.Relationship{ID: "r-unrelated", From: "nowhere", To: "megacorp", Type: impartial.Business, Source: "x"}
	unrelated.Normalize()
	if err := g.PutRelationship(unrelated); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ch   Change
		want Plan
	}{
		{"a spouse's trade in the parent of a party", RelationshipChange(nil, trade),
			Plan{Pairs: []Pair{{"judge", "m-case"}}}},
		{"a merger makes a holding the parent of a party", RelationshipChange(nil, w.rels[1]),
			Plan{Pairs: []Pair{{"judge", "m-case"}}}},
		{"a business tie between two companies that no covered person reaches", RelationshipChange(nil, unrelated),
			Plan{}},
		{"a new covered person", EntityChange(nil, &impartial.Entity{ID: "newjudge", Kind: impartial.Person, Name: "New Judge",
			Coverage: &impartial.Coverage{Regime: impartial.Judiciary}}),
			Plan{Persons: []string{"newjudge"}}},
		{"a matter opened", MatterChange("m-other"), Plan{Matters: []string{"m-other"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := en.Affected(tt.ch)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	set := defaultRules(t)
	if got := en.Affected(RulebookChange(set.For(impartial.Judiciary))); !got.All || !slices.Equal(got.Regimes, []impartial.Regime{impartial.Judiciary}) {
		t.Errorf("rulebook change: %+v", got)
	}
	// A flag change on the parent (now a diversified fund) reaches the judge through it.
	if got := en.Affected(EntityChange(&impartial.Entity{ID: "megacorp", Kind: impartial.Company, Name: "MegaCorp Inc."},
		&impartial.Entity{ID: "megacorp", Kind: impartial.Company, Name: "MegaCorp Inc.", Flags: []impartial.Flag{impartial.DiversifiedFund}})); !slices.Contains(got.Pairs, Pair{"judge", "m-case"}) {
		t.Errorf("flag change: %+v", got)
	}
}

// TestAffectedIsComplete changes a random graph many times and checks that
// every pair whose findings change is in the plan Affected returns.
func TestAffectedIsComplete(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	w := &world{}
	regimes := []impartial.Regime{impartial.Judiciary, impartial.Executive, impartial.DOJ, impartial.LawFirm}
	var persons, orgs []string
	for i := range 24 {
		id := fmt.Sprintf("p%d", i)
		var reg impartial.Regime
		if i < 14 {
			reg = regimes[i%4]
		}
		w.person(id, "Person "+id, reg)
		persons = append(persons, id)
	}
	kindsOf := []impartial.EntityKind{impartial.Company, impartial.Organization, impartial.Government, impartial.CampaignOrganization}
	for i := range 16 {
		id := fmt.Sprintf("o%d", i)
		var flags []impartial.Flag
		if i%5 == 0 {
			flags = append(flags, impartial.PubliclyTraded)
		}
		w.entity(id, kindsOf[i%4], "Org "+id, flags...)
		orgs = append(orgs, id)
	}
	all := append(slices.Clone(persons), orgs...)
	matterKinds := []impartial.MatterKind{impartial.CivilCase, impartial.CriminalInvestigation, impartial.Engagement, impartial.Proceeding}
	partyRoles := []impartial.PartyRole{impartial.Party, impartial.Subject, impartial.Adverse, impartial.DirectlyAffected, impartial.Counsel}
	for i := range 16 {
		var ps []impartial.MatterParty
		for _, e := range []string{all[rng.IntN(len(all))], orgs[rng.IntN(len(orgs))]} {
			if !slices.ContainsFunc(ps, func(p impartial.MatterParty) bool { return p.Entity == e }) {
				ps = append(ps, party(e, partyRoles[rng.IntN(len(partyRoles))]))
			}
		}
		w.matter(fmt.Sprintf("m%d", i), matterKinds[i%4], "2019-01-01", ps...)
	}
	en := w.engine(t, nil)
	g := en.Graph
	asOf := d("2020-06-01")
	snapshot := func() map[Pair]string { return pairFindings(t, en, asOf) }
	type relSpec struct {
		t    impartial.RelType
		role string
	}
	specs := []relSpec{{impartial.Holding, ""}, {impartial.Ownership, ""}, {impartial.Family, "spouse"}, {impartial.Family, "sibling"},
		{impartial.Family, "child"}, {impartial.Employment, "employee"}, {impartial.Employment, "prospective"}, {impartial.Position, "director"},
		{impartial.Campaign, "principal adviser"}, {impartial.Representation, ""}, {impartial.Client, ""}, {impartial.Business, ""},
		{impartial.Membership, ""}, {impartial.Household, ""}}
	var live []*impartial.Relationship
	before := snapshot()
	changed, planned := 0, 0
	for step := range 600 {
		var ch Change
		if len(live) > 0 && rng.IntN(4) == 0 {
			k := rng.IntN(len(live))
			old := live[k]
			live = slices.Delete(live, k, k+1)
			g.RemoveRelationship(old.ID)
			ch = RelationshipChange(old, nil)
		} else {
			sp := specs[rng.IntN(len(specs))]
			from, to := all[rng.IntN(len(all))], all[rng.IntN(len(all))]
			if from == to {
				continue
			}
			r := &impartial.Relationship{ID: fmt.Sprintf("r%d", step), From: from, To: to, Type: sp.t, Role: sp.role, Source: "random"}
			if sp.t == impartial.Holding {
				r.Amount = &impartial.Amount{Min: int64(rng.IntN(30000))}
			}
			if rng.IntN(3) == 0 {
				r.Span = impartial.Span{Start: d("2018-01-01"), End: d("2019-09-01")}
			}
			r.Normalize()
			if err := g.PutRelationship(r); err != nil {
				t.Fatal(err)
			}
			live = append(live, r)
			ch = RelationshipChange(nil, r)
		}
		plan := en.Affected(ch)
		after := snapshot()
		for _, p := range unionKeys(before, after) {
			if before[p] == after[p] {
				continue
			}
			changed++
			if !slices.Contains(plan.Pairs, p) && !slices.Contains(plan.Matters, p.Matter) && !slices.Contains(plan.Persons, p.Person) && !plan.All {
				t.Fatalf("step %d: %+v changed the findings of %v (%q → %q) but the plan %+v leaves it out", step, ch, p, before[p], after[p], plan)
			}
		}
		planned += len(plan.Pairs) + len(plan.Matters)
		before = after
	}
	if changed < 20 {
		t.Errorf("only %d pairs changed over the run: the test does not exercise Affected", changed)
	}
	t.Logf("%d changed pairs, %d planned re-screens", changed, planned)
}

func unionKeys(a, b map[Pair]string) []Pair {
	var out []Pair
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

func TestRescreenAfterRulebookChange(t *testing.T) {
	w := people()
	w.entity("widgets", impartial.Company, "Widgets Inc.").
		rel("r-judge-widgets", "judge", impartial.Holding, "widgets", amount(500)).
		rel("r-official-widgets", "official", impartial.Holding, "widgets", amount(500000)).
		matter("m-case", impartial.CivilCase, "2020-01-15", party("widgets", impartial.Party)).
		matter("m-closed", impartial.CivilCase, "2019-01-15", party("widgets", impartial.Party))
	w.matters[1].Closed = d("2019-12-31")
	en := w.engine(t, nil)
	judiciary := en.Rules.For(impartial.Judiciary)
	plan := en.Affected(RulebookChange(judiciary))
	if !plan.All || !slices.Equal(plan.Rulebooks, []string{"us-judiciary"}) {
		t.Fatalf("plan %+v", plan)
	}
	results, err := en.Rescreen(plan, d("2020-06-01"), 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range results {
		if !slices.Equal(r.Rulebooks, []string{"us-judiciary"}) {
			t.Errorf("result does not say which rulebook it recomputed: %+v", r.Rulebooks)
		}
		for _, f := range r.Findings {
			got = append(got, f.Person+"/"+f.Matter+"/"+f.Rulebook)
		}
	}
	if want := []string{"judge/m-case/us-judiciary"}; !slices.Equal(got, want) {
		t.Errorf("re-screen found %v, want %v (closed matters and other rulebooks untouched)", got, want)
	}
	// The full screen still finds both.
	res, err := en.ScreenMatter("m-case", d("2020-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 2 || res.Rulebooks != nil {
		t.Errorf("full screen: %d findings, rulebooks %v", len(res.Findings), res.Rulebooks)
	}
}

func TestGraphUpdates(t *testing.T) {
	en := sessionsEngine(t)
	g := en.Graph
	asOf := d("2017-03-02")
	before, _ := en.ScreenPair("sessions", "m-russia-2016", asOf)
	if before.Outcome != impartial.OutcomeRecuse {
		t.Fatalf("before: %s", before.Outcome)
	}
	// Withdraw the campaign roles: the political finding goes; the contacts stay.
	for _, id := range []string{"r-sessions-adviser", "r-sessions-surrogate"} {
		g.RemoveRelationship(id)
	}
	after, _ := en.ScreenPair("sessions", "m-russia-2016", asOf)
	if after.Outcome != impartial.OutcomeReview || len(after.Findings) != 1 || after.Findings[0].Rule != "doj-45.2-contacts" {
		t.Errorf("after removing the campaign roles: %s", after.Explain())
	}
	// Replace a contact: one meeting only, in an official capacity → nothing.
	g.RemoveContact("contact-rnc")
	one, _ := en.ScreenPair("sessions", "m-russia-2016", asOf)
	if one.Outcome != impartial.OutcomeClear {
		t.Errorf("one official meeting: %s", one.Explain())
	}
	// Removing the person removes the findings.
	g.RemoveEntity("sessions")
	if _, err := en.ScreenPair("sessions", "m-russia-2016", asOf); err != nil {
		t.Log(err)
	}
	res, _ := en.ScreenMatter("m-russia-2016", asOf)
	if len(res.Findings) != 0 {
		t.Errorf("a removed person is still screened: %s", explainAll(res))
	}
	// An authorization permits.
	en2 := sessionsEngine(t)
	en2.Graph.PutPermission(&impartial.Permission{ID: "auth-1", Kind: impartial.Authorization, Person: "sessions", Matter: "m-russia-2016",
		Rules: []string{"doj-45.2-political"}, Granted: d("2017-03-01"), GrantedBy: "supervisor", Source: "memo"})
	v, _ := en2.ScreenPair("sessions", "m-russia-2016", asOf)
	fs := findingsByKey(v.Findings)
	if f := fs[verdictKey{"sessions", "m-russia-2016", "doj-45.2-political"}]; f.Outcome != impartial.OutcomePermitted || len(f.Permissions) != 1 {
		t.Errorf("authorized: %s", f.Explain())
	}
	en2.Graph.RemovePermission("auth-1")
	if v, _ := en2.ScreenPair("sessions", "m-russia-2016", asOf); v.Outcome != impartial.OutcomeRecuse {
		t.Errorf("after withdrawing the authorization: %s", v.Outcome)
	}
}

// Recording prior participation, or a related link, re-screens the matters
// whose participation clauses read it; a colleague joining the participant's
// firm re-screens the matters imputed through it. Each change is checked
// against the findings of every open matter before and after.
func TestAffectedParticipation(t *testing.T) {
	w := firm()()
	w.person("newhire", "Noa Hart", impartial.LawFirm)
	old := &impartial.Matter{ID: "m-old-lease", Title: "Old Client lease dispute", Kind: impartial.Engagement, Opened: d("2013-02-01"), Closed: d("2015-06-30")}
	ftcCase := &impartial.Matter{ID: "m-ftc-merger", Title: "FTC review of the Acme merger", Kind: impartial.Proceeding, Opened: d("2009-01-05"), Closed: d("2010-03-01")}
	w.matters = append([]*impartial.Matter{old, ftcCase}, w.matters...)
	for _, m := range w.matters {
		switch m.ID {
		case "m-vs-old":
			m.Related = []impartial.MatterLink{{Matter: "m-old-lease", Relation: impartial.SubstantiallyRelated, Source: "intake memo"}}
		}
	}
	en := w.engine(t, nil)
	g := en.Graph
	asOf := d("2021-06-15")
	snapshot := func() map[Pair]string { return pairFindings(t, en, asOf) }
	withParts := func(m *impartial.Matter, ps ...impartial.Participant) *impartial.Matter {
		n := *m
		n.Participants = ps
		return &n
	}
	counsel := impartial.Participant{Person: "lawyer", Capacity: impartial.AsCounsel, OnBehalfOf: "oldclient", Substantial: true, Status: impartial.Confirmed, Source: "engagement letter"}
	govt := impartial.Participant{Person: "lawyer", Capacity: impartial.AsGovernmentLawyer, Substantial: true, Status: impartial.Confirmed, Source: "FTC staff list"}
	ftc := g.Matter("m-ftc")
	linked := *ftc
	linked.Related = []impartial.MatterLink{{Matter: "m-ftc-merger", Relation: impartial.SameMatter, Source: "docket"}}
	hire := &impartial.Relationship{ID: "r-newhire-firm", From: "newhire", To: "firm", Type: impartial.Employment, Role: "associate", Span: impartial.Span{Start: d("2021-03-01")}, Source: "HR"}
	hire.Normalize()
	steps := []struct {
		name      string
		apply     func() Change
		wantInto  []string // matters the plan must name
		wantFound bool     // the change must alter some findings
	}{
		{"the lawyer's counsel role in the old lease matter is recorded", func() Change {
			n := withParts(old, counsel)
			g.PutMatter(n)
			return MatterRecordChange(old, n)
		}, []string{"m-old-lease", "m-vs-old"}, true},
		{"his FTC participation is recorded on the FTC case", func() Change {
			n := withParts(ftcCase, govt)
			g.PutMatter(n)
			return MatterRecordChange(ftcCase, n)
		}, []string{"m-ftc-merger"}, false},
		{"the firm's FTC engagement is linked to it as the same matter", func() Change {
			g.PutMatter(&linked)
			return MatterRecordChange(ftc, &linked)
		}, []string{"m-ftc", "m-ftc-merger"}, true},
		{"a new associate joins the firm: 1.11(b) imputes to her", func() Change {
			if err := g.PutRelationship(hire); err != nil {
				t.Fatal(err)
			}
			return RelationshipChange(nil, hire)
		}, []string{"m-ftc"}, true},
		{"the participation is withdrawn", func() Change {
			n := withParts(ftcCase)
			prev := g.Matter("m-ftc-merger")
			g.PutMatter(n)
			return MatterRecordChange(prev, n)
		}, []string{"m-ftc"}, true},
	}
	before := snapshot()
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			ch := st.apply()
			plan := en.Affected(ch)
			after := snapshot()
			changed := false
			for _, p := range unionKeys(before, after) {
				if before[p] == after[p] {
					continue
				}
				changed = true
				if !slices.Contains(plan.Pairs, p) && !slices.Contains(plan.Matters, p.Matter) && !slices.Contains(plan.Persons, p.Person) && !plan.All {
					t.Errorf("%v changed (%q → %q) but the plan %+v leaves it out", p, before[p], after[p], plan)
				}
			}
			if changed != st.wantFound {
				t.Errorf("findings changed: got %v, want %v", changed, st.wantFound)
			}
			for _, m := range st.wantInto {
				if !slices.Contains(plan.Matters, m) && !plan.All {
					t.Errorf("plan %+v leaves out %s", plan, m)
				}
			}
			before = after
		})
	}
}

// pairFindings screens every matter open on asOf and sums up each pair's
// findings (rule, outcome, number of paths) for comparison.
func pairFindings(t *testing.T, en *Engine, asOf impartial.Date) map[Pair]string {
	t.Helper()
	out := map[Pair]string{}
	for _, m := range en.Graph.MatterIDs(asOf) {
		r, err := en.ScreenMatter(m, asOf)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Findings {
			out[Pair{f.Person, f.Matter}] += fmt.Sprintf("%s:%s:%d;", f.Rule, f.Outcome, len(f.Paths))
		}
	}
	return out
}
