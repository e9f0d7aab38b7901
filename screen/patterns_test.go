package screen

import (
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

// world is a small set of facts written for one test case.
type world struct {
	ents     []*impartial.Entity
	rels     []*impartial.Relationship
	contacts []*impartial.Contact
	matters  []*impartial.Matter
	perms    []*impartial.Permission
}

func (w *world) person(id, name string, regime impartial.Regime) *world {
	e := &impartial.Entity{ID: id, Kind: impartial.Person, Name: name}
	if regime != "" {
		e.Coverage = &impartial.Coverage{Regime: regime, Span: impartial.Span{Start: d("2000-01-01")}}
	}
	w.ents = append(w.ents, e)
	return w
}

func (w *world) entity(id string, kind impartial.EntityKind, name string, flags ...impartial.Flag) *world {
	w.ents = append(w.ents, &impartial.Entity{ID: id, Kind: kind, Name: name, Flags: flags})
	return w
}

// rel adds a relationship; opts set role, dates, amount, percent, whose, status.
func (w *world) rel(id, from string, t impartial.RelType, to string, opts ...func(*impartial.Relationship)) *world {
	r := &impartial.Relationship{ID: id, From: from, To: to, Type: t, Source: "test disclosure", Span: impartial.Span{Start: d("2010-01-01")}}
	for _, o := range opts {
		o(r)
	}
	r.Normalize()
	w.rels = append(w.rels, r)
	return w
}

func role(s string) func(*impartial.Relationship) {
	return func(r *impartial.Relationship) { r.Role = s }
}
func span(from, to string) func(*impartial.Relationship) {
	return func(r *impartial.Relationship) { r.Span = impartial.Span{Start: d(from), End: d(to)} }
}
func amount(n int64) func(*impartial.Relationship) {
	return func(r *impartial.Relationship) { r.Amount = &impartial.Amount{Min: n} }
}
func pct(p float64) func(*impartial.Relationship) {
	return func(r *impartial.Relationship) { r.Percent = &p }
}
func disputed(r *impartial.Relationship) { r.Status = impartial.Disputed }

func (w *world) matter(id string, kind impartial.MatterKind, opened string, parties ...impartial.MatterParty) *world {
	w.matters = append(w.matters, &impartial.Matter{ID: id, Title: "Matter " + id, Kind: kind, Opened: d(opened),
		Parties: parties, Source: "case intake"})
	return w
}

func party(entity string, r impartial.PartyRole) impartial.MatterParty {
	return impartial.MatterParty{Entity: entity, Role: r}
}

func named(name string, r impartial.PartyRole) impartial.MatterParty {
	return impartial.MatterParty{Name: name, Role: r}
}

func (w *world) contact(id string, date string, capacity impartial.Capacity, who ...string) *world {
	w.contacts = append(w.contacts, &impartial.Contact{ID: id, Participants: who, Date: d(date), Capacity: capacity,
		Status: impartial.Confirmed, Source: "calendar"})
	return w
}

func (w *world) engine(t *testing.T, names NameMatcher) *Engine {
	t.Helper()
	g, err := NewGraph(w.ents, w.rels, w.contacts)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range w.matters {
		g.PutMatter(m)
	}
	for _, p := range w.perms {
		g.PutPermission(p)
	}
	return NewEngine(g, defaultRules(t), names)
}

// stubMatcher is a test double for the name matcher: fixed candidates per
// name. The names package's index is exercised in TestNameMatchWithIndex.
type stubMatcher map[string][]NameCandidate

func (m stubMatcher) MatchName(name string) []NameCandidate { return m[name] }

// A judge (judiciary), an executive-branch employee and a DOJ lawyer, with
// the same kinds of facts each, so that one table can compare regimes.
func people() *world {
	w := &world{}
	w.person("judge", "Judge Ada Park", impartial.Judiciary).
		person("official", "Ben Ortiz", impartial.Executive).
		person("prosecutor", "Cora Lin", impartial.DOJ).
		person("lawyer", "Dan Reyes", impartial.LawFirm)
	return w
}

type patternCase struct {
	name     string
	world    func() *world
	person   string
	matter   string
	asOf     string
	names    NameMatcher
	want     impartial.Outcome
	wantRule string // the rule of the strictest finding; "" when clear
	wantIn   []string
}

func runPatternCases(t *testing.T, cases []patternCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			en := tc.world().engine(t, tc.names)
			v, err := en.ScreenPair(tc.person, tc.matter, d(tc.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if v.Outcome != tc.want {
				t.Fatalf("got %s, want %s\n%s", v.Outcome, tc.want, v.Explain())
			}
			if tc.wantRule != "" {
				if len(v.Findings) == 0 || v.Findings[0].Rule != tc.wantRule {
					t.Fatalf("strictest finding is not under %s:\n%s", tc.wantRule, v.Explain())
				}
			}
			ex := v.Explain()
			for _, s := range tc.wantIn {
				if !strings.Contains(ex, s) {
					t.Errorf("explanation lacks %q:\n%s", s, ex)
				}
			}
			for _, f := range v.Findings {
				checkExplained(t, f)
			}
		})
	}
}

func TestFinancialInterestPatterns(t *testing.T) {
	// A spouse holds shares in MegaCorp, which owns all of SubCo, a party.
	spouseHolding := func(value int64) func() *world {
		return func() *world {
			w := people()
			for _, p := range []string{"judge", "official"} {
				w.person(p+"-spouse", "Spouse of "+p, "").rel("r-"+p+"-spouse", p, impartial.Family, p+"-spouse", role("spouse"))
				w.rel("r-"+p+"-spouse-mega", p+"-spouse", impartial.Holding, "megacorp", amount(value))
			}
			w.entity("megacorp", impartial.Company, "MegaCorp Inc.", impartial.PubliclyTraded).
				entity("subco", impartial.Company, "SubCo LLC").
				rel("r-mega-sub", "megacorp", impartial.Ownership, "subco", pct(100)).
				matter("m-case", impartial.CivilCase, "2020-01-15", party("subco", impartial.Party))
			return w
		}
	}
	// The judge holds Acquirer; Acquirer buys Target (a party) on 2021-06-01, mid-matter.
	merger := func() *world {
		w := people()
		for _, p := range []string{"judge", "official"} {
			w.rel("r-"+p+"-acq", p, impartial.Holding, "acquirer", amount(100000))
		}
		return w.entity("acquirer", impartial.Company, "Acquirer Corp", impartial.PubliclyTraded).
			entity("target", impartial.Company, "Target Inc").
			rel("r-merger", "acquirer", impartial.Ownership, "target", pct(100), span("2021-06-01", "")).
			matter("m-case", impartial.CivilCase, "2021-01-04", party("target", impartial.Party))
	}
	// The same small holding ($1,000) of a publicly traded party.
	small := func(publicly bool) func() *world {
		return func() *world {
			w := people()
			var flags []impartial.Flag
			if publicly {
				flags = append(flags, impartial.PubliclyTraded)
			}
			w.entity("widgets", impartial.Company, "Widgets Inc.", flags...)
			for _, p := range []string{"judge", "official"} {
				w.rel("r-"+p+"-widgets", p, impartial.Holding, "widgets", amount(1000))
			}
			return w.matter("m-case", impartial.CivilCase, "2020-01-15", party("widgets", impartial.Party))
		}
	}
	// An index fund (diversified) holds the party; a private fund does too.
	funds := func(diversified bool) func() *world {
		return func() *world {
			w := people()
			flag := impartial.SectorFund
			if diversified {
				flag = impartial.DiversifiedFund
			}
			w.entity("fund", impartial.Company, "Total Market Index Fund", flag).
				entity("widgets", impartial.Company, "Widgets Inc.", impartial.PubliclyTraded).
				rel("r-fund-widgets", "fund", impartial.Holding, "widgets", amount(50_000_000)).
				rel("r-fund-owns", "fund", impartial.Ownership, "widgets", pct(60))
			for _, p := range []string{"judge", "official"} {
				w.rel("r-"+p+"-fund", p, impartial.Holding, "fund", amount(250000))
			}
			return w.matter("m-case", impartial.CivilCase, "2020-01-15", party("widgets", impartial.Party))
		}
	}
	// The judge holds Apple Inc.; the party is Apple Hospitality REIT, a different company.
	lookalike := func() *world {
		w := people()
		w.entity("apple", impartial.Company, "Apple Inc.", impartial.PubliclyTraded).
			entity("apple-hosp", impartial.Company, "Apple Hospitality REIT, Inc.", impartial.PubliclyTraded).
			rel("r-judge-apple", "judge", impartial.Holding, "apple", amount(20000))
		return w.matter("m-case", impartial.CivilCase, "2020-01-15", party("apple-hosp", impartial.Party)).
			matter("m-named", impartial.CivilCase, "2020-01-15", named("Apple Hospitality REIT", impartial.Party))
	}
	lookalikeNames := stubMatcher{"Apple Hospitality REIT": {
		{Entity: "apple-hosp", Matched: "Apple Hospitality REIT, Inc.", Score: 0.97, Explanation: "same words; legal form ignored"},
		{Entity: "apple", Matched: "Apple Inc.", Score: 0.52, Explanation: "one word of three in common"},
	}}

	runPatternCases(t, []patternCase{
		{name: "spouse's holding in the parent of a party disqualifies a judge", world: spouseHolding(5000),
			person: "judge", matter: "m-case", asOf: "2020-06-01", want: impartial.OutcomeRecuse, wantRule: "455b4-financial",
			wantIn: []string{"28 USC 455(b)(4)", "Spouse of judge holds a financial interest in MegaCorp Inc.", "MegaCorp Inc. owns 100% of SubCo LLC", "SubCo LLC is a party to the matter", "Cannot be waived"}},
		{name: "spouse's small holding in the parent of a party is de minimis for an executive employee", world: spouseHolding(5000),
			person: "official", matter: "m-case", asOf: "2020-06-01", want: impartial.OutcomePermitted, wantRule: "18usc208-financial",
			wantIn: []string{"5 CFR 2640.202(a)", "USD 5000"}},
		{name: "spouse's large holding in the parent of a party disqualifies an executive employee", world: spouseHolding(40000),
			person: "official", matter: "m-case", asOf: "2020-06-01", want: impartial.OutcomeRecuse, wantRule: "18usc208-financial",
			wantIn: []string{"Not exempt under 5 CFR 2640.202(a)", "18 USC 208(b)(1)"}},
		{name: "before the merger the holding is not the parent of the party", world: merger,
			person: "judge", matter: "m-case", asOf: "2021-05-31", want: impartial.OutcomeClear},
		{name: "after the merger the holding is the parent of the party", world: merger,
			person: "judge", matter: "m-case", asOf: "2021-06-01", want: impartial.OutcomeRecuse, wantRule: "455b4-financial",
			wantIn: []string{"Acquirer Corp owns 100% of Target Inc (from 2021-06-01"}},
		{name: "after the merger, executive employee, above de minimis", world: merger,
			person: "official", matter: "m-case", asOf: "2021-07-01", want: impartial.OutcomeRecuse, wantRule: "18usc208-financial"},
		{name: "small publicly traded holding exempt for an executive employee", world: small(true),
			person: "official", matter: "m-case", asOf: "2020-06-01", want: impartial.OutcomePermitted, wantRule: "18usc208-financial",
			wantIn: []string{"exempt under 5 CFR 2640.202(a)", "PERMITTED"}},
		{name: "the same small holding disqualifies a judge", world: small(true),
			person: "judge", matter: "m-case", asOf: "2020-06-01", want: impartial.OutcomeRecuse, wantRule: "455b4-financial"},
		{name: "a small holding that is not publicly traded is not de minimis", world: small(false),
			person: "official", matter: "m-case", asOf: "2020-06-01", want: impartial.OutcomeRecuse, wantRule: "18usc208-financial"},
		{name: "an index fund that holds a party: no conflict for a judge", world: funds(true),
			person: "judge", matter: "m-case", asOf: "2020-06-01", want: impartial.OutcomeClear},
		{name: "an index fund that holds a party: no conflict for an executive employee", world: funds(true),
			person: "official", matter: "m-case", asOf: "2020-06-01", want: impartial.OutcomeClear},
		{name: "a sector fund that controls a party is an interest for a judge", world: funds(false),
			person: "judge", matter: "m-case", asOf: "2020-06-01", want: impartial.OutcomeRecuse, wantRule: "455b4-financial"},
		{name: "a party whose name resembles a held company is not that company", world: lookalike,
			person: "judge", matter: "m-case", asOf: "2020-06-01", want: impartial.OutcomeClear},
		{name: "a party known by a name resembling a held company, matched by name", world: lookalike, names: lookalikeNames,
			person: "judge", matter: "m-named", asOf: "2020-06-01", want: impartial.OutcomeClear},
	})
}

func TestLookBackAndRelationshipPatterns(t *testing.T) {
	// The official left Hale & Dorr LLP on 2020-03-01; the firm is a party.
	formerEmployer := func() *world {
		w := people()
		return w.entity("firm", impartial.Organization, "Hale & Dorr LLP").
			rel("r-official-firm", "official", impartial.Employment, "firm", role("associate"), span("2015-09-01", "2020-03-01")).
			matter("m-grant", impartial.Proceeding, "2020-06-01", party("firm", impartial.Party)).
			matter("m-rule", impartial.Rulemaking, "2020-06-01", party("firm", impartial.Party))
	}
	// The prosecutor's brother is a target; a cousin is a subject.
	family := func() *world {
		w := people()
		return w.person("brother", "Eli Lin", "").person("cousin", "Fay Lin", "").
			rel("r-brother", "brother", impartial.Family, "prosecutor", role("sibling")).
			rel("r-cousin", "prosecutor", impartial.Family, "cousin", role("relative")).
			matter("m-brother", impartial.Prosecution, "2020-01-01", party("brother", impartial.Target)).
			matter("m-cousin", impartial.CriminalInvestigation, "2020-01-01", party("cousin", impartial.Subject)).
			matter("m-civil", impartial.CivilInvestigation, "2020-01-01", party("brother", impartial.Subject))
	}
	// The judge's niece (third degree: judge → sibling → child) is counsel; a
	// second cousin (beyond) is a party.
	judgeFamily := func() *world {
		w := people()
		return w.person("sister", "Gia Park", "").person("niece", "Hana Park", "").person("aunt", "Ivy Park", "").
			person("cousin", "Jo Park", "").person("cousin2", "Kai Park", "").
			rel("r-sister", "judge", impartial.Family, "sister", role("sibling")).
			rel("r-niece", "niece", impartial.Family, "sister", role("parent")).
			rel("r-aunt", "judge", impartial.Family, "aunt", role("relative")).
			rel("r-mother", "judge", impartial.Family, "aunt", role("parent")).
			matter("m-niece", impartial.CivilCase, "2020-01-01", party("niece", impartial.Counsel)).
			matter("m-sister-disputed", impartial.CivilCase, "2020-01-01", party("sister", impartial.Party))
	}
	runPatternCases(t, []patternCase{
		{name: "former employer within the last year", world: formerEmployer,
			person: "official", matter: "m-grant", asOf: "2020-12-01", want: impartial.OutcomeAuthorizationRequired, wantRule: "5cfr2635.502-covered",
			wantIn: []string{"5 CFR 2635.502(b)(1)(iv)", "Ben Ortiz was employed by Hale & Dorr LLP as associate (2015-09-01 – 2020-03-01; source: test disclosure)", "5 CFR 2635.502(d)"}},
		{name: "former employer more than a year ago", world: formerEmployer,
			person: "official", matter: "m-grant", asOf: "2021-03-02", want: impartial.OutcomeClear},
		{name: "former employer exactly a year ago is still within the year", world: formerEmployer,
			person: "official", matter: "m-grant", asOf: "2021-03-01", want: impartial.OutcomeAuthorizationRequired},
		{name: "5 CFR 2635.502 does not reach matters of general applicability", world: formerEmployer,
			person: "official", matter: "m-rule", asOf: "2020-12-01", want: impartial.OutcomeClear},
		{name: "a sibling who is a target: presumed personal relationship (recorded the other way round)", world: family,
			person: "prosecutor", matter: "m-brother", asOf: "2020-06-01", want: impartial.OutcomeRecuse, wantRule: "doj-45.2-personal",
			wantIn: []string{"28 CFR 45.2(a), (c)(2)", "Cora Lin is Eli Lin's sibling"}},
		{name: "a cousin who is a subject: review, not presumed", world: family,
			person: "prosecutor", matter: "m-cousin", asOf: "2020-06-01", want: impartial.OutcomeReview, wantRule: "5cfr2635.502-covered"},
		{name: "28 CFR 45.2 applies only to criminal matters", world: family,
			person: "prosecutor", matter: "m-civil", asOf: "2020-06-01", want: impartial.OutcomeReview, wantRule: "5cfr2635.502-covered"},
		{name: "a niece within the third degree acting as counsel", world: judgeFamily,
			person: "judge", matter: "m-niece", asOf: "2020-06-01", want: impartial.OutcomeRecuse, wantRule: "455b5-relative",
			wantIn: []string{"third degree", "Hana Park is counsel in the matter"}},
	})
}

func TestDisputedFactLowersToReview(t *testing.T) {
	w := func() *world {
		ww := people()
		return ww.entity("widgets", impartial.Company, "Widgets Inc.").
			rel("r-judge-widgets", "judge", impartial.Holding, "widgets", amount(500), disputed).
			matter("m-case", impartial.CivilCase, "2020-01-15", party("widgets", impartial.Party))
	}
	runPatternCases(t, []patternCase{{name: "disputed holding", world: w, person: "judge", matter: "m-case", asOf: "2020-06-01",
		want: impartial.OutcomeReview, wantRule: "455b4-financial", wantIn: []string{"Lowered to review", "Judge Ada Park's holding in Widgets Inc. (relationship r-judge-widgets) is disputed", "status: disputed"}}})
}

func TestContactCapacity(t *testing.T) {
	// The prosecutor met Ruritania's ambassador; Ruritania is a subject.
	base := func(contacts func(w *world)) func() *world {
		return func() *world {
			w := people()
			w.entity("ruritania", impartial.Government, "Republic of Ruritania").
				person("amb", "Ambassador Otto Varga", "").
				rel("r-amb", "amb", impartial.Position, "ruritania", role("Ambassador to the United States"), span("2015-01-01", "2019-12-31")).
				matter("m-probe", impartial.CriminalInvestigation, "2020-02-01", party("ruritania", impartial.Subject))
			contacts(w)
			return w
		}
	}
	runPatternCases(t, []patternCase{
		{name: "one contact in an official capacity is not reported", person: "prosecutor", matter: "m-probe", asOf: "2020-06-01",
			world: base(func(w *world) { w.contact("c1", "2019-05-01", impartial.Official, "prosecutor", "amb") }),
			want:  impartial.OutcomeClear},
		{name: "one contact in a campaign capacity goes to review, never recusal", person: "prosecutor", matter: "m-probe", asOf: "2020-06-01",
			world:  base(func(w *world) { w.contact("c1", "2019-05-01", impartial.CampaignRole, "prosecutor", "amb") }),
			want:   impartial.OutcomeReview,
			wantIn: []string{"capacity: campaign", "Ambassador Otto Varga was Ambassador to the United States at Republic of Ruritania", "on 2019-05-01"}},
		{name: "two official contacts go to review", person: "prosecutor", matter: "m-probe", asOf: "2020-06-01",
			world: base(func(w *world) {
				w.contact("c1", "2019-05-01", impartial.Official, "prosecutor", "amb").contact("c2", "2019-07-01", impartial.Official, "amb", "prosecutor")
			}),
			want: impartial.OutcomeReview},
		{name: "a contact after the ambassador left the post does not reach the government", person: "prosecutor", matter: "m-probe", asOf: "2020-06-01",
			world: base(func(w *world) { w.contact("c1", "2020-03-01", impartial.CampaignRole, "prosecutor", "amb") }),
			want:  impartial.OutcomeClear},
		{name: "a judge's campaign-capacity contact: 455(a) review", person: "judge", matter: "m-suit", asOf: "2020-06-01",
			world: base(func(w *world) {
				w.contact("c1", "2019-05-01", impartial.Personal, "judge", "amb").
					matter("m-suit", impartial.CivilCase, "2020-02-01", party("ruritania", impartial.Party))
			}),
			want: impartial.OutcomeReview, wantRule: "455a-contacts"},
	})
}

func TestNameOnlyParties(t *testing.T) {
	w := func() *world {
		ww := people()
		return ww.entity("gazprom", impartial.Company, "Gazprom PJSC").
			person("kisl", "Sergey Kislyak", "").
			rel("r-judge-gazprom", "judge", impartial.Holding, "gazprom", amount(3000)).
			rel("r-judge-kisl", "judge", impartial.Family, "kisl", role("spouse")).
			matter("m-oao", impartial.CivilCase, "2020-01-01", named("OAO Gazprom", impartial.Party)).
			matter("m-cyr", impartial.CivilCase, "2020-01-01", named("ПАО Газпром", impartial.Party)).
			matter("m-weak", impartial.CivilCase, "2020-01-01", named("Gazprombank", impartial.Party)).
			matter("m-person", impartial.CivilCase, "2020-01-01", named("Сергей Кисляк", impartial.Party))
	}
	// TODO(names): these candidates stand in for the names package; the
	// same cases run against the real index in TestNameMatchWithIndex.
	stub := stubMatcher{
		"OAO Gazprom":   {{Entity: "gazprom", Matched: "Gazprom PJSC", Score: 0.96, Explanation: "legal forms OAO and PJSC ignored; Gazprom = Gazprom"}},
		"ПАО Газпром":   {{Entity: "gazprom", Matched: "Gazprom PJSC", Score: 0.93, Explanation: "Газпром transliterates to Gazprom; ПАО = PJSC"}},
		"Gazprombank":   {{Entity: "gazprom", Matched: "Gazprom PJSC", Score: 0.74, Explanation: "Gazprombank contains Gazprom"}},
		"Сергей Кисляк": {{Entity: "kisl", Matched: "Sergey Kislyak", Score: 0.98, Explanation: "Сергей = Sergey, Кисляк = Kislyak"}},
	}
	runPatternCases(t, []patternCase{
		{name: "legal-form variant", world: w, names: stub, person: "judge", matter: "m-oao", asOf: "2020-06-01",
			want: impartial.OutcomeRecuse, wantRule: "455b4-financial",
			wantIn: []string{`the matter names a party "OAO Gazprom", matched by name to Gazprom PJSC ("Gazprom PJSC", score 0.96: legal forms OAO and PJSC ignored`}},
		{name: "transliterated name", world: w, names: stub, person: "judge", matter: "m-cyr", asOf: "2020-06-01",
			want: impartial.OutcomeRecuse, wantIn: []string{"score 0.93", "transliterates"}},
		{name: "a weak name match goes to review", world: w, names: stub, person: "judge", matter: "m-weak", asOf: "2020-06-01",
			want: impartial.OutcomeReview, wantIn: []string{"identified by name only", "0.74"}},
		{name: "a person matched by name alone goes to review", world: w, names: stub, person: "judge", matter: "m-person", asOf: "2020-06-01",
			want: impartial.OutcomeReview, wantRule: "455b5-relative", wantIn: []string{"a person matched by name alone"}},
		{name: "without a matcher a name-only party is not screened", world: w, person: "judge", matter: "m-oao", asOf: "2020-06-01",
			want: impartial.OutcomeClear},
	})
}

func TestNameMatchWithIndex(t *testing.T) {
	w := &world{}
	w.person("judge", "Judge Ada Park", impartial.Judiciary).
		entity("gazprom", impartial.Company, "Gazprom PJSC").
		entity("apple", impartial.Company, "Apple Inc.").
		rel("r-judge-gazprom", "judge", impartial.Holding, "gazprom", amount(3000)).
		rel("r-judge-apple", "judge", impartial.Holding, "apple", amount(3000)).
		matter("m-oao", impartial.CivilCase, "2020-01-01", named("OAO Gazprom", impartial.Party)).
		matter("m-apple-hosp", impartial.CivilCase, "2020-01-01", named("Apple Hospitality REIT", impartial.Party))
	ix, err := NewNameIndex(w.ents)
	if err != nil {
		t.Fatal(err)
	}
	en := w.engine(t, IndexMatcher{Index: ix})
	v, err := en.ScreenPair("judge", "m-oao", d("2020-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if v.Outcome == impartial.OutcomeClear {
		t.Errorf("OAO Gazprom should match Gazprom PJSC:\n%s", v.Explain())
	} else if st := v.Findings[0].Paths[0].Steps; !slices.ContainsFunc(st, func(s impartial.Step) bool {
		return s.Kind == impartial.StepNameMatch && s.Match != nil && s.Match.Score > 0 && s.Match.Explanation != ""
	}) {
		t.Errorf("no name-match step with score and explanation: %+v", st)
	}
	v, err = en.ScreenPair("judge", "m-apple-hosp", d("2020-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if v.Outcome != impartial.OutcomeClear {
		t.Errorf("Apple Hospitality REIT is not Apple Inc.:\n%s", v.Explain())
	}
}
