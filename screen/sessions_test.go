package screen

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
)

var d = impartial.MustDate

func covered(regime impartial.Regime, position string, start string) *impartial.Coverage {
	return &impartial.Coverage{Regime: regime, Position: position, Span: impartial.Span{Start: d(start)}}
}

// sessionsFacts are the facts of the reference case (cases/sessions-2017.yaml),
// written down as records.
func sessionsFacts() ([]*impartial.Entity, []*impartial.Relationship, []*impartial.Contact, []*impartial.Matter) {
	ents := []*impartial.Entity{
		{ID: "sessions", Kind: impartial.Person, Name: "Jeff Sessions",
			Aliases:  []string{"Jefferson Beauregard Sessions III", "Jefferson B. Sessions", "Sen. Jeff Sessions"},
			Coverage: covered(impartial.DOJ, "Attorney General", "2017-02-09")},
		{ID: "kislyak", Kind: impartial.Person, Name: "Sergey I. Kislyak", Aliases: []string{"Сергей Иванович Кисляк"}},
		{ID: "trump", Kind: impartial.Person, Name: "Donald J. Trump"},
		{ID: "franken", Kind: impartial.Person, Name: "Al Franken"},
		{ID: "clinton", Kind: impartial.Person, Name: "Hillary Clinton"},
		{ID: "rosenstein", Kind: impartial.Person, Name: "Rod J. Rosenstein", Source: "record",
			Coverage: covered(impartial.DOJ, "Deputy Attorney General", "2017-04-26")},
		{ID: "trump-campaign", Kind: impartial.CampaignOrganization, Name: "Donald J. Trump for President, Inc."},
		{ID: "clinton-campaign", Kind: impartial.CampaignOrganization, Name: "Hillary for America"},
		{ID: "russia", Kind: impartial.Government, Name: "Government of the Russian Federation"},
		{ID: "doj", Kind: impartial.GovernmentBody, Name: "U.S. Department of Justice"},
		{ID: "sjc", Kind: impartial.GovernmentBody, Name: "Senate Judiciary Committee"},
		{ID: "sasc", Kind: impartial.GovernmentBody, Name: "Senate Armed Services Committee"},
		{ID: "heritage", Kind: impartial.Organization, Name: "The Heritage Foundation"},
		{ID: "wapo", Kind: impartial.Organization, Name: "The Washington Post"},
		{ID: "gulfport-pharma", Kind: impartial.Company, Name: "Gulfport Pharma LLC", Source: "illustrative"},
	}
	rel := func(id, from string, t impartial.RelType, to, role, start, end, source string) *impartial.Relationship {
		r := &impartial.Relationship{ID: id, From: from, To: to, Type: t, Role: role, Source: source,
			Span: impartial.Span{Start: d(start), End: d(end)}}
		r.Normalize()
		return r
	}
	rels := []*impartial.Relationship{
		rel("r-sessions-sasc", "sessions", impartial.Position, "sasc", "member", "", "2017-02-08", "record"),
		rel("r-sessions-ag", "sessions", impartial.Position, "doj", "Attorney General", "2017-02-09", "", "article"),
		rel("r-sessions-endorser", "sessions", impartial.Campaign, "trump-campaign", "endorser", "2016-02-28", "", "article"),
		rel("r-sessions-adviser", "sessions", impartial.Campaign, "trump-campaign", "principal adviser", "2016-03-03", "2016-11-08", "article"),
		rel("r-sessions-surrogate", "sessions", impartial.Campaign, "trump-campaign", "surrogate", "2016-02-28", "2016-11-08", "article"),
		rel("r-trump-candidate", "trump", impartial.Candidate, "trump-campaign", "", "2015-06-16", "2016-11-08", "record"),
		rel("r-clinton-candidate", "clinton", impartial.Candidate, "clinton-campaign", "", "2015-04-12", "2016-11-08", "record"),
		rel("r-kislyak-ambassador", "kislyak", impartial.Position, "russia", "Ambassador to the United States", "2008-07-26", "2017-07-21", "record"),
		rel("r-franken-sjc", "franken", impartial.Position, "sjc", "member", "2009-07-07", "", "record"),
		rel("r-rosenstein-dag", "rosenstein", impartial.Position, "doj", "Deputy Attorney General", "2017-04-26", "", "record"),
	}
	rels[3].Detail = "chair of the national security advisory committee"
	cons := []*impartial.Contact{
		{ID: "contact-rnc", Participants: []string{"sessions", "kislyak"}, Date: d("2016-07-20"),
			Place: "Republican National Convention, Cleveland", Context: "after an address to a group of ambassadors at a Heritage Foundation event",
			Capacity: impartial.DisputedRole, CapacityDetail: "senator or campaign surrogate",
			ReportedBy: "wapo", ReportedOn: d("2017-03-01"), Status: impartial.Confirmed, StatusDetail: "confirmed by Sessions on 2017-03-02",
			Source: "article"},
		{ID: "contact-office", Participants: []string{"sessions", "kislyak"}, Date: d("2016-09-08"),
			Place: "Sessions' Senate office", Context: "Kislyak paid a visit",
			Capacity: impartial.Official, CapacityDetail: "senator, Senate Armed Services Committee",
			ReportedBy: "wapo", ReportedOn: d("2017-03-01"), Status: impartial.Confirmed, Source: "article"},
	}
	matters := []*impartial.Matter{
		{ID: "m-russia-2016", Title: "Investigation into Russian interference in the 2016 presidential election",
			Kind: impartial.CriminalInvestigation, Opened: d("2016-07-31"), Confidential: true,
			Topics: []string{"2016 presidential campaign", "Russian interference"},
			Parties: []impartial.MatterParty{{Entity: "russia", Role: impartial.Subject},
				{Entity: "trump-campaign", Role: impartial.DirectlyAffected}, {Entity: "clinton-campaign", Role: impartial.Victim}},
			Source: "article"},
		{ID: "m-special-counsel", Title: "Special Counsel investigation of Russian interference and related matters",
			Kind: impartial.CriminalInvestigation, Opened: d("2017-05-17"),
			Topics:  []string{"2016 presidential campaign", "Russian interference"},
			Parties: []impartial.MatterParty{{Entity: "russia", Role: impartial.Subject}, {Entity: "trump-campaign", Role: impartial.DirectlyAffected}},
			Team:    []string{"rosenstein"}, Source: "record"},
		{ID: "m-pharma", Title: "Investigation of opioid distribution by Gulfport Pharma LLC",
			Kind: impartial.CriminalInvestigation, Opened: d("2017-04-03"), Topics: []string{"opioid distribution"},
			Parties: []impartial.MatterParty{{Entity: "gulfport-pharma", Role: impartial.Subject}}, Source: "illustrative"},
	}
	return ents, rels, cons, matters
}

func defaultRules(t testing.TB) *rules.Set {
	t.Helper()
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func sessionsEngine(t testing.TB) *Engine {
	t.Helper()
	ents, rels, cons, matters := sessionsFacts()
	g, err := NewGraph(ents, rels, cons)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range matters {
		g.PutMatter(m)
	}
	return NewEngine(g, defaultRules(t), nil)
}

type verdictKey struct{ person, matter, rule string }

func findingsByKey(fs []impartial.Finding) map[verdictKey]impartial.Finding {
	out := map[verdictKey]impartial.Finding{}
	for _, f := range fs {
		out[verdictKey{f.Person, f.Matter, f.Rule}] = f
	}
	return out
}

func TestSessionsReferenceCase(t *testing.T) {
	en := sessionsEngine(t)
	asOf := d("2017-03-02")

	res, err := en.ScreenMatter("m-russia-2016", asOf)
	if err != nil {
		t.Fatal(err)
	}
	got := map[verdictKey]impartial.Outcome{}
	for _, f := range res.Findings {
		got[verdictKey{f.Person, f.Matter, f.Rule}] = f.Outcome
	}
	want := map[verdictKey]impartial.Outcome{
		{"sessions", "m-russia-2016", "doj-45.2-political"}: impartial.OutcomeRecuse,
		{"sessions", "m-russia-2016", "doj-45.2-contacts"}:  impartial.OutcomeReview,
	}
	if !mapsEqual(got, want) {
		t.Fatalf("findings for m-russia-2016 as of %s:\n got %v\nwant %v\n%s", asOf, got, want, explainAll(res))
	}

	fs := findingsByKey(res.Findings)
	pol := fs[verdictKey{"sessions", "m-russia-2016", "doj-45.2-political"}]
	if pol.Citation != "28 CFR 45.2(a), (c)(1)" || pol.RulebookVersion == "" || pol.Rulebook != "us-executive-doj" {
		t.Errorf("political finding: citation %q rulebook %q version %q", pol.Citation, pol.Rulebook, pol.RulebookVersion)
	}
	// The recusal path: sessions → trump-campaign (principal adviser) → the matter, with dates and source.
	first := pol.Paths[0]
	if first.Outcome != impartial.OutcomeRecuse || len(first.Steps) != 2 {
		t.Fatalf("first path: %+v", first)
	}
	adv, party := first.Steps[0], first.Steps[1]
	if adv.Record != "r-sessions-adviser" || adv.From != "sessions" || adv.To != "trump-campaign" ||
		adv.Start != d("2016-03-03") || adv.End != d("2016-11-08") || adv.Source != "article" {
		t.Errorf("adviser step: %+v", adv)
	}
	if party.Kind != impartial.StepParty || party.From != "trump-campaign" || party.PartyRole != impartial.DirectlyAffected || party.To != "m-russia-2016" {
		t.Errorf("party step: %+v", party)
	}
	recs := pathRecords(pol)
	if !slices.Contains(recs, "r-sessions-surrogate") {
		t.Errorf("political finding should also show the surrogate path; paths: %v", recs)
	}
	if slices.Contains(recs, "r-sessions-endorser") {
		t.Errorf("an endorsement is not service as adviser or official; paths: %v", recs)
	}
	ex := pol.Explain()
	for _, s := range []string{"Jeff Sessions was principal adviser (chair of the national security advisory committee) to Donald J. Trump for President, Inc. (2016-03-03 – 2016-11-08; source: article)",
		"directly affected by the matter", "28 CFR 45.2(a), (c)(1)", "RECUSE"} {
		if !strings.Contains(ex, s) {
			t.Errorf("explanation lacks %q:\n%s", s, ex)
		}
	}

	// The Kislyak meetings: a separate review finding, both meetings, through the ambassador's post at a subject.
	con := fs[verdictKey{"sessions", "m-russia-2016", "doj-45.2-contacts"}]
	if con.Outcome != impartial.OutcomeReview {
		t.Errorf("contacts finding outcome %s, want review", con.Outcome)
	}
	crecs := pathRecords(con)
	for _, want := range []string{"contact-rnc", "contact-office", "r-kislyak-ambassador"} {
		if !slices.Contains(crecs, want) {
			t.Errorf("contacts finding lacks %s: %v", want, crecs)
		}
	}
	for _, p := range con.Paths {
		if last := p.Steps[len(p.Steps)-1]; last.From != "russia" || last.PartyRole != impartial.Subject {
			t.Errorf("contact path should end at Russia as a subject: %+v", last)
		}
	}

	// Every finding's explanation names the citation and each step's date and source.
	for _, f := range res.Findings {
		checkExplained(t, f)
	}
}

func TestSessionsOtherPairs(t *testing.T) {
	en := sessionsEngine(t)
	tests := []struct {
		person, matter, asOf string
		want                 impartial.Outcome
	}{
		{"rosenstein", "m-special-counsel", "2017-05-17", impartial.OutcomeClear},
		{"sessions", "m-pharma", "2017-04-03", impartial.OutcomeClear},
		{"sessions", "m-special-counsel", "2017-05-17", impartial.OutcomeRecuse},
		// Before he was covered (Attorney General from 2017-02-09), Sessions is not screened.
		{"sessions", "m-russia-2016", "2016-08-01", impartial.OutcomeClear},
	}
	for _, tt := range tests {
		t.Run(tt.person+"×"+tt.matter, func(t *testing.T) {
			v, err := en.ScreenPair(tt.person, tt.matter, d(tt.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if v.Outcome != tt.want {
				t.Errorf("got %s, want %s\n%s", v.Outcome, tt.want, v.Explain())
			}
		})
	}
}

func TestNonCoveredNeverScreened(t *testing.T) {
	en := sessionsEngine(t)
	for _, m := range []string{"m-russia-2016", "m-special-counsel", "m-pharma"} {
		res, err := en.ScreenMatter(m, d("2017-06-01"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Person != "sessions" && f.Person != "rosenstein" {
				t.Errorf("%s was screened but is not covered: %s", f.Person, f.Explain())
			}
		}
	}
	// kislyak is one hop from Russia and trump is the campaign's candidate: still nothing.
	v, err := en.ScreenPair("kislyak", "m-russia-2016", d("2017-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if v.Outcome != impartial.OutcomeClear {
		t.Errorf("kislyak: %s", v.Explain())
	}
}

func TestScreenPersonFindsSameAsMatter(t *testing.T) {
	en := sessionsEngine(t)
	asOf := d("2017-06-01")
	byPerson, err := en.ScreenPerson("sessions", asOf)
	if err != nil {
		t.Fatal(err)
	}
	var fromMatters []impartial.Finding
	for _, m := range []string{"m-russia-2016", "m-special-counsel", "m-pharma"} {
		res, err := en.ScreenMatter(m, asOf)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Person == "sessions" {
				fromMatters = append(fromMatters, f)
			}
		}
	}
	got, want := keysOf(byPerson.Findings), keysOf(fromMatters)
	if !slices.Equal(got, want) {
		t.Errorf("ScreenPerson found %v, ScreenMatter found %v", got, want)
	}
	if len(got) == 0 {
		t.Error("no findings at all")
	}
}

func keysOf(fs []impartial.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Person+"/"+f.Matter+"/"+f.Rule+"/"+string(f.Outcome))
	}
	slices.Sort(out)
	return out
}

var datePattern = regexp.MustCompile(`\d{4}(-\d{2}){0,2}`)

// checkExplained checks that a finding's explanation names the rule's
// citation, and every step's explanation a date and a source.
func checkExplained(t *testing.T, f impartial.Finding) {
	t.Helper()
	ex := f.Explain()
	if !strings.Contains(ex, f.Citation) || f.Citation == "" {
		t.Errorf("%s/%s/%s: explanation does not name the citation %q:\n%s", f.Person, f.Matter, f.Rule, f.Citation, ex)
	}
	for i, p := range f.Paths {
		for j, st := range p.Steps {
			se := st.Explain()
			if !datePattern.MatchString(se) {
				t.Errorf("%s path %d step %d has no date: %s", f.Rule, i+1, j+1, se)
			}
			if !strings.Contains(se, "source: ") || strings.Contains(se, "source: not recorded") {
				t.Errorf("%s path %d step %d has no source: %s", f.Rule, i+1, j+1, se)
			}
			if !strings.Contains(ex, se) {
				t.Errorf("%s: the finding's explanation leaves out step %q", f.Rule, se)
			}
		}
	}
}

func pathRecords(f impartial.Finding) []string {
	var out []string
	for _, p := range f.Paths {
		for _, s := range p.Steps {
			out = append(out, s.Record)
		}
	}
	return out
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func explainAll(r *Result) string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString(f.Explain())
		b.WriteString("\n\n")
	}
	for _, w := range r.Warnings {
		b.WriteString("warning: " + w + "\n")
	}
	return b.String()
}
