package screen

import (
	"slices"
	"sync"

	"github.com/impartial/impartial"
)

// A graph can hold only the neighbourhood of a matter: what a one-shot
// command reads from the store to screen that matter (package service,
// neighbourhood.go). Its entities are complete — every relationship,
// contact and event touching them is in the graph — or partial: the entity
// itself is, and of its relationships those that complete entities brought,
// and, once it is probed, all those linking it to a covered person.
//
// A walk does not scan a partial entity's relationships. It records what it
// needed instead — all of them (Wanted), or, where all it looks for is a
// covered person one step away, the entity's links to covered persons
// (Probes) — and the caller reads those, builds the graph again and screens
// again, until a screen needs nothing: then every relationship the walks
// examined was in the graph, as in the graph of every record, and so are
// the findings.
//
// For the walks to reach every entity they would reach in the full graph,
// what a walk tests before it steps to an entity must not exclude more than
// it would there: a partial entity has every edge type in its masks, and a
// distance to the nearest covered person that is a lower bound of the true
// one (0 only if covered, which is exact; 1 if not probed, or if something
// links it to a covered person; 2 otherwise). An entity not probed also has
// every edge type as a possible link to a covered person, which the walks'
// last-hop test reads; a probed one has its real links. Every partial
// entity may be two steps from a covered person (covAdj2), and the
// neighbours of one not probed may be too.
type partial struct {
	mu     sync.Mutex
	nodes  map[int32]bool // partial entities: true once probed
	wanted map[int32]bool // those a walk needed the relationships of
	probes map[int32]bool // those a walk needed the links to covered persons of
}

// want reports whether v is partial, so that a walk must not scan its
// relationships, recording what it needed: the entity probed first (what
// it has recorded may show that the walk cannot go on through it), then,
// unless all the walk looks for is a covered person one step away (last),
// whose links to a probed entity are all in the graph, every relationship.
func (p *partial) want(v int32, last bool) bool {
	probed, ok := p.nodes[v]
	if !ok || last && probed {
		return false
	}
	p.mu.Lock()
	if probed {
		p.wanted[v] = true
	} else {
		p.probes[v] = true
	}
	p.mu.Unlock()
	return true
}

// MarkPartial marks the entity id, which the graph holds, as partial. Once
// probed (links not nil), the graph holds all its links to covered persons,
// nearCovered says whether there are any, and links what it has recorded,
// which a walk tests before it would read the rest. Mark after every record
// is in.
func (g *Graph) MarkPartial(id string, links *impartial.LinkTypes, nearCovered bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	v, ok := g.lookupNode(id)
	if !ok {
		return
	}
	if g.part == nil {
		g.part = &partial{nodes: map[int32]bool{}, wanted: map[int32]bool{}, probes: map[int32]bool{}}
	}
	g.part.nodes[v] = links != nil
	in := &g.info[v]
	const all = 1<<numTypes - 1
	// Its links to entities near covered persons are not all in the graph
	// (covAdj2).
	in.covAdj2 = covAll
	if links == nil {
		in.in, in.out, in.covAdj = all, all, covAll
		// For all the graph knows, its neighbours are two steps from a
		// covered person.
		for _, list := range [2][]adj{g.outOf(v), g.inOf(v)} {
			for _, a := range list {
				g.info[a.other].covAdj2 |= covAdj2Bits(a.typ, covAll)
			}
		}
	} else {
		for _, t := range links.From {
			if b, ok := typeByName[string(t)]; ok {
				in.out |= 1 << b
			}
		}
		for _, t := range links.To {
			if b, ok := typeByName[string(t)]; ok {
				in.in |= 1 << b
			}
		}
		if links.Contact {
			in.in |= 1 << tContact
			in.out |= 1 << tContact
		}
	}
	if in.dist == 0 {
		return // covered: exact
	}
	bound := uint8(2)
	if nearCovered || links == nil {
		bound = 1
	}
	if bound < in.dist {
		in.dist = bound
		g.propagate(v, false)
	}
}

// Wanted returns the ids of the partial entities whose relationships a
// screen needed since the last call, and of those whose links to covered
// persons it needed, each sorted.
func (g *Graph) Wanted() (full, probes []string) {
	if g.part == nil {
		return nil, nil
	}
	g.part.mu.Lock()
	defer g.part.mu.Unlock()
	ids := func(set map[int32]bool) []string {
		out := make([]string, 0, len(set))
		for v := range set {
			out = append(out, g.nodeID(v))
		}
		clear(set)
		slices.Sort(out)
		return out
	}
	return ids(g.part.wanted), ids(g.part.probes)
}
