package screen

import (
	"slices"
	"strings"

	"github.com/impartial/impartial"
)

// holdingPos is what a plain holding edge does not keep of its record.
type holdingPos struct {
	shares   *float64
	valuedOn impartial.Date
}

// derivedRel is a relationship that events cut into periods: its record
// and the edges of its periods.
type derivedRel struct {
	base    *impartial.Relationship
	edges   []int32
	through []string
}

// evKey is the base key of the relationship an event creates (an
// acquirer's ownership), apart from relationship ids.
func evKey(id string) string { return "\x00event:" + id }

// touched reports whether any event reaches the relationship, so that it
// must be cut into periods.
func (g *Graph) touched(r *impartial.Relationship) bool {
	switch r.Type {
	case impartial.Holding:
		return len(g.trades[r.ID]) > 0 || len(g.acts[r.To]) > 0
	case impartial.Ownership:
		return len(g.acts[r.From]) > 0 || len(g.acts[r.To]) > 0
	}
	return false
}

// putRel adds relationship r (none with its id is in the graph): one edge,
// or the edges of its periods when events reach it. Its ends exist.
func (g *Graph) putRel(r *impartial.Relationship) {
	if r.Shares != nil || !r.ValuedOn.IsZero() {
		if g.pos == nil {
			g.pos = map[string]holdingPos{}
		}
		g.pos[r.ID] = holdingPos{r.Shares, r.ValuedOn}
	} else {
		delete(g.pos, r.ID)
	}
	if g.touched(r) {
		g.putDerived(r.ID, r)
		return
	}
	from, _ := g.lookupNode(r.From)
	to, _ := g.lookupNode(r.To)
	g.indexEdge(r.ID, g.addEdge(g.makeEdge(r, from, to, typeByName[string(r.Type)])))
}

// putDerived adds the periods of base under key.
func (g *Graph) putDerived(key string, base *impartial.Relationship) {
	periods, through := derivePeriods(base, g.trades[base.ID], func(e string) []*impartial.Event { return g.acts[e] }, g.entityName)
	d := &derivedRel{base: base, through: through}
	typ := typeByName[string(base.Type)]
	for _, p := range periods {
		from, okf := g.lookupNode(p.from)
		to, okt := g.lookupNode(p.to)
		if !okf || !okt || !g.nodes[from].alive || !g.nodes[to].alive {
			continue // an event names an entity the graph does not hold
		}
		r := *base
		r.From, r.To, r.Span, r.Shares = p.from, p.to, p.span, p.shares
		if base.Type == impartial.Holding {
			r.Amount = p.amount
		} else {
			r.Percent = p.percent
		}
		note := p.note
		if p.shares != nil {
			note = strings.TrimSuffix(num(*p.shares)+" shares; "+note, "; ")
		}
		if note != "" {
			r.Detail = strings.TrimPrefix(base.Detail+"; "+note, "; ")
		}
		i := g.addEdge(g.makeEdge(&r, from, to, typ))
		d.edges = append(d.edges, i)
		if g.edgeOf == nil {
			g.edgeOf = map[int32]string{}
		}
		g.edgeOf[i] = key
	}
	if g.derived == nil {
		g.derived, g.through = map[string]*derivedRel{}, map[string][]string{}
	}
	g.derived[key] = d
	for _, e := range through {
		if !slices.Contains(g.through[e], key) {
			g.through[e] = append(g.through[e], key)
		}
	}
}

// entityName is the entity's name, or its id if the graph does not hold it.
func (g *Graph) entityName(id string) string {
	if v, ok := g.lookupNode(id); ok && g.nodes[v].alive {
		if n := g.nodeName(v); n != "" {
			return n
		}
	}
	return id
}

// renamed cuts again the relationships whose periods' notes name the entity
// (see derivePeriods), after its name changed.
func (g *Graph) renamed(id string) {
	if keys := g.through[id]; len(keys) > 0 {
		g.recut(slices.Clone(keys))
	}
}

// dropDerived removes the periods of the base under key.
func (g *Graph) dropDerived(key string) {
	d, ok := g.derived[key]
	if !ok {
		return
	}
	for _, i := range d.edges {
		delete(g.edgeOf, i)
		g.removeEdge(i)
	}
	for _, e := range d.through {
		if ks := slices.DeleteFunc(g.through[e], func(k string) bool { return k == key }); len(ks) > 0 {
			g.through[e] = ks
		} else {
			delete(g.through, e)
		}
	}
	delete(g.derived, key)
}

// removeRel removes the relationship with the id, plain or cut into
// periods.
func (g *Graph) removeRel(id string) {
	if _, ok := g.derived[id]; ok {
		g.dropDerived(id)
		return
	}
	if i, ok := g.lookupEdge(id); ok {
		g.removeEdge(i)
	}
}

// relOf returns the record of the relationship with the id as the graph
// holds it: the base of a derived one, or what a plain edge keeps (all that
// screening reads), or nil.
func (g *Graph) relOf(id string) *impartial.Relationship {
	if d, ok := g.derived[id]; ok {
		return d.base
	}
	i, ok := g.lookupEdge(id)
	if !ok {
		return nil
	}
	e := &g.edges[i]
	r := &impartial.Relationship{ID: id, From: g.nodeID(e.from), To: g.nodeID(e.to), Type: typeName(e.typ),
		Role: g.strs[e.role], Detail: g.strs[e.detail], Capacity: g.strs[e.capacity],
		Span: impartial.Span{Start: unpackDate(e.start), End: unpackDate(e.end)}, Status: statuses[e.status], Source: g.strs[e.source],
		Amount: g.amountOf(e)}
	if e.typ == tHolding {
		r.Whose = whoses[e.whose]
	}
	if !isNaN32(e.percent) {
		p := float64(e.percent)
		r.Percent = &p
	}
	if ps, ok := g.pos[id]; ok {
		r.Shares, r.ValuedOn = ps.shares, ps.valuedOn
	}
	return r
}

func isNaN32(f float32) bool { return f != f }

// PutEvent adds the trade or corporate action, or replaces the one with its
// id, and cuts again every relationship it reaches, before and after.
func (g *Graph) PutEvent(ev *impartial.Event) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gen++
	old := g.events[ev.ID]
	keys := g.reachedBy(old)
	g.unregister(old)
	e := *ev
	if g.events == nil {
		g.events, g.trades, g.acts = map[string]*impartial.Event{}, map[string][]*impartial.Event{}, map[string][]*impartial.Event{}
	}
	g.events[e.ID] = &e
	if e.Kind == impartial.Trade {
		g.trades[e.Holding] = append(g.trades[e.Holding], &e)
		sortEvents(g.trades[e.Holding])
	} else {
		g.acts[e.Entity] = append(g.acts[e.Entity], &e)
		sortEvents(g.acts[e.Entity])
	}
	for _, k := range g.reachedBy(&e) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	g.recut(keys)
	if r := createdBy(&e); r != nil {
		g.dropDerived(evKey(e.ID))
		g.putDerived(evKey(e.ID), r)
	}
}

// RemoveEvent removes the event with the id, if any, and cuts again what it
// reached.
func (g *Graph) RemoveEvent(id string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gen++
	old := g.events[id]
	if old == nil {
		return
	}
	keys := g.reachedBy(old)
	g.unregister(old)
	delete(g.events, id)
	g.recut(keys)
}

// unregister takes ev out of the indexes, with the relationship it creates.
func (g *Graph) unregister(ev *impartial.Event) {
	if ev == nil {
		return
	}
	drop := func(m map[string][]*impartial.Event, k string) {
		if l := slices.DeleteFunc(m[k], func(x *impartial.Event) bool { return x.ID == ev.ID }); len(l) > 0 {
			m[k] = l
		} else {
			delete(m, k)
		}
	}
	if ev.Kind == impartial.Trade {
		drop(g.trades, ev.Holding)
	} else {
		drop(g.acts, ev.Entity)
	}
	g.dropDerived(evKey(ev.ID))
}

// reachedBy returns the base keys of the relationships an event reaches:
// a trade's holding; for a corporate action, the holdings and ownerships
// at the entities it names and every lineage that passes through them.
func (g *Graph) reachedBy(ev *impartial.Event) []string {
	if ev == nil {
		return nil
	}
	if ev.Kind == impartial.Trade {
		return []string{ev.Holding}
	}
	var keys []string
	add := func(k string) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, id := range ev.Entities() {
		for _, k := range g.through[id] {
			add(k)
		}
		v, ok := g.lookupNode(id)
		if !ok {
			continue
		}
		for _, list := range [2][]adj{g.outOf(v), g.inOf(v)} {
			for _, t := range []uint8{tHolding, tOwnership} {
				for _, a := range typeRange(list, t) {
					if _, derived := g.edgeOf[a.edge]; !derived {
						add(g.edgeID(&g.edges[a.edge]))
					}
				}
			}
		}
	}
	return keys
}

// recut cuts the relationships under the keys again from their records.
func (g *Graph) recut(keys []string) {
	for _, k := range keys {
		if strings.HasPrefix(k, "\x00event:") {
			ev := g.events[strings.TrimPrefix(k, "\x00event:")]
			g.dropDerived(k)
			if ev != nil {
				if r := createdBy(ev); r != nil {
					g.putDerived(k, r)
				}
			}
			continue
		}
		r := g.relOf(k)
		if r == nil {
			continue // a trade of a holding not (yet) in the graph
		}
		g.removeRel(k)
		g.putRel(r)
	}
}

// lineageEnds returns, for the relationship under key, every pair of
// entities any of its periods could join, whatever the trades: what a
// re-screen after a trade must look at.
func (g *Graph) lineageEnds(key string) (from string, targets []string) {
	if d, ok := g.derived[key]; ok {
		return d.base.From, d.through
	}
	if r := g.relOf(key); r != nil {
		return r.From, []string{r.To}
	}
	return "", nil
}

// Event returns the event with the id, or nil.
func (g *Graph) Event(id string) *impartial.Event {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.events[id]
}
