package screen

import (
	"slices"
	"sync"

	"github.com/impartial/impartial"
)

// walkCache holds the walks of one re-screen from parties along hop
// sequences, so that matters that share a party share its walks: what a
// walk finds depends on the party, the sequence, the graph and the as-of
// date, not on the matter (the matter decides only which rules keep what
// it finds). It is emptied when the graph changes between screens, and a
// party's walks are dropped once the last matter naming it is screened.
type walkCache struct {
	mu      sync.Mutex
	g       *Graph
	gen     uint64
	seqs    []*cseq
	asOf    impartial.Date
	limit   int
	parties map[int32]*partyWalks
	// uses counts, per node, the matters of the re-screen that name it and
	// are yet to be screened: only a party named more than once is shared.
	uses []int32
}

// partyWalks are the walks from one party, by sequence (nil: not walked).
type partyWalks struct{ walks []*walkRes }

// walkRes is what a walk found: the covered persons at the end of its
// paths, in the order found, and whether it ran out of budget. It holds no
// pointers but its slices, so that the collector does not scan it.
type walkRes struct {
	fins  []walkFin
	steps []pstep // the fins' steps
	cut   bool
}

// walkFin is a path found to a covered person.
type walkFin struct {
	v      int32
	cov    int32 // index into Graph.covs of v's coverage
	off, n int32 // its steps in walkRes.steps, from the person to the party
	ok     bool  // its at-contact look-backs hold
}

func (w *walkRes) stepsOf(f *walkFin) []pstep { return w.steps[f.off : f.off+f.n : f.off+f.n] }

// newWalkCache returns a cache for re-screening the matters (ids). The
// caller holds the graph's read lock.
func newWalkCache(g *Graph, ids []string) *walkCache {
	c := &walkCache{uses: make([]int32, len(g.nodes))}
	for _, id := range ids {
		if mi, ok := g.lookupMatter(id); ok {
			for _, n := range g.matterNodes(mi) {
				c.uses[n]++
			}
		}
	}
	return c
}

// valid returns the cache for a screen by s, emptied if what its walks
// read has changed. The caller holds the graph's read lock.
func (c *walkCache) valid(s *search) *walkCache {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parties == nil || c.g != s.g || c.gen != s.g.gen || !sameSeqs(c.seqs, s.seqs) || c.asOf != s.win.asOf || c.limit != s.limit {
		c.g, c.gen, c.seqs, c.asOf, c.limit = s.g, s.g.gen, s.seqs, s.win.asOf, s.limit
		c.parties = map[int32]*partyWalks{}
	}
	return c
}

func sameSeqs(a, b []*cseq) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// party returns the shared walks from the party node for a screen, or nil
// if no other matter of the re-screen names it, and counts the use.
func (c *walkCache) party(node int32, nseqs int) *partyWalks {
	c.mu.Lock()
	defer c.mu.Unlock()
	if int(node) >= len(c.uses) {
		return nil
	}
	pw := c.parties[node]
	c.uses[node]--
	switch {
	case c.uses[node] <= 0:
		delete(c.parties, node) // the last use: the caller's pointer suffices
	case pw == nil:
		pw = &partyWalks{walks: make([]*walkRes, nseqs)}
		c.parties[node] = pw
	}
	return pw
}

// sharedWalk returns the walk from the party node along s.seqs[sqi]
// (s.seq), walking it if no screen has yet.
func (s *search) sharedWalk(pw *partyWalks, node int32, sqi int) *walkRes {
	c := s.cache
	c.mu.Lock()
	w := pw.walks[sqi]
	c.mu.Unlock()
	if w != nil {
		return w
	}
	s.recording = true
	s.recFins, s.recSteps = s.recFins[:0], s.recSteps[:0]
	s.nodes = append(s.nodes[:0], node)
	s.steps = s.steps[:0]
	s.budget = s.limit
	s.walk(node, len(s.seq.hops)-1, 0, 0)
	s.recording = false
	w = &walkRes{cut: s.budget <= 0, fins: slices.Clone(s.recFins), steps: slices.Clone(s.recSteps)}
	c.mu.Lock()
	if old := pw.walks[sqi]; old != nil {
		w = old
	} else {
		pw.walks[sqi] = w
	}
	c.mu.Unlock()
	return w
}
