package screen

import (
	"math/bits"
	"slices"

	"github.com/impartial/impartial"
)

// Shared tails. Walks go back from a party, so hop sequences that end in
// the same hops walk the same edges first: 28 USC 455(b)(4) for the judge
// (holding → ownership), for the judge's spouse or minor child and
// 455(b)(5)(iii) for any other relative (family → holding → ownership), and
// 455(b)(5)(iii) through the judge's spouse (spouse → family → holding →
// ownership) each scanned every holder of every company a party is owned
// by, as 18 USC 208's paths did. A tail walks those hops once for all of
// its members and goes on into each member's own first hops where the tail
// ends (branch), keeping for each member exactly what the member's own walk
// would have found, in the same order: a step is taken for the members it
// is viable for (their own distances and hops), and each member has its
// own budget, spent by the scans it takes part in, as its own walk spends it.

// maxTail is the most sequences a tail serves (a bit each).
const maxTail = 8

// ctail is a group of sequences whose last hops match.
type ctail struct {
	id      int
	hops    []*chop // the shared hops: the last len(hops) of every member's
	members []*cseq // in the order of the sequences
	idx     []int   // their indexes in the sequences
}

// groupTails finds the sequences that end in the same hops, for which no
// hop of that tail prunes by kinship (cseq.kinOnly is a member's own), and
// sets their tail and off.
func groupTails(seqs []*cseq) {
	byLast := map[string][]int{}
	var order []string
	for i, sq := range seqs {
		k := sq.hops[len(sq.hops)-1].key()
		if _, ok := byLast[k]; !ok {
			order = append(order, k)
		}
		byLast[k] = append(byLast[k], i)
	}
	ntail := 0
	for _, k := range order {
		mem := byLast[k]
		if len(mem) > maxTail {
			mem = mem[:maxTail]
		}
		n := 0
		for len(mem) >= 2 {
			n = len(seqs[mem[0]].hops)
			for _, i := range mem[1:] {
				n = min(n, commonSuffix(seqs[mem[0]].hops, seqs[i].hops))
			}
			kept := slices.DeleteFunc(slices.Clone(mem), func(i int) bool { return seqs[i].kinOnly[len(seqs[i].hops)-n] })
			if len(kept) == len(mem) {
				break
			}
			mem = kept
		}
		if len(mem) < 2 {
			continue
		}
		first := seqs[mem[0]]
		t := &ctail{id: ntail, hops: first.hops[len(first.hops)-n:], idx: mem}
		ntail++
		for _, i := range mem {
			sq := seqs[i]
			sq.tail, sq.off = t, len(sq.hops)-n
			t.members = append(t.members, sq)
		}
	}
}

// commonSuffix returns how many last hops a and b share.
func commonSuffix(a, b []*chop) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n].key() == b[len(b)-1-n].key() {
		n++
	}
	return n
}

// tailBuf holds what a tail's walk from the current party found, member by
// member, until the party's sequences have kept it.
type tailBuf struct {
	fins  [maxTail][]walkFin
	steps []pstep // the fins' steps
}

// usable reports whether the user's rule and path take a party in the
// role, and a party matched by name with the candidate's score.
func usable(u cuser, role impartial.PartyRole, st partyRef) bool {
	return u.rule.r.CoversRole(role) && u.pat.p.CoversRole(role) && (st.match == nil || st.match.Score >= u.rule.book.NameMatch.MinScore)
}

// tailWalk returns the walk from the party st along s.seqs[sqi] (s.seq),
// a member of a tail: walked, if neither this party's walks (s.tailW) nor
// the re-screen's (pw) hold it yet, together with the tail's later members
// the party's screen will need.
func (s *search) tailWalk(pw *partyWalks, st partyRef, role impartial.PartyRole, sqi int) *walkRes {
	cached := func(i int) *walkRes {
		if pw == nil {
			if s.tailMark[i] == s.tailGen {
				return &s.tailW[i]
			}
			return nil
		}
		s.cache.mu.Lock()
		defer s.cache.mu.Unlock()
		return pw.walks[i]
	}
	if w := cached(sqi); w != nil {
		return w
	}
	sq := s.seq
	t := sq.tail
	dist := int(s.g.info[st.node].dist)
	var want uint8
	for k, i := range t.idx {
		switch {
		case i < sqi:
			continue
		case i > sqi:
			if dist > s.seqs[i].total || cached(i) != nil {
				continue
			}
			any := false
			for _, u := range s.matterUsers[s.matterOff[i]:s.matterOff[i+1]] {
				if any = usable(u, role, st); any {
					break
				}
			}
			if !any {
				continue
			}
		}
		want |= 1 << k
	}
	if len(s.tailBufs) <= t.id {
		s.tailBufs = append(s.tailBufs, make([]tailBuf, t.id+1-len(s.tailBufs))...)
	}
	buf := &s.tailBufs[t.id]
	for k := range t.members {
		buf.fins[k] = buf.fins[k][:0]
		s.tb[k] = s.limit
	}
	savedFins, savedSteps := s.recFins, s.recSteps
	s.recording, s.recSteps, s.tlive = true, buf.steps[:0], want
	s.nodes = append(s.nodes[:0], st.node)
	s.steps = s.steps[:0]
	s.twalk(t, buf, st.node, len(t.hops)-1, 0, 0, want)
	buf.steps = s.recSteps
	s.recording, s.recFins, s.recSteps, s.seq = false, savedFins, savedSteps, sq
	steps := buf.steps // until this tail's walk from the next party: keep copies what it keeps
	if pw != nil {
		steps = slices.Clone(steps)
	}
	for b := want; b != 0; b &= b - 1 {
		k := bits.TrailingZeros8(b)
		i := t.idx[k]
		if pw == nil {
			s.tailW[i], s.tailMark[i] = walkRes{fins: buf.fins[k], steps: steps, cut: s.tb[k] <= 0}, s.tailGen
			continue
		}
		w := &walkRes{fins: slices.Clone(buf.fins[k]), steps: steps, cut: s.tb[k] <= 0}
		s.cache.mu.Lock()
		if pw.walks[i] == nil {
			pw.walks[i] = w
		}
		s.cache.mu.Unlock()
	}
	return cached(sqi)
}

// twalk is walk over the tail's hops for the members in alive.
func (s *search) twalk(t *ctail, buf *tailBuf, v int32, j, reps, degree int, alive uint8) {
	if alive &= s.tlive; alive == 0 {
		return
	}
	h := t.hops[j]
	if reps >= h.minReps && (h.maxDegree == 0 || degree <= h.maxDegree) {
		if j == 0 {
			s.branch(t, buf, v, alive)
		} else {
			s.twalk(t, buf, v, j-1, 0, 0, alive)
		}
		if alive &= s.tlive; alive == 0 {
			return
		}
	}
	if reps >= h.maxReps {
		return
	}
	g := s.g
	inM, outM := g.info[v].in&h.inTypes, g.info[v].out&h.outTypes
	if inM|outM == 0 || !kindsContain(h.kinds, g.nodes[v].kind) {
		return
	}
	if g.part != nil {
		// Asked as each member's walk would ask it (what want records is a set).
		var asked, wanted [2]bool
		for b := alive; b != 0; b &= b - 1 {
			k := bits.TrailingZeros8(b)
			last := 0
			if t.members[k].off+j == 0 && reps+1 >= h.maxReps {
				last = 1
			}
			if !asked[last] {
				asked[last], wanted[last] = true, g.part.want(v, last == 1)
			}
			if wanted[last] {
				alive &^= 1 << k
			}
		}
		if alive == 0 {
			return
		}
	}
	if inM != 0 {
		s.tscan(t, buf, g.inOf(v), inM, true, j, reps, degree, alive)
	}
	if outM != 0 {
		s.tscan(t, buf, g.outOf(v), outM, false, j, reps, degree, alive)
	}
}

// tscan is scan over the tail's hops for the members in alive: every entry
// examined is spent from each live member's budget, and a step is taken
// for the members it is viable for.
func (s *search) tscan(t *ctail, buf *tailBuf, list []adj, mask uint16, fwd bool, j, reps, degree int, alive uint8) {
	g := s.g
	h := t.hops[j]
	var rem [maxTail]int
	for b := alive; b != 0; b &= b - 1 {
		k := bits.TrailingZeros8(b)
		m := t.members[k]
		rem[k] = m.pre[m.off+j] + h.maxReps - reps - 1
	}
	for _, ty := range h.scanTypes {
		if mask&(1<<ty) == 0 {
			continue
		}
		run := typeRange(list, ty)
		infos := s.hubInfos(run)
		for i, a := range run {
			for b := alive & s.tlive; b != 0; b &= b - 1 {
				k := bits.TrailingZeros8(b)
				if s.tb[k]--; s.tb[k] <= 0 {
					s.tlive &^= 1 << k
				}
			}
			if alive &= s.tlive; alive == 0 {
				return
			}
			u := a.other
			inf := &g.info[u]
			if infos != nil {
				inf = &infos[i]
			}
			var next uint8
			for b := alive; b != 0; b &= b - 1 {
				k := bits.TrailingZeros8(b)
				m := t.members[k]
				if int(inf.dist) <= rem[k] && viable(m.hops, inf, m.off+j, reps+1) {
					next |= 1 << k
				}
			}
			if next == 0 {
				continue
			}
			d, ok := s.takes(h, a, fwd, degree)
			if !ok {
				continue
			}
			s.nodes = append(s.nodes, u)
			s.steps = append(s.steps, pstep{e: a.edge, fwd: fwd, hop: int32(j)})
			s.twalk(t, buf, u, j, reps+1, d, next)
			s.nodes = s.nodes[:len(s.nodes)-1]
			s.steps = s.steps[:len(s.steps)-1]
		}
	}
}

// branch goes on from v, where the tail's hops are done, into each live
// member's own hops, or finishes there for a member that has none; the
// tail's steps are numbered as the member numbers its hops meanwhile.
func (s *search) branch(t *ctail, buf *tailBuf, v int32, alive uint8) {
	n := len(s.steps)
	for b := alive; b != 0; b &= b - 1 {
		k := bits.TrailingZeros8(b)
		if s.tlive&(1<<k) == 0 {
			continue
		}
		m := t.members[k]
		for i := range n {
			s.steps[i].hop += int32(m.off)
		}
		s.seq, s.recFins = m, buf.fins[k]
		if m.off == 0 {
			s.finish(v)
		} else {
			s.budget = s.tb[k]
			s.walk(v, m.off-1, 0, 0)
			if s.tb[k] = s.budget; s.budget <= 0 {
				s.tlive &^= 1 << k
			}
		}
		buf.fins[k] = s.recFins
		for i := range n {
			s.steps[i].hop -= int32(m.off)
		}
	}
}
