package screen

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
)

// chop is a rules.Hop compiled for matching compact edges.
type chop struct {
	h          *rules.Hop
	types      uint16 // bit per edge type
	dir        uint8  // dirOut, dirIn, dirBoth
	roles      []string
	notRoles   []string
	capacities []string
	kinds      uint8 // bit per entity kind; 0 = any
	notFrom    uint8 // flag bits
	minPct     float32
	minReps    int
	maxReps    int
	lb         rules.LookBack
	maxDegree  int
	scanTypes  []uint8 // edge types to scan, with client and representation as synonyms
	typeMask   uint16  // the same as a bit mask
	// covMask: the ninfo.covAdj bits of a node this hop can link to a
	// covered person: typeMask, or bSpouse for a hop that takes only a
	// spouse or domestic partner.
	covMask  uint16
	inTypes  uint16 // edge types to look for among the edges recorded to a node, walking back
	outTypes uint16 // and among those recorded from it
}

const (
	dirOut uint8 = iota
	dirIn
	dirBoth
)

type cpat struct {
	p       *rules.Pattern
	hops    []*chop
	outcome impartial.Outcome
	pre     []int // pre[i]: the most hops before hop i
	total   int   // the most hops in all
}

type crule struct {
	r    *rules.Rule
	book *rules.Rulebook
	pats []*cpat
	// partOwn and partImputed are the paths of the rule's participation
	// clause: the person's own participation, and a colleague's at a firm.
	partOwn, partImputed *cpat
}

type cbook struct {
	b     *rules.Rulebook
	rules []*crule
}

// cseq is a sequence of hops shared by rule paths in any rulebook of the
// set (28 USC 455(b)(4) and 18 USC 208 walk the same holdings): it is
// walked once per party, and a path found is kept for each user.
type cseq struct {
	hops  []*chop
	pre   []int
	total int
	users []cuser
	// merged: the sequences of users differ in the roles or kinship degree
	// their first hop (the one reaching the person) takes, and hops[0] takes
	// any role: a path found is kept for a user whose own first hop takes
	// the role (cpat.firstTakes). The 455(b)(4) path through the judge's
	// spouse or minor child and the 455(b)(5)(iii) path through any other
	// relative then walk the same holdings and ownership chains once.
	merged bool
	// kinOnly[i]: hops 0..i walk only family and household relationships
	// (see kin.go).
	kinOnly []bool
	// tail: the sequences whose last hops are this one's, from hops[off]
	// on, walked together from a party (tail.go); nil: walked alone.
	tail *ctail
	off  int
}

type cuser struct {
	rule *crule
	pat  *cpat
}

// key identifies a hop for sharing: two hops with the same key match the
// same edges.
func (c *chop) key() string {
	return fmt.Sprintf("%x|%d|%q|%q|%q|%x|%x|%v|%d|%d|%v|%d", c.types, c.dir, c.roles, c.notRoles, c.capacities,
		c.kinds, c.notFrom, c.minPct, c.minReps, c.maxReps, c.lb, c.maxDegree)
}

// sequences groups the paths of the rulebooks by their hops, and with
// tails the sequences by the hops they end in.
func sequences(books []*cbook, tails bool) []*cseq {
	var out []*cseq
	byKey := map[string]*cseq{}
	for _, cb := range books {
		for _, cr := range cb.rules {
			for _, cp := range cr.pats {
				var k strings.Builder
				for _, h := range cp.hops {
					k.WriteString(h.key())
					k.WriteByte(0)
				}
				sq := byKey[k.String()]
				if sq == nil {
					sq = &cseq{hops: cp.hops, pre: cp.pre, total: cp.total, kinOnly: kinOnly(cp.hops)}
					byKey[k.String()] = sq
					out = append(out, sq)
				}
				sq.users = append(sq.users, cuser{rule: cr, pat: cp})
			}
		}
	}
	out = mergeHeads(out)
	if tails {
		groupTails(out)
	}
	return out
}

// mergeHeads merges sequences that differ only in the roles and kinship
// degree of a single first hop into one whose first hop takes any role.
func mergeHeads(seqs []*cseq) []*cseq {
	var out []*cseq
	byKey := map[string]*cseq{}
	for _, sq := range seqs {
		h := sq.hops[0]
		if len(sq.hops) < 2 || h.minReps != 1 || h.maxReps != 1 {
			out = append(out, sq)
			continue
		}
		var k strings.Builder
		any := *h
		any.roles, any.notRoles, any.maxDegree = nil, nil, 0
		k.WriteString(any.key())
		for _, h := range sq.hops[1:] {
			k.WriteByte(0)
			k.WriteString(h.key())
		}
		m := byKey[k.String()]
		if m == nil {
			byKey[k.String()] = sq
			out = append(out, sq)
			continue
		}
		if !m.merged {
			any.covMask = m.hops[0].covMask
			m.hops = append([]*chop{&any}, m.hops[1:]...)
			m.merged = true
		}
		if m.hops[0].covMask != sq.hops[0].covMask {
			m.hops[0].covMask = m.hops[0].typeMask // takes more than a spouse
		}
		m.users = append(m.users, sq.users...)
	}
	return out
}

// firstTakes reports whether the pattern's first hop takes the step st (the
// first of a path found by a merged sequence, whose first hop takes any
// role): its role, and for a family tie its kinship degree.
func (cp *cpat) firstTakes(g *Graph, st pstep) bool {
	h := cp.hops[0]
	role := g.stepRole(st)
	if !h.roleOK(role) {
		return false
	}
	return h.maxDegree == 0 || g.edges[st.e].typ != tFamily || kinshipDegree(role) <= h.maxDegree
}

func compileBook(b *rules.Rulebook) *cbook {
	cb := &cbook{b: b}
	for _, r := range b.Rules {
		cr := &crule{r: r, book: b}
		for _, p := range r.AllPaths() {
			cp := &cpat{p: p, outcome: p.Outcome}
			if cp.outcome == "" {
				cp.outcome = r.Outcome
			}
			for _, h := range p.Hops {
				ch := compileHop(h)
				cp.pre = append(cp.pre, cp.total)
				cp.total += ch.maxReps
				cp.hops = append(cp.hops, ch)
			}
			cr.pats = append(cr.pats, cp)
		}
		if c := r.Participation; c != nil {
			cr.partOwn = &cpat{p: &rules.Pattern{Basis: c.Basis, Outcome: c.Outcome}, outcome: c.Outcome}
			firm := compileHop(&rules.Hop{Types: []string{"employment", "position"}})
			cr.partImputed = &cpat{p: &rules.Pattern{Basis: c.ImputedBasis, Outcome: c.Outcome}, outcome: c.Outcome,
				hops: []*chop{firm, firm}, pre: []int{0, 1}, total: 2}
		}
		cb.rules = append(cb.rules, cr)
	}
	return cb
}

func compileHop(h *rules.Hop) *chop {
	c := &chop{h: h, minReps: h.MinReps(), maxReps: h.MaxReps(), lb: h.Window(), maxDegree: h.MaxDegree,
		minPct: float32(h.MinPercent)}
	c.roles, c.notRoles, c.capacities = h.Patterns()
	for _, t := range h.Types {
		if i, ok := typeByName[t]; ok {
			c.types |= 1 << i
		}
	}
	switch h.Dir {
	case "in":
		c.dir = dirIn
	case "both":
		c.dir = dirBoth
	}
	for _, k := range h.NodeKinds {
		if i := kindIndex(k); i < 8 {
			c.kinds |= 1 << i
		}
	}
	c.notFrom = flagBits(h.NotFromFlags)
	for t := range numTypes {
		if c.has(t) || (t == tClient && c.has(tRepresentation)) || (t == tRepresentation && c.has(tClient)) {
			c.scanTypes = append(c.scanTypes, t)
			c.typeMask |= 1 << t
		}
		// Which lists can hold an edge of type t this hop accepts: see accepts.
		var viaIn, viaOut bool
		switch t {
		case tContact, tHousehold, tFamily:
			viaIn, viaOut = c.has(t), c.has(t)
		case tClient:
			viaIn = (c.has(tClient) && c.dirOK(true)) || (c.has(tRepresentation) && c.dirOK(false))
			viaOut = (c.has(tClient) && c.dirOK(false)) || (c.has(tRepresentation) && c.dirOK(true))
		case tRepresentation:
			viaIn = (c.has(tRepresentation) && c.dirOK(true)) || (c.has(tClient) && c.dirOK(false))
			viaOut = (c.has(tRepresentation) && c.dirOK(false)) || (c.has(tClient) && c.dirOK(true))
		default:
			viaIn, viaOut = c.has(t) && c.dirOK(true), c.has(t) && c.dirOK(false)
		}
		if viaIn {
			c.inTypes |= 1 << t
		}
		if viaOut {
			c.outTypes |= 1 << t
		}
	}
	c.covMask = c.typeMask
	if c.typeMask == 1<<tFamily && len(c.roles) > 0 && !slices.ContainsFunc(c.roles, func(r string) bool { return !rules.MatchesNormalized(spouseRoles, r) }) {
		c.covMask = 1 << bSpouse // every role it takes begins with one of spouseRoles
	}
	return c
}

// viable reports whether a walk back that has just reached node u, with
// reps repetitions of hop hi after it, can still reach a covered person,
// judged from u's compact facts alone: another repetition needs edges of
// the hop's types, finishing the last hop needs u to be covered, and a last
// single hop needs a covered person linked to u by one of its types, and
// two single hops a node so linked.
func viable(hops []*chop, u *ninfo, hi, reps int) bool {
	h := hops[hi]
	if reps < h.maxReps && (u.in&h.inTypes|u.out&h.outTypes) != 0 && kindsContain(h.kinds, u.kind) {
		return true
	}
	if reps < h.minReps {
		return false
	}
	if hi == 0 {
		return u.dist == 0
	}
	nh := hops[hi-1]
	if !kindsContain(nh.kinds, u.kind) {
		return nh.minReps == 0
	}
	if hi-1 == 0 && nh.minReps == 1 && nh.maxReps == 1 {
		return u.covAdj&nh.covMask != 0
	}
	if f := hops[0]; hi-1 == 1 && nh.minReps == 1 && nh.maxReps == 1 && f.minReps == 1 && f.maxReps == 1 {
		// Two single hops left: u must be linked by the next one's type to a
		// node linked to a covered person (by a family tie to a covered
		// person's spouse, where the last hop takes only a spouse).
		if f.covMask == 1<<bSpouse && nh.typeMask == 1<<tFamily {
			return u.covAdj2&(1<<bSpouse) != 0
		}
		return u.covAdj2&nh.typeMask != 0
	}
	return nh.minReps == 0 || (u.in&nh.inTypes|u.out&nh.outTypes) != 0
}

func (c *chop) has(t uint8) bool { return c.types&(1<<t) != 0 }

func (c *chop) dirOK(fwd bool) bool {
	switch c.dir {
	case dirBoth:
		return true
	case dirIn:
		return !fwd
	}
	return fwd
}

// accepts reports whether edge e, walked from u to v on the path (fwd: it
// was recorded from u to v), can be this hop, and with which role as seen
// from u. Family, household and contact edges read both ways, a family role
// inverted when recorded the other way; a client relationship is the
// representation read backwards.
func (c *chop) accepts(g *Graph, e *edge, fwd bool) (bool, string) {
	role := g.strs[e.roleNorm]
	switch e.typ {
	case tContact, tHousehold:
		return c.has(e.typ), role
	case tFamily:
		if !c.has(tFamily) {
			return false, ""
		}
		if !fwd {
			role = inverseFamily(role)
		}
		return true, role
	case tClient:
		return (c.has(tClient) && c.dirOK(fwd)) || (c.has(tRepresentation) && c.dirOK(!fwd)), role
	case tRepresentation:
		return (c.has(tRepresentation) && c.dirOK(fwd)) || (c.has(tClient) && c.dirOK(!fwd)), role
	}
	return c.has(e.typ) && c.dirOK(fwd), role
}

func (c *chop) roleOK(role string) bool {
	if len(c.roles) > 0 && !rules.MatchesNormalized(c.roles, role) {
		return false
	}
	return len(c.notRoles) == 0 || !rules.MatchesNormalized(c.notRoles, role)
}

func (c *chop) capacityOK(g *Graph, e *edge) bool {
	return len(c.capacities) == 0 || rules.MatchesNormalized(c.capacities, g.strs[e.capacity])
}

func (c *chop) percentOK(e *edge) bool {
	if c.minPct <= 0 || math.IsNaN(float64(e.percent)) {
		return true
	}
	return e.percent >= c.minPct
}

// inverseFamily returns what u is to v when v is u's role.
func inverseFamily(role string) string {
	switch role {
	case "child", "minor child":
		return "parent"
	case "parent":
		return "child"
	case "grandparent":
		return "grandchild"
	case "grandchild":
		return "grandparent"
	case "aunt", "uncle":
		return "niece or nephew"
	case "niece", "nephew":
		return "aunt or uncle"
	case "great grandparent":
		return "great grandchild"
	case "great grandchild":
		return "great grandparent"
	}
	return role // spouse, domestic partner, sibling, relative
}

// kinshipDegree is the civil-law degree of a family role, for 28 USC
// 455(b)(5)'s "third degree"; a spouse adds none (affinity counts as the
// spouse's own degree). An unspecified relative is taken as third degree.
func kinshipDegree(role string) int {
	switch role {
	case "spouse", "domestic partner":
		return 0
	case "parent", "child", "minor child":
		return 1
	case "sibling", "grandparent", "grandchild":
		return 2
	case "first cousin":
		return 4
	}
	return 3
}

// window holds the as-of date as day numbers for look-back checks.
type window struct {
	asOf          impartial.Date
	first, last   int32
	withinByYears [8]int32 // asOf.AddYears(-n).First() for n < 8; 0 = not computed
}

func newWindow(asOf impartial.Date) *window {
	return &window{asOf: asOf, first: dayOf(asOf.First()), last: dayOf(asOf.Last())}
}

func (w *window) withinFirst(years int) int32 {
	if years < len(w.withinByYears) {
		if w.withinByYears[years] == 0 {
			w.withinByYears[years] = dayOf(w.asOf.AddYears(-years).First())
		}
		return w.withinByYears[years]
	}
	return dayOf(w.asOf.AddYears(-years).First())
}

// holds is rules.LookBack.Holds on day numbers.
func (w *window) holds(lb rules.LookBack, e *edge) bool {
	if e.first > w.last {
		return false
	}
	switch lb.Kind {
	case rules.Any, rules.AtContact:
		return true
	case rules.Ended:
		return e.last != maxDay && e.last < w.first
	case rules.Within:
		return e.last >= w.withinFirst(lb.Years)
	}
	return e.last >= w.first
}

func kindsContain(mask uint8, k uint8) bool { return mask == 0 || (k < 8 && mask&(1<<k) != 0) }

func hasFlags(have, want uint8) bool { return want != 0 && have&want != 0 }
