package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/names"
	"github.com/impartial/impartial/rules"
	"github.com/impartial/impartial/screen"
)

// Screening one matter in a one-shot command (screen --matter, an import
// that opens a matter) without a working set reads only that matter's
// neighbourhood: at 1,000,000 entities, loading every record to screen one
// matter took a minute and a half and 3 GB.
//
// The neighbourhood is what the engine's walks can examine: they start at
// the matter's parties (those given by name found through the entity keys,
// as a one-shot name search finds them) and go back along the rules' hop
// sequences towards covered persons. Which relationships that is depends on
// the rules, the dates, the roles and the entities on the way, so rather
// than a second copy of the walks' logic, the same engine decides. The
// parties, the participants of the matter and of those linked to it, and
// every entity an event names are read in full: everything touching them
// (relationships by either end, contacts, events — impartial.ReadTx's
// Adjacent, by index). Every other entity the records read name is held
// partially: the entity itself, with the relationships complete entities
// brought. A screen on that graph records which partial entities a walk
// needed the relationships of, and which it needed only the links to
// covered persons of, because all it looked for there was a covered person
// one step away (screen.Graph.MarkPartial); those are read — in full, or
// the links alone (Adjacent with coveredOnly) — and the matter screened
// again, until a screen needs nothing more. Then every relationship the
// walks examined is in the graph as in the graph of every record, and so
// are the findings — tested against the full load, finding by finding, on
// generated data and on every scenario in testdata (neighbourhood_test.go).
//
// What bounds the expansion is the covered persons' side. An entity a walk
// reaches is first only probed: its links to covered persons are read, and
// the types of what it has recorded (Adjacent with coveredOnly, which reads
// the ends and types of its relationships, not their records). The graph
// then knows its distance to the nearest covered person to be 1 or at
// least 2, and whether a walk can go on through it at all — a holder of a
// company who is held by no one, say — which is what the engine prunes
// walks by; and a walk whose last step ends at a covered person finds the
// links it needs. Only the entities a walk must go on through are read in
// full. A hub's thousands of holders cost an index probe each, then, and a
// full read only for those with relatives a rule may follow.
//
// Two things the records' own indexes cannot give are kept by the store as
// derived tables, written in the transactions that write what they derive
// from (migration 018, sqlstore/derived.go), on SQLite and PostgreSQL alike:
//
//   - The kinship distance: how many family or household relationships an
//     entity is from the nearest covered person, up to
//     impartial.KinReach. Walking back from a company with 19,000 holders,
//     the rules on relatives (28 USC 455(b)(5)(iii): a relative within the
//     third degree holds an interest in a party) go on from every holder
//     who has a relative, and the distance over every kind of relationship
//     cannot stop them: the company is one step from its covered holders,
//     so every holder is at most two. The engine prunes such walks by the
//     distance over family and household relationships alone (screen,
//     kin.go), in every graph; here that distance comes from the table for
//     every entity read, so a holder whose relatives lead to no covered
//     person within three steps is not read at all. At 1,000,000 entities
//     that read 783 entities in full for the hub's matter instead of
//     7,269, and 24,463 in all instead of 40,607 (BENCHMARKS.md).
//   - The identifiers: every entity's identifiers by scheme and canonical
//     value, so that a party given by identifier is read like one given by
//     name, not by loading every record.
//
// Why these and not a persisted distance over every relationship or an
// adjacency snapshot: the distance over every relationship is what the hub
// defeats (above), and keeping it exact would mean, on every write, a
// search as far as the distance is kept through whatever hubs are near;
// a snapshot must be rewritten or patched on every write. Family and
// household relationships form small clusters, so the upkeep of their
// distance reads a few relationships per write. It fails closed by
// construction: a write that adds a relationship or a coverage lowers the
// distances around it before its transaction commits, one that removes them
// leaves them as they are, so a stored distance is never above the true one
// (the engine's own distances are kept the same way), and a distance too
// low only makes the screen read more, never find less. An identifier
// filed that an entity no longer records only reads one entity more: the
// engine checks the entity's own identifiers. The conformance suite
// (storetest, derived.go) checks both on SQLite and PostgreSQL, and the
// backfill of an existing database against the upkeep.
//
//   - The link summaries (migration 019, sqlstore/links.go): per entity,
//     the types of the relationships recorded from and to it, whether it
//     took part in a contact, whether an event names it and whether a
//     relationship or contact links it to a covered person. For an entity
//     linked to no covered person and named by no event, a probe would
//     find only the types, so every entity read that is not read in full
//     counts as probed from the start with the summary's; only the others
//     are probed. Of the hub's 19,000 holders, 17,995 need no probe. Like
//     the distances the bits are only set (a removal leaves them), so a
//     summary may say more than the truth, which makes the walks read
//     more, never less; the link to a covered person is set under the
//     same lock as the distances are lowered, so two writers at once (a
//     tie to B, B's coverage) do not both miss it.
//
// What this leaves at a hub is reading its holders themselves (each
// entity's record) and building the graph of some 24,000 entities once per
// round, four rounds (BENCHMARKS.md). Probing the parties' neighbours in
// the first round, which spares a round at the hub, read more for an
// ordinary 20-party matter than it saved; not kept.
//
// Past neighbourhoodBudget relationships and contacts, or when a walk hits
// the engine's budget (the full graph's walks may examine more of a hub),
// the command loads everything as before and says so on stderr.

// neighbourhoodBudget is how many relationships and contacts a
// neighbourhood may hold before the full load is cheaper.
const neighbourhoodBudget = 250_000

// neighbourhoodRounds bounds the rounds of reading and screening: each
// round lengthens the walks by at least one relationship, and no rule path
// is longer than a few; a matter that needs more is loaded in full.
const neighbourhoodRounds = 32

// hood is a matter's neighbourhood as read so far.
type hood struct {
	tx       impartial.ReadTx
	ents     map[string]*impartial.Entity
	rels     map[string]*impartial.Relationship
	contacts map[string]*impartial.Contact
	events   map[string]*impartial.Event
	complete map[string]bool                 // everything touching it is read
	probed   map[string]*impartial.LinkTypes // its links to covered persons are read: what it has recorded
	matters  []*impartial.Matter
	perms    []*impartial.Permission
	must     map[string]bool // to read in full before screening
	probe    map[string]bool // to read the links to covered persons of
	kin      map[string]int  // the store's kinship distance of every entity read
}

// neighbourhoodEngine returns an engine over the neighbourhood of matter id
// that screens it as of asOf as the engine over every record would, with
// the result of that screen (the last round's: screening again would only
// repeat it), or nil (with the reason) when the full load is needed.
func (s *Service) neighbourhoodEngine(ctx context.Context, set *rules.Set, id string, asOf impartial.Date) (*screen.Engine, *screen.Result, string, error) {
	var en *screen.Engine
	var last *screen.Result
	var why string
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		h := &hood{tx: tx, ents: map[string]*impartial.Entity{}, rels: map[string]*impartial.Relationship{},
			contacts: map[string]*impartial.Contact{}, events: map[string]*impartial.Event{}, complete: map[string]bool{},
			probed: map[string]*impartial.LinkTypes{}, must: map[string]bool{}, probe: map[string]bool{}, kin: map[string]int{}}
		m, err := tx.Matter(ctx, id)
		if impartial.IsNotFound(err) {
			// As the engine over every record says it.
			return &impartial.Error{Kind: impartial.NotFound, Record: fmt.Sprintf("matter %q", id), Msg: "not found"}
		}
		if err != nil {
			return err
		}
		names, reason, err := h.start(ctx, m)
		if err != nil || reason != "" {
			why = reason
			return err
		}
		for round := range neighbourhoodRounds {
			if err := h.fill(ctx); err != nil {
				return err
			}
			if n := len(h.rels) + len(h.contacts); n > neighbourhoodBudget {
				why = fmt.Sprintf("its neighbourhood holds more than %d relationships and contacts", neighbourhoodBudget)
				return nil
			}
			g, err := h.graph()
			if err != nil {
				return err
			}
			e := screen.NewEngine(g, set, names)
			res, err := e.ScreenMatter(id, asOf)
			if err != nil {
				return err
			}
			wanted, probes := g.Wanted()
			s.log.Debug("neighbourhood", "matter", id, "round", round, "entities", len(h.ents), "complete", len(h.complete),
				"probed", len(h.probed), "relationships", len(h.rels), "contacts", len(h.contacts), "findings", len(res.Findings),
				"wanted", len(wanted), "probes", len(probes))
			if len(wanted) == 0 && len(probes) == 0 {
				for _, w := range res.Warnings {
					if isCut(w) {
						// The full graph's walks examine more of a hub's
						// relationships than the neighbourhood's: where a
						// budget cuts them, only the full load says where.
						why = "a search was cut short by its budget"
						return nil
					}
				}
				en, last = e, res
				return nil
			}
			for _, w := range wanted {
				h.must[w] = true
			}
			for _, p := range probes {
				h.probe[p] = true
			}
		}
		why = fmt.Sprintf("its walks needed more than %d rounds of reading", neighbourhoodRounds)
		return nil
	})
	if impartial.IsNotFound(err) {
		return nil, nil, "", err
	}
	if err != nil {
		return nil, nil, "", fmt.Errorf("read the neighbourhood of matter %q: %w", id, err)
	}
	return en, last, why, nil
}

// isCut reports whether a screen's warning says a search hit its budget
// (screen's search.screenMatter words it so).
func isCut(w string) bool { return strings.Contains(w, screen.CutNote) }

// start reads what every screen of m reads: the permissions, the matter
// and those linked to it, and the entities its
// parties are or may be (by name, through the entity keys). It returns the
// name matcher, or the reason the neighbourhood cannot be used.
func (h *hood) start(ctx context.Context, m *impartial.Matter) (screen.NameMatcher, string, error) {
	tx := h.tx
	var err error
	if h.perms, err = all(func(p impartial.Page) ([]*impartial.Permission, error) {
		return tx.Permissions(ctx, impartial.PermissionFilter{Page: p})
	}, func(p *impartial.Permission) string { return p.ID }); err != nil {
		return nil, "", err
	}
	h.matters = []*impartial.Matter{m}
	for _, l := range m.Related {
		r, err := tx.Matter(ctx, l.Matter)
		if impartial.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, "", err
		}
		h.matters = append(h.matters, r)
	}
	back, err := tx.RelatedTo(ctx, m.ID)
	if err != nil {
		return nil, "", err
	}
	h.matters = append(h.matters, back...)
	slices.SortFunc(h.matters, func(a, b *impartial.Matter) int { return strings.Compare(a.ID, b.ID) })
	h.matters = slices.CompactFunc(h.matters, func(a, b *impartial.Matter) bool { return a.ID == b.ID })
	km := &keyedMatcher{ctx: ctx, tx: tx, hits: map[string][]screen.NameCandidate{}}
	for _, p := range m.Parties {
		if p.Entity != "" {
			h.must[p.Entity] = true
			continue
		}
		if p.Evidence != nil && len(p.Evidence.Identifiers) > 0 {
			ids, err := tx.IdentifiedEntities(ctx, p.Evidence.Identifiers)
			if err != nil {
				return nil, "", err
			}
			for _, id := range ids {
				h.must[id] = true
			}
		}
		for _, n := range []string{p.Name, nativeName(p)} {
			if n == "" {
				continue
			}
			cands, err := km.match(n)
			if err != nil {
				return nil, "", err
			}
			for _, c := range cands {
				h.must[c.Entity] = true
			}
		}
	}
	for _, x := range h.matters {
		for _, pp := range x.Participants {
			h.must[pp.Person] = true
		}
	}
	return km, "", nil
}

func nativeName(p impartial.MatterParty) string {
	if p.Evidence == nil {
		return ""
	}
	return p.Evidence.NativeName
}

// fill reads in full the entities that must be, the links to covered
// persons of those to probe, and the entities the records read name that
// the graph does not hold yet. Entities an event names are read in full
// (the event moves holdings and ownership between them), and so are the
// firms a participant works at (participation is imputed to colleagues).
func (h *hood) fill(ctx context.Context) error {
	for {
		var full []string
		for id := range h.must {
			if !h.complete[id] {
				full = append(full, id)
			}
		}
		var probe []string
		for id := range h.probe {
			if !h.complete[id] && h.probed[id] == nil && !h.must[id] {
				probe = append(probe, id)
			}
		}
		if len(full) == 0 && len(probe) == 0 {
			return nil
		}
		for _, coveredOnly := range []bool{false, true} {
			ids := full
			if coveredOnly {
				ids = probe
			}
			if len(ids) == 0 {
				continue
			}
			slices.Sort(ids)
			a, err := h.tx.Adjacent(ctx, ids, coveredOnly)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if !coveredOnly {
					h.complete[id] = true
				} else if h.probed[id] = a.Links[id]; h.probed[id] == nil {
					return fmt.Errorf("the store did not say what entity %q has recorded", id)
				}
			}
			h.add(a)
		}
		if err := h.readNamed(ctx); err != nil {
			return err
		}
		parts := map[string]bool{}
		for _, x := range h.matters {
			for _, pp := range x.Participants {
				parts[pp.Person] = true
			}
		}
		for _, r := range h.rels {
			if parts[r.From] && (r.Type == impartial.Employment || r.Type == impartial.Position) {
				h.must[r.To] = true
			}
		}
		if len(h.rels)+len(h.contacts) > neighbourhoodBudget {
			return nil
		}
	}
}

// isCovered reports whether id is a covered person among the entities read.
func (h *hood) isCovered(id string) bool {
	e := h.ents[id]
	return e != nil && e.Coverage != nil
}

// add keeps what Adjacent returned, making the entities events name ones
// to read in full.
func (h *hood) add(a *impartial.Adjacency) {
	for _, r := range a.Relationships {
		h.rels[r.ID] = r
	}
	for _, c := range a.Contacts {
		h.contacts[c.ID] = c
	}
	for _, e := range a.Events {
		h.events[e.ID] = e
		for _, id := range e.Entities() {
			h.must[id] = true
		}
	}
}

// readNamed reads the entities the records held name and the graph does
// not hold yet.
func (h *hood) readNamed(ctx context.Context) error {
	need := map[string]bool{}
	for _, r := range h.rels {
		need[r.From], need[r.To] = true, true
	}
	for _, c := range h.contacts {
		for _, p := range c.Participants {
			need[p] = true
		}
		if c.ReportedBy != "" {
			need[c.ReportedBy] = true // a finding names who reported it
		}
	}
	for id := range h.must {
		need[id] = true
	}
	var ids []string
	for id := range need {
		if _, ok := h.ents[id]; !ok {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	got, err := h.tx.EntitiesByID(ctx, ids)
	if err != nil {
		return err
	}
	for _, e := range got {
		h.ents[e.ID] = e
	}
	kin, err := h.tx.KinDistances(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		d, ok := kin[id]
		if !ok {
			d = impartial.KinReach + 1
		}
		h.kin[id] = d
	}
	// What a probe would find of those the store knows to be linked to no
	// covered person and named by no event: the types they have recorded
	// (or more), and nothing else. They count as probed from the start.
	var partial []string
	for _, id := range ids {
		if !h.must[id] {
			partial = append(partial, id)
		}
	}
	sums, err := h.tx.LinkSummaries(ctx, partial)
	if err != nil {
		return err
	}
	for id, l := range sums {
		h.probed[id] = l
	}
	for _, id := range ids {
		if _, ok := h.ents[id]; !ok {
			// Named but not stored (a party that is not a known entity):
			// nothing touches it.
			h.complete[id] = true
		}
	}
	return nil
}

// graph builds the screening graph of the neighbourhood as the full load
// builds it from every record — each kind of record in id order — and marks
// the entities not read in full as partial.
func (h *hood) graph() (*screen.Graph, error) {
	ents := sortedOf(h.ents, func(e *impartial.Entity) string { return e.ID })
	rels := sortedOf(h.rels, func(r *impartial.Relationship) string { return r.ID })
	contacts := sortedOf(h.contacts, func(c *impartial.Contact) string { return c.ID })
	g, err := screen.NewGraph(ents, rels, contacts)
	if err != nil {
		return nil, fmt.Errorf("build the neighbourhood's graph: %w", err)
	}
	for _, e := range sortedOf(h.events, func(e *impartial.Event) string { return e.ID }) {
		g.PutEvent(e)
	}
	for _, m := range h.matters {
		g.PutMatter(m)
	}
	for _, p := range h.perms {
		g.PutPermission(p)
	}
	// Which entities a relationship or contact links to a covered person:
	// for a partial entity, all such links are held.
	// An event can move a relationship's end to another entity it names
	// (all of which are read in full): counted as near, a bound that may be
	// low but is never too high.
	moved := map[string]bool{}
	for _, e := range h.events {
		for _, id := range e.Entities() {
			moved[id] = true
		}
	}
	near := map[string]bool{}
	for _, r := range rels {
		if h.isCovered(r.From) || moved[r.From] {
			near[r.To] = true
		}
		if h.isCovered(r.To) || moved[r.To] {
			near[r.From] = true
		}
	}
	for _, c := range contacts {
		if slices.ContainsFunc(c.Participants, func(p string) bool { return h.isCovered(p) }) {
			for _, p := range c.Participants {
				near[p] = true
			}
		}
	}
	for _, e := range ents {
		if !h.complete[e.ID] {
			g.MarkPartial(e.ID, h.probed[e.ID], near[e.ID])
		}
		// The store's bound, which the relationships held may not show.
		g.LowerKin(e.ID, h.kin[e.ID])
	}
	return g, nil
}

func sortedOf[T any](m map[string]T, id func(T) string) []T {
	out := make([]T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b T) int { return strings.Compare(id(a), id(b)) })
	return out
}

// keyedMatcher matches party names through the entity keys, as a one-shot
// name search does, answering as screen.IndexMatcher over every entity.
type keyedMatcher struct {
	ctx  context.Context
	tx   impartial.ReadTx
	hits map[string][]screen.NameCandidate
}

func (k *keyedMatcher) match(name string) ([]screen.NameCandidate, error) {
	if c, ok := k.hits[name]; ok {
		return c, nil
	}
	ix, _, err := keyedIndex(k.ctx, k.tx, name, names.LegalEntity)
	if err != nil {
		return nil, fmt.Errorf("match party name %q: %w", name, err)
	}
	c := screen.IndexMatcher{Index: ix}.MatchName(name)
	k.hits[name] = c
	return c, nil
}

// MatchName answers from the names matched when the neighbourhood was read
// (every party's).
func (k *keyedMatcher) MatchName(name string) []screen.NameCandidate {
	return k.hits[name]
}

// matterEngine returns the engine to screen matter id with as of asOf: the
// working set's in a server, else the neighbourhood's with the result of
// its screen, else (saying why in the log) the engine over every record.
func (s *Service) matterEngine(ctx context.Context, set *rules.Set, id string, asOf impartial.Date) (*screen.Engine, *screen.Result, error) {
	if s.ws.Load() != nil {
		en, err := s.engine(ctx, set)
		return en, nil, err
	}
	en, res, why, err := s.neighbourhoodEngine(ctx, set, id, asOf)
	if err != nil || en != nil {
		return en, res, err
	}
	s.log.Warn("screening matter " + id + ": reading every record, because " + why)
	en, err = s.engine(ctx, set)
	return en, nil, err
}

// maxNeighbourhoodMatters is how many matters a re-screening screens each on
// its own neighbourhood; past it, the records are loaded once for all.
const maxNeighbourhoodMatters = 16

// rescreenNeighbourhoods carries out a re-screening that only new or
// changed matters (or permissions for one matter) call for — an import
// that opens a matter — each matter on its own neighbourhood, for a
// service without a working set. It reports false, having done nothing,
// when the changes call for more (a new holding can affect any matter), or
// a matter's neighbourhood gives way to the full load; scoped says whether
// it narrowed the work to the plan first (with wide), which the full
// re-screening then need not do again.
func (s *Service) rescreenNeighbourhoods(ctx context.Context, log *changeLog, done []int64, wide bool, scoped *bool) (*RescreenReport, bool, error) {
	if log.all || s.ws.Load() != nil {
		return nil, false, nil
	}
	// What Engine.Affected plans for these changes, with the store telling
	// which matters record a link to a changed one.
	var plan screen.Plan
	for _, ch := range log.changes {
		switch {
		case ch.Kind == screen.MatterChanged:
			plan.Matters = append(plan.Matters, ch.Matter)
			plan.Matters = append(plan.Matters, ch.Related...)
			if !ch.Participants {
				continue
			}
			var back []*impartial.Matter
			if err := s.store.View(ctx, func(tx impartial.ReadTx) error {
				var err error
				back, err = tx.RelatedTo(ctx, ch.Matter)
				return err
			}); err != nil {
				return nil, false, err
			}
			for _, m := range back {
				plan.Matters = append(plan.Matters, m.ID)
			}
		case ch.Kind == screen.PermissionChanged && ch.Matter != "":
			plan.Matters = append(plan.Matters, ch.Matter)
		default:
			return nil, false, nil
		}
	}
	slices.Sort(plan.Matters)
	plan.Matters = slices.Compact(plan.Matters)
	if len(plan.Matters) > maxNeighbourhoodMatters {
		return nil, false, nil
	}
	set, err := s.ruleSet()
	if err != nil {
		return nil, false, err
	}
	if wide {
		// As the full re-screening does, before screening: checks outside
		// the plan answer meanwhile.
		if err := s.scopeWork(ctx, done, plan); err != nil {
			return nil, false, err
		}
		*scoped = true
	}
	asOf := impartial.DateOf(s.now())
	screened := &ScreenReport{AsOf: asOf}
	open := map[string]bool{}
	for _, id := range plan.Matters {
		en, res, why, err := s.neighbourhoodEngine(ctx, set, id, asOf)
		if impartial.IsNotFound(err) {
			continue // as a matter the graph does not hold gives no result
		}
		if err != nil {
			return nil, false, err
		}
		if en == nil {
			s.log.Warn("re-screening matter " + id + ": reading every record, because " + why)
			return nil, false, nil
		}
		if !en.Graph.MatterOpen(id, asOf) {
			continue
		}
		open[id] = true
		screened.add(res, scopeMatters)
	}
	rep := &RescreenReport{Matters: len(plan.Matters)}
	rep.Findings = screened.findingCount()
	if err := s.saveFindings(ctx, screened, func(id string) bool { return open[id] }, done...); err != nil {
		return nil, false, err
	}
	return rep, true, nil
}
