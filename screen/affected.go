package screen

import (
	"cmp"
	"slices"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
)

// ChangeKind says what kind of record changed.
type ChangeKind string

// The kinds of change that can alter findings.
const (
	EntityChanged       ChangeKind = "entity"
	RelationshipChanged ChangeKind = "relationship"
	ContactChanged      ChangeKind = "contact"
	MatterChanged       ChangeKind = "matter"
	RulebookChanged     ChangeKind = "rulebook"
	PermissionChanged   ChangeKind = "permission"
	EventChanged        ChangeKind = "event"
)

// Change describes a change to the records or rules, in the terms
// Affected needs. Build one with the constructors below from the record
// before and after the change (nil for "did not exist").
type Change struct {
	Kind ChangeKind
	// Links are the relationships or contacts changed, before and after.
	Links []Link
	// Entity is the entity whose own facts (kind, flags) changed.
	Entity string
	// Coverage: the entity's coverage changed (it must be screened afresh,
	// or its findings dropped).
	Coverage bool
	// Names: the entity's names changed, so parties known only by name may
	// now match it or no longer do.
	Names bool
	// Matter is the matter opened or changed.
	Matter string
	// Regimes whose rulebook changed, and its id.
	Regimes  []impartial.Regime
	Rulebook string
	// Permission: the person and matter of a permission added or changed.
	Person string
	// Related: for a matter whose participants or related links changed,
	// the matters its record links to, before and after the change: their
	// screens read its participants, or it reads theirs (ABA Model Rules
	// 1.9, 1.11, 1.12; 28 USC 455(b)(2)-(3)). Participants: who took part
	// in it changed, so the matters that link to it (which only the graph
	// knows) are affected too.
	Related      []string `json:",omitempty"`
	Participants bool     `json:",omitempty"`
	// Holdings traded and Entities a corporate action names, before and
	// after an event's change.
	Holdings []string `json:",omitempty"`
	Entities []string `json:",omitempty"`
}

// EventChange is the change from old to new of a trade or corporate action
// (either may be nil).
func EventChange(old, new *impartial.Event) Change {
	ch := Change{Kind: EventChanged}
	for _, e := range []*impartial.Event{old, new} {
		if e == nil {
			continue
		}
		if e.Kind == impartial.Trade {
			if !slices.Contains(ch.Holdings, e.Holding) {
				ch.Holdings = append(ch.Holdings, e.Holding)
			}
			continue
		}
		for _, id := range e.Entities() {
			if !slices.Contains(ch.Entities, id) {
				ch.Entities = append(ch.Entities, id)
			}
		}
	}
	return ch
}

// Link is a relationship or contact between two entities: Type is a
// relationship type or "contact".
type Link struct{ From, To, Type string }

// RelationshipChange is the change from old to new (either may be nil).
func RelationshipChange(old, new *impartial.Relationship) Change {
	ch := Change{Kind: RelationshipChanged}
	for _, r := range []*impartial.Relationship{old, new} {
		if r != nil {
			ch.Links = append(ch.Links, Link{r.From, r.To, string(r.Type)})
		}
	}
	return ch
}

// ContactChange is the change from old to new (either may be nil).
func ContactChange(old, new *impartial.Contact) Change {
	ch := Change{Kind: ContactChanged}
	for _, c := range []*impartial.Contact{old, new} {
		if c == nil {
			continue
		}
		for a := range c.Participants {
			for b := a + 1; b < len(c.Participants); b++ {
				ch.Links = append(ch.Links, Link{c.Participants[a], c.Participants[b], rules.ContactType})
			}
		}
	}
	return ch
}

// EntityChange is the change from old to new (either may be nil).
func EntityChange(old, new *impartial.Entity) Change {
	ch := Change{Kind: EntityChanged}
	switch {
	case new != nil:
		ch.Entity = new.ID
	case old != nil:
		ch.Entity = old.ID
	}
	if old == nil || new == nil {
		ch.Coverage = (old != nil && old.Coverage != nil) || (new != nil && new.Coverage != nil)
		ch.Names = true
		return ch
	}
	ch.Coverage = !equalCoverage(old.Coverage, new.Coverage)
	ch.Names = !slices.Equal(old.Names(), new.Names()) || !slices.Equal(old.Identifiers, new.Identifiers)
	return ch
}

func equalCoverage(a, b *impartial.Coverage) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// MatterChange is a matter opened or changed (parties, kind, dates).
func MatterChange(id string) Change { return Change{Kind: MatterChanged, Matter: id} }

// MatterRecordChange is the change from old to new of a matter (either may
// be nil): a change of its participants or related links also reaches the
// matters linked to it.
func MatterRecordChange(old, new *impartial.Matter) Change {
	ch := Change{Kind: MatterChanged}
	var before, after []impartial.Participant
	var lb, la []impartial.MatterLink
	if old != nil {
		ch.Matter, before, lb = old.ID, old.Participants, old.Related
	}
	if new != nil {
		ch.Matter, after, la = new.ID, new.Participants, new.Related
	}
	ch.Participants = !slices.Equal(before, after)
	if ch.Participants || !slices.Equal(lb, la) {
		for _, l := range append(slices.Clone(lb), la...) {
			if !slices.Contains(ch.Related, l.Matter) {
				ch.Related = append(ch.Related, l.Matter)
			}
		}
		slices.Sort(ch.Related)
	}
	return ch
}

// RulebookChange is a new version of a rulebook.
func RulebookChange(b *rules.Rulebook) Change {
	return Change{Kind: RulebookChanged, Regimes: slices.Clone(b.Regimes), Rulebook: b.ID}
}

// PermissionChange is a permission recorded, changed or withdrawn.
func PermissionChange(p *impartial.Permission) Change {
	return Change{Kind: PermissionChanged, Person: p.Person, Matter: p.Matter}
}

// Pair is a covered person and a matter.
type Pair struct{ Person, Matter string }

// Plan says what must be re-screened after a change: only what the change
// can affect. Its parts add up; a store replaces the findings it holds for
// exactly what is re-screened.
type Plan struct {
	// All: every open matter, for every covered person under Regimes (all
	// regimes when empty). A rulebook change: then Rulebooks names it, and
	// only its findings need recomputing.
	All       bool
	Regimes   []impartial.Regime
	Rulebooks []string
	// Matters to re-screen for every covered person.
	Matters []string
	// Persons to re-screen against every open matter.
	Persons []string
	// Pairs to re-screen.
	Pairs []Pair
}

// Empty reports whether nothing needs re-screening.
func (p Plan) Empty() bool {
	return !p.All && len(p.Matters) == 0 && len(p.Persons) == 0 && len(p.Pairs) == 0
}

// Affected returns what must be re-screened after the change. Call it with
// the graph holding the new state (it walks the rule paths around the
// changed records without date checks, so it finds every pair a path
// through the change could join, before or after).
func (en *Engine) Affected(ch Change) Plan {
	g := en.Graph
	g.mu.RLock()
	defer g.mu.RUnlock()
	switch ch.Kind {
	case RulebookChanged:
		return Plan{All: true, Regimes: ch.Regimes, Rulebooks: []string{ch.Rulebook}}
	case MatterChanged:
		p := Plan{Matters: append([]string{ch.Matter}, ch.Related...)}
		if ch.Participants {
			for _, l := range g.relatedTo[ch.Matter] {
				p.Matters = append(p.Matters, l.from)
			}
		}
		slices.Sort(p.Matters)
		p.Matters = slices.Compact(p.Matters)
		return p
	case PermissionChanged:
		if ch.Matter != "" {
			return Plan{Matters: []string{ch.Matter}}
		}
		return Plan{All: true}
	}
	a := &affected{en: en, g: g, persons: map[int32]bool{}, pairs: map[Pair]bool{}, matters: map[int32]bool{}}
	switch ch.Kind {
	case RelationshipChanged, ContactChanged:
		for _, l := range ch.Links {
			x, okx := g.lookupNode(l.From)
			y, oky := g.lookupNode(l.To)
			t, okt := typeByName[l.Type]
			if okx && oky && okt {
				a.link(x, y, t)
				if t == tEmployment || t == tPosition {
					a.colleagues(x, y)
				}
			}
		}
	case EventChanged:
		// A trade can only change whether, and how much, the holding's
		// lineage is held: every pair its periods could join.
		for _, h := range ch.Holdings {
			from, targets := g.lineageEnds(h)
			x, ok := g.lookupNode(from)
			if !ok {
				continue
			}
			for _, to := range targets {
				if y, ok := g.lookupNode(to); ok {
					a.link(x, y, tHolding)
				}
			}
		}
		// A corporate action moves holdings and ownership between the
		// entities it names: a path before or after it goes through one of
		// them, entering at one and leaving at another.
		var xs []int32
		for _, id := range ch.Entities {
			if x, ok := g.lookupNode(id); ok {
				xs = append(xs, x)
			}
		}
		if len(xs) > 0 {
			a.nodes(xs)
		}
	case EntityChanged:
		if ch.Coverage {
			a.plan.Persons = append(a.plan.Persons, ch.Entity)
		}
		if ch.Names {
			for mi := range g.nameOnly {
				a.matters[mi] = true
			}
		}
		if x, ok := g.lookupNode(ch.Entity); ok {
			a.node(x)
		}
	}
	return a.finish()
}

type affected struct {
	en      *Engine
	g       *Graph
	persons map[int32]bool
	pairs   map[Pair]bool
	matters map[int32]bool // re-screen fully
	plan    Plan
}

// link collects the pairs a path through a link of type t between x and y
// can join.
func (a *affected) link(x, y int32, t uint8) {
	for _, cb := range a.en.books() {
		for _, cr := range cb.rules {
			for _, cp := range cr.pats {
				for i, h := range cp.hops {
					if !h.has(t) && !(t == tClient && h.has(tRepresentation)) && !(t == tRepresentation && h.has(tClient)) {
						continue
					}
					for _, uv := range [][2]int32{{x, y}, {y, x}} {
						a.through(cb, cp, i, uv[0], uv[1])
					}
				}
			}
		}
	}
}

// node collects the pairs a path through x can join, x anywhere on it.
func (a *affected) node(x int32) { a.nodes([]int32{x}) }

// nodes collects the pairs a path can join that reaches the person's side
// through one of xs and the party's side through one of xs (not
// necessarily the same).
func (a *affected) nodes(xs []int32) {
	for _, cb := range a.en.books() {
		for _, cr := range cb.rules {
			for _, cp := range cr.pats {
				persons := map[int32]bool{}
				parties := map[int32]bool{}
				for _, x := range xs {
					for i, h := range cp.hops {
						for r := 0; r <= h.maxReps; r++ {
							a.back(cb, cp, x, i, r, persons)
							a.fwd(cp, x, i, r, parties)
						}
					}
					if len(cp.hops) == 0 {
						persons[x], parties[x] = true, true
					}
				}
				a.join(cb, persons, parties)
			}
		}
	}
}

// colleagues collects the matters whose participation findings an
// employment or position between x and y can change: a participant's own
// tie to a firm, or a colleague's tie to the firm a participant works at,
// is the path along which ABA Model Rules 1.11(b) and 1.12(c) impute. The
// matters read are the participant's and those related to it.
func (a *affected) colleagues(x, y int32) {
	g := a.g
	touches := func(person string) bool {
		pi, ok := g.lookupNode(person)
		if !ok {
			return false
		}
		if pi == x || pi == y {
			return true
		}
		for _, t := range []uint8{tEmployment, tPosition} {
			for _, e := range typeRange(g.outOf(pi), t) {
				if e.other == x || e.other == y {
					return true
				}
			}
		}
		return false
	}
	for mi := range g.withPart {
		m := g.matter(mi)
		if m == nil || !slices.ContainsFunc(m.Participants, func(p impartial.Participant) bool { return touches(p.Person) }) {
			continue
		}
		a.matters[mi] = true
		for _, l := range m.Related {
			if j, ok := g.lookupMatter(l.Matter); ok {
				a.matters[j] = true
			}
		}
		for _, l := range g.relatedTo[m.ID] {
			if j, ok := g.lookupMatter(l.from); ok {
				a.matters[j] = true
			}
		}
	}
}

// through handles a link walked from u to v as one repetition of hop i.
func (a *affected) through(cb *cbook, cp *cpat, i int, u, v int32) {
	persons := map[int32]bool{}
	parties := map[int32]bool{}
	a.back(cb, cp, u, i, 1, persons)
	if len(persons) == 0 {
		return
	}
	a.fwd(cp, v, i, 1, parties)
	a.join(cb, persons, parties)
}

func (a *affected) back(cb *cbook, cp *cpat, x int32, hi, reps int, out map[int32]bool) {
	b := &backward{g: a.g, pat: cp, budget: 1 << 22, visit: func(v int32) {
		if c := a.g.covOf(v); c != nil && a.en.Rules.For(c.Regime) == cb.b {
			out[v] = true
		}
	}}
	b.nodes = append(b.nodes, x)
	b.walk(x, hi, reps)
}

func (a *affected) fwd(cp *cpat, x int32, hi, reps int, out map[int32]bool) {
	f := &forward{g: a.g, pat: cp, budget: 1 << 22, visit: func(v int32) { out[v] = true }}
	f.nodes = append(f.nodes, x)
	f.walk(x, hi, reps)
}

func (a *affected) join(cb *cbook, persons, parties map[int32]bool) {
	if len(persons) == 0 || len(parties) == 0 {
		return
	}
	var ms []int32
	for p := range parties {
		ms = append(ms, a.g.partyMatters(p)...)
		ms = append(ms, a.en.nameMatters(a.g.nodeID(p))...)
	}
	if len(ms) == 0 {
		return
	}
	if len(persons)*len(ms) > 10_000 {
		for _, mi := range ms {
			a.matters[mi] = true
		}
		return
	}
	for p := range persons {
		for _, mi := range ms {
			if a.g.matters[mi].live() {
				a.pairs[Pair{a.g.nodeID(p), a.g.matterID(mi)}] = true
			}
		}
	}
}

func (a *affected) finish() Plan {
	p := a.plan
	for mi := range a.matters {
		if a.g.matters[mi].live() {
			p.Matters = append(p.Matters, a.g.matterID(mi))
		}
	}
	slices.Sort(p.Matters)
	for pr := range a.pairs {
		if !slices.Contains(p.Matters, pr.Matter) && !slices.Contains(p.Persons, pr.Person) {
			p.Pairs = append(p.Pairs, pr)
		}
	}
	slices.SortFunc(p.Pairs, func(x, y Pair) int { return cmp.Or(cmp.Compare(x.Person, y.Person), cmp.Compare(x.Matter, y.Matter)) })
	return p
}

// backward walks a pattern from some node towards the person's side,
// ignoring dates; the mirror of forward.
type backward struct {
	g      *Graph
	pat    *cpat
	budget int
	nodes  []int32
	visit  func(v int32)
}

// walk extends backwards from v; hop hi has reps repetitions after v.
func (b *backward) walk(v int32, hi, reps int) {
	if b.budget <= 0 {
		return
	}
	if hi < 0 {
		b.visit(v)
		return
	}
	h := b.pat.hops[hi]
	if reps >= h.minReps {
		if hi == 0 {
			b.visit(v)
		} else {
			b.walk(v, hi-1, 0)
		}
	}
	if reps >= h.maxReps || !kindsContain(h.kinds, b.g.nodes[v].kind) {
		return
	}
	b.scan(b.g.inOf(v), true, hi, reps)
	b.scan(b.g.outOf(v), false, hi, reps)
}

func (b *backward) scan(list []adj, fwd bool, hi, reps int) {
	g := b.g
	h := b.pat.hops[hi]
	rem := b.pat.pre[hi] + h.maxReps - reps - 1
	for _, t := range h.scanTypes {
		for _, a := range typeRange(list, t) {
			if b.budget--; b.budget <= 0 {
				return
			}
			u := a.other
			if int(g.info[u].dist) > rem {
				continue
			}
			e := &g.edges[a.edge]
			ok, role := h.accepts(g, e, fwd)
			if !ok || !h.roleOK(role) || !h.capacityOK(g, e) || !h.percentOK(e) {
				continue
			}
			if hasFlags(g.nodes[u].flags, h.notFrom) || slices.Contains(b.nodes, u) {
				continue
			}
			b.nodes = append(b.nodes, u)
			b.walk(u, hi, reps+1)
			b.nodes = b.nodes[:len(b.nodes)-1]
		}
	}
}

// nameMatters returns the matters where a party known only by name was
// matched to the entity when last screened.
func (en *Engine) nameMatters(entity string) []int32 {
	en.mu.Lock()
	defer en.mu.Unlock()
	return slices.Clone(en.nameHits[entity])
}

// rememberNameHit records that a name-only party of matter mi matched the
// entity, so that a later change around the entity re-screens the matter.
func (en *Engine) rememberNameHit(entity string, mi int32) {
	en.mu.Lock()
	defer en.mu.Unlock()
	if en.nameHits == nil {
		en.nameHits = map[string][]int32{}
	}
	if !slices.Contains(en.nameHits[entity], mi) {
		en.nameHits[entity] = append(en.nameHits[entity], mi)
	}
}

// Rescreen carries out a plan as of asOf: matters screened fully, persons
// against every open matter, pairs one by one. It returns one result per
// unit of work, each saying what it screened, so that a store can replace
// the findings it held for exactly those pairs.
func (en *Engine) Rescreen(p Plan, asOf impartial.Date, workers int) ([]*Result, error) {
	var out []*Result
	collect := func(r *Result) { out = append(out, r) }
	if p.All {
		if err := en.ScreenMatters(en.Graph.MatterIDs(asOf), asOf, p.Rulebooks, workers, collect); err != nil {
			return nil, err
		}
	} else if err := en.ScreenMatters(p.Matters, asOf, nil, workers, collect); err != nil {
		return nil, err
	}
	for _, person := range p.Persons {
		r, err := en.ScreenPerson(person, asOf)
		if err != nil {
			if impartial.IsNotFound(err) {
				// A removed person: nothing to screen; the store drops their findings.
				out = append(out, &Result{AsOf: asOf, Persons: []string{person}})
				continue
			}
			return nil, err
		}
		out = append(out, r)
	}
	for _, pr := range p.Pairs {
		m := en.Graph.Matter(pr.Matter)
		if m == nil || !m.Open(asOf) {
			continue
		}
		v, err := en.ScreenPair(pr.Person, pr.Matter, asOf)
		if err != nil && !impartial.IsNotFound(err) {
			return nil, err
		}
		out = append(out, &Result{AsOf: asOf, Matters: []string{pr.Matter}, Persons: []string{pr.Person}, Findings: v.Findings})
	}
	return out, nil
}
