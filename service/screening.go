package service

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
	"github.com/impartial/impartial/screen"
)

// engine builds the screening engine over everything in the store: the
// relationship graph, the matters, the recorded permissions, and the name
// index for parties known only by name.
func (s *Service) engine(ctx context.Context, set *rules.Set) (*screen.Engine, error) {
	// A long-running service screens on its working set.
	if en, err := s.screenEngine(ctx, set); err != nil || en != nil {
		return en, err
	}
	var ents []*impartial.Entity
	var rels []*impartial.Relationship
	var contacts []*impartial.Contact
	var matters []*impartial.Matter
	var perms []*impartial.Permission
	var events []*impartial.Event
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		if ents, err = entities(ctx, tx, false); err != nil {
			return err
		}
		if rels, err = all(func(p impartial.Page) ([]*impartial.Relationship, error) {
			return tx.Relationships(ctx, impartial.RelationshipFilter{Page: p})
		}, func(r *impartial.Relationship) string { return r.ID }); err != nil {
			return err
		}
		if contacts, err = all(func(p impartial.Page) ([]*impartial.Contact, error) {
			return tx.Contacts(ctx, impartial.ContactFilter{Page: p})
		}, func(c *impartial.Contact) string { return c.ID }); err != nil {
			return err
		}
		if matters, err = all(func(p impartial.Page) ([]*impartial.Matter, error) {
			return tx.Matters(ctx, impartial.MatterFilter{Page: p})
		}, func(m *impartial.Matter) string { return m.ID }); err != nil {
			return err
		}
		if events, err = allEvents(ctx, tx); err != nil {
			return err
		}
		perms, err = all(func(p impartial.Page) ([]*impartial.Permission, error) {
			return tx.Permissions(ctx, impartial.PermissionFilter{Page: p})
		}, func(p *impartial.Permission) string { return p.ID })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load the graph: %w", err)
	}
	g, err := screen.NewGraph(ents, rels, contacts)
	if err != nil {
		return nil, fmt.Errorf("build the graph: %w", err)
	}
	for _, e := range events {
		g.PutEvent(e)
	}
	for _, m := range matters {
		g.PutMatter(m)
	}
	for _, p := range perms {
		g.PutPermission(p)
	}
	idx, err := screen.NewNameIndex(ents)
	if err != nil {
		return nil, fmt.Errorf("build the name index: %w", err)
	}
	return screen.NewEngine(g, set, screen.IndexMatcher{Index: idx}), nil
}

// allEvents reads every trade and corporate action: screening applies them
// to the holdings and ownership they reach (see screen.Graph.PutEvent).
func allEvents(ctx context.Context, tx impartial.ReadTx) ([]*impartial.Event, error) {
	return all(func(p impartial.Page) ([]*impartial.Event, error) {
		return tx.Events(ctx, impartial.EventFilter{Page: p})
	}, func(e *impartial.Event) string { return e.ID })
}

// ScreenRequest says what to screen.
type ScreenRequest struct {
	Matter string // screen every covered person against this matter
	Person string // screen this person against every open matter
	All    bool   // screen every open matter
	// AsOf is the date the facts are taken as of; zero means today.
	AsOf impartial.Date
	// Rulebook, a shipped rulebook's name or a file, replaces the shipped
	// one for its regimes; empty uses the shipped set.
	Rulebook string
	// Save stores the findings, replacing those held for what was screened.
	Save bool
	// Each, when set, receives every result as it is produced — for all
	// open matters, in the order of their ids — and the report keeps only
	// the summary, so that memory does not grow with the findings. An error
	// from Each stops the screening and is returned.
	Each func(*screen.Result) error
	// Progress, when set, is called as matters are screened with how many
	// are done of how many.
	Progress func(done, total int)
}

// ScreenSummary counts what a screening found.
type ScreenSummary struct {
	Matters   int                       `json:"matters"`
	Covered   int                       `json:"covered"`
	Findings  int                       `json:"findings"`
	ByOutcome map[impartial.Outcome]int `json:"by_outcome"`
	ByRule    map[string]int            `json:"by_rule"`
	// Top lists the matters with the most findings that wall someone off
	// (recuse or authorization required), most first.
	Top []MatterCount `json:"top_matters"`
}

// MatterCount is how many findings one matter has.
type MatterCount struct {
	Matter   string `json:"matter"`
	Title    string `json:"title,omitempty"`
	Walling  int    `json:"walling"`
	Findings int    `json:"findings"`
}

// topMatters is how many matters a summary lists.
const topMatters = 10

func (sm *ScreenSummary) add(r *screen.Result) {
	if sm.ByOutcome == nil {
		sm.ByOutcome, sm.ByRule = map[impartial.Outcome]int{}, map[string]int{}
	}
	sm.Matters += len(r.Matters)
	sm.Findings += len(r.Findings)
	per := map[string]*MatterCount{}
	for i := range r.Findings {
		f := &r.Findings[i]
		sm.ByOutcome[f.Outcome]++
		sm.ByRule[f.Rule]++
		mc := per[f.Matter]
		if mc == nil {
			mc = &MatterCount{Matter: f.Matter, Title: f.MatterTitle}
			per[f.Matter] = mc
		}
		mc.Findings++
		if walling(f.Outcome) {
			mc.Walling++
		}
	}
	for _, mc := range per {
		sm.Top = append(sm.Top, *mc)
	}
	slices.SortFunc(sm.Top, func(a, b MatterCount) int {
		if a.Walling != b.Walling {
			return b.Walling - a.Walling
		}
		if a.Findings != b.Findings {
			return b.Findings - a.Findings
		}
		return strings.Compare(a.Matter, b.Matter)
	})
	if len(sm.Top) > topMatters {
		sm.Top = sm.Top[:topMatters]
	}
}

// ScreenReport is what a screening found.
type ScreenReport struct {
	AsOf impartial.Date
	// Results are the results, unless the request streamed them to Each.
	Results  []*screen.Result
	Summary  ScreenSummary
	scopes   []scope             // what each result screened, for saving
	Covered  []*impartial.Entity // the covered persons screened, for listing who is clear
	Matters  []*impartial.Matter // the matters screened
	Warnings []string
	// Recorded are the recusals and permissions on record that already
	// decide a pair screened, shown beside its findings.
	Recorded []Recorded
}

// Recorded is a recusal or permission on record that covers a person and
// matter screened: what already decides the pair, whatever the findings.
type Recorded struct {
	Person string `json:"person"`
	Matter string `json:"matter"`
	Kind   string `json:"kind"` // "recusal", or the permission's kind (authorization, waiver, consent, exemption, divestiture, screen)
	ID     string `json:"id"`
	// Effect says what it does to the pair, in words.
	Effect string `json:"effect"`
}

// recorded finds the recusals in force and permissions in scope on the
// report's date for the pairs it screened: every recusal covering a pair,
// every permission naming the matter, and a general permission where the
// pair has a finding.
func (s *Service) recorded(ctx context.Context, rep *ScreenReport, matters []*impartial.Matter, covered map[string]bool) error {
	if len(covered) == 0 || len(matters) == 0 {
		return nil
	}
	withFinding := map[[2]string]bool{}
	for _, f := range rep.Findings() {
		withFinding[[2]string{f.Person, f.Matter}] = true
	}
	var recs []*impartial.Recusal
	var perms []*impartial.Permission
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		if recs, err = all(func(p impartial.Page) ([]*impartial.Recusal, error) {
			return tx.Recusals(ctx, impartial.RecusalFilter{Page: p})
		}, func(r *impartial.Recusal) string { return r.ID }); err != nil {
			return err
		}
		perms, err = all(func(p impartial.Page) ([]*impartial.Permission, error) {
			return tx.Permissions(ctx, impartial.PermissionFilter{Page: p})
		}, func(p *impartial.Permission) string { return p.ID })
		return err
	})
	if err != nil {
		return fmt.Errorf("read recusals and permissions: %w", err)
	}
	for _, r := range recs {
		if !covered[r.Person] || !r.InForce(rep.AsOf) {
			continue
		}
		for _, m := range matters {
			if ok, why := r.Covers(m); ok {
				rep.Recorded = append(rep.Recorded, Recorded{Person: r.Person, Matter: m.ID, Kind: "recusal", ID: r.ID,
					Effect: fmt.Sprintf("recused since %s (%q): %s; the wall denies", r.Effective, r.ScopeText, why)})
			}
		}
	}
	for _, p := range perms {
		if !covered[p.Person] {
			continue
		}
		for _, m := range matters {
			if !p.CoversMatter(p.Person, m.ID, rep.AsOf) || (p.Matter == "" && !withFinding[[2]string{p.Person, m.ID}]) {
				continue
			}
			effect := "permits participation despite the findings it covers: " + p.Explain()
			if p.Kind == impartial.Screen {
				effect = "screened from the matter, so walled off it; it cures only the imputation of this person's conflict to colleagues: " + p.Explain()
			}
			rep.Recorded = append(rep.Recorded, Recorded{Person: p.Person, Matter: m.ID, Kind: string(p.Kind), ID: p.ID, Effect: effect})
		}
	}
	return nil
}

// Findings returns every finding of the report.
func (r *ScreenReport) Findings() []impartial.Finding {
	var out []impartial.Finding
	for _, res := range r.Results {
		out = append(out, res.Findings...)
	}
	return out
}

// Screen screens as the request says. Only ethics officials screen: the
// findings name confidential matters.
func (s *Service) Screen(ctx context.Context, caller impartial.Actor, req ScreenRequest) (*ScreenReport, error) {
	if !caller.Decides() && caller.Role != impartial.Auditor {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "only ethics officials screen: findings name confidential matters"}
	}
	n := 0
	for _, set := range []bool{req.Matter != "", req.Person != "", req.All} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, impartial.FieldError("screen", "matter", "say what to screen: a matter, a person, or all open matters")
	}
	if req.Save && caller.Role == impartial.Auditor {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "an auditor reads; saving findings is for ethics officials"}
	}
	asOf := req.AsOf
	if asOf.IsZero() {
		asOf = impartial.DateOf(s.now())
	}
	set, err := s.ruleSet()
	if err != nil {
		return nil, err
	}
	var rulebooks []string
	if req.Rulebook != "" {
		b, err := rules.Resolve(req.Rulebook)
		if err != nil {
			return nil, err
		}
		set = set.With(b)
		rulebooks = []string{b.ID}
	}
	var en *screen.Engine
	var done *screen.Result // the matter's screen, when reading its neighbourhood screened it
	if req.Matter != "" {
		en, done, err = s.matterEngine(ctx, set, req.Matter, asOf)
	} else {
		en, err = s.engine(ctx, set)
	}
	if err != nil {
		return nil, err
	}
	rep := &ScreenReport{AsOf: asOf}
	switch {
	case req.Matter != "":
		res := done
		if res == nil {
			if res, err = en.ScreenMatter(req.Matter, asOf); err != nil {
				return nil, err
			}
		}
		rep.add(res, scopeMatters)
	case req.Person != "":
		res, err := en.ScreenPerson(req.Person, asOf)
		if err != nil {
			return nil, err
		}
		rep.add(res, scopePerson)
	default:
		if err := s.screenAll(ctx, en, rep, req, rulebooks); err != nil {
			return nil, err
		}
	}
	switch {
	case req.All && req.Each != nil:
		rep.Summary.Covered = en.Graph.CoveredActive(asOf)
		// What is on record for the pairs, without holding the findings:
		// recusals and single-matter permissions.
		covered := map[string]bool{}
		for _, id := range en.Graph.CoveredIDs() {
			covered[id] = true
		}
		var open []*impartial.Matter
		for _, id := range en.Graph.MatterIDs(asOf) {
			if m := en.Graph.Matter(id); m != nil {
				open = append(open, m)
			}
		}
		if err := s.recorded(ctx, rep, open, covered); err != nil {
			return nil, err
		}
	case s.ws.Load() != nil && req.Matter != "":
		// A server answers with the findings: it does not read every
		// covered person's record to list who is clear.
		rep.Summary.Covered = en.Graph.CoveredActive(asOf)
		for _, r := range rep.Results {
			rep.Warnings = append(rep.Warnings, r.Warnings...)
		}
		if m := en.Graph.Matter(req.Matter); m != nil {
			rep.Matters = []*impartial.Matter{m}
		}
		if req.Save {
			if err := s.saveFindings(ctx, rep, openOn(en.Graph, asOf)); err != nil {
				return nil, err
			}
		}
	default:
		for _, r := range rep.Results {
			rep.Warnings = append(rep.Warnings, r.Warnings...)
		}
		if err := s.describe(ctx, rep, req); err != nil {
			return nil, err
		}
		covered := map[string]bool{}
		for _, e := range rep.Covered {
			covered[e.ID] = true
		}
		if err := s.recorded(ctx, rep, rep.Matters, covered); err != nil {
			return nil, err
		}
		rep.Summary.Covered = len(rep.Covered)
		if req.Save && !req.All {
			if err := s.saveFindings(ctx, rep, openOn(en.Graph, asOf)); err != nil {
				return nil, err
			}
		}
	}
	what := map[bool]string{true: "matter " + req.Matter, false: "person " + req.Person}[req.Matter != ""]
	if req.All {
		what = "all open matters"
	}
	if err := s.auditRead(ctx, caller, "screen", what, fmt.Sprintf("as of %s, %d findings, saved: %v", asOf, rep.Summary.Findings, req.Save)); err != nil {
		return nil, err
	}
	return rep, nil
}

// screenAll screens every open matter, delivering the results in the order
// of the matters' ids (whatever order the workers finish in), to req.Each or
// into the report, and saving them in one transaction when asked: all or
// nothing, as when they were saved at the end, but without holding them.
func (s *Service) screenAll(ctx context.Context, en *screen.Engine, rep *ScreenReport, req ScreenRequest, rulebooks []string) error {
	ids := en.Graph.MatterIDs(rep.AsOf)
	run := func(save func(*screen.Result) error) error {
		pending := map[string]*screen.Result{}
		next, done := 0, 0
		var failed error
		emit := func(r *screen.Result) {
			rep.Summary.add(r)
			if failed == nil && save != nil {
				failed = save(r)
			}
			if failed != nil {
				return
			}
			if req.Each == nil {
				rep.add(r, scopeMatters)
				return
			}
			rep.Warnings = append(rep.Warnings, r.Warnings...)
			failed = req.Each(r)
		}
		err := en.ScreenMatters(ids, rep.AsOf, rulebooks, runtime.GOMAXPROCS(0), func(r *screen.Result) {
			if failed != nil || ctx.Err() != nil {
				return
			}
			pending[r.Matters[0]] = r
			for next < len(ids) {
				r, ok := pending[ids[next]]
				if !ok {
					break
				}
				delete(pending, ids[next])
				next++
				emit(r)
			}
			done++
			if req.Progress != nil && (done%256 == 0 || done == len(ids)) {
				req.Progress(done, len(ids))
			}
		})
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		// Matters that gave no result (closed meanwhile) leave gaps.
		for ; next < len(ids) && failed == nil; next++ {
			if r, ok := pending[ids[next]]; ok {
				emit(r)
			}
		}
		return failed
	}
	if !req.Save {
		return run(nil)
	}
	now := s.stamp()
	return s.store.Update(ctx, func(tx impartial.Tx) error {
		if err := run(func(r *screen.Result) error {
			return s.saveResult(ctx, tx, r, scopeMatters, openOn(en.Graph, rep.AsOf), now)
		}); err != nil {
			return err
		}
		return s.audit(ctx, tx, system, "save findings", "", fmt.Sprintf("%d results as of %s", rep.Summary.Matters, rep.AsOf))
	})
}

// openOn tells whether a matter is open on asOf, asking the graph about the
// one matter: saving a new matter's findings must not cost a listing of
// every open matter (at 100,000 of them, a sort of 100,000 ids per import).
func openOn(g *screen.Graph, asOf impartial.Date) func(string) bool {
	return func(id string) bool { return g.MatterOpen(id, asOf) }
}

// scope says what a screening result covers, and so which stored findings
// it replaces.
type scope uint8

const (
	// scopeMatters: every covered person against the result's matters.
	scopeMatters scope = iota
	// scopePerson: the result's person against every open matter.
	scopePerson
	// scopePair: one person against one matter.
	scopePair
)

// findingCount is how many distinct findings (by Finding.Key) the report's
// results hold.
func (r *ScreenReport) findingCount() int {
	keys := map[string]bool{}
	for _, res := range r.Results {
		for i := range res.Findings {
			keys[res.Findings[i].Key()] = true
		}
	}
	return len(keys)
}

func (r *ScreenReport) add(res *screen.Result, sc scope) {
	r.Results = append(r.Results, res)
	r.scopes = append(r.scopes, sc)
	r.Summary.add(res)
}

// describe fills in the covered persons and matters the report is about.
func (s *Service) describe(ctx context.Context, rep *ScreenReport, req ScreenRequest) error {
	return s.store.View(ctx, func(tx impartial.ReadTx) error {
		var matterIDs []string
		for _, r := range rep.Results {
			matterIDs = append(matterIDs, r.Matters...)
		}
		slices.Sort(matterIDs)
		for _, id := range slices.Compact(matterIDs) {
			m, err := tx.Matter(ctx, id)
			if err != nil {
				return err
			}
			rep.Matters = append(rep.Matters, m)
		}
		if req.Person != "" {
			e, err := tx.Entity(ctx, req.Person)
			if err != nil {
				return err
			}
			rep.Covered = []*impartial.Entity{e}
			return nil
		}
		cov, err := entities(ctx, tx, true)
		for _, e := range cov {
			if e.Covered(rep.AsOf) {
				rep.Covered = append(rep.Covered, e)
			}
		}
		return err
	})
}

// walling reports whether an outcome walls a person off until determined.
func walling(o impartial.Outcome) bool {
	return o == impartial.OutcomeRecuse || o == impartial.OutcomeAuthorizationRequired
}

// saveFindings replaces the stored findings for exactly what each result
// screened, and appends a wall change for every person and matter whose
// walling findings changed. isOpen tells the matters open on the report's
// date: a person's findings on closed matters are not replaced. The outbox
// entries done are marked done in the same transaction.
func (s *Service) saveFindings(ctx context.Context, rep *ScreenReport, isOpen func(matter string) bool, done ...int64) error {
	now := s.stamp()
	return s.store.Update(ctx, func(tx impartial.Tx) error {
		for i, r := range rep.Results {
			if err := s.saveResult(ctx, tx, r, rep.scopes[i], isOpen, now); err != nil {
				return err
			}
		}
		if err := s.finishWork(ctx, tx, done); err != nil {
			return err
		}
		return s.audit(ctx, tx, system, "save findings", "", fmt.Sprintf("%d results as of %s", len(rep.Results), rep.AsOf))
	})
}

// saveResult replaces the stored findings for what one result screened (its
// scope) and appends the wall changes that follow.
func (s *Service) saveResult(ctx context.Context, tx impartial.Tx, r *screen.Result, sc scope, isOpen func(matter string) bool, now time.Time) error {
	var old []*impartial.StoredFinding
	switch sc {
	case scopePerson:
		// The person against every open matter: what was not found
		// there is clear now. Findings on closed matters stay.
		o, err := tx.DeleteFindings(ctx, r.Persons[0], "")
		if err != nil {
			return err
		}
		for _, f := range o {
			if !isOpen(f.Matter) {
				if err := tx.PutFinding(ctx, f); err != nil {
					return err
				}
				continue
			}
			old = append(old, f)
		}
	case scopeMatters:
		for _, m := range r.Matters {
			o, err := tx.DeleteFindings(ctx, "", m)
			if err != nil {
				return err
			}
			old = append(old, o...)
		}
	case scopePair:
		o, err := tx.DeleteFindings(ctx, r.Persons[0], r.Matters[0])
		if err != nil {
			return err
		}
		old = o
	}
	// A wall change only where what walls the pair changed: the
	// feed tells downstream systems of real changes, not re-runs.
	type pair struct{ p, m string }
	before, after := map[pair][]string{}, map[pair][]string{}
	for _, f := range old {
		if len(r.Rulebooks) > 0 && !slices.Contains(r.Rulebooks, f.Rulebook) {
			// Not recomputed: keep it.
			if err := tx.PutFinding(ctx, f); err != nil {
				return err
			}
			continue
		}
		if walling(f.Outcome) {
			k := pair{f.Person, f.Matter}
			before[k] = append(before[k], f.Rule+"="+string(f.Outcome))
		}
	}
	for i := range r.Findings {
		f := &impartial.StoredFinding{Finding: r.Findings[i], ComputedAt: now}
		if err := tx.PutFinding(ctx, f); err != nil {
			return err
		}
		if walling(f.Outcome) {
			k := pair{f.Person, f.Matter}
			after[k] = append(after[k], f.Rule+"="+string(f.Outcome))
		}
	}
	walled := map[pair]bool{}
	for k, v := range before {
		slices.Sort(v)
		w := after[k]
		slices.Sort(w)
		if !slices.Equal(v, w) {
			walled[k] = true
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			walled[k] = true
		}
	}
	// In a stable order, so that the feed is the same however the findings
	// came.
	pairs := make([]pair, 0, len(walled))
	for pr := range walled {
		pairs = append(pairs, pr)
	}
	slices.SortFunc(pairs, func(a, b pair) int { return strings.Compare(a.p+"\x00"+a.m, b.p+"\x00"+b.m) })
	for _, pr := range pairs {
		if _, err := tx.AppendWallChange(ctx, impartial.WallChange{At: now, Kind: "finding", Person: pr.p, Matter: pr.m}); err != nil {
			return err
		}
	}
	return nil
}
