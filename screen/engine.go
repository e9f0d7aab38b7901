package screen

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
)

// CutNote is the words of the warning a screen gives when a search stops at
// its budget, so that callers that must know a screen was cut (the
// neighbourhood screening falls back to the full load) recognise it.
const CutNote = "stopped after examining"

// NameMatcher finds the known entities a name may refer to. Screening uses
// it for parties that a matter knows only by name; the names package
// provides the real one, tests a double.
type NameMatcher interface {
	// MatchName returns candidate entities for the name, best first, each
	// with a score in 0..1 and an explanation a reviewer can check.
	MatchName(name string) []NameCandidate
}

// NameCandidate is an entity a name may refer to.
type NameCandidate struct {
	Entity      string  // entity id
	Matched     string  // the entity's name or alias that matched
	Score       float64 // 0..1
	Explanation string
	// ByIdentifier: found by an identifier the party carries, not by name.
	ByIdentifier bool
}

// Engine screens covered persons against matters. It holds no state of its
// own beyond compiled rulebooks: the facts are in Graph, the rules in Rules,
// the date is an argument of every call.
type Engine struct {
	Graph *Graph
	Rules *rules.Set
	// Names matches parties known only by name; nil skips them with a
	// warning in the result.
	Names NameMatcher
	// MaxPaths caps the paths kept per finding (the strictest first); 0
	// means 20. The finding says how many more there were.
	MaxPaths int
	// Budget caps the edges examined per party and rule path, so that a
	// hub entity cannot stall a screen; 0 means 250,000. A search that
	// hits it is reported in Result.Warnings.
	Budget int

	mu       sync.Mutex
	compiled map[*rules.Rulebook]*cbook
	seqSet   *rules.Set
	seqBooks []*cbook
	seqs     []*cseq
	nameHits map[string][]int32 // entity id → matters whose name-only parties matched it
	searches sync.Pool          // idle searches, whose buffers the next screen reuses
	// alone: every sequence is walked by itself, none in a tail (the tails'
	// test compares the two).
	alone bool
}

// NewEngine returns an engine over the graph and rulebooks.
func NewEngine(g *Graph, set *rules.Set, names NameMatcher) *Engine {
	return &Engine{Graph: g, Rules: set, Names: names}
}

// plan returns the compiled rulebooks of the set in force and their shared
// hop sequences, compiling them when the set changes.
func (en *Engine) plan() ([]*cbook, []*cseq) {
	books := en.books()
	en.mu.Lock()
	defer en.mu.Unlock()
	if en.seqSet != en.Rules || len(en.seqBooks) != len(books) || (len(books) > 0 && en.seqBooks[0] != books[0]) {
		en.seqSet, en.seqBooks, en.seqs = en.Rules, books, sequences(books, !en.alone)
	}
	return en.seqBooks, en.seqs
}

func (en *Engine) books() []*cbook {
	en.mu.Lock()
	defer en.mu.Unlock()
	if en.compiled == nil {
		en.compiled = map[*rules.Rulebook]*cbook{}
	}
	var out []*cbook
	for _, b := range en.Rules.Books() {
		cb, ok := en.compiled[b]
		if !ok {
			cb = compileBook(b)
			en.compiled[b] = cb
		}
		out = append(out, cb)
	}
	return out
}

// Result is the outcome of a screen: the findings that are not clear (a
// pair of person and matter without a finding is clear), and what was
// screened, so that a store can replace exactly the findings it held for
// those pairs.
type Result struct {
	AsOf impartial.Date
	// Matters screened, and Persons screened against them (nil: every
	// covered person).
	Matters []string
	Persons []string
	// Rulebooks whose findings were recomputed (nil: all). A re-screen after
	// a rulebook change recomputes only the findings of that rulebook.
	Rulebooks []string
	// Findings sorted by person, matter, strictest outcome, rule.
	Findings []impartial.Finding
	// Warnings: parties that could not be resolved, searches cut short.
	Warnings []string
}

// Verdict is the conclusion for one person and one matter across all
// rules: the strictest outcome and the findings behind it.
type Verdict struct {
	Person, Matter string
	Outcome        impartial.Outcome
	Findings       []impartial.Finding
}

// Explain writes the verdict; a clear verdict says so in a sentence.
func (v Verdict) Explain() string {
	if len(v.Findings) == 0 {
		return fmt.Sprintf("%s — %s: CLEAR (no conflict found): no rule in force links the person to any party of the matter.", v.Person, v.Matter)
	}
	parts := make([]string, len(v.Findings))
	for i := range v.Findings {
		parts[i] = v.Findings[i].Explain()
	}
	return strings.Join(parts, "\n\n")
}

// Verdict returns the verdict for a person and matter from the result.
func (r *Result) Verdict(person, matter string) Verdict {
	v := Verdict{Person: person, Matter: matter, Outcome: impartial.OutcomeClear}
	for _, f := range r.Findings {
		if f.Person == person && f.Matter == matter {
			v.Findings = append(v.Findings, f)
			v.Outcome = impartial.Stricter(v.Outcome, f.Outcome)
		}
	}
	return v
}

// ScreenMatter screens every covered person against the matter held in the
// graph, as of asOf.
func (en *Engine) ScreenMatter(matterID string, asOf impartial.Date) (*Result, error) {
	m := en.Graph.Matter(matterID)
	if m == nil {
		return nil, &impartial.Error{Kind: impartial.NotFound, Record: fmt.Sprintf("matter %q", matterID), Msg: "not found"}
	}
	return en.ScreenMatterRecord(m, asOf)
}

// ScreenMatterRecord screens every covered person against a matter that
// need not be in the graph yet: a matter being opened, before it is stored.
func (en *Engine) ScreenMatterRecord(m *impartial.Matter, asOf impartial.Date) (*Result, error) {
	if asOf.IsZero() {
		return nil, impartial.FieldError("screen", "as_of", "is required: screening is always as of a date")
	}
	en.Graph.mu.RLock()
	defer en.Graph.mu.RUnlock()
	s := en.newSearch(asOf, -1)
	defer en.putSearch(s)
	s.screenMatter(m)
	return s.result([]string{m.ID}, nil), nil
}

// ScreenPair screens one person against one matter.
func (en *Engine) ScreenPair(personID, matterID string, asOf impartial.Date) (Verdict, error) {
	m := en.Graph.Matter(matterID)
	if m == nil {
		return Verdict{}, &impartial.Error{Kind: impartial.NotFound, Record: fmt.Sprintf("matter %q", matterID), Msg: "not found"}
	}
	if asOf.IsZero() {
		return Verdict{}, impartial.FieldError("screen", "as_of", "is required: screening is always as of a date")
	}
	en.Graph.mu.RLock()
	defer en.Graph.mu.RUnlock()
	pi, ok := en.Graph.lookupNode(personID)
	if !ok {
		return Verdict{}, &impartial.Error{Kind: impartial.NotFound, Record: fmt.Sprintf("entity %q", personID), Msg: "not found"}
	}
	s := en.newSearch(asOf, pi)
	defer en.putSearch(s)
	s.screenMatter(m)
	return s.result([]string{m.ID}, []string{personID}).Verdict(personID, matterID), nil
}

// ScreenPerson screens one covered person against every matter open on
// asOf that any of the person's rule paths can reach: a new covered person,
// a change to their coverage. Matters with parties known only by name are
// always screened.
func (en *Engine) ScreenPerson(personID string, asOf impartial.Date) (*Result, error) {
	if asOf.IsZero() {
		return nil, impartial.FieldError("screen", "as_of", "is required: screening is always as of a date")
	}
	g := en.Graph
	g.mu.RLock()
	defer g.mu.RUnlock()
	pi, ok := g.lookupNode(personID)
	if !ok {
		return nil, &impartial.Error{Kind: impartial.NotFound, Record: fmt.Sprintf("entity %q", personID), Msg: "not found"}
	}
	s := en.newSearch(asOf, pi)
	defer en.putSearch(s)
	var ids []string
	if g.nodes[pi].cov != 0 {
		for _, mi := range en.reachableMatters(pi) {
			if r := &g.matters[mi]; r.live() && r.open(asOf) {
				m := g.matter(mi)
				ids = append(ids, m.ID)
				s.screenMatter(m)
			}
		}
	}
	return s.result(ids, []string{personID}), nil
}

// ScreenMatters screens the matters (ids) open on asOf, with workers
// goroutines (at least one), calling fn with each matter's result in no
// particular order; fn is called from one goroutine at a time. It is the
// re-screen after a rulebook change: with rulebooks not empty, only the
// rules of those rulebooks are applied (findings under other rulebooks
// cannot have changed), and each result says so.
func (en *Engine) ScreenMatters(ids []string, asOf impartial.Date, rulebooks []string, workers int, fn func(*Result)) error {
	if asOf.IsZero() {
		return impartial.FieldError("screen", "as_of", "is required: screening is always as of a date")
	}
	en.plan() // compile once before the workers start
	workers = max(1, workers)
	jobs := make(chan string)
	var mu sync.Mutex
	var wg sync.WaitGroup
	// Matters that share a party share its walks: many matters name the same
	// large companies, whose walks are the longest.
	en.Graph.mu.RLock()
	cache := newWalkCache(en.Graph, ids)
	en.Graph.mu.RUnlock()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &search{}
			defer en.putSearch(s)
			for id := range jobs {
				g := en.Graph
				g.mu.RLock()
				mi, ok := g.lookupMatter(id)
				var m *impartial.Matter
				if ok {
					m = g.matter(mi)
				}
				var res *Result
				if m != nil && m.Open(asOf) {
					en.resetSearch(s, asOf, -1)
					s.onlyBooks = rulebooks
					s.cache = cache.valid(s)
					s.hint = g.matterNodes(mi)
					s.screenMatter(m)
					res = s.result([]string{id}, nil)
					res.Rulebooks = rulebooks
				}
				g.mu.RUnlock()
				if res != nil {
					mu.Lock()
					fn(res)
					mu.Unlock()
				}
			}
		}()
	}
	for _, id := range ids {
		jobs <- id
	}
	close(jobs)
	wg.Wait()
	return nil
}

// search is one screen in progress.
type search struct {
	en      *Engine
	g       *Graph
	win     *window
	only    int32 // the one person screened, or -1
	budget  int
	limit   int
	books   []*cbook
	groupIx map[groupKey]int32
	groups  []group // in the order found
	raws    []rawPath
	warn    []string

	seqs      []*cseq
	onlyBooks []string // apply only these rulebooks' rules; nil for all

	// the current walk
	m     *impartial.Matter
	party partyRef
	seq   *cseq
	users []cuser // the users of seq that apply to this matter and party
	// matterUsers[matterOff[i]:matterOff[i+1]]: the users of seqs[i] that
	// apply to this matter (usersFor).
	matterUsers []cuser
	matterOff   []int32
	serving     []ruleServing // reused by usersFor
	nodes       []int32
	steps       []pstep

	stepBuf []pstep          // backing for the steps of kept raw paths
	hubInfo map[*adj][]ninfo // copies of the ninfo of long adjacency runs, shared by sequences
	hubBuf  []ninfo          // backing for hubInfo, kept from screen to screen
	epStore []evalPath       // reused by evaluate
	epPtrs  []*evalPath      // reused by evaluate
	ix      []int32          // reused by result
	amounts []edgeAmount     // reused by applyExemptions

	// Walks shared between screens (see walkCache): the walk being recorded.
	cache     *walkCache
	hint      []int32 // the nodes of the matter's entity parties, in order, as the graph indexed them
	recording bool
	recFins   []walkFin
	recSteps  []pstep
	// Tails (tail.go): tailW[i] is the walk from the current party along
	// seqs[i] if tailMark[i] == tailGen; tb and tlive the budgets of a
	// tail's members and which have some left.
	tailGen  uint32
	tailMark []uint32
	tailW    []walkRes
	tailBufs []tailBuf
	tb       [maxTail]int
	tlive    uint8
	regBook  []regimeBook       // Rules.For, remembered
	rbuf     []byte             // reused to build reasons and notes
	notes    map[noteKey]string // exemption notes made, by totals
}

type partyRef struct {
	node  int32
	role  impartial.PartyRole
	match *NameCandidate
	name  string // the name the matter gives, for a name-matched party
	// confirmed: the party's identity evidence (a date of birth, an
	// identifier) agrees with the candidate; identity says how.
	confirmed bool
	identity  string
}

// mergeCandidates adds to a the candidates of b, keeping each entity once
// with its best score: a party's native-script name may find the entity
// better than its transliteration.
func mergeCandidates(a, b []NameCandidate) []NameCandidate {
	out := slices.Clone(a)
	for _, c := range b {
		if k := slices.IndexFunc(out, func(o NameCandidate) bool { return o.Entity == c.Entity }); k >= 0 {
			if c.Score > out[k].Score || (c.ByIdentifier && !out[k].ByIdentifier && c.Score >= out[k].Score) {
				out[k] = c
			}
			continue
		}
		out = append(out, c)
	}
	return out
}

// pstep is a step of a path: no pointers, so that the steps shared by the
// screens of a re-screen cost the collector nothing. Its role, as seen
// walking the path, is stepRole's.
type pstep struct {
	e   int32
	hop int32
	fwd bool // walked in the direction it was recorded
}

// stepRole returns the role of the step's edge as seen walking the path:
// what accepts returned for it (a family role inverted when the edge was
// recorded the other way).
func (g *Graph) stepRole(st pstep) string {
	e := &g.edges[st.e]
	role := g.strs[e.roleNorm]
	if e.typ == tFamily && !st.fwd {
		role = inverseFamily(role)
	}
	return role
}

type groupKey struct {
	person int32
	matter *impartial.Matter
	rule   *crule
}

type group struct {
	key        groupKey
	head, tail int32 // the group's raw paths, linked through rawPath.next in the order found
	n          int
	more       int
}

type rawPath struct {
	rule   *crule
	matter *impartial.Matter
	pat    *cpat
	steps  []pstep // from the person to the party
	party  partyRef
	next   int32     // the next raw path of the group, or -1
	part   *partPath // for a path to a recorded participation instead of a party
}

// partPath is how a path of a participation clause ends: the participant
// took part in a matter that is the one screened or related to it.
type partPath struct {
	p      *impartial.Participant
	in     *impartial.Matter
	rel    impartial.MatterRelation
	source string // of the link between the matters
}

func (en *Engine) newSearch(asOf impartial.Date, only int32) *search {
	s, _ := en.searches.Get().(*search)
	if s == nil {
		s = &search{}
	}
	en.resetSearch(s, asOf, only)
	return s
}

// putSearch keeps s for a later screen. Its result must be made.
func (en *Engine) putSearch(s *search) {
	s.cache, s.hint, s.m = nil, nil, nil
	en.searches.Put(s)
}

// resetSearch readies s for a new screen, keeping the room its buffers
// have grown to. The result of the previous screen shares none of them.
func (en *Engine) resetSearch(s *search, asOf impartial.Date, only int32) {
	budget := en.Budget
	if budget <= 0 {
		budget = 250_000
	}
	books, seqs := en.plan()
	s.en, s.g, s.only, s.budget, s.limit, s.books, s.seqs = en, en.Graph, only, budget, budget, books, seqs
	if s.win == nil || s.win.asOf != asOf {
		s.win = newWindow(asOf)
	}
	if s.groupIx == nil {
		s.groupIx = map[groupKey]int32{}
	} else {
		clear(s.groupIx)
	}
	clear(s.groups) // drop the pointers they hold
	s.groups = s.groups[:0]
	clear(s.raws)
	s.raws = s.raws[:0]
	s.warn = nil // the result holds the last screen's
	s.onlyBooks = nil
	s.m, s.seq = nil, nil
	s.stepBuf = s.stepBuf[:0]
	clear(s.hubInfo)
	s.hubBuf = s.hubBuf[:0]
	s.cache = nil
	s.hint = nil
	s.regBook = s.regBook[:0]
	if len(s.tailMark) != len(seqs) {
		s.tailMark, s.tailW, s.tailGen = make([]uint32, len(seqs)), make([]walkRes, len(seqs)), 0
	}
	clear(s.tailW) // drop the steps they refer to
}

// screenMatter walks back from every party of m along every rule path.
func (s *search) screenMatter(m *impartial.Matter) {
	s.m = m
	s.screenParticipation(m)
	s.usersFor(m)
	hint := s.hint
	for _, p := range m.Parties {
		var starts []partyRef
		switch {
		case p.Entity != "":
			var ni int32
			var ok bool
			if len(hint) > 0 && s.g.nodeID(hint[0]) == p.Entity {
				ni, ok, hint = hint[0], true, hint[1:] // ids are unique: lookupNode would find it
			} else {
				ni, ok = s.g.lookupNode(p.Entity)
			}
			if !ok || !s.g.nodes[ni].alive {
				s.warn = append(s.warn, fmt.Sprintf("matter %q: party %q is not a known entity and was not screened", m.ID, p.Entity))
				continue
			}
			starts = append(starts, partyRef{node: ni, role: p.Role})
		default:
			cands := s.partyCandidates(m, p)
			for _, c := range cands {
				ni, ok := s.g.lookupNode(c.Entity)
				if !ok || !s.g.nodes[ni].alive {
					continue
				}
				var id impartial.IdentityVerdict
				if p.Evidence != nil {
					ids, births, nats := s.g.identityOf(ni)
					id = impartial.CompareIdentity(p.Evidence, ids, births, nats)
				}
				if id.RuledOut {
					s.warn = append(s.warn, fmt.Sprintf("matter %q: party %q is not %s (%s): %s", m.ID, p.Label(), c.Entity, s.g.nodeName(ni), id.Why))
					continue
				}
				c := c
				starts = append(starts, partyRef{node: ni, role: p.Role, match: &c, name: p.Label(), confirmed: id.Confirmed, identity: id.Why})
				if mi, ok := s.g.lookupMatter(m.ID); ok {
					s.en.rememberNameHit(c.Entity, mi)
				}
			}
		}
		for _, st := range starts {
			s.party = st
			if s.g.info[st.node].dist == distFar {
				continue // no covered person within reach of this party
			}
			var pw *partyWalks
			if s.cache != nil && st.match == nil {
				pw = s.cache.party(st.node, len(s.seqs))
			}
			s.tailGen++ // the tails' walks from the previous party are done with
			for sqi, sq := range s.seqs {
				if int(s.g.info[st.node].dist) > sq.total {
					continue
				}
				s.users = s.users[:0]
				for _, u := range s.matterUsers[s.matterOff[sqi]:s.matterOff[sqi+1]] {
					if usable(u, p.Role, st) {
						s.users = append(s.users, u)
					}
				}
				if len(s.users) == 0 {
					continue
				}
				s.seq = sq
				var cut bool
				if sq.tail != nil || pw != nil {
					var w *walkRes
					if sq.tail != nil {
						w = s.tailWalk(pw, st, p.Role, sqi)
					} else {
						w = s.sharedWalk(pw, st.node, sqi)
					}
					borrowed := pw == nil // a tail's walk for this party alone: its steps are reused
					for i := range w.fins {
						f := &w.fins[i]
						s.keep(f.v, f.cov, w.stepsOf(f), f.ok, true, borrowed)
					}
					cut = w.cut
				} else {
					s.nodes = append(s.nodes[:0], st.node)
					s.steps = s.steps[:0]
					s.budget = s.limit
					s.walk(st.node, len(sq.hops)-1, 0, 0)
					cut = s.budget <= 0
				}
				if cut {
					s.warn = append(s.warn, fmt.Sprintf("matter %q: the search from party %q under rule %s %s %d relationships; findings may be incomplete",
						m.ID, s.g.nodeID(st.node), s.users[0].rule.r.ID, CutNote, s.limit))
				}
			}
		}
	}
}

// usersFor sets matterUsers and matterOff to the users of each sequence
// that apply to matter m, whichever party a walk starts from: of a rulebook
// applied, a rule and path that cover the matter's kind, and, for a rule
// that binds only while someone serves in the matter, with someone serving
// (where no one does, no walk could be kept). Worked out once per matter,
// not once per party.
func (s *search) usersFor(m *impartial.Matter) {
	s.matterUsers, s.matterOff = s.matterUsers[:0], append(s.matterOff[:0], 0)
	serving := s.serving[:0]
	for _, sq := range s.seqs {
		for _, u := range sq.users {
			r := u.rule.r
			if s.onlyBooks != nil && !slices.Contains(s.onlyBooks, u.rule.book.ID) {
				continue
			}
			if !r.CoversMatter(m.Kind) || !u.pat.p.CoversMatter(m.Kind) {
				continue
			}
			if len(r.Serving) > 0 {
				k := slices.IndexFunc(serving, func(x ruleServing) bool { return x.r == r })
				if k < 0 {
					serving = append(serving, ruleServing{r, r.AnyServing(m, s.win.asOf)})
					k = len(serving) - 1
				}
				if !serving[k].any {
					continue // binds only while someone serves in the matter: no walk can be kept
				}
			}
			s.matterUsers = append(s.matterUsers, u)
		}
		s.matterOff = append(s.matterOff, int32(len(s.matterUsers)))
	}
	clear(serving)
	s.serving = serving[:0]
}

type ruleServing struct {
	r   *rules.Rule
	any bool
}

// partyCandidates returns the entities a party given by name or identifier
// may be: those its name and native-script name match, and those that carry
// one of its identifiers (score 1: an identifier names the entity, and
// identity evidence then confirms it).
func (s *search) partyCandidates(m *impartial.Matter, p impartial.MatterParty) []NameCandidate {
	var cands []NameCandidate
	switch {
	case p.Name == "":
	case s.en.Names == nil:
		if p.Evidence == nil || len(p.Evidence.Identifiers) == 0 {
			s.warn = append(s.warn, fmt.Sprintf("matter %q: party %q is known only by name and no name matcher is configured", m.ID, p.Name))
		}
	default:
		cands = s.en.Names.MatchName(p.Name)
		if ev := p.Evidence; ev != nil && ev.NativeName != "" {
			cands = mergeCandidates(cands, s.en.Names.MatchName(ev.NativeName))
		}
	}
	if ev := p.Evidence; ev != nil {
		for _, id := range ev.Identifiers {
			var byID []NameCandidate
			nodes, recorded := s.g.byIdentifier(id)
			for k, v := range nodes {
				byID = append(byID, NameCandidate{Entity: s.g.nodeID(v), Matched: id.Scheme + " " + id.Value, Score: 1, ByIdentifier: true,
					Explanation: fmt.Sprintf("the entity's %s is recorded as %s", id.Scheme, recorded[k])})
			}
			cands = mergeCandidates(cands, byID)
		}
		if p.Name == "" && len(cands) == 0 {
			s.warn = append(s.warn, fmt.Sprintf("matter %q: party %q: no known entity carries the identifier, so it was not screened", m.ID, p.Label()))
		}
	}
	return cands
}

// walk extends the path backwards from v. Hop hi has reps repetitions
// between v and the party; degree is the kinship degree along them.
func (s *search) walk(v int32, hi, reps, degree int) {
	if s.budget <= 0 {
		return
	}
	if hi < 0 {
		s.finish(v)
		return
	}
	h := s.seq.hops[hi]
	if reps >= h.minReps && (h.maxDegree == 0 || degree <= h.maxDegree) {
		if hi == 0 {
			s.finish(v)
		} else {
			s.walk(v, hi-1, 0, 0)
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
	if hi < len(s.seq.kinOnly) && s.seq.kinOnly[hi] && int(g.info[v].kin) > s.seq.pre[hi]+h.maxReps-reps {
		return // no covered person within the family and household hops left (kin.go)
	}
	if g.part != nil && g.part.want(v, hi == 0 && reps+1 >= h.maxReps) {
		return // its relationships are not loaded: see Graph.MarkPartial
	}
	if inM != 0 {
		s.scan(g.inOf(v), inM, true, hi, reps, degree)
	}
	if outM != 0 {
		s.scan(g.outOf(v), outM, false, hi, reps, degree)
	}
}

func (s *search) scan(list []adj, mask uint16, fwd bool, hi, reps, degree int) {
	g := s.g
	h := s.seq.hops[hi]
	rem := s.seq.pre[hi] + h.maxReps - reps - 1 // hops left to reach the person after this one
	for _, t := range h.scanTypes {
		if mask&(1<<t) == 0 {
			continue
		}
		run := typeRange(list, t)
		infos := s.hubInfos(run)
		for i, a := range run {
			if s.budget--; s.budget <= 0 {
				return
			}
			u := a.other
			inf := &g.info[u]
			if infos != nil {
				inf = &infos[i]
			}
			if int(inf.dist) > rem || !viable(s.seq.hops, inf, hi, reps+1) {
				continue
			}
			d, ok := s.takes(h, a, fwd, degree)
			if !ok {
				continue
			}
			s.nodes = append(s.nodes, u)
			s.steps = append(s.steps, pstep{e: a.edge, fwd: fwd, hop: int32(hi)})
			s.walk(u, hi, reps+1, d)
			s.nodes = s.nodes[:len(s.nodes)-1]
			s.steps = s.steps[:len(s.steps)-1]
		}
	}
}

// takes reports whether hop h takes the adjacency entry a, walked back
// (fwd: its edge was recorded in the walk's direction), as the next step
// of the path in s.nodes, and the kinship degree along the hop after it.
func (s *search) takes(h *chop, a adj, fwd bool, degree int) (int, bool) {
	g := s.g
	e := &g.edges[a.edge]
	ok, role := h.accepts(g, e, fwd)
	if !ok || !h.roleOK(role) || !h.capacityOK(g, e) || !h.percentOK(e) || !s.win.holds(h.lb, e) {
		return 0, false
	}
	if hasFlags(g.nodes[a.other].flags, h.notFrom) || slices.Contains(s.nodes, a.other) {
		return 0, false
	}
	if e.typ == tFamily {
		degree += kinshipDegree(role)
		if h.maxDegree > 0 && degree > h.maxDegree {
			return 0, false
		}
	}
	return degree, true
}

// hubRun is the length from which a run of adjacency entries of one type
// has the ninfo of its other ends copied for the search: a hub scanned by
// several sequences then costs one pass of scattered reads, not one each.
const hubRun = 64

// hubInfos returns the ninfo of the other end of each entry of run, a run
// of one type in an adjacency list, copied once per search, or nil for a
// run shorter than hubRun.
func (s *search) hubInfos(run []adj) []ninfo {
	if len(run) < hubRun {
		return nil
	}
	k := &run[0]
	if in, ok := s.hubInfo[k]; ok {
		return in
	}
	if s.hubInfo == nil {
		s.hubInfo = map[*adj][]ninfo{}
	}
	// Copies earlier in this search keep their backing: a full buffer is
	// replaced, not grown.
	if cap(s.hubBuf)-len(s.hubBuf) < len(run) {
		s.hubBuf = make([]ninfo, 0, max(2*cap(s.hubBuf), len(run), 4096))
	}
	k0 := len(s.hubBuf)
	s.hubBuf = s.hubBuf[:k0+len(run)]
	in := s.hubBuf[k0 : k0+len(run) : k0+len(run)]
	info := s.g.info
	for i, a := range run {
		in[i] = info[a.other]
	}
	s.hubInfo[k] = in
	return in
}

// allocSteps returns room for n steps that stays valid for the search.
func (s *search) allocSteps(n int) []pstep {
	if cap(s.stepBuf)-len(s.stepBuf) < n {
		s.stepBuf = make([]pstep, 0, max(512, n))
	}
	k := len(s.stepBuf)
	s.stepBuf = s.stepBuf[:k+n]
	return s.stepBuf[k : k+n : k+n]
}

// finish is called when the walk has matched a whole hop sequence back to
// v: if v is a covered person screened by a rule that uses the sequence,
// the path is kept for that rule.
func (s *search) finish(v int32) {
	g := s.g
	if g.info[v].dist != 0 {
		return // not covered: a covered person's distance is 0
	}
	n := &g.nodes[v]
	if n.cov == 0 || !n.alive || (s.only >= 0 && v != s.only) {
		return
	}
	cov := &g.covs[n.cov-1]
	if !cov.Active(s.win.asOf) {
		return
	}
	if s.recording {
		k := len(s.recSteps)
		for i := len(s.steps) - 1; i >= 0; i-- {
			s.recSteps = append(s.recSteps, s.steps[i])
		}
		steps := s.recSteps[k:len(s.recSteps):len(s.recSteps)]
		s.recFins = append(s.recFins, walkFin{v: v, cov: n.cov - 1, off: int32(k), n: int32(len(steps)), ok: s.atContactOK(steps)})
		return
	}
	s.keep(v, n.cov-1, nil, true, false, false)
}

// keep keeps a path the walk has found to the covered person v for each
// rule using the sequence that screens v: the path in s.steps, or one a
// shared walk recorded (steps, whose at-contact look-backs hold if
// contactOK; borrowed: steps in a buffer the next walk reuses, copied if
// kept).
func (s *search) keep(v, ci int32, steps []pstep, contactOK, shared, borrowed bool) {
	cov := &s.g.covs[ci]
	book := s.bookFor(cov.Regime)
	if book == nil {
		return
	}
	// Outside the regime's reach screening would only over-flag, but for a
	// rule that binds while serving in the matter (see ReachesServing).
	inReach := book.Reaches(cov, s.m)
	var first pstep
	if s.seq.merged {
		if steps != nil {
			first = steps[0]
		} else {
			first = s.steps[len(s.steps)-1]
		}
	}
	for _, u := range s.users {
		if u.rule.book != book || !u.rule.r.Applies(cov.Regime) || !u.rule.r.PledgeApplies(cov, s.win.asOf) {
			continue
		}
		if s.seq.merged && !u.pat.firstTakes(s.g, first) {
			continue
		}
		if !s.ruleReaches(u.rule, v, cov, inReach) {
			continue
		}
		if shared {
			if !contactOK {
				return
			}
			if borrowed {
				steps, borrowed = append(s.allocSteps(len(steps))[:0], steps...), false
			}
		} else if steps == nil {
			steps = s.allocSteps(len(s.steps))
			for i, st := range s.steps {
				steps[len(steps)-1-i] = st
			}
			if !s.atContactOK(steps) {
				return
			}
		}
		if u.rule.r.PledgeYears > 0 && len(steps) > 0 {
			e := &s.g.edges[steps[0].e]
			if !u.rule.r.PledgeTie(impartial.Span{Start: unpackDate(e.start), End: unpackDate(e.end)}, cov.Pledge) {
				continue // not a former employer or client of the pledge's window
			}
		}
		// A walk finds each path once: the same edges to the same party in
		// the same role cannot be walked twice for one sequence.
		s.addRaw(groupKey{person: v, matter: s.m, rule: u.rule},
			rawPath{rule: u.rule, matter: s.m, pat: u.pat, steps: steps, party: s.party, next: -1})
	}
}

// addRaw appends a found path and links it into its (person, matter, rule)
// group, so that each group's paths can be read in the order they were found
// without a map of slices.
func (s *search) addRaw(key groupKey, rp rawPath) {
	ri := int32(len(s.raws))
	s.raws = append(s.raws, rp)
	gi, ok := s.groupIx[key]
	if !ok {
		gi = int32(len(s.groups))
		s.groupIx[key] = gi
		s.groups = append(s.groups, group{key: key, head: ri, tail: ri})
	} else {
		s.raws[s.groups[gi].tail].next = ri
		s.groups[gi].tail = ri
	}
	s.groups[gi].n++
}

// bookFor returns s.en.Rules.For(regime), remembered for the search.
func (s *search) bookFor(regime impartial.Regime) *rules.Rulebook {
	for _, rb := range s.regBook {
		if rb.regime == regime {
			return rb.book
		}
	}
	b := s.en.Rules.For(regime)
	s.regBook = append(s.regBook, regimeBook{regime, b})
	return b
}

type regimeBook struct {
	regime impartial.Regime
	book   *rules.Rulebook
}

// atContactOK checks hops whose look-back is "at_contact": the relationship
// held on the date of the nearest contact before it on the path (or on the
// as-of date if there is none).
func (s *search) atContactOK(steps []pstep) bool {
	for i, st := range steps {
		h := s.seq.hops[st.hop]
		if h.lb.Kind != rules.AtContact {
			continue
		}
		e := &s.g.edges[st.e]
		first, last := s.win.first, s.win.last
		for j := i - 1; j >= 0; j-- {
			if c := &s.g.edges[steps[j].e]; c.typ == tContact {
				first, last = c.first, c.last
				break
			}
		}
		if e.first > last || e.last < first {
			return false
		}
	}
	return true
}

// reachableMatters returns the matters with a party that some rule path
// can reach from the person, and the matters with parties known only by
// name, by walking the person's rule paths forwards without date checks.
func (en *Engine) reachableMatters(person int32) []int32 {
	g := en.Graph
	found := map[int32]bool{}
	for mi := range g.nameOnly {
		found[mi] = true
	}
	// Participation clauses reach a matter through the participants of it
	// or of a related matter, not through its parties: keep those matters.
	for mi := range g.matters {
		if r := &g.matters[mi]; r.live() && (r.participants || r.related || len(g.relatedTo[g.text.get(r.id)]) > 0) {
			found[int32(mi)] = true
		}
	}
	for _, cb := range en.books() {
		for _, cr := range cb.rules {
			for _, cp := range cr.pats {
				f := &forward{g: g, pat: cp, budget: 1 << 22, visit: func(v int32) {
					for _, mi := range g.partyMatters(v) {
						found[mi] = true
					}
				}}
				f.nodes = append(f.nodes, person)
				f.walk(person, 0, 0)
			}
		}
	}
	out := make([]int32, 0, len(found))
	for mi := range found {
		out = append(out, mi)
	}
	slices.Sort(out)
	return out
}

// forward walks a pattern from the person's side towards parties, ignoring
// dates: a superset of what a screen can find, used to decide what to
// screen.
type forward struct {
	g      *Graph
	pat    *cpat
	budget int
	nodes  []int32
	visit  func(v int32)
}

// walk extends forwards from u; hop hi has reps repetitions before u.
func (f *forward) walk(u int32, hi, reps int) {
	if f.budget <= 0 {
		return
	}
	hops := f.pat.hops
	if hi >= len(hops) {
		f.visit(u)
		return
	}
	h := hops[hi]
	if reps >= h.minReps {
		f.walk(u, hi+1, 0)
	}
	if reps >= h.maxReps || hasFlags(f.g.nodes[u].flags, h.notFrom) {
		return
	}
	f.scan(f.g.outOf(u), true, hi, reps)
	f.scan(f.g.inOf(u), false, hi, reps)
}

func (f *forward) scan(list []adj, fwd bool, hi, reps int) {
	g := f.g
	h := f.pat.hops[hi]
	for _, t := range h.scanTypes {
		for _, a := range typeRange(list, t) {
			if f.budget--; f.budget <= 0 {
				return
			}
			e := &g.edges[a.edge]
			ok, role := h.accepts(g, e, fwd)
			if !ok || !h.roleOK(role) || !h.capacityOK(g, e) || !h.percentOK(e) {
				continue
			}
			v := a.other
			if !kindsContain(h.kinds, g.nodes[v].kind) || slices.Contains(f.nodes, v) {
				continue
			}
			f.nodes = append(f.nodes, v)
			f.walk(v, hi, reps+1)
			f.nodes = f.nodes[:len(f.nodes)-1]
		}
	}
}

// screenParticipation applies the rules' participation clauses: a person
// recorded as having taken part personally in the matter, or in one
// recorded as the same or substantially related, and (where the clause
// imputes it) that person's colleagues at a firm.
func (s *search) screenParticipation(m *impartial.Matter) {
	g := s.g
	if len(m.Participants) == 0 && len(m.Related) == 0 && len(g.relatedTo[m.ID]) == 0 {
		return // most matters: nothing to look at, nothing allocated
	}
	type relMatter struct {
		m   *impartial.Matter
		rel impartial.MatterRelation
		src string
	}
	ms := []relMatter{{m: m, rel: impartial.SameMatter}}
	add := func(id string, rel impartial.MatterRelation, src string) {
		mi, ok := g.lookupMatter(id)
		if !ok || !g.matters[mi].live() || id == m.ID {
			return
		}
		for i := range ms {
			if ms[i].m.ID == id {
				if rel == impartial.SameMatter {
					ms[i].rel, ms[i].src = rel, src
				}
				return
			}
		}
		ms = append(ms, relMatter{m: g.matter(mi), rel: rel, src: src})
	}
	for _, l := range m.Related {
		add(l.Matter, l.Relation, l.Source)
	}
	for _, l := range g.relatedTo[m.ID] {
		add(l.from, l.rel, l.src)
	}
	any := false
	for _, x := range ms {
		any = any || len(x.m.Participants) > 0
	}
	if !any {
		return
	}
	for _, cb := range s.books {
		if s.onlyBooks != nil && !slices.Contains(s.onlyBooks, cb.b.ID) {
			continue
		}
		for _, cr := range cb.rules {
			c := cr.r.Participation
			if c == nil || !cr.r.CoversMatter(m.Kind) {
				continue
			}
			for _, x := range ms {
				if x.rel == impartial.SubstantiallyRelated && !c.SubstantiallyRelated {
					continue
				}
				for i := range x.m.Participants {
					pp := &x.m.Participants[i]
					if !slices.Contains(c.Capacities, pp.Capacity) || (!pp.Start.IsZero() && s.win.asOf.Last().Before(pp.Start.First())) || c.Partisan(pp, m) || c.Current(pp, x.m, m, s.win.asOf) {
						continue
					}
					if len(c.PrincipalRoles) > 0 && !slices.ContainsFunc(m.Parties, func(p impartial.MatterParty) bool {
						return p.Entity != "" && p.Entity == pp.OnBehalfOf && slices.Contains(c.PrincipalRoles, p.Role)
					}) {
						continue
					}
					pi, ok := g.lookupNode(pp.Person)
					if !ok || !g.nodes[pi].alive {
						continue
					}
					pt := &partPath{p: pp, in: x.m, rel: x.rel, source: x.src}
					s.keepPart(pi, pi, cr, cr.partOwn, nil, pt)
					if !c.ImputesCapacity(pp.Capacity) {
						continue
					}
					held := s.colleagueTest(c, pp, x.m)
					for _, a := range typeRange(g.outOf(pi), tEmployment) {
						s.imputePart(pi, a, cr, pt, held)
					}
					for _, a := range typeRange(g.outOf(pi), tPosition) {
						s.imputePart(pi, a, cr, pt, held)
					}
				}
			}
		}
	}
}

// colleagueTest returns the test a tie to a firm must pass for the
// participation to be imputed through it: held on the as-of date, or, for a
// clause imputed while associated, at some time during the participation
// (its own dates, else the matter's).
func (s *search) colleagueTest(c *rules.ParticipationClause, pp *impartial.Participant, in *impartial.Matter) func(e int32) bool {
	if !c.ImputedWhileAssociated {
		return func(e int32) bool { return colleagueEdge(s.g, e, s.win) }
	}
	start, end := pp.Start, pp.End
	if start.IsZero() && end.IsZero() {
		start, end = in.Opened, in.Closed
	}
	first, last := minDay, maxDay
	if !start.IsZero() {
		first = dayOf(start.First())
	}
	if !end.IsZero() {
		last = dayOf(end.Last())
	}
	return func(e int32) bool {
		ed := &s.g.edges[e]
		return ed.alive && s.g.strs[ed.roleNorm] != "prospective" && ed.first <= last && ed.last >= first
	}
}

// imputePart keeps the participation for each colleague of participant pi
// at the firm that the edge of a leads to, where both ties pass held.
func (s *search) imputePart(pi int32, a adj, cr *crule, pt *partPath, held func(int32) bool) {
	g := s.g
	firm := a.other
	if !held(a.edge) || !kindsContain(orgKinds, g.nodes[firm].kind) {
		return
	}
	for _, t := range []uint8{tEmployment, tPosition} {
		for _, b := range typeRange(g.inOf(firm), t) {
			if b.other == pi || !held(b.edge) {
				continue
			}
			steps := s.allocSteps(2)
			steps[0] = pstep{e: b.edge, fwd: true, hop: 0}
			steps[1] = pstep{e: a.edge, fwd: false, hop: 1}
			s.keepPart(b.other, pi, cr, cr.partImputed, steps, pt)
		}
	}
}

var orgKinds = uint8(1)<<kindIndex(impartial.Organization) | uint8(1)<<kindIndex(impartial.Company)

// colleagueEdge: an employment or position held on the as-of date, not a
// prospective one.
func colleagueEdge(g *Graph, e int32, w *window) bool {
	ed := &g.edges[e]
	return ed.alive && g.strs[ed.roleNorm] != "prospective" && w.holds(rules.LookBack{Kind: rules.Active}, ed)
}

// ruleReaches reports whether the rule reaches the matter for the covered
// person v: a rule that binds while serving reaches the matter v serves in
// (Rulebook.ReachesServing); any other needs the regime's reach, inReach.
func (s *search) ruleReaches(cr *crule, v int32, cov *impartial.Coverage, inReach bool) bool {
	if len(cr.r.Serving) > 0 {
		return cr.book.ReachesServing(cr.r, s.g.nodeID(v), cov, s.m, s.win.asOf)
	}
	return inReach
}

// keepPart keeps a participation path for the covered person v (the
// participant pi, or a colleague), as keep does for a party path.
func (s *search) keepPart(v, pi int32, cr *crule, cp *cpat, steps []pstep, pt *partPath) {
	g := s.g
	n := &g.nodes[v]
	if n.cov == 0 || !n.alive || (s.only >= 0 && v != s.only) {
		return
	}
	cov := &g.covs[n.cov-1]
	if !cov.Active(s.win.asOf) || s.bookFor(cov.Regime) != cr.book || !cr.r.Applies(cov.Regime) || !cr.r.PledgeApplies(cov, s.win.asOf) {
		return
	}
	if !s.ruleReaches(cr, v, cov, len(cr.r.Serving) > 0 || cr.book.Reaches(cov, s.m)) {
		return
	}
	s.addRaw(groupKey{person: v, matter: s.m, rule: cr},
		rawPath{rule: cr, matter: s.m, pat: cp, steps: steps, party: partyRef{node: pi}, next: -1, part: pt})
}
