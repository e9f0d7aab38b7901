package service

import (
	"context"
	"runtime"
	"slices"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/screen"
)

// maxTrackedChanges is how many changes an import tracks one by one; past
// it, every open matter is re-screened, which is then cheaper than working
// out what each change affects.
const maxTrackedChanges = 10000

// changeLog collects what a write changed, for re-screening afterwards.
type changeLog struct {
	changes []screen.Change
	all     bool
}

func (c *changeLog) add(ch screen.Change) {
	if c.all {
		return
	}
	if len(c.changes) >= maxTrackedChanges {
		c.all, c.changes = true, nil
		return
	}
	c.changes = append(c.changes, ch)
}

func (c *changeLog) empty() bool { return !c.all && len(c.changes) == 0 }

// record notes the change from old to new of an imported record.
func (c *changeLog) record(old, new any) {
	switch n := new.(type) {
	case *impartial.Entity:
		o, _ := old.(*impartial.Entity)
		c.add(screen.EntityChange(o, n))
	case *impartial.Relationship:
		o, _ := old.(*impartial.Relationship)
		c.add(screen.RelationshipChange(o, n))
	case *impartial.Contact:
		o, _ := old.(*impartial.Contact)
		c.add(screen.ContactChange(o, n))
	case *impartial.Matter:
		o, _ := old.(*impartial.Matter)
		c.add(screen.MatterRecordChange(o, n))
	case *impartial.Permission:
		c.add(screen.PermissionChange(n))
	case *impartial.Event:
		o, _ := old.(*impartial.Event)
		c.add(screen.EventChange(o, n))
	}
}

// merge adds q to p.
func merge(p *screen.Plan, q screen.Plan) {
	if q.All {
		p.All = true
	}
	p.Matters = append(p.Matters, q.Matters...)
	p.Persons = append(p.Persons, q.Persons...)
	p.Pairs = append(p.Pairs, q.Pairs...)
}

// RescreenReport says what a triggered re-screening did.
type RescreenReport struct {
	All      bool // every open matter was re-screened
	Matters  int  // matters re-screened for every covered person
	Persons  int  // persons re-screened against every open matter
	Pairs    int  // single pairs re-screened
	Findings int  // findings now held for what was re-screened
	// Work lists the outbox entries completed.
	Work []int64
}

// finishOnly marks work done that needed no findings stored.
func (s *Service) finishOnly(ctx context.Context, done []int64) error {
	if len(done) == 0 {
		return nil
	}
	return s.store.Update(ctx, func(tx impartial.Tx) error { return s.finishWork(ctx, tx, done) })
}

// add adds what another re-screening did.
func (r *RescreenReport) add(q *RescreenReport, work []int64) {
	r.All = r.All || q.All
	r.Matters += q.Matters
	r.Persons += q.Persons
	r.Pairs += q.Pairs
	r.Findings += q.Findings
	r.Work = append(r.Work, work...)
}

// rescreen re-screens, as of today, only what the logged changes can
// affect, and stores the findings, marking the outbox entries done in the
// same transaction. With wide (some entry is recorded as affecting every
// matter), the entries are first narrowed to what the graph says they
// affect, so that checks outside it answer while the screening runs.
func (s *Service) rescreen(ctx context.Context, log *changeLog, done []int64, wide bool) (*RescreenReport, error) {
	if log.empty() {
		return &RescreenReport{}, s.finishOnly(ctx, done)
	}
	// One re-screen at a time, from reading the facts to saving the
	// findings, so that an older snapshot's findings never overwrite a newer
	// one's in this process.
	s.rescreenMu.Lock()
	defer s.rescreenMu.Unlock()
	var scoped bool
	if rep, ok, err := s.rescreenNeighbourhoods(ctx, log, done, wide, &scoped); err != nil || ok {
		return rep, err
	}
	en, plan, err := s.planFor(ctx, log)
	if err != nil {
		return nil, err
	}
	rep := &RescreenReport{All: plan.All, Matters: len(plan.Matters), Persons: len(plan.Persons), Pairs: len(plan.Pairs)}
	if plan.Empty() {
		return rep, s.finishOnly(ctx, done)
	}
	if wide && !scoped {
		if err := s.scopeWork(ctx, done, plan); err != nil {
			return nil, err
		}
	}
	asOf := impartial.DateOf(s.now())
	screened, err := carryOut(en, plan, asOf)
	if err != nil {
		return nil, err
	}
	rep.Findings = screened.findingCount()
	if err := s.saveFindings(ctx, screened, openOn(en.Graph, asOf), done...); err != nil {
		return nil, err
	}
	return rep, nil
}

// planFor works out on the graph what the logged changes may affect.
func (s *Service) planFor(ctx context.Context, log *changeLog) (*screen.Engine, screen.Plan, error) {
	set, err := s.ruleSet()
	if err != nil {
		return nil, screen.Plan{}, err
	}
	en, err := s.engine(ctx, set)
	if err != nil {
		return nil, screen.Plan{}, err
	}
	plan := screen.Plan{All: log.all}
	if !plan.All {
		for _, ch := range log.changes {
			merge(&plan, en.Affected(ch))
			if plan.All {
				break
			}
		}
	}
	slices.Sort(plan.Matters)
	plan.Matters = slices.Compact(plan.Matters)
	slices.Sort(plan.Persons)
	plan.Persons = slices.Compact(plan.Persons)
	// A pair whose matter or person is re-screened whole needs no screen of
	// its own.
	plan.Pairs = slices.DeleteFunc(plan.Pairs, func(p screen.Pair) bool {
		_, m := slices.BinarySearch(plan.Matters, p.Matter)
		_, q := slices.BinarySearch(plan.Persons, p.Person)
		return m || q
	})
	return en, plan, nil
}

// maxScopedWork bounds the matters, persons and pairs an outbox entry is
// narrowed to: past it, the entry keeps affecting every matter (checks deny
// everything until it is done) rather than hold a list that large.
const maxScopedWork = 10_000

// scopeWork narrows the outbox entries to what the plan may affect, with a
// wall change so that every wall cache reloads the pending work. A plan of
// everything, or too large to list, leaves them as they are.
func (s *Service) scopeWork(ctx context.Context, work []int64, plan screen.Plan) error {
	if plan.All || len(work) == 0 || len(plan.Matters)+len(plan.Persons)+len(plan.Pairs) > maxScopedWork {
		return nil
	}
	scope := impartial.Rescreen{Matters: plan.Matters, Persons: plan.Persons}
	for _, p := range plan.Pairs {
		scope.Pairs = append(scope.Pairs, impartial.RescreenPair{Person: p.Person, Matter: p.Matter})
	}
	return s.store.Update(ctx, func(tx impartial.Tx) error {
		if _, err := tx.AppendWallChange(ctx, impartial.WallChange{At: s.stamp(), Kind: outboxKind, Record: "scoped"}); err != nil {
			return err
		}
		return tx.ScopeRescreens(ctx, work, scope)
	})
}

// carryOut screens what the plan says, noting the scope of each result so
// that saving replaces exactly what was screened.
func carryOut(en *screen.Engine, plan screen.Plan, asOf impartial.Date) (*ScreenReport, error) {
	rep := &ScreenReport{AsOf: asOf}
	matters := plan.Matters
	if plan.All {
		matters = en.Graph.MatterIDs(asOf)
	}
	err := en.ScreenMatters(matters, asOf, nil, runtime.GOMAXPROCS(0), func(r *screen.Result) { rep.add(r, scopeMatters) })
	if err != nil {
		return nil, err
	}
	if plan.All {
		return rep, nil
	}
	for _, p := range plan.Persons {
		r, err := en.ScreenPerson(p, asOf)
		if impartial.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		rep.add(r, scopePerson)
	}
	for _, pr := range plan.Pairs {
		if m := en.Graph.Matter(pr.Matter); m == nil || !m.Open(asOf) {
			continue
		}
		v, err := en.ScreenPair(pr.Person, pr.Matter, asOf)
		if impartial.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		rep.add(&screen.Result{AsOf: asOf, Matters: []string{pr.Matter}, Persons: []string{pr.Person}, Findings: v.Findings}, scopePair)
	}
	return rep, nil
}
