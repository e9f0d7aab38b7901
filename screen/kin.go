package screen

// Kinship distance. The rules on relatives (28 USC 455(b)(5)(iii): a
// relative within the third degree holds an interest in a party; a spouse's
// or minor child's holding under 18 USC 208) walk up to three family or
// household relationships back from what a party touches towards a covered
// person. Walking back from a company with thousands of holders, every
// holder with a relative is a place such a walk would go on from, and
// dist (the distance over every kind of relationship) cannot prune it: the
// company itself is one step from its covered holders, so every holder is
// at most two. kin is the distance over family and household relationships
// alone, a lower bound kept like dist (lowered as they and coverage are
// added, left as it is when they are removed); a walk whose remaining hops
// are all family or household hops (cseq.kinOnly) stops at an entity whose
// kin exceeds the hops left. In a graph of every record that spares the
// walk the holder's relatives; in a neighbourhood (package service), where
// the bound comes from the store's table of kinship distances, it spares
// reading the holder's relationships at all.

// kinTypes are the edge types kin is measured over.
const kinTypes = 1<<tFamily | 1<<tHousehold

// KinFar is the kinship distance a graph's kin starts at, and the one
// LowerKin takes to mean "at least this far".
const KinFar = distFar

// LowerKin lowers the kinship distance of the entity id, which the graph
// holds, to d if that is lower: the caller knows a lower bound the graph's
// own relationships do not show (a neighbourhood holds only some of them).
// A d of KinFar or more leaves it as it is.
func (g *Graph) LowerKin(id string, d int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	v, ok := g.lookupNode(id)
	if !ok || d >= KinFar || d >= int(g.info[v].kin) {
		return
	}
	g.info[v].kin = uint8(d)
	g.propagate(v, true)
}

// kinOnly returns, for each hop of a sequence, whether it and every hop
// before it (towards the covered person) walk only family and household
// relationships.
func kinOnly(hops []*chop) []bool {
	out := make([]bool, len(hops))
	for i, h := range hops {
		out[i] = h.typeMask&^kinTypes == 0 && (i == 0 || out[i-1])
	}
	return out
}
