package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/walls"
)

// checkTimeout bounds a wall check; past it the check fails closed.
const checkTimeout = 2 * time.Second

// wallCache keeps what checks read, keyed by the wall revision it was read
// at. Before every check the service reads the current revision from the
// store and evicts whatever the changes since its own revision touched, so
// a recusal committed by any process is seen by the next check: grants may
// be cached, recusals are never stale.
type wallCache struct {
	mu      sync.Mutex
	rev     int64
	persons map[string]*walls.Person
	matters map[string]*impartial.Matter
	missing map[string]bool // matters known not to exist at rev
	limit   int             // entries per map (maxCached)
	// pending is the re-screening work not yet done at rev, when loaded;
	// checks it may affect deny.
	pending *pendingSet
}

// pendingSet is the outbox's pending work, indexed for checks.
type pendingSet struct {
	all     *impartial.Rescreen // work that may affect every matter, if any
	matters map[string]*impartial.Rescreen
	persons map[string]*impartial.Rescreen
	pairs   map[impartial.RescreenPair]*impartial.Rescreen
}

// maxPendingPairs bounds the pairs a pending set holds one by one; past it,
// checks deny everything until the backlog shrinks.
const maxPendingPairs = 200_000

func newPendingSet(work []impartial.Rescreen, full bool) *pendingSet {
	ps := &pendingSet{matters: map[string]*impartial.Rescreen{}, persons: map[string]*impartial.Rescreen{},
		pairs: map[impartial.RescreenPair]*impartial.Rescreen{}}
	for i := range work {
		w := &work[i]
		if w.All && ps.all == nil {
			ps.all = w
		}
		for _, pr := range w.Pairs {
			if len(ps.pairs) >= maxPendingPairs {
				if ps.all == nil {
					ps.all = w
				}
				break
			}
			if ps.pairs[pr] == nil {
				ps.pairs[pr] = w
			}
		}
		for _, m := range w.Matters {
			if ps.matters[m] == nil {
				ps.matters[m] = w
			}
		}
		for _, p := range w.Persons {
			if ps.persons[p] == nil {
				ps.persons[p] = w
			}
		}
	}
	if full && ps.all == nil {
		// More pending than was read: what the rest covers is unknown.
		ps.all = &impartial.Rescreen{Seq: work[len(work)-1].Seq, All: true, Cause: fmt.Sprintf("more than %d pending changes", len(work))}
	}
	return ps
}

// affecting returns the pending work that may change the answer for the
// pair, or nil.
func (ps *pendingSet) affecting(person, matter string) *impartial.Rescreen {
	if ps.all != nil {
		return ps.all
	}
	if w := ps.matters[matter]; w != nil {
		return w
	}
	if w := ps.persons[person]; w != nil {
		return w
	}
	if len(ps.pairs) == 0 {
		return nil
	}
	return ps.pairs[impartial.RescreenPair{Person: person, Matter: matter}]
}

func newWallCache() *wallCache {
	return &wallCache{persons: map[string]*walls.Person{}, matters: map[string]*impartial.Matter{}, missing: map[string]bool{}, limit: maxCached}
}

// maxEvictions is how many changes the cache applies one by one; past it,
// it starts afresh.
const maxEvictions = 10000

// advance brings the cache to rev, evicting what changed since. What it
// reads from the store (the changes, and the pending work when they touch
// it) it reads before taking the cache's lock, so that checks answered from
// the cache meanwhile do not wait for the store; it then applies what it
// read under the lock. Reading from an older revision than the cache has
// reached meanwhile only evicts more than needed, never less; and an entry
// put at the older revision meanwhile is evicted by the changes applied
// after it.
func (c *wallCache) advance(ctx context.Context, tx impartial.ReadTx, rev int64) error {
	c.mu.Lock()
	from, reload := c.rev, c.pending == nil
	c.mu.Unlock()
	if rev <= from {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.loadPendingAt(ctx, tx, rev)
	}
	// Read every change in (from, rev], page by page; past maxEvictions it
	// is cheaper to start afresh.
	var changes []impartial.WallChange
	if rev-from <= maxEvictions {
		for at := from; at < rev; {
			page, err := tx.WallChanges(ctx, at, impartial.MaxPage)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				break // sequence numbers can have gaps (rolled-back appends)
			}
			for _, ch := range page {
				if ch.Seq > rev {
					break
				}
				changes = append(changes, ch)
				reload = reload || ch.Kind == outboxKind
			}
			at = page[len(page)-1].Seq
		}
	}
	var work []impartial.Rescreen
	var workErr error
	if reload {
		work, workErr = tx.PendingRescreens(ctx, maxPendingRead)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if rev <= c.rev {
		// Another check advanced it meanwhile, as far or further.
		return c.loadPendingAt(ctx, tx, rev)
	}
	if rev-from > maxEvictions {
		c.reset(rev)
		return c.loadPending(ctx, tx)
	}
	for _, ch := range changes {
		if ch.Person != "" {
			delete(c.persons, ch.Person)
		}
		if ch.Matter != "" {
			delete(c.matters, ch.Matter)
			delete(c.missing, ch.Matter)
		}
	}
	c.rev = rev
	switch {
	case reload && workErr != nil:
		c.pending = nil // no check answers from the cache until it is read
		return workErr
	case reload:
		c.pending = newPendingSet(work, len(work) == maxPendingRead)
	case c.pending == nil:
		return c.loadPending(ctx, tx)
	}
	return nil
}

// loadPendingAt reads the pending work, if the cache lacks it, from a
// transaction that read revision rev — only when rev is the cache's own
// revision. A transaction of an older revision may not see work recorded
// since (its snapshot predates it): the pending set it read would let the
// cache, at the newer revision, allow checks that this work must deny. The
// cache then stays without it (checks do not answer from it) until a
// transaction at its revision reads it. The caller holds c.mu.
func (c *wallCache) loadPendingAt(ctx context.Context, tx impartial.ReadTx, rev int64) error {
	if c.pending != nil || rev != c.rev {
		return nil
	}
	return c.loadPending(ctx, tx)
}

// revision returns the revision the cache is at.
func (c *wallCache) revision() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rev
}

// catchUp is the catch-up of the wall cache in flight, if any
// (catchUpWalls).
type catchUp struct {
	mu      sync.Mutex
	running *catchUpRun
}

type catchUpRun struct {
	done chan struct{}
	err  error
}

// leadCatchUp reads the changes for every check waiting on run. The run
// ends (waiters released, the next check free to lead) however the read
// ends, a panic included: a run left open would hold every later check
// until its deadline.
func (s *Service) leadCatchUp(ctx context.Context, run *catchUpRun) error {
	run.err = errors.New("wall cache catch-up: the read did not finish")
	defer func() {
		s.catching.mu.Lock()
		s.catching.running = nil
		s.catching.mu.Unlock()
		close(run.done)
	}()
	// The read serves every check waiting on it, so it must not fail
	// because the one that started it gave up.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), checkTimeout)
	defer cancel()
	run.err = s.store.View(rctx, func(tx impartial.ReadTx) error {
		now, err := tx.WallRevision(rctx)
		if err != nil {
			return err
		}
		return s.walls.advance(rctx, tx, now)
	})
	return run.err
}

// catchUpWalls shares bringing the cache up to date between the checks that
// find it behind the committed revision at once (right after a recusal,
// every check in flight does): one of them reads the changes in a
// transaction of its own and advances the cache, the others wait for it,
// rather than each opening a transaction to read the same changes. It
// returns nil once the cache is at rev or later: a check may then answer
// from it, as everything committed before the check read rev has been
// applied. A catch-up that began before rev was committed may leave the
// cache short of it: the check then waits for or starts a later one.
func (s *Service) catchUpWalls(ctx context.Context, rev int64) error {
	// Two rounds suffice: a read this check waits for began before rev was
	// committed at worst, and the next one it starts or waits for began
	// after. A third is allowed for a read that another check started just
	// before this one looked.
	for range 3 {
		if s.walls.revision() >= rev {
			return nil
		}
		s.catching.mu.Lock()
		if run := s.catching.running; run != nil {
			s.catching.mu.Unlock()
			select {
			case <-run.done:
			case <-ctx.Done():
				return ctx.Err()
			}
			if run.err != nil {
				return run.err
			}
			continue
		}
		run := &catchUpRun{done: make(chan struct{})}
		s.catching.running = run
		s.catching.mu.Unlock()
		if err := s.leadCatchUp(ctx, run); err != nil {
			return err
		}
	}
	if s.walls.revision() >= rev {
		return nil
	}
	return fmt.Errorf("the wall cache did not reach revision %d", rev)
}

// loadPending reads the pending work as of the transaction's snapshot. On
// failure the cache holds none, so no check answers from it.
func (c *wallCache) loadPending(ctx context.Context, tx impartial.ReadTx) error {
	c.pending = nil
	work, err := tx.PendingRescreens(ctx, maxPendingRead)
	if err != nil {
		return err
	}
	c.pending = newPendingSet(work, len(work) == maxPendingRead)
	return nil
}

// reset empties the cache at rev.
func (c *wallCache) reset(rev int64) {
	c.persons, c.matters, c.missing = map[string]*walls.Person{}, map[string]*impartial.Matter{}, map[string]bool{}
	c.pending = nil
	c.rev = rev
}

// cached is what the cache holds for one check.
type cached struct {
	person  *walls.Person
	matter  *impartial.Matter
	missing bool
	// loaded: the pending work is known; pending is the work affecting the
	// pair, if any.
	loaded  bool
	pending *impartial.Rescreen
	rev     int64
}

// complete reports whether a check can be answered from the cache alone.
func (c cached) complete() bool {
	return c.loaded && (c.missing || (c.person != nil && c.matter != nil))
}

func (c *wallCache) get(person, matter string) cached {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := cached{person: c.persons[person], matter: c.matters[matter], missing: c.missing[matter], rev: c.rev, loaded: c.pending != nil}
	if c.pending != nil {
		out.pending = c.pending.affecting(person, matter)
	}
	return out
}

// maxCached bounds each of the cache's maps: past it, a map starts afresh,
// so that asking about many ids (unknown matters above all) costs a bounded
// amount of memory — at most maxCached entries of ids up to
// impartial.MaxIDLength bytes, plus the persons' records.
const maxCached = 50000

// put stores entries read at rev, unless the cache has moved on meanwhile
// (then they may already be stale, and the next check reads them again).
func (c *wallCache) put(rev int64, p *walls.Person, m *impartial.Matter, missingMatter string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rev != rev {
		return
	}
	// New maps rather than clear: a cleared map keeps its memory.
	if len(c.persons) >= c.limit {
		c.persons = map[string]*walls.Person{}
	}
	if len(c.matters) >= c.limit {
		c.matters = map[string]*impartial.Matter{}
	}
	if len(c.missing) >= c.limit {
		c.missing = map[string]bool{}
	}
	if p != nil {
		c.persons[p.ID] = p
	}
	if m != nil {
		c.matters[m.ID] = m
	}
	if missingMatter != "" {
		c.missing[missingMatter] = true
	}
}

// Check answers whether person may take action on matter, as asked by
// caller, evaluated at the newest committed wall revision. It fails closed:
// on any error or timeout the answer is deny, with the error. A matter the
// caller may not know of is answered exactly as one that does not exist.
func (s *Service) Check(ctx context.Context, caller impartial.Actor, person string, action impartial.Action, matter string) (impartial.WallDecision, error) {
	return s.CheckAsOf(ctx, caller, person, action, matter, impartial.Date{})
}

// CheckAsOf is Check on a given date (zero: today): whether the recusals,
// screens and findings on record wall the person off the matter on asOf —
// to replay an answer given earlier, or to ask before a recusal takes
// effect or after it ends.
func (s *Service) CheckAsOf(ctx context.Context, caller impartial.Actor, person string, action impartial.Action, matter string, asOf impartial.Date) (impartial.WallDecision, error) {
	d, err := s.check(ctx, caller, person, action, matter, asOf)
	if err != nil {
		if impartial.KindOf(err) == impartial.Invalid || impartial.KindOf(err) == impartial.Forbidden {
			return impartial.WallDecision{Allow: false, Reason: err.Error(), Revision: d.Revision}, err
		}
		return impartial.WallDecision{Allow: false, Revision: d.Revision,
			Reason: "the check could not be completed, so access is denied: " + err.Error()}, err
	}
	return d, nil
}

func (s *Service) check(ctx context.Context, caller impartial.Actor, person string, action impartial.Action, matter string, asOf impartial.Date) (impartial.WallDecision, error) {
	if err := caller.Validate(); err != nil {
		return impartial.WallDecision{}, err
	}
	if !slices.Contains(impartial.Actions, action) {
		return impartial.WallDecision{}, impartial.FieldError("check", "action", "%q is not an action (want one of view, participate, assign)", action)
	}
	// Ids are checked before anything is looked up, and the same way
	// whatever exists: a bad id is a 400 about the id, never a lookup.
	var bad impartial.Problems
	for _, f := range []struct{ name, id string }{{"person", person}, {"matter", matter}} {
		if err := impartial.ValidateID("check", f.name, f.id); err != nil {
			bad = append(bad, err.(*impartial.Error))
		}
	}
	if err := bad.Err(); err != nil {
		return impartial.WallDecision{}, err
	}
	if caller.Role == impartial.Covered && caller.ID != person {
		return impartial.WallDecision{}, &impartial.Error{Kind: impartial.Forbidden, Msg: "a covered person may check only their own access"}
	}
	if asOf.IsZero() {
		asOf = impartial.DateOf(s.now())
	}
	// Every check first reads the committed revision; only when the cache
	// lags it or lacks an entry does it open a transaction.
	// The store may know without a query that nothing has been committed
	// since it last read the revision (SQLite's shared-memory stamp);
	// otherwise the check reads it, sharing the read with concurrent checks.
	rev, fresh := int64(0), false
	if u, ok := s.store.(unchangedReader); ok {
		rev, fresh = u.UnchangedRevision()
	}
	if !fresh {
		var err error
		if rev, err = s.revisions.read(ctx); err != nil {
			return impartial.WallDecision{}, fmt.Errorf("check %s %s %s: %w", person, action, matter, err)
		}
	}
	c := s.walls.get(person, matter)
	if c.rev < rev && s.catchUpWalls(ctx, rev) == nil {
		c = s.walls.get(person, matter)
	}
	// A cache at rev or later has applied everything committed before this
	// check read rev (catchUpWalls says why a later one is as good).
	if c.rev >= rev && (c.complete() || c.loaded && c.matter != nil && !caller.MaySee(c.matter)) {
		return s.accounted(ctx, caller, c.matter, decide(caller, c.person, action, c.matter, matter, c.missing, c.pending, asOf, c.rev)), nil
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	var out impartial.WallDecision
	var readMatter *impartial.Matter
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		rev, err := tx.WallRevision(ctx)
		if err != nil {
			return err
		}
		if err := s.walls.advance(ctx, tx, rev); err != nil {
			return err
		}
		c := s.walls.get(person, matter)
		if !c.loaded {
			return fmt.Errorf("the pending re-screening work could not be read")
		}
		p, m, missing := c.person, c.matter, c.missing
		var newP *walls.Person
		var newM *impartial.Matter
		missingMatter := ""
		if m == nil && !missing {
			m, err = tx.Matter(ctx, matter)
			switch {
			case impartial.IsNotFound(err):
				missing, missingMatter = true, matter
			case err != nil:
				return err
			default:
				newM = m
			}
		}
		// Visibility first: about a matter the caller may not know of,
		// nothing more is read, so that every answer (an unknown person
		// included) is the one for a matter that does not exist.
		if p == nil && !missing && caller.MaySee(m) {
			if p, err = loadWallPerson(ctx, tx, person); err != nil {
				return err
			}
			newP = p
		}
		// What this transaction read is as of rev; the cache keeps it only
		// if it has not moved past rev meanwhile.
		s.walls.put(rev, newP, newM, missingMatter)
		out = decide(caller, p, action, m, matter, missing, c.pending, asOf, rev)
		if !missing {
			readMatter = m
		}
		return nil
	})
	if err != nil {
		return impartial.WallDecision{Revision: visibleRevision(caller, rev)}, fmt.Errorf("check %s %s %s: %w", person, action, matter, err)
	}
	return s.accounted(ctx, caller, readMatter, out), nil
}

// accounted counts a check of a confidential matter the caller may see for
// the audit trail; one that cannot be accounted for denies.
func (s *Service) accounted(ctx context.Context, caller impartial.Actor, m *impartial.Matter, d impartial.WallDecision) impartial.WallDecision {
	if m == nil || !m.Confidential || !caller.MaySee(m) {
		return d
	}
	if !s.noteRead(ctx, caller, m.ID) {
		return impartial.WallDecision{Allow: false, Revision: d.Revision,
			Reason: "the read of this confidential matter cannot be recorded in the audit trail, so access is denied"}
	}
	return d
}

// unchangedReader is a store that can tell, without a query, that the wall
// revision it last read is still the newest.
type unchangedReader interface {
	UnchangedRevision() (int64, bool)
}

// decide answers from what the check has read. A matter that does not exist
// and one the caller may not know of get the same answer. Pending
// re-screening work that may affect the pair turns an allow into a deny that
// says what is pending.
func decide(caller impartial.Actor, p *walls.Person, action impartial.Action, m *impartial.Matter, matter string,
	missing bool, pending *impartial.Rescreen, asOf impartial.Date, rev int64) impartial.WallDecision {
	var out impartial.WallDecision
	if missing || !caller.MaySee(m) {
		out = walls.NoSuchMatter(matter)
	} else {
		out = walls.Decide(p, action, m, asOf)
		if out.Allow && pending != nil {
			out = impartial.WallDecision{Allow: false, Pending: pending.Seq, Reason: pending.PendingReason(caller.SeesAllMatters())}
		}
	}
	out.Revision = visibleRevision(caller, rev)
	return out
}

// visibleRevision is the wall revision a caller is shown: the store's
// revision counts every change, confidential matters' included, so a caller
// who may not see every matter could watch it move and learn that something
// confidential changed. Such callers are shown 0 ("not for you"); systems,
// ethics officials and auditors get the revision to resume the feed from.
func visibleRevision(caller impartial.Actor, rev int64) int64 {
	if caller.SeesAllMatters() {
		return rev
	}
	return 0
}

// loadWallPerson reads what a check needs about a person.
func loadWallPerson(ctx context.Context, tx impartial.ReadTx, id string) (*walls.Person, error) {
	ent, err := tx.Entity(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &walls.Person{ID: id, Name: ent.Name}
	if p.Recusals, err = all(func(pg impartial.Page) ([]*impartial.Recusal, error) {
		return tx.Recusals(ctx, impartial.RecusalFilter{Page: pg, Person: id})
	}, func(r *impartial.Recusal) string { return r.ID }); err != nil {
		return nil, err
	}
	if p.Permissions, err = all(func(pg impartial.Page) ([]*impartial.Permission, error) {
		return tx.Permissions(ctx, impartial.PermissionFilter{Page: pg, Person: id})
	}, func(r *impartial.Permission) string { return r.ID }); err != nil {
		return nil, err
	}
	dets, err := all(func(pg impartial.Page) ([]*impartial.Determination, error) {
		return tx.Determinations(ctx, impartial.DeterminationFilter{Page: pg, Person: id})
	}, func(d *impartial.Determination) string { return d.ID })
	if err != nil {
		return nil, err
	}
	disposed := disposedFindings(dets)
	for _, outcome := range []impartial.Outcome{impartial.OutcomeRecuse, impartial.OutcomeAuthorizationRequired} {
		fs, err := tx.Findings(ctx, impartial.FindingFilter{Person: id, Outcome: outcome, Limit: impartial.MaxPage})
		if err != nil {
			return nil, err
		}
		if len(fs) == impartial.MaxPage {
			return nil, fmt.Errorf("load %s: more than %d walling findings; the check fails closed", id, impartial.MaxPage)
		}
		for _, f := range fs {
			p.Findings = append(p.Findings, walls.FindingState{Matter: f.Matter, Rule: f.Rule, Citation: f.Citation,
				Outcome: f.Outcome, Disposed: disposed[f.Matter+"\x00"+f.Rule]})
		}
	}
	return p, nil
}

// disposedFindings returns the (matter, rule) pairs whose latest decision
// lets the person take part: no conflict, or authorized. A decision to recuse
// leaves the finding standing (and records a recusal besides).
func disposedFindings(dets []*impartial.Determination) map[string]bool {
	superseded := supersededIDs(dets)
	out := map[string]bool{}
	for _, d := range dets {
		if superseded[d.ID] || d.Decision == "" {
			continue
		}
		out[d.Matter+"\x00"+d.Rule] = d.Decision == impartial.DecideNoConflict || d.Decision == impartial.DecideAuthorize
	}
	return out
}

// RecordRecusal records a recusal: who steps aside from what, from when, why,
// and who acts instead. It generates the public statement from the scope when
// none is given, and refuses one that would name a confidential matter.
func (s *Service) RecordRecusal(ctx context.Context, caller impartial.Actor, r *impartial.Recusal) error {
	if !caller.Decides() {
		return &impartial.Error{Kind: impartial.Forbidden, Msg: "only an ethics official records recusals"}
	}
	r.RecordedBy, r.RecordedAt = caller.ID, s.stamp()
	if err := r.Validate(); err != nil {
		return err
	}
	err := s.store.Update(ctx, func(tx impartial.Tx) error {
		person, err := tx.Entity(ctx, r.Person)
		if impartial.IsNotFound(err) {
			return impartial.FieldError(r.Label(), "person", "no entity %q", r.Person)
		}
		if err != nil {
			return err
		}
		if person.Coverage == nil {
			return impartial.FieldError(r.Label(), "person", "%s is not a covered person", person.Name)
		}
		var confidential []*impartial.Matter
		for i, id := range r.Matters {
			m, err := tx.Matter(ctx, id)
			if impartial.IsNotFound(err) {
				return impartial.FieldError(r.Label(), fmt.Sprintf("matters[%d]", i), "no matter %q", id)
			}
			if err != nil {
				return err
			}
			if m.Confidential {
				confidential = append(confidential, m)
			}
		}
		for i, id := range r.Parties {
			if ok, err := tx.Exists(ctx, "entity", id); err != nil {
				return err
			} else if !ok {
				return impartial.FieldError(r.Label(), fmt.Sprintf("parties[%d]", i), "no entity %q", id)
			}
		}
		if r.PublicStatement == "" {
			r.PublicStatement = walls.PublicStatement(person.Name, r)
		}
		for _, text := range []struct{ field, v string }{{"public_statement", r.PublicStatement}, {"scope_text", r.ScopeText}} {
			if m, leak := walls.Leaks(text.v, confidential); leak {
				return impartial.FieldError(r.Label(), text.field, "names the confidential matter %q; the covered person and the public must not learn of it", m.ID)
			}
		}
		// The database's key refuses a recusal already recorded, even one
		// a concurrent writer committed a moment ago.
		if err := tx.AddRecusal(ctx, r); err != nil {
			if impartial.KindOf(err) == impartial.Conflict {
				return &impartial.Error{Kind: impartial.Conflict, Record: r.Label(), Field: "id",
					Msg: "is already recorded; a recusal is never rewritten (record a new one)"}
			}
			return err
		}
		if _, err = tx.AppendWallChange(ctx, impartial.WallChange{At: r.RecordedAt, Kind: "recusal", Person: r.Person, Record: r.ID}); err != nil {
			return err
		}
		return s.audit(ctx, tx, caller, "record recusal", r.ID, fmt.Sprintf("%s: %s", r.Person, r.ScopeText))
	})
	if err != nil {
		return fmt.Errorf("record %s: %w", r.Label(), err)
	}
	return nil
}

// stamp is the service's clock, at the precision both stores keep.
func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// RecusalNotice is what a covered person sees of their own recusal: its
// words, never the matters behind it.
type RecusalNotice struct {
	ID              string         `json:"id"`
	Effective       impartial.Date `json:"effective"`
	Ended           impartial.Date `json:"ended,omitzero"`
	ScopeText       string         `json:"scope"`
	Delegate        string         `json:"delegate,omitempty"`
	PublicStatement string         `json:"public_statement"`
	AcknowledgedAt  time.Time      `json:"acknowledged_at,omitzero"`
}

// MyRecusals returns the caller's own recusals as notices.
func (s *Service) MyRecusals(ctx context.Context, caller impartial.Actor) ([]RecusalNotice, error) {
	return s.MyRecusalPage(ctx, caller, impartial.Page{})
}

// MyRecusalPage is one page of MyRecusals, read from the store by recusal
// id: those after pg.After, at most pg.Limit (0: all).
func (s *Service) MyRecusalPage(ctx context.Context, caller impartial.Actor, pg impartial.Page) ([]RecusalNotice, error) {
	var out []RecusalNotice
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var list []*impartial.Recusal
		var err error
		if pg.Limit > 0 {
			list, err = tx.Recusals(ctx, impartial.RecusalFilter{Page: pg, Person: caller.ID})
		} else {
			list, err = allAfter(pg.After, func(pg impartial.Page) ([]*impartial.Recusal, error) {
				return tx.Recusals(ctx, impartial.RecusalFilter{Page: pg, Person: caller.ID})
			}, func(r *impartial.Recusal) string { return r.ID })
		}
		for _, r := range list {
			out = append(out, RecusalNotice{ID: r.ID, Effective: r.Effective, Ended: r.Ended, ScopeText: r.ScopeText,
				Delegate: r.Delegate, PublicStatement: r.PublicStatement, AcknowledgedAt: r.AcknowledgedAt})
		}
		return err
	})
	return out, err
}

// Acknowledge records that the covered person has read their recusal.
func (s *Service) Acknowledge(ctx context.Context, caller impartial.Actor, recusal string) error {
	return s.store.Update(ctx, func(tx impartial.Tx) error {
		r, err := tx.Recusal(ctx, recusal)
		if err != nil || r.Person != caller.ID {
			// Someone else's recusal is answered as one that does not exist.
			return &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf("no recusal %q of yours", recusal)}
		}
		if !r.AcknowledgedAt.IsZero() {
			return nil
		}
		r.AcknowledgedAt = s.stamp()
		if err := tx.PutRecusal(ctx, r); err != nil {
			return err
		}
		return s.audit(ctx, tx, caller, "acknowledge recusal", r.ID, "")
	})
}

// Walled lists who is walled from a matter and why: ethics officials only.
func (s *Service) Walled(ctx context.Context, caller impartial.Actor, matter string) ([]WalledPerson, error) {
	return s.WalledPage(ctx, caller, matter, impartial.Page{})
}

// WalledPage is one page of Walled, in person id order: the walled persons
// after pg.After, at most pg.Limit of them (0: all). Walls are not stored,
// so the page is worked out by reading the covered persons from the store
// in id order, a store page at a time, only as far as the page needs.
func (s *Service) WalledPage(ctx context.Context, caller impartial.Actor, matter string, pg impartial.Page) ([]WalledPerson, error) {
	if !caller.Decides() {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "only ethics officials see who is walled from a matter"}
	}
	var out []WalledPerson
	detail := ""
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		m, err := tx.Matter(ctx, matter)
		if err != nil {
			return err
		}
		if m.Confidential {
			detail = "confidential"
		}
		asOf := impartial.DateOf(s.now())
		for after := pg.After; ; {
			covered, err := tx.Entities(ctx, impartial.EntityFilter{Page: impartial.Page{After: after, Limit: 1000}, CoveredOnly: true})
			if err != nil {
				return err
			}
			for _, e := range covered {
				p, err := loadWallPerson(ctx, tx, e.ID)
				if err != nil {
					return err
				}
				if d, ok := walledBy(p, m, asOf); ok {
					out = append(out, WalledPerson{Person: e.ID, Name: e.Name, Reason: d.Reason, Recusal: d.Recusal, Finding: d.Finding})
					if pg.Limit > 0 && len(out) == pg.Limit {
						return nil
					}
				}
			}
			if len(covered) < 1000 {
				return nil
			}
			after = covered[len(covered)-1].ID
		}
	})
	if err != nil {
		return nil, err
	}
	// Audited before the answer leaves: no audit, no answer.
	if err := s.auditRead(ctx, caller, "read walls of matter", matter, detail); err != nil {
		return nil, err
	}
	return out, nil
}

// confidentialIn lists, sorted, the confidential matters among ids.
func confidentialIn(ctx context.Context, tx impartial.ReadTx, ids []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		m, err := tx.Matter(ctx, id)
		if impartial.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if m.Confidential {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out, nil
}

// walledBy reports whether a recusal or an unresolved finding walls the
// person off the matter (not merely their absence from its team), and why.
func walledBy(p *walls.Person, m *impartial.Matter, asOf impartial.Date) (impartial.WallDecision, bool) {
	d := walls.Decide(p, impartial.Participate, m, asOf)
	return d, !d.Allow && (d.Recusal != "" || d.Finding != "")
}

// WalledPerson is one person walled from a matter.
type WalledPerson struct {
	Person  string `json:"person"`
	Name    string `json:"name"`
	Reason  string `json:"reason"`
	Recusal string `json:"recusal,omitempty"`
	Finding string `json:"finding,omitempty"`
}

// WallFeed returns the wall changes after a position, for downstream
// systems; they resume from the last Seq they saw.
func (s *Service) WallFeed(ctx context.Context, caller impartial.Actor, after int64, limit int) ([]impartial.WallChange, error) {
	if !caller.SeesAllMatters() {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "the wall change feed is for ethics officials, auditors and systems"}
	}
	var out []impartial.WallChange
	var secret []string
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		if out, err = tx.WallChanges(ctx, after, limit); err != nil {
			return err
		}
		ids := make([]string, len(out))
		for i, c := range out {
			ids[i] = c.Matter
		}
		secret, err = confidentialIn(ctx, tx, ids)
		return err
	})
	if err != nil {
		return nil, err
	}
	// A page that names confidential matters is a read of them: one entry
	// per page, naming them.
	if len(secret) > 0 {
		if err := s.auditRead(ctx, caller, "read wall feed", fmt.Sprintf("after %d", after),
			"confidential matters: "+strings.Join(secret, ", ")); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// WalledFrom lists the matters a person is walled from and why: ethics
// officials only. Topic and party scopes are resolved now, so matters opened
// after the recusal are listed too.
func (s *Service) WalledFrom(ctx context.Context, caller impartial.Actor, person string) ([]WalledMatter, error) {
	return s.WalledFromPage(ctx, caller, person, impartial.Page{})
}

// walledPageRead is how many matters of one topic or party scope a page of
// WalledFromPage reads from the store at a time.
const walledPageRead = 200

// WalledFromPage is one page of WalledFrom, in matter id order: the matters
// after pg.After, at most pg.Limit of them (0: all). A topic or party scope
// can reach any number of matters, so they are not listed whole: the
// candidates (the matters recusals name, each scope's matters, the matters
// of the person's findings) are read from the store in id order, a store
// page at a time from the cursor, merged, and read only as far as the page
// needs.
func (s *Service) WalledFromPage(ctx context.Context, caller impartial.Actor, person string, pg impartial.Page) ([]WalledMatter, error) {
	if !caller.Decides() {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "only ethics officials see which matters a person is walled from"}
	}
	var out []WalledMatter
	var secret []string
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		p, err := loadWallPerson(ctx, tx, person)
		if err != nil {
			return err
		}
		named := map[string]bool{}
		var scopes []impartial.MatterFilter
		for _, r := range p.Recusals {
			for _, id := range r.Matters {
				named[id] = true
			}
			for _, t := range r.Topics {
				scopes = append(scopes, impartial.MatterFilter{Topic: t})
			}
			for _, e := range r.Parties {
				scopes = append(scopes, impartial.MatterFilter{Entity: e})
			}
		}
		for _, f := range p.Findings {
			named[f.Matter] = true
		}
		fixed := make([]string, 0, len(named))
		for id := range named {
			fixed = append(fixed, id)
		}
		slices.Sort(fixed)
		asOf := impartial.DateOf(s.now())
		// Each round reads up to walledPageRead candidates after cur from
		// every source. A source that returned a full page may hold more;
		// the smallest last id among those is the round's horizon, up to
		// which every candidate is known, so the round decides those and
		// the next one starts from there.
		for cur := pg.After; ; {
			read := map[string]*impartial.Matter{}
			var batch []string
			horizon, bounded := "", false
			bound := func(last string) {
				if !bounded || last < horizon {
					horizon, bounded = last, true
				}
			}
			i, _ := slices.BinarySearch(fixed, cur)
			if i < len(fixed) && fixed[i] == cur {
				i++
			}
			if rest := fixed[i:]; len(rest) > walledPageRead {
				batch = append(batch, rest[:walledPageRead]...)
				bound(rest[walledPageRead-1])
			} else {
				batch = append(batch, rest...)
			}
			for _, f := range scopes {
				f.Page = impartial.Page{After: cur, Limit: walledPageRead}
				ms, err := tx.Matters(ctx, f)
				if err != nil {
					return err
				}
				for _, m := range ms {
					read[m.ID] = m
					batch = append(batch, m.ID)
				}
				if len(ms) == walledPageRead {
					bound(ms[len(ms)-1].ID)
				}
			}
			slices.Sort(batch)
			batch = slices.Compact(batch)
			for _, id := range batch {
				if bounded && id > horizon {
					break
				}
				m := read[id]
				if m == nil {
					if m, err = tx.Matter(ctx, id); err != nil {
						return err
					}
				}
				if d, ok := walledBy(p, m, asOf); ok {
					out = append(out, WalledMatter{Matter: m.ID, Title: m.Title, Opened: m.Opened, Reason: d.Reason, Recusal: d.Recusal, Finding: d.Finding})
					if m.Confidential {
						secret = append(secret, m.ID)
					}
					if pg.Limit > 0 && len(out) == pg.Limit {
						return nil
					}
				}
			}
			if !bounded {
				return nil
			}
			cur = horizon
		}
	})
	if err != nil {
		return nil, err
	}
	detail := ""
	if len(secret) > 0 {
		detail = "confidential matters: " + strings.Join(secret, ", ")
	}
	if err := s.auditRead(ctx, caller, "read walls of person", person, detail); err != nil {
		return nil, err
	}
	return out, nil
}

// WalledMatter is one matter a person is walled from.
type WalledMatter struct {
	Matter  string         `json:"matter"`
	Title   string         `json:"title"`
	Opened  impartial.Date `json:"opened"`
	Reason  string         `json:"reason"`
	Recusal string         `json:"recusal,omitempty"`
	Finding string         `json:"finding,omitempty"`
}
