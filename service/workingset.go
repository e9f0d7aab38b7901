package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/names"
	"github.com/impartial/impartial/rules"
	"github.com/impartial/impartial/scan"
	"github.com/impartial/impartial/screen"
)

// The working set: what screening, name search and document scan read —
// the screening graph, the name index and the scan automaton — built once
// and kept current, instead of read from the store and built again for
// every call (at 1,000,000 entities that took 13 s to 4 min per call).
//
// A long-running server (serve) loads it at start, from one consistent
// snapshot that also gives the record revision it is at, and before each
// use applies the record change feed after that revision: the store appends
// to the feed in the transaction that writes a record, so the working set
// sees what any process has committed — this one, another server on the
// same PostgreSQL database, a CLI import — and a use after a commit sees the
// commit. Applying a change costs the record it names: a new matter, a
// holding, a merger's ownership edge, an entity's new aliases. A transaction
// of more than impartial.MaxTrackedRecords records (a bulk import) is one
// "everything" entry, on which the working set is loaded again.
//
// One-shot CLI commands do not load it: they build what they need for the
// call (see Service.engine and friends).
//
// The name index cannot drop an entity's former names; an entity whose names
// changed is indexed again and marked stale, and its hits are scored against
// its current names only (staleMatcher), so a former alias never matches.
// Past maxStale such entities the index is built again.
type workingSet struct {
	loaded chan struct{} // closed once the first load is done (or failed)
	noScan bool          // no scan automaton: LoadScreeningSet
	ready  atomic.Bool
	err    error // of the first load, if it failed

	mu    sync.Mutex // serialises loads and catch-ups
	rev   atomic.Int64
	graph atomic.Pointer[screen.Graph]
	scan  atomic.Pointer[scan.Index]

	namesMu sync.RWMutex
	names   *names.Index
	stale   map[string]*impartial.Entity // entities indexed more than once, as they are now

	engMu  sync.Mutex
	engine *screen.Engine // for the default rulebooks
}

// maxStale is how many entities may be indexed under former names before
// the name index is built again.
const maxStale = 5000

// LoadWorkingSet loads the working set and keeps it for every later call:
// serve calls it at start. It logs its progress, and Ready reports true once
// it is done. Calls that need the working set wait for it meanwhile.
func (s *Service) LoadWorkingSet(ctx context.Context) error { return s.loadWorkingSet(ctx, false) }

// LoadScreeningSet loads the working set without the scan automaton: for a
// one-shot command that screens every open matter (screen --all), which
// then reads each record once, into the compact graph and name index, rather
// than holding every record decoded at once (at a million entities, 3.2 GB).
// A scan on such a service builds its automaton per call, as without a
// working set.
func (s *Service) LoadScreeningSet(ctx context.Context) error { return s.loadWorkingSet(ctx, true) }

func (s *Service) loadWorkingSet(ctx context.Context, noScan bool) error {
	ws := s.ws.Load()
	if ws == nil {
		ws = &workingSet{loaded: make(chan struct{}), noScan: noScan}
		if !s.ws.CompareAndSwap(nil, ws) {
			ws = s.ws.Load()
		}
	}
	ws.mu.Lock()
	err := s.loadInto(ctx, ws)
	ws.mu.Unlock()
	if err == nil && s.loaded != nil {
		s.loaded()
	}
	select {
	case <-ws.loaded:
	default:
		ws.err = err
		ws.ready.Store(err == nil)
		close(ws.loaded)
	}
	return err
}

// Ready reports whether the service can answer without building anything:
// true for a service without a working set (one-shot commands), and for one

// scanIndex returns the scan automaton, or nil where there is none: no
// working set, or a screening set (LoadScreeningSet), which has none.
func (ws *workingSet) scanIndex() *scan.Index {
	if ws == nil {
		return nil
	}
	return ws.scan.Load()
}

// with a working set once it is loaded. /readyz reports it.
func (s *Service) Ready() bool {
	ws := s.ws.Load()
	return ws == nil || ws.ready.Load()
}

// workingSet returns the working set brought up to the newest committed
// record revision, waiting for its first load; nil if the service has none.
func (s *Service) workingSet(ctx context.Context) (*workingSet, error) {
	ws := s.ws.Load()
	if ws == nil {
		return nil, nil
	}
	select {
	case <-ws.loaded:
	case <-ctx.Done():
		return nil, fmt.Errorf("the working set is still loading: %w", ctx.Err())
	}
	if ws.err != nil {
		return nil, fmt.Errorf("the working set failed to load: %w", ws.err)
	}
	return ws, s.catchUp(ctx, ws)
}

// catchUp applies the record changes committed since the working set's
// revision.
func (s *Service) catchUp(ctx context.Context, ws *workingSet) error {
	var rev int64
	if err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		rev, err = tx.RecordRevision(ctx)
		return err
	}); err != nil {
		return fmt.Errorf("read the record revision: %w", err)
	}
	if rev <= ws.rev.Load() {
		return nil
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()
	reload := false
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		for ws.rev.Load() < rev {
			changes, err := tx.RecordChanges(ctx, ws.rev.Load(), impartial.MaxPage)
			if err != nil {
				return err
			}
			if len(changes) == 0 {
				return nil
			}
			for _, c := range changes {
				if c.Kind == "*" {
					reload = true
					return nil
				}
				if err := ws.apply(ctx, tx, c); err != nil {
					return fmt.Errorf("apply record change %d (%s %s): %w", c.Seq, c.Kind, c.ID, err)
				}
				ws.rev.Store(c.Seq)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if reload {
		if err := s.loadInto(ctx, ws); err != nil {
			return err
		}
		if s.loaded != nil {
			s.loaded()
		}
		return nil
	}
	if len(ws.stale) > maxStale {
		return s.rebuildNames(ctx, ws)
	}
	return nil
}

// apply brings one record of the working set up to what the store holds.
func (ws *workingSet) apply(ctx context.Context, tx impartial.ReadTx, c impartial.RecordChange) error {
	switch c.Kind {
	case "entity":
		e, err := tx.Entity(ctx, c.ID)
		if impartial.IsNotFound(err) {
			return nil // written and gone: nothing stored removes one today
		}
		if err != nil {
			return err
		}
		// The graph holds every entity the name index does (both are
		// loaded from one snapshot and updated together; a rebuilt index is
		// from a later one), so an entity it knows is indexed already.
		g := ws.graph.Load()
		known := g.HasEntity(e.ID)
		g.PutEntity(e)
		if ix := ws.scanIndex(); ix != nil {
			ix.Put(e)
		}
		ws.namesMu.Lock()
		defer ws.namesMu.Unlock()
		if known {
			ws.stale[e.ID] = e
		}
		return addName(ws.names, e)
	case "relationship":
		r, err := tx.Relationship(ctx, c.ID)
		if impartial.IsNotFound(err) {
			ws.graph.Load().RemoveRelationship(c.ID)
			return nil
		}
		if err != nil {
			return err
		}
		return ws.graph.Load().PutRelationship(r)
	case "contact":
		ct, err := tx.Contact(ctx, c.ID)
		if impartial.IsNotFound(err) {
			ws.graph.Load().RemoveContact(c.ID)
			return nil
		}
		if err != nil {
			return err
		}
		return ws.graph.Load().PutContact(ct)
	case "matter":
		m, err := tx.Matter(ctx, c.ID)
		if impartial.IsNotFound(err) {
			ws.graph.Load().RemoveMatter(c.ID)
			return nil
		}
		if err != nil {
			return err
		}
		ws.graph.Load().PutMatter(m)
	case "event":
		e, err := tx.Event(ctx, c.ID)
		if impartial.IsNotFound(err) {
			ws.graph.Load().RemoveEvent(c.ID)
			return nil
		}
		if err != nil {
			return err
		}
		ws.graph.Load().PutEvent(e)
	case "permission":
		p, err := tx.Permission(ctx, c.ID)
		if impartial.IsNotFound(err) {
			ws.graph.Load().RemovePermission(c.ID)
			return nil
		}
		if err != nil {
			return err
		}
		ws.graph.Load().PutPermission(p)
	}
	return nil
}

func addName(ix *names.Index, e *impartial.Entity) error {
	ids := make([]names.Identifier, len(e.Identifiers))
	for i, id := range e.Identifiers {
		ids[i] = names.Identifier{Scheme: id.Scheme, Value: id.Value}
	}
	return ix.Add(e.ID, screen.NameSchema(e.Kind), e.Names(), ids)
}

// loadInto reads everything into ws from one snapshot. The caller holds
// ws.mu.
//
// Reading and decoding the records and building the structures from them
// take about as long as each other, so they run side by side, a page at a
// time: this goroutine reads from the store while one builder puts the
// records into the graph and another files the entities' names in the name
// index and the scan automaton (at a million entities on two cores the
// load took 28 s of CPU in one goroutine). The graph's builder takes the
// pages in the order they were read, so entities come before the
// relationships, contacts and matters that name them, as when one
// goroutine did everything; at most a few pages wait between the stages.
func (s *Service) loadInto(ctx context.Context, ws *workingSet) error {
	start := time.Now()
	var rev int64
	var g *screen.Graph
	var sb *scan.Builder
	var scanIx *scan.Index // sb's index, finished by the scans stage
	ix := names.NewIndex()
	var graphs, indexes, scans *stage
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		if rev, err = tx.RecordRevision(ctx); err != nil {
			return err
		}
		counts, err := tx.Counts(ctx)
		if err != nil {
			return err
		}
		s.log.Info("working set: loading", "entities", counts["entity"], "relationships", counts["relationship"],
			"contacts", counts["contact"], "matters", counts["matter"])
		// A contact is an edge between each two of its participants
		// (usually two): room for them from the start spares the graph
		// a regrowth of its edges past the relationships, which held
		// both arrays at once at the peak of the load.
		g = screen.NewEmptyGraph(counts["entity"], counts["relationship"]+2*counts["contact"])
		if !ws.noScan {
			sb = scan.NewBuilder(counts["entity"])
		}
		graphs, indexes, scans = newStage(ctx), newStage(ctx), newStage(ctx)
		n := 0
		if err := readPages(ctx, func(p impartial.Page) ([]*impartial.Entity, error) {
			return tx.Entities(ctx, impartial.EntityFilter{Page: p})
		}, func(e *impartial.Entity) string { return e.ID }, func(page []*impartial.Entity) error {
			if n += len(page); n%100000 < len(page) {
				s.log.Info("working set: loading entities", "done", n, "of", counts["entity"], "elapsed", time.Since(start).Round(time.Millisecond))
			}
			if sb != nil {
				if err := handEach(scans, func(e *impartial.Entity) error { sb.Add(e); return nil })(page); err != nil {
					return err
				}
			}
			if err := handEach(indexes, func(e *impartial.Entity) error { return addName(ix, e) })(page); err != nil {
				return err
			}
			return handEach(graphs, func(e *impartial.Entity) error { g.PutEntity(e); return nil })(page)
		}); err != nil {
			return err
		}
		if sb != nil {
			// The automaton is finished as soon as its entities are in,
			// beside the reading of the relationships, rather than at the
			// end: finishing it copies its maps and arrays into ones sized
			// for what they hold, and at the end those copies stood beside
			// the graph's compaction and the relationships' garbage — the
			// peak of the load (1.16–1.18 GB resident at a million
			// entities; BENCHMARKS.md, "serve: the loading peak").
			if err := scans.do(func() error { scanIx = sb.Index(); return nil }); err != nil && !errors.Is(err, errStageFailed) {
				return err
			}
		}
		n = 0
		if err := readPages(ctx, func(p impartial.Page) ([]*impartial.Relationship, error) {
			return tx.Relationships(ctx, impartial.RelationshipFilter{Page: p})
		}, func(r *impartial.Relationship) string { return r.ID }, func(page []*impartial.Relationship) error {
			if n += len(page); n%500000 < len(page) {
				s.log.Info("working set: loading relationships", "done", n, "of", counts["relationship"], "elapsed", time.Since(start).Round(time.Millisecond))
			}
			return handEach(graphs, g.PutRelationship)(page)
		}); err != nil {
			return err
		}
		if err := readPages(ctx, func(p impartial.Page) ([]*impartial.Contact, error) {
			return tx.Contacts(ctx, impartial.ContactFilter{Page: p})
		}, func(c *impartial.Contact) string { return c.ID }, handEach(graphs, g.PutContact)); err != nil {
			return err
		}
		if err := readPages(ctx, func(p impartial.Page) ([]*impartial.Event, error) {
			return tx.Events(ctx, impartial.EventFilter{Page: p})
		}, func(e *impartial.Event) string { return e.ID }, handEach(graphs, func(e *impartial.Event) error { g.PutEvent(e); return nil })); err != nil {
			return err
		}
		if err := readPages(ctx, func(p impartial.Page) ([]*impartial.Matter, error) {
			return tx.Matters(ctx, impartial.MatterFilter{Page: p})
		}, func(m *impartial.Matter) string { return m.ID }, handEach(graphs, func(m *impartial.Matter) error { g.PutMatter(m); return nil })); err != nil {
			return err
		}
		return readPages(ctx, func(p impartial.Page) ([]*impartial.Permission, error) {
			return tx.Permissions(ctx, impartial.PermissionFilter{Page: p})
		}, func(p *impartial.Permission) string { return p.ID }, handEach(graphs, func(p *impartial.Permission) error { g.PutPermission(p); return nil }))
	})
	// The builders finish what was read (or stop at the first failure)
	// before the working set is touched, whatever the reading returned.
	if graphs != nil {
		err = errors.Join(err, graphs.wait(), indexes.wait(), scans.wait())
	}
	if err != nil {
		return fmt.Errorf("load the working set: %w", err)
	}
	g.Compact()
	ws.graph.Store(g)
	if scanIx != nil {
		ws.scan.Store(scanIx)
	}
	ws.namesMu.Lock()
	ws.names, ws.stale = ix, map[string]*impartial.Entity{}
	ws.namesMu.Unlock()
	ws.engMu.Lock()
	ws.engine = nil
	ws.engMu.Unlock()
	ws.rev.Store(rev)
	ne, nr, nm := g.Size()
	s.log.Info("working set: ready", "entities", ne, "edges", nr, "matters", nm, "revision", rev, "elapsed", time.Since(start).Round(time.Millisecond))
	return nil
}

// stage runs work handed to it, in the order handed, on a goroutine of its
// own: a builder of the working set beside the goroutine that reads the
// records. After its first failure it runs nothing more.
type stage struct {
	work   chan func() error
	done   chan struct{}
	failed atomic.Bool
	err    error // the first failure; read after done
}

// stageDepth is how many pieces of work may wait for a stage: enough that
// the reader seldom waits for a builder, few enough that the pages waiting
// (a few megabytes each) do not weigh on memory.
const stageDepth = 2

func newStage(ctx context.Context) *stage {
	st := &stage{work: make(chan func() error, stageDepth), done: make(chan struct{})}
	go func() {
		defer close(st.done)
		for f := range st.work {
			if st.err != nil {
				continue
			}
			if err := ctx.Err(); err != nil {
				st.err = err
			} else {
				st.err = f()
			}
			if st.err != nil {
				st.failed.Store(true)
			}
		}
	}()
	return st
}

// do hands f to the stage; it fails, without waiting, once the stage has
// failed, so that the reader stops.
func (st *stage) do(f func() error) error {
	if st.failed.Load() {
		return errStageFailed
	}
	st.work <- f
	return nil
}

// wait lets the stage finish what it was handed and returns its failure.
func (st *stage) wait() error {
	close(st.work)
	<-st.done
	return st.err
}

// errStageFailed stops the reading when a builder has failed; the builder's
// own error is the one reported.
var errStageFailed = errors.New("a builder of the working set failed")

// handEach returns what hands a page to the stage, which applies fn to
// each of its records.
func handEach[T any](st *stage, fn func(T) error) func([]T) error {
	return func(page []T) error { return st.do(func() error { return each(fn)(page) }) }
}

// readPages reads every record of a listing, a page at a time, calling
// handOn with each page as it is read (to hand it to the stages).
func readPages[T any](ctx context.Context, list func(impartial.Page) ([]T, error), id func(T) string, handOn func([]T) error) error {
	err := eachPage(list, id, func(page []T) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return handOn(page)
	})
	if errors.Is(err, errStageFailed) {
		return nil // the stage's wait reports the builder's error
	}
	return err
}

// each applies fn to every record of a page.
func each[T any](fn func(T) error) func([]T) error {
	return func(page []T) error {
		for _, r := range page {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// rebuildNames builds the name index again from the store, dropping the
// former names of stale entities. The caller holds ws.mu.
func (s *Service) rebuildNames(ctx context.Context, ws *workingSet) error {
	ix := names.NewIndex()
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		return pages(func(p impartial.Page) ([]*impartial.Entity, error) {
			return tx.Entities(ctx, impartial.EntityFilter{Page: p})
		}, func(e *impartial.Entity) string { return e.ID }, func(e *impartial.Entity) error {
			return addName(ix, e)
		})
	})
	if err != nil {
		return fmt.Errorf("rebuild the name index: %w", err)
	}
	ws.namesMu.Lock()
	ws.names, ws.stale = ix, map[string]*impartial.Entity{}
	ws.namesMu.Unlock()
	return nil
}

// pages calls fn with every record of a listing, a page at a time.
func pages[T any](list func(impartial.Page) ([]T, error), id func(T) string, fn func(T) error) error {
	return eachPage(list, id, each(fn))
}

// eachPage calls fn with every page of a listing.
func eachPage[T any](list func(impartial.Page) ([]T, error), id func(T) string, fn func([]T) error) error {
	after := ""
	for {
		page, err := list(impartial.Page{After: after, Limit: impartial.MaxPage})
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		if err := fn(page); err != nil {
			return err
		}
		if len(page) < impartial.MaxPage {
			return nil
		}
		after = id(page[len(page)-1])
	}
}

// search runs a name search on the working set's index, scoring entities
// indexed under former names against their current names only.
func (ws *workingSet) search(query string, schema names.Schema, limit int) []names.Hit {
	ws.namesMu.RLock()
	defer ws.namesMu.RUnlock()
	n := limit
	if len(ws.stale) > 0 {
		n = 2 * limit // room for the hits under former names that are dropped
	}
	hits := ws.names.Search(query, schema, n)
	out := hits[:0:0]
	seen := map[string]bool{}
	for _, h := range hits {
		if seen[h.ID] {
			continue
		}
		seen[h.ID] = true
		if cur, ok := ws.stale[h.ID]; ok {
			// Scored as the index scores, against the current names only.
			one := names.NewIndex()
			if addName(one, cur) != nil {
				continue
			}
			again := one.Search(query, schema, 1)
			if len(again) == 0 {
				continue
			}
			h = again[0]
		}
		out = append(out, h)
	}
	slices.SortStableFunc(out, func(a, b names.Hit) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// MatchName is the screening engine's name matcher on the working set.
func (ws *workingSet) MatchName(name string) []screen.NameCandidate {
	var out []screen.NameCandidate
	for _, h := range ws.search(name, names.LegalEntity, 5) {
		if !h.Result.Match {
			continue
		}
		out = append(out, screen.NameCandidate{Entity: h.ID, Matched: h.Result.B, Score: h.Score, Explanation: h.Result.Explain()})
	}
	return out
}

// screenEngine returns an engine over the working set for the rulebooks,
// or nil if the service has no working set.
func (s *Service) screenEngine(ctx context.Context, set *rules.Set) (*screen.Engine, error) {
	ws, err := s.workingSet(ctx)
	if err != nil || ws == nil {
		return nil, err
	}
	def, err := s.ruleSet()
	if err != nil {
		return nil, err
	}
	g := ws.graph.Load()
	if set != def {
		return screen.NewEngine(g, set, ws), nil
	}
	ws.engMu.Lock()
	defer ws.engMu.Unlock()
	if ws.engine == nil || ws.engine.Graph != g {
		ws.engine = screen.NewEngine(g, set, ws)
	}
	return ws.engine, nil
}
