package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/service"
)

// ageGroup is a band of how long findings have waited.
type ageGroup struct {
	Label string
	Rows  []queueRow
}

// outcomeGroup is the queue's findings of one outcome, by age.
type outcomeGroup struct {
	Outcome impartial.Outcome
	ID      string
	Count   int
	Ages    []ageGroup
}

type queueRow struct {
	Item service.QueueItem
	Link string
	Why  string
	Age  string
}

type queueData struct {
	Query   service.FindingQuery
	Groups  []outcomeGroup
	Total   int
	Counts  []outcomeCount
	Regimes []impartial.Regime
	// Outcomes are those the outcome filter offers.
	Outcomes  []impartial.Outcome
	Truncated bool
	Filtered  bool
}

type outcomeCount struct {
	Outcome impartial.Outcome
	ID      string
	N       int
}

var queueOutcomes = []impartial.Outcome{impartial.OutcomeRecuse, impartial.OutcomeAuthorizationRequired, impartial.OutcomeReview}

// ageBands are the age groups of the queue, youngest first.
var ageBands = []struct {
	label string
	upTo  time.Duration
}{
	{"Screened in the last day", 24 * time.Hour},
	{"Waiting up to a week", 7 * 24 * time.Hour},
	{"Waiting up to 30 days", 30 * 24 * time.Hour},
	{"Waiting more than 30 days", 1<<63 - 1},
}

func (s *Site) queue(w http.ResponseWriter, r *http.Request, c *request) error {
	q := r.URL.Query()
	fq := service.FindingQuery{Person: strings.TrimSpace(q.Get("person")), Matter: strings.TrimSpace(q.Get("matter")),
		Rule: strings.TrimSpace(q.Get("rule")), Regime: impartial.Regime(q.Get("regime")), Outcome: impartial.Outcome(q.Get("outcome")),
		Decided: q.Get("decided") == "on"}
	res, err := s.svc.Queue(r.Context(), c.actor, fq)
	if err != nil {
		return err
	}
	now := s.svc.Now()
	d := queueData{Query: fq, Regimes: impartial.Regimes, Outcomes: queueOutcomes, Truncated: res.Truncated, Total: len(res.Items),
		Filtered: fq != service.FindingQuery{}}
	for _, o := range queueOutcomes {
		d.Counts = append(d.Counts, outcomeCount{Outcome: o, ID: string(o), N: res.Counts[o]})
		g := outcomeGroup{Outcome: o, ID: string(o), Count: res.Counts[o]}
		for _, band := range ageBands {
			ag := ageGroup{Label: band.label}
			for _, it := range res.Items {
				if it.Outcome != o {
					continue
				}
				age := now.Sub(it.ComputedAt)
				if age < 0 {
					age = 0
				}
				if !bandOf(age, band.upTo) {
					continue
				}
				ag.Rows = append(ag.Rows, queueRow{Item: it, Link: findingLink(it.Person, it.Matter, it.Rule), Why: shortWhy(&it.Finding), Age: ageText(age)})
			}
			if len(ag.Rows) > 0 {
				g.Ages = append(g.Ages, ag)
			}
		}
		if g.Count > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	v := c.view("Findings queue", d)
	v.Nav = "findings"
	return s.render(w, r, http.StatusOK, "queue", v)
}

// bandOf reports whether age falls in the band that ends at upTo (and
// starts at the previous band's end).
func bandOf(age, upTo time.Duration) bool {
	prev := time.Duration(0)
	for _, b := range ageBands {
		if b.upTo == upTo {
			return age >= prev && age < upTo
		}
		prev = b.upTo
	}
	return false
}

func ageText(d time.Duration) string {
	switch {
	case d < time.Hour:
		return "under an hour"
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

func findingLink(person, matter, rule string) string {
	return "/ui/findings/" + pathEscape(person, matter, rule)
}

// shortWhy says in a line why the finding was made: the chain of its
// strictest path, from the person to the party's role in the matter.
func shortWhy(f *impartial.Finding) string {
	if len(f.Paths) == 0 {
		return f.Reason
	}
	best := f.Paths[0]
	for _, p := range f.Paths[1:] {
		if p.Outcome.Severity() > best.Outcome.Severity() {
			best = p
		}
	}
	cur := f.Person
	var parts []string
	for _, st := range best.Steps {
		switch st.Kind {
		case impartial.StepParty:
			parts = append(parts, words(string(st.PartyRole))+" in the matter")
		case impartial.StepNameMatch:
			score := 0.0
			if st.Match != nil {
				score = st.Match.Score
			}
			parts = append(parts, fmt.Sprintf("named as a party (name match %.2f)", score))
		case impartial.StepContact:
			other := st.ToName
			if st.To == cur {
				other = st.FromName
			}
			parts = append(parts, fmt.Sprintf("met %s (%s)", other, st.Date))
		default:
			what := st.Role
			if what == "" {
				what = string(st.Type)
			}
			next, nextName := st.To, st.ToName
			if st.To == cur {
				next, nextName = st.From, st.FromName
			}
			parts = append(parts, words(what)+" → "+nextName)
			cur = next
			continue
		}
		if st.Kind == impartial.StepContact {
			if st.To == cur {
				cur = st.From
			} else {
				cur = st.To
			}
		}
	}
	out := strings.Join(parts, " → ")
	if n := len(f.Paths) - 1; n > 0 {
		out += fmt.Sprintf(" (and %d more %s)", n, plural("path", n))
	}
	return out
}

func plural(w string, n int) string {
	if n == 1 {
		return w
	}
	return w + "s"
}

func words(s string) string { return strings.ReplaceAll(s, "_", " ") }

type findingData struct {
	D           *service.FindingDetail
	Graph       template.HTML
	Legend      []edgeNote
	Paths       []pathView
	Decisions   []impartial.Decision
	CanDecide   bool
	Today       string
	ScopeText   string
	Topics      []string
	Basis       string
	Link        string
	Confidental bool
}

type pathView struct {
	N       int
	Path    impartial.Path
	Explain string
	Matches []matchView
}

type matchView struct {
	Query, Matched string
	Score          float64
	Lines          []string
}

func (s *Site) finding(w http.ResponseWriter, r *http.Request, c *request) error {
	person, matter, rule := r.PathValue("person"), r.PathValue("matter"), r.PathValue("rule")
	d, err := s.svc.Finding(r.Context(), c.actor, person, matter, rule)
	if err != nil {
		return err
	}
	g := buildGraph(d)
	fd := findingData{D: d, Graph: g.svg(), Legend: g.notes, CanDecide: c.actor.Decides(),
		Today: impartial.DateOf(s.svc.Now()).String(), Link: findingLink(person, matter, rule), Topics: d.Matter.Topics,
		Confidental: d.Matter.Confidential}
	fd.Decisions = []impartial.Decision{impartial.DecideRecuse, impartial.DecideNoConflict}
	if d.Finding.Waivable {
		fd.Decisions = []impartial.Decision{impartial.DecideRecuse, impartial.DecideAuthorize, impartial.DecideNoConflict}
	}
	for i, p := range d.Finding.Paths {
		pv := pathView{N: i + 1, Path: p, Explain: p.Explain()}
		for _, st := range p.Steps {
			if st.Match != nil {
				pv.Matches = append(pv.Matches, matchView{Query: st.Match.Query, Matched: st.Match.Matched, Score: st.Match.Score,
					Lines: splitLines(st.Match.Explanation)})
			}
		}
		fd.Paths = append(fd.Paths, pv)
	}
	if len(d.Matter.Topics) > 0 {
		fd.ScopeText = "any pending or future matters relating in any way to the " + d.Matter.Topics[0]
	} else if !d.Matter.Confidential {
		fd.ScopeText = fmt.Sprintf("the matter %q", d.Matter.Title)
	}
	fd.Basis = d.Finding.Reason
	v := c.view(fmt.Sprintf("%s — %s", orText(d.Finding.PersonName, person), d.Finding.Citation), fd)
	v.Nav = "findings"
	return s.render(w, r, http.StatusOK, "finding", v)
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func orText(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *Site) determine(w http.ResponseWriter, r *http.Request, c *request) error {
	person, matter, rule := r.PathValue("person"), r.PathValue("matter"), r.PathValue("rule")
	d := &impartial.Determination{Person: person, Matter: matter, Rule: rule,
		Recommendation: impartial.Decision(r.PostFormValue("recommendation")), ReviewReasons: strings.TrimSpace(r.PostFormValue("review_reasons")),
		Decision: impartial.Decision(r.PostFormValue("decision")), Reasons: strings.TrimSpace(r.PostFormValue("reasons"))}
	if err := s.svc.Determine(r.Context(), c.actor, d); err != nil {
		return err
	}
	http.Redirect(w, r, findingLink(person, matter, rule)+"?done=determined", http.StatusSeeOther)
	return nil
}

// recuseFromFinding records a recusal from the finding page: from the
// matter alone, or from every pending or future matter on the chosen topics.
func (s *Site) recuseFromFinding(w http.ResponseWriter, r *http.Request, c *request) error {
	person, matter, rule := r.PathValue("person"), r.PathValue("matter"), r.PathValue("rule")
	r.ParseForm()
	rec := &impartial.Recusal{ID: newRecusalID(person, s.svc.Now()), Person: person, Rules: []string{rule},
		ScopeText: strings.TrimSpace(r.PostFormValue("scope_text")), Basis: strings.TrimSpace(r.PostFormValue("basis")),
		Delegate: strings.TrimSpace(r.PostFormValue("delegate")), Source: "recorded from the finding page"}
	switch r.PostFormValue("scope") {
	case "topics":
		for _, t := range r.PostForm["topic"] {
			if t = strings.TrimSpace(t); t != "" {
				rec.Topics = append(rec.Topics, t)
			}
		}
		if len(rec.Topics) == 0 {
			return impartial.FieldError("recusal", "topic", "choose at least one topic for a recusal by topic")
		}
	case "matter":
		rec.Matters = []string{matter}
	default:
		return impartial.FieldError("recusal", "scope", "choose the matter alone or its topics")
	}
	eff, err := impartial.ParseDate(strings.TrimSpace(r.PostFormValue("effective")))
	if err != nil {
		return impartial.FieldError("recusal", "effective", "%v", err)
	}
	rec.Effective = eff
	if err := s.svc.RecordRecusal(r.Context(), c.actor, rec); err != nil {
		return err
	}
	http.Redirect(w, r, "/ui/recusals/"+url.PathEscape(rec.ID)+"?done=recused", http.StatusSeeOther)
	return nil
}

func newRecusalID(person string, now time.Time) string {
	var b [3]byte
	rand.Read(b[:])
	return fmt.Sprintf("recusal-%s-%s-%s", person, now.UTC().Format("20060102"), hex.EncodeToString(b[:]))
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
