package screen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
	"github.com/impartial/impartial/screen/reference"
)

// randomWorld generates facts of every kind screening reads: covered
// persons of each regime, households, holdings with amounts and shares,
// ownership chains with percentages, funds, campaigns and candidates,
// firms and clients, contacts, matters with parties given by id and by
// name, and permissions of each kind, all dated with every precision.
type randomWorld struct {
	facts reference.Facts
	names map[string][]NameCandidate
	asOf  impartial.Date
}

var (
	genKinds = []impartial.EntityKind{impartial.Person, impartial.Person, impartial.Person, impartial.Company, impartial.Company,
		impartial.Organization, impartial.GovernmentBody, impartial.Government, impartial.CampaignOrganization}
	genRoles = map[impartial.RelType][]string{
		impartial.Family:     impartial.FamilyRoles,
		impartial.Campaign:   {"principal adviser", "Campaign Manager", "surrogate", "endorser", "foreign policy adviser", "chairman of the advisory committee", ""},
		impartial.Employment: {"prospective", "partner", "associate", "staff attorney", ""},
		impartial.Position:   {"director", "officer", "judge", "law clerk", "Ambassador to the United States", "member", "president", ""},
		impartial.Business:   {"general partner", "vendor", ""},
		// A consultation (ABA Model Rule 1.18) is a representation with
		// role prospective.
		impartial.Representation: {"", "litigation counsel", "prospective"},
	}
	genCapacities = []string{"", "official", "personal"}
	genIDs        = []impartial.Identifier{{Scheme: "lei", Value: "5493001KJTIIGC8Y1R12"}, {Scheme: "lei", Value: "549300TRUWO2CD2G5692"}, {Scheme: "ticker", Value: "NVXS"}}
	genBirths     = []string{"1950", "1950-09-21", "1961-05-04"}
)

func genDate(r *rand.Rand, from, to int) impartial.Date {
	y := from + r.IntN(to-from+1)
	switch r.IntN(6) {
	case 0:
		return impartial.Year(y)
	case 1:
		return impartial.Month(y, time.Month(1+r.IntN(12)))
	}
	return impartial.Day(y, time.Month(1+r.IntN(12)), 1+r.IntN(28))
}

func genSpan(r *rand.Rand) impartial.Span {
	var sp impartial.Span
	if r.IntN(8) > 0 {
		sp.Start = genDate(r, 2008, 2022)
	}
	if r.IntN(2) == 0 {
		for range 4 {
			e := genDate(r, 2010, 2025)
			if sp.Start.IsZero() || !e.Before(sp.Start) {
				sp.End = e
				break
			}
		}
	}
	return sp
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func newRandomWorld(r *rand.Rand, ruleIDs []string) *randomWorld {
	w := &randomWorld{names: map[string][]NameCandidate{}}
	n := 5 + r.IntN(8)
	var people, all []string
	for i := range n {
		k := pick(r, genKinds)
		if i < 2 {
			k = impartial.Person // at least two people
		}
		e := &impartial.Entity{ID: fmt.Sprintf("e%d", i), Kind: k, Name: fmt.Sprintf("Entity %d", i)}
		if r.IntN(3) == 0 {
			e.Identifiers = []impartial.Identifier{pick(r, genIDs)}
		}
		if k == impartial.Person {
			if r.IntN(3) == 0 {
				e.BirthDates = []impartial.Date{impartial.MustDate(pick(r, genBirths))}
			}
			if r.IntN(3) == 0 {
				e.Nationalities = []string{pick(r, []string{"us", "ru"})}
			}
			people = append(people, e.ID)
			if r.IntN(3) < 2 {
				e.Coverage = &impartial.Coverage{Regime: pick(r, impartial.Regimes), Span: impartial.Span{Start: genDate(r, 2005, 2016)}}
				if r.IntN(6) == 0 {
					e.Coverage.End = genDate(r, 2018, 2025)
				}
				if r.IntN(3) == 0 {
					e.Coverage.Appointee = true
					if r.IntN(3) > 0 {
						e.Coverage.Pledge = genDate(r, 2012, 2023)
					}
				}
				if f := fmt.Sprintf("e%d", r.IntN(n)); r.IntN(3) == 0 && f != e.ID {
					e.Coverage.Forum = f // the court, agency or firm served
				}
			}
		} else {
			for _, f := range impartial.Flags {
				if r.IntN(3) == 0 {
					e.Flags = append(e.Flags, f)
				}
			}
		}
		e.Normalize()
		w.facts.Entities = append(w.facts.Entities, e)
		all = append(all, e.ID)
	}
	var nonPeople []string
	for _, e := range w.facts.Entities {
		if e.Kind != impartial.Person {
			nonPeople = append(nonPeople, e.ID)
		}
	}
	for i := range 8 + r.IntN(22) {
		t := pick(r, impartial.RelTypes)
		from, to := pick(r, all), pick(r, all)
		// Most facts are about people: their families, posts, holdings.
		if r.IntN(3) > 0 {
			from = pick(r, people)
		}
		switch t {
		case impartial.Holding, impartial.Ownership, impartial.Position, impartial.Employment, impartial.Campaign:
			if len(nonPeople) > 0 && r.IntN(4) > 0 {
				to = pick(r, nonPeople)
			}
			if t == impartial.Ownership && len(nonPeople) > 0 {
				from = pick(r, nonPeople)
			}
		case impartial.Family, impartial.Household:
			to = pick(r, people)
		}
		if from == to {
			continue
		}
		rel := &impartial.Relationship{ID: fmt.Sprintf("r%d", i), From: from, To: to, Type: t, Span: genSpan(r), Source: "generated"}
		if roles, ok := genRoles[t]; ok {
			rel.Role = pick(r, roles)
		}
		if r.IntN(5) == 0 {
			rel.Capacity = pick(r, genCapacities)
		}
		switch r.IntN(8) {
		case 0:
			rel.Status = impartial.Disputed
		case 1:
			rel.Status = impartial.Confirmed
		}
		if t == impartial.Holding {
			if r.IntN(3) > 0 {
				rel.Whose = pick(r, impartial.Whoses)
			}
		}
		if (t == impartial.Holding || t == impartial.Business) && r.IntN(4) > 0 {
			lo := int64(pick(r, []int{0, 1000, 5000, 15000, 25000, 50000}))
			rel.Amount = &impartial.Amount{Min: lo}
			if r.IntN(2) == 0 {
				rel.Amount.Max = lo + int64(pick(r, []int{1000, 10000, 15000}))
			}
		}
		if (t == impartial.Ownership || t == impartial.Holding) && r.IntN(3) > 0 {
			p := float64(pick(r, []int{5, 30, 49, 50, 51, 80, 100}))
			rel.Percent = &p
		}
		rel.Normalize()
		w.facts.Relationships = append(w.facts.Relationships, rel)
	}
	// Sometimes a firm: lawyers employed by one organisation, with clients
	// old and current (ABA Model Rules 1.7-1.12 and imputation).
	if len(nonPeople) > 0 && r.IntN(3) == 0 {
		firm := pick(r, nonPeople)
		for j, lw := range people {
			if r.IntN(3) == 0 {
				continue
			}
			if e := w.entity(lw); e.Coverage != nil && r.IntN(3) > 0 {
				e.Coverage.Regime = impartial.LawFirm
			}
			w.facts.Relationships = append(w.facts.Relationships,
				&impartial.Relationship{ID: fmt.Sprintf("f%d", j), From: lw, To: firm, Type: impartial.Employment, Role: pick(r, []string{"partner", "associate", ""}),
					Span: genSpan(r), Status: impartial.Reported},
				&impartial.Relationship{ID: fmt.Sprintf("g%d", j), From: lw, To: pick(r, all), Type: pick(r, []impartial.RelType{impartial.Representation, impartial.Position}),
					Role: pick(r, genRoles[impartial.Position]), Span: genSpan(r), Status: impartial.Reported})
		}
	}
	w.addEvents(r, nonPeople)
	for i := range r.IntN(4) {
		parts := []string{pick(r, people)}
		for range 1 + r.IntN(2) {
			if o := pick(r, all); !slices.Contains(parts, o) {
				parts = append(parts, o)
			}
		}
		if len(parts) < 2 {
			continue
		}
		c := &impartial.Contact{ID: fmt.Sprintf("c%d", i), Participants: parts, Date: genDate(r, 2012, 2022),
			Capacity: pick(r, impartial.Capacities), Source: "generated"}
		if r.IntN(6) == 0 {
			c.Status = impartial.Disputed
		}
		c.Normalize()
		w.facts.Contacts = append(w.facts.Contacts, c)
	}
	for i := range 2 + r.IntN(3) {
		m := &impartial.Matter{ID: fmt.Sprintf("m%d", i), Title: fmt.Sprintf("Matter %d", i), Kind: pick(r, impartial.MatterKinds),
			Opened: genDate(r, 2012, 2022), Source: "generated"}
		if r.IntN(3) == 0 {
			m.Forum = pick(r, all)
		}
		for j := range 1 + r.IntN(3) {
			p := impartial.MatterParty{Entity: pick(r, all), Role: pick(r, impartial.PartyRoles)}
			if r.IntN(6) == 0 {
				name := fmt.Sprintf("name %d-%d", i, j)
				p = impartial.MatterParty{Name: name, Role: p.Role}
				for range 1 + r.IntN(2) {
					w.names[name] = append(w.names[name], NameCandidate{Entity: pick(r, all), Score: pick(r, []float64{0.6, 0.75, 0.9, 0.97})})
				}
				if r.IntN(2) == 0 {
					ev := &impartial.PartyEvidence{Nationality: pick(r, []string{"", "us", "ru"})}
					if r.IntN(2) == 0 {
						ev.BirthDate = impartial.MustDate(pick(r, genBirths))
					}
					if r.IntN(2) == 0 {
						ev.Identifiers = []impartial.Identifier{pick(r, genIDs)}
					}
					if r.IntN(2) == 0 {
						ev.NativeName = "native " + name
						w.names[ev.NativeName] = []NameCandidate{{Entity: pick(r, all), Score: pick(r, []float64{0.75, 0.95})}}
					}
					p.Evidence = ev
				}
			}
			if r.IntN(10) == 0 {
				// Given by an identifier alone, as an intake with the issuer's
				// LEI or ticker and no name on record.
				p = impartial.MatterParty{Role: p.Role, Evidence: &impartial.PartyEvidence{Identifiers: []impartial.Identifier{pick(r, genIDs)}}}
				if r.IntN(3) == 0 {
					p.Evidence.BirthDate = impartial.MustDate(pick(r, genBirths))
				}
			}
			if !slices.ContainsFunc(m.Parties, func(q impartial.MatterParty) bool { return q.Entity == p.Entity && q.Label() == p.Label() }) {
				m.Parties = append(m.Parties, p)
			}
		}
		for range r.IntN(3) {
			pp := impartial.Participant{Person: pick(r, people), Capacity: pick(r, impartial.ParticipationCapacities),
				Substantial: r.IntN(2) == 0, Source: "generated"}
			if r.IntN(2) == 0 {
				pp.OnBehalfOf = pick(r, all)
			}
			if r.IntN(3) == 0 {
				pp.Start = genDate(r, 2010, 2024)
			}
			if r.IntN(4) == 0 {
				// Service that ended, or not yet (ABA Model Rule 1.12(b)
				// binds while serving).
				for range 4 {
					if e := genDate(r, 2012, 2025); pp.Start.IsZero() || !e.Before(pp.Start) {
						pp.End = e
						break
					}
				}
			}
			if r.IntN(6) == 0 {
				pp.Status = impartial.Disputed
			}
			if len(m.Parties) > 0 && r.IntN(3) == 0 {
				// On behalf of a party of this matter: a partisan
				// arbitrator (1.12(d)), a former client (1.9(a)).
				if e := pick(r, m.Parties).Entity; e != "" {
					pp.OnBehalfOf = e
				}
			}
			m.Participants = append(m.Participants, pp)
			if len(m.Parties) > 0 && r.IntN(3) == 0 {
				// Negotiating for employment with a party, or with a firm
				// (ABA Model Rule 1.12(b)).
				to := pick(r, m.Parties).Entity
				if r.IntN(2) == 0 && len(nonPeople) > 0 {
					to = pick(r, nonPeople)
				}
				if to != "" && to != pp.Person {
					w.facts.Relationships = append(w.facts.Relationships, &impartial.Relationship{ID: fmt.Sprintf("n%d-%d", i, len(m.Participants)),
						From: pp.Person, To: to, Type: impartial.Employment, Role: "prospective", Span: genSpan(r), Status: impartial.Reported})
				}
			}
		}
		if i > 0 && r.IntN(2) == 0 {
			m.Related = []impartial.MatterLink{{Matter: fmt.Sprintf("m%d", r.IntN(i)), Relation: pick(r, impartial.MatterRelations)}}
		}
		m.Normalize()
		w.facts.Matters = append(w.facts.Matters, m)
	}
	for i := range r.IntN(6) {
		p := &impartial.Permission{ID: fmt.Sprintf("p%d", i), Kind: pick(r, impartial.PermissionKinds), Person: pick(r, people)}
		if r.IntN(3) > 0 {
			p.Matter = pick(r, w.facts.Matters).ID
		}
		if r.IntN(3) == 0 {
			p.Rules = []string{pick(r, ruleIDs)}
		}
		if r.IntN(2) == 0 {
			p.Granted = genDate(r, 2012, 2022)
		}
		if r.IntN(4) == 0 {
			p.Span = genSpan(r)
		}
		w.facts.Permissions = append(w.facts.Permissions, p)
	}
	w.asOf = genDate(r, 2012, 2025)
	if len(w.facts.Events) > 0 && w.asOf.Precision() != impartial.DayPrecision {
		// As of a month or a year, the engine counts a holding held on any
		// day of it (each period of it that overlaps), the reference its
		// state on the last day: the two readings part when an event falls
		// inside, so events are screened as of a day.
		w.asOf = impartial.Day(w.asOf.First().Year(), w.asOf.First().Month(), 1+r.IntN(28))
	}
	return w
}

// addPermissions records permissions aimed at findings the reference makes
// without them: acts of every kind naming the person, or a colleague, the
// matter and sometimes the rule, so that permissions are tested where they
// matter.
func (w *randomWorld) addPermissions(r *rand.Rand, set *rules.Set) {
	var keys []reference.Key
	for _, m := range w.facts.Matters {
		for k := range reference.Screen(&w.facts, set, w.refNames, m, w.asOf) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b reference.Key) int { return strings.Compare(a.String(), b.String()) })
	var people []string
	for _, e := range w.facts.Entities {
		if e.Kind == impartial.Person {
			people = append(people, e.ID)
		}
	}
	for i, k := range keys {
		if r.IntN(2) == 0 {
			continue
		}
		p := &impartial.Permission{ID: fmt.Sprintf("q%d", i), Kind: pick(r, impartial.PermissionKinds), Person: k.Person, Matter: k.Matter}
		if r.IntN(3) == 0 {
			p.Person = pick(r, people) // perhaps a colleague on the path
		}
		if r.IntN(2) == 0 {
			p.Kind = impartial.Screen
		}
		if r.IntN(2) == 0 {
			p.Rules = []string{k.Rule}
		}
		if r.IntN(3) == 0 {
			p.Granted = genDate(r, 2012, 2025)
		}
		w.facts.Permissions = append(w.facts.Permissions, p)
	}
}

func (w *randomWorld) entity(id string) *impartial.Entity {
	for _, e := range w.facts.Entities {
		if e.ID == id {
			return e
		}
	}
	return nil
}

func (w *randomWorld) MatchName(name string) []NameCandidate { return w.names[name] }

func (w *randomWorld) refNames(name string) []reference.Candidate {
	var out []reference.Candidate
	for _, c := range w.names[name] {
		out = append(out, reference.Candidate{Entity: c.Entity, Score: c.Score})
	}
	return out
}

// propertySetup returns the shipped rulebooks, the ids of their rules, and
// how many random graphs a property test generates: IMPARTIAL_PROPERTY_GRAPHS,
// or 3,000.
func propertySetup(t *testing.T) (*rules.Set, []string, int) {
	set := defaultRules(t)
	var ruleIDs []string
	for _, b := range set.Books() {
		for _, r := range b.Rules {
			ruleIDs = append(ruleIDs, r.ID)
		}
	}
	graphs := 3000
	if s := os.Getenv("IMPARTIAL_PROPERTY_GRAPHS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("IMPARTIAL_PROPERTY_GRAPHS=%q: %v", s, err)
		}
		graphs = n
	}
	return set, ruleIDs, graphs
}

// TestEngineAgreesWithReference generates random graphs and checks that the
// engine's findings are the reference evaluator's, outcome and rule, for
// every person and matter. IMPARTIAL_PROPERTY_GRAPHS sets how many (default
// 3,000); a failure names the seed that reproduces it.
func TestEngineAgreesWithReference(t *testing.T) {
	set, ruleIDs, graphs := propertySetup(t)
	findings, failures := 0, 0
	tally := map[string]int{}
	for seed := range uint64(graphs) {
		r := rand.New(rand.NewPCG(seed, 11))
		w := newRandomWorld(r, ruleIDs)
		w.addPermissions(r, set)
		got, err := w.engineFindings(set)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		want := map[reference.Key]impartial.Outcome{}
		for _, m := range w.facts.Matters {
			for k, o := range reference.Screen(&w.facts, set, w.refNames, m, w.asOf) {
				want[k] = o
			}
		}
		findings += len(want)
		for k, o := range want {
			tally[k.Rule+" "+string(o)]++
		}
		if diff := diffOutcomes(got, want); diff != "" {
			failures++
			t.Errorf("seed %d (as of %s): engine and reference differ:\n%s", seed, w.asOf, diff)
			if failures >= 5 {
				t.FailNow()
			}
		}
	}
	t.Logf("%d random graphs, %d findings, engine = reference", graphs, findings)
	if testing.Verbose() {
		keys := make([]string, 0, len(tally))
		for k := range tally {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			t.Logf("  %-50s %d", k, tally[k])
		}
	}
	if findings < graphs/2 {
		t.Errorf("only %d findings in %d graphs: the generator makes too few conflicts to test anything", findings, graphs)
	}
	if graphs >= 1000 {
		// Every rule must be exercised: a rule the generator never makes a
		// finding under is not checked against the reference at all.
		for _, id := range ruleIDs {
			n := 0
			for k, c := range tally {
				if strings.HasPrefix(k, id+" ") {
					n += c
				}
			}
			if n == 0 {
				t.Errorf("rule %s: no finding in %d graphs; the generator does not exercise it", id, graphs)
			}
		}
	}
}

// addEvents gives some holdings a position and trades, and records
// corporate actions among the organisations: mergers, acquisitions (part
// or whole, for stock or cash), spin-offs moving subsidiaries, conversions.
func (w *randomWorld) addEvents(r *rand.Rand, orgs []string) {
	day := func() impartial.Date {
		return impartial.Day(2010+r.IntN(15), time.Month(1+r.IntN(12)), 1+r.IntN(28))
	}
	f := func(v float64) *float64 { return &v }
	for _, rel := range w.facts.Relationships {
		if rel.Type != impartial.Holding || r.IntN(3) > 0 {
			continue
		}
		if r.IntN(3) > 0 {
			rel.Shares = f(pick(r, []float64{10, 100, 150.5, 1000}))
		}
		if r.IntN(3) == 0 {
			rel.ValuedOn = day()
		}
		for k := range 1 + r.IntN(3) {
			t := &impartial.Event{ID: fmt.Sprintf("t-%s-%d", rel.ID, k), Kind: impartial.Trade, Date: day(), Holding: rel.ID,
				Action: pick(r, []impartial.TradeAction{impartial.Buy, impartial.Sell}), Source: "generated"}
			switch {
			case t.Action == impartial.Sell && r.IntN(3) == 0:
				t.All = true
			default:
				t.Shares = f(pick(r, []float64{5, 50, 100, 500}))
			}
			if r.IntN(3) == 0 {
				t.Amount = &impartial.Amount{Min: int64(pick(r, []int{500, 5000, 20000}))}
			}
			t.Normalize()
			w.facts.Events = append(w.facts.Events, t)
		}
	}
	if len(orgs) < 2 {
		return
	}
	for k := range r.IntN(4) {
		a := &impartial.Event{ID: fmt.Sprintf("ca%d", k), Kind: pick(r, []impartial.EventKind{impartial.Merger, impartial.Acquisition, impartial.SpinOff, impartial.Conversion}),
			Date: day(), Entity: pick(r, orgs), Into: pick(r, orgs), Source: "generated"}
		if a.Entity == a.Into {
			continue
		}
		if r.IntN(3) == 0 {
			a.Ratio = f(pick(r, []float64{0.5, 2, 3}))
		}
		switch a.Kind {
		case impartial.Acquisition:
			if r.IntN(2) == 0 {
				a.Percent = f(pick(r, []float64{30, 60, 100}))
			}
			a.Consideration = pick(r, []string{"", impartial.PaidInStock, impartial.PaidInCash})
		case impartial.SpinOff:
			if r.IntN(3) == 0 {
				a.Percent = f(pick(r, []float64{0, 20}))
			}
			for range r.IntN(3) {
				if s := pick(r, orgs); s != a.Entity && s != a.Into && !slices.Contains(a.Subsidiaries, s) {
					a.Subsidiaries = append(a.Subsidiaries, s)
				}
			}
		}
		a.Normalize()
		w.facts.Events = append(w.facts.Events, a)
	}
}

func (w *randomWorld) engineFindings(set *rules.Set) (map[reference.Key]impartial.Outcome, error) {
	var g *Graph
	var err error
	if len(w.facts.Events)%2 == 0 {
		g, err = NewGraph(w.facts.Entities, w.facts.Relationships, w.facts.Contacts)
		for _, e := range w.facts.Events {
			g.PutEvent(e)
		}
	} else {
		// Events before the relationships they reach, as a feed may bring them.
		g = NewEmptyGraph(0, 0)
		for _, e := range w.facts.Entities {
			g.PutEntity(e)
		}
		for _, e := range w.facts.Events {
			g.PutEvent(e)
		}
		for _, rel := range w.facts.Relationships {
			if err = g.PutRelationship(rel); err != nil {
				break
			}
		}
		for _, c := range w.facts.Contacts {
			if err == nil {
				err = g.PutContact(c)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	for _, m := range w.facts.Matters {
		g.PutMatter(m)
	}
	for _, p := range w.facts.Permissions {
		g.PutPermission(p)
	}
	en := NewEngine(g, set, w)
	out := map[reference.Key]impartial.Outcome{}
	for _, m := range w.facts.Matters {
		res, err := en.ScreenMatter(m.ID, w.asOf)
		if err != nil {
			return nil, err
		}
		for _, f := range res.Findings {
			out[reference.Key{Person: f.Person, Matter: f.Matter, Rule: f.Rule}] = f.Outcome
		}
	}
	return out, nil
}

func diffOutcomes(got, want map[reference.Key]impartial.Outcome) string {
	var lines []string
	for k, o := range want {
		if g, ok := got[k]; !ok {
			lines = append(lines, fmt.Sprintf("  %s: engine has no finding, reference %s", k, o))
		} else if g != o {
			lines = append(lines, fmt.Sprintf("  %s: engine %s, reference %s", k, g, o))
		}
	}
	for k, o := range got {
		if _, ok := want[k]; !ok {
			lines = append(lines, fmt.Sprintf("  %s: engine %s, reference has no finding", k, o))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
