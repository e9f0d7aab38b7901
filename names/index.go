package names

import (
	"errors"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Index finds, for a query name, the entities whose names match it, among
// millions, without comparing the query against every name.
//
// Retrieval works on the words of names: each distinctive word of every
// alias is reduced to its phonetic skeleton and posted under it (one
// posting per alias, alias numbers as int32). A query word retrieves the
// entities posted under its own skeleton, under the skeletons of its
// nicknames, under words within its typo budget (found through a
// deletion-neighbourhood table over the vocabulary, not over the entities),
// under words with the same consonants (for Arabic and Hebrew script), and
// under the joined or split forms of adjacent words. Entities are ranked by
// the inverse document frequency of the query words they share, and only
// the best few are compared in full with Compare.
//
// Aliases are stored once, as bytes in one arena, and parsed again only
// for the candidates of a query. An Index is safe for concurrent use; Add
// and Search may interleave.
type Index struct {
	mu sync.RWMutex

	idArena    []byte   // entity ids, concatenated
	idEnd      []uint32 // end offset of each entity's id in idArena
	schemaTab  []Schema // distinct schemas seen; entities refer to them by number
	entSchema  []uint8  // schema number of each entity
	aliasArena []byte   // aliases, concatenated
	aliasEnd   []uint32 // end offset of each alias in aliasArena
	entAlias   []uint32 // end index into aliasEnd of each entity's aliases
	aliasEnt   []int32  // entity number of each alias
	aliasWords []uint8  // indexed words of each alias, for the length norm
	identArena []byte   // identifiers: scheme \x1f value \x1e …
	identEnd   []uint32 // end offset per entity

	vocab    map[string]int32 // skeleton → term number
	terms    []string         // term number → skeleton
	texts    []string         // term number → a spelling seen (for typo look-up)
	postings [][]int32        // term number → alias number<<2 | schema class, ascending

	delTable     []uint64 // sorted hash32<<32 | term, deletion neighbourhoods
	consTable    []uint64 // sorted hash32<<32 | term, consonant keys
	derivedTerms int      // number of terms the derived tables cover

	// corpusAliases and corpusDF, when set (SetCorpus), stand for the
	// index's own counts in ranking: the index holds part of a corpus.
	corpusAliases int
	corpusDF      map[string]int

	// scratch buffers (one per concurrent search), kept across GCs unlike
	// a sync.Pool: they are as large as the number of aliases.
	scratchMu   sync.Mutex
	scratchFree []*scratch
}

// Hit is one search result: an entity and how its best name matched.
type Hit struct {
	ID     string
	Schema Schema
	Score  float64
	Result Result
}

// SearchStats reports the work a search did, to show that it does not
// scan the index.
type SearchStats struct {
	Terms           int // vocabulary terms looked up
	PostingsVisited int // entity postings read
	Candidates      int // entities ranked
	Comparisons     int // full name comparisons made
}

// Retrieval parameters.
const (
	// SearchMinScore is the lowest score a hit is returned with: below it a
	// name is unrelated rather than a weak candidate.
	SearchMinScore = 0.5
	// searchCandidates is how many ranked entities are compared in full.
	searchCandidates = 40
	// candidateRatio drops candidates whose retrieval evidence is below this
	// share of the best candidate's (beyond the first limit ones).
	candidateRatio = 0.5
	// maxWalk bounds the postings of the query's kind read for one query
	// word: a word that common (a frequent given name) is read in part,
	// since any of its entities is as good a candidate as another.
	maxWalk = 8000
	// minCandidates are compared whatever their evidence.
	minCandidates = 5
	// pendingLimit is how many new vocabulary terms are scanned linearly
	// before the derived tables are rebuilt.
	pendingLimit = 4096
)

// lengthNorms scales the retrieval evidence of an alias by how far its
// number of words (names, initials, numbers) is from the query's: of the
// aliases sharing a query's words, those with as many words are the closer
// names ("Simmons" the company before "Simmons Law Group" and the persons
// surnamed Simmons; "Jennifer J. Anderson" before the many "Jennifer
// Anderson"). The factor is at most 1, so the early stop's bounds hold.
func lengthNorms(q int) *[256]float32 {
	var t [256]float32
	for n := range t {
		t[n] = 1 / (1 + 0.1*float32(abs(n-q)))
	}
	return &t
}

// nameWords counts the words of a parsed name that make it distinctive:
// names, initials and numbers.
func nameWords(n *Name) int {
	c := 0
	for _, t := range n.Tokens {
		if t.Kind == WordName || t.Kind == WordInitial || t.Kind == WordNumber {
			c++
		}
	}
	return min(c, 255)
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{vocab: make(map[string]int32)}
}

// Len returns the number of entities in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.idEnd)
}

// Add indexes an entity under its id with its names (aliases, in any
// script) and identifiers. Ids are not deduplicated: adding the same id
// twice indexes two entries.
func (ix *Index) Add(id string, schema Schema, names []string, identifiers []Identifier) error {
	if id == "" {
		return errors.New("names: index: empty entity id")
	}
	var keep []string
	for _, n := range names {
		if strings.TrimSpace(n) != "" {
			keep = append(keep, n)
		}
	}
	if len(keep) == 0 {
		return errors.New("names: index: entity " + id + " has no names")
	}
	// Parse outside the lock.
	var keys, texts []string
	var owner []int32 // alias ordinal of each key
	words := make([]uint8, len(keep))
	for ai, n := range keep {
		for _, alt := range splitAlternates(n) {
			p := Parse(alt, schema)
			cnt := nameWords(&p)
			for _, t := range p.Tokens {
				if indexable(t) {
					keys = append(keys, t.Skel)
					texts = append(texts, t.Text)
					owner = append(owner, int32(ai))
					if t.alt != "" {
						keys = append(keys, t.alt)
						texts = append(texts, t.alt)
						owner = append(owner, int32(ai))
					}
				}
			}
			if cnt > int(words[ai]) {
				words[ai] = uint8(min(cnt, 255))
			}
		}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	e := int32(len(ix.idEnd))
	ix.idArena = append(ix.idArena, id...)
	ix.idEnd = append(ix.idEnd, uint32(len(ix.idArena)))
	sn := ix.schemaNumber(schema)
	ix.entSchema = append(ix.entSchema, sn)
	firstAlias := int32(len(ix.aliasEnd))
	for i, n := range keep {
		ix.aliasWords = append(ix.aliasWords, words[i])
		ix.aliasArena = append(ix.aliasArena, n...)
		ix.aliasEnd = append(ix.aliasEnd, uint32(len(ix.aliasArena)))
		ix.aliasEnt = append(ix.aliasEnt, e)
	}
	ix.entAlias = append(ix.entAlias, uint32(len(ix.aliasEnd)))
	for _, idf := range identifiers {
		ix.identArena = append(ix.identArena, normScheme(idf.Scheme)...)
		ix.identArena = append(ix.identArena, 0x1f)
		ix.identArena = append(ix.identArena, idf.Value...)
		ix.identArena = append(ix.identArena, 0x1e)
	}
	ix.identEnd = append(ix.identEnd, uint32(len(ix.identArena)))
	for ki, k := range keys {
		t, ok := ix.vocab[k]
		if !ok {
			t = int32(len(ix.terms))
			k = strings.Clone(k)
			ix.vocab[k] = t
			ix.terms = append(ix.terms, k)
			if texts[ki] == k {
				ix.texts = append(ix.texts, k)
			} else {
				ix.texts = append(ix.texts, strings.Clone(texts[ki]))
			}
			ix.postings = append(ix.postings, nil)
		}
		a := (firstAlias+owner[ki])<<2 | schemaClass(schema)
		p := ix.postings[t]
		if n := len(p); n > 0 && p[n-1] >= a {
			if p[n-1] == a {
				continue
			}
			// keys of one entity come alias by alias, so this cannot
			// happen; keep the list sorted regardless
			i := sort.Search(n, func(i int) bool { return p[i] >= a })
			if i == n {
				ix.postings[t] = append(p, a)
				continue
			}
			if p[i] == a {
				continue
			}
			p = append(p, 0)
			copy(p[i+1:], p[i:])
			p[i] = a
			ix.postings[t] = p
			continue
		}
		ix.postings[t] = append(p, a)
	}
	return nil
}

// indexable reports whether a token is posted: distinctive words and
// numbers, not particles, stopwords, generic words or initials.
func indexable(t Token) bool {
	return (t.Kind == WordName || t.Kind == WordNumber) && t.Skel != ""
}

var knownSchemas = []Schema{Person, Company, Organization, LegalEntity, Vessel}

// Schema classes stored in the low two bits of each posting, so that
// filtering by schema needs no look-up.
var classSchemas = [4]Schema{Person, Company, Vessel, LegalEntity}

func schemaClass(s Schema) int32 {
	switch s {
	case Person:
		return 0
	case Company, Organization:
		return 1
	case Vessel:
		return 2
	}
	return 3
}

// schemaNumber interns a schema; beyond 255 distinct schemas the rest share
// the generic LegalEntity. Callers hold mu for writing.
func (ix *Index) schemaNumber(s Schema) uint8 {
	for i, k := range ix.schemaTab {
		if k == s {
			return uint8(i)
		}
	}
	if len(ix.schemaTab) >= 255 {
		return ix.schemaNumber(LegalEntity)
	}
	ix.schemaTab = append(ix.schemaTab, s)
	return uint8(len(ix.schemaTab) - 1)
}

// schemaCompatible reports whether an entity of schema e can answer a query
// of schema q: persons with persons, organisations with organisations,
// generic legal entities with either.
func schemaCompatible(q, e Schema) bool {
	if q == e || q == LegalEntity || e == LegalEntity || q == "" || e == "" {
		return true
	}
	qo, eo := q == Company || q == Organization, e == Company || e == Organization
	if qo && eo {
		return true
	}
	known := func(s Schema) bool {
		for _, k := range knownSchemas {
			if k == s {
				return true
			}
		}
		return false
	}
	return !known(q) || !known(e)
}

// entity accessors (callers hold mu).
func (ix *Index) entityID(e int32) string {
	start := uint32(0)
	if e > 0 {
		start = ix.idEnd[e-1]
	}
	return string(ix.idArena[start:ix.idEnd[e]])
}

// alias returns alias number a.
func (ix *Index) alias(a int32) string {
	start := uint32(0)
	if a > 0 {
		start = ix.aliasEnd[a-1]
	}
	return string(ix.aliasArena[start:ix.aliasEnd[a]])
}

func (ix *Index) entityAliases(e int32) []string {
	first := uint32(0)
	if e > 0 {
		first = ix.entAlias[e-1]
	}
	out := make([]string, 0, ix.entAlias[e]-first)
	for a := first; a < ix.entAlias[e]; a++ {
		start := uint32(0)
		if a > 0 {
			start = ix.aliasEnd[a-1]
		}
		out = append(out, string(ix.aliasArena[start:ix.aliasEnd[a]]))
	}
	return out
}

func (ix *Index) entityIdentifiers(e int32) []Identifier {
	start := uint32(0)
	if e > 0 {
		start = ix.identEnd[e-1]
	}
	var out []Identifier
	for _, rec := range strings.Split(string(ix.identArena[start:ix.identEnd[e]]), "\x1e") {
		if s, v, ok := strings.Cut(rec, "\x1f"); ok {
			out = append(out, Identifier{Scheme: s, Value: v})
		}
	}
	return out
}

// Entity returns the stored candidate for an id (the first entry with that
// id), for callers that need its names and identifiers. It scans the
// entities in order: meant for tools and tests, not for hot paths.
func (ix *Index) Entity(id string) (Candidate, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for e := int32(0); e < int32(len(ix.idEnd)); e++ {
		if ix.entityID(e) == id {
			return Candidate{Schema: ix.schemaTab[ix.entSchema[e]], Names: ix.entityAliases(e), Identifiers: ix.entityIdentifiers(e)}, true
		}
	}
	return Candidate{}, false
}

// hash32 is FNV-1a folded to 32 bits.
func hash32(s string) uint32 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return uint32(h>>32) ^ uint32(h)
}

// deletions calls f with every string made by deleting one byte of s.
func deletions(s string, buf []byte, f func(string)) {
	for i := 0; i < len(s); i++ {
		buf = append(buf[:0], s[:i]...)
		buf = append(buf, s[i+1:]...)
		f(string(buf))
	}
}

// buildDerived (re)builds the deletion and consonant tables when many
// terms were added since the last build. Callers hold mu for writing.
func (ix *Index) buildDerived() {
	if len(ix.terms)-ix.derivedTerms <= pendingLimit {
		return
	}
	ix.rebuildDerived()
}

// rebuildDerived builds the deletion and consonant tables over every term.
// Callers hold mu for writing.
func (ix *Index) rebuildDerived() {
	n := len(ix.terms)
	del := make([]uint64, 0, n*6)
	cons := make([]uint64, 0, n)
	buf := make([]byte, 0, 64)
	for t := 0; t < n; t++ {
		s := ix.terms[t]
		if c := consonantKey(s); len(c) >= 2 {
			cons = append(cons, uint64(hash32(c))<<32|uint64(t))
		}
		if len(s) < 3 && len(ix.texts[t]) < 5 {
			continue
		}
		// deletion neighbourhoods of the skeleton and of the spelling
		for _, w := range [2]string{s, ix.texts[t]} {
			del = append(del, uint64(hash32(w))<<32|uint64(t))
			deletions(w, buf, func(d string) {
				del = append(del, uint64(hash32(d))<<32|uint64(t))
			})
			if ix.texts[t] == s {
				break
			}
		}
	}
	sort.Slice(del, func(i, j int) bool { return del[i] < del[j] })
	sort.Slice(cons, func(i, j int) bool { return cons[i] < cons[j] })
	ix.delTable, ix.consTable, ix.derivedTerms = del, cons, n
}

// lookupTable calls f with each term stored under hash h.
func lookupTable(tab []uint64, h uint32, f func(int32)) {
	lo := uint64(h) << 32
	i := sort.Search(len(tab), func(i int) bool { return tab[i] >= lo })
	for ; i < len(tab) && uint32(tab[i]>>32) == h; i++ {
		f(int32(uint32(tab[i])))
	}
}

// queryWord is one word of a query with the terms that stand for it.
type queryWord struct {
	terms   []int32
	weights []float32
	// optional marks a word the query may not hold as such: two adjacent
	// query words read as one indexed word ("Mary Ann" as "Maryann"), or
	// the first half of a joined query word. An alias need not bear it, so
	// it never narrows the search to the aliases it found.
	optional bool
}

func (q *queryWord) add(t int32, w float32) {
	for i, x := range q.terms {
		if x == t {
			if w > q.weights[i] {
				q.weights[i] = w
			}
			return
		}
	}
	q.terms = append(q.terms, t)
	q.weights = append(q.weights, w)
}

// sortByWeight orders the terms best first, so that an alias is credited
// for a word with the best term it is posted under.
func (q *queryWord) sortByWeight() {
	for i := 1; i < len(q.terms); i++ {
		for j := i; j > 0 && q.weights[j] > q.weights[j-1]; j-- {
			q.terms[j], q.terms[j-1] = q.terms[j-1], q.terms[j]
			q.weights[j], q.weights[j-1] = q.weights[j-1], q.weights[j]
		}
	}
}

// scratch holds per-search accumulators, reused through a pool: the
// aliases a query touched, in the order first touched, and a small
// open-addressing table from alias number to its place in that list. Its
// size follows the number of aliases touched, not the size of the index,
// so that it stays in the processor's caches.
type scratch struct {
	ents  []slot
	tab   []bucket
	gen   uint32 // buckets of another generation are empty
	shift uint32 // 32 - log2(len(tab))

	// the walk's pool of aliases that may still enter the top, as
	// alias<<32 | index into ents in alias order, with buffers
	pool, tmp []uint64
	accs      []float32
}

// slot accumulates one alias's retrieval evidence.
type slot struct {
	alias int32
	acc   float32
	mark  int16 // last query word counted
}

// bucket maps an alias to its index in scratch.ents.
type bucket struct {
	alias, idx int32
	gen        uint32
}

const scratchTableBits = 12

// reset empties the scratch for a new search.
func (sc *scratch) reset() {
	sc.ents, sc.pool = sc.ents[:0], sc.pool[:0]
	if sc.tab == nil {
		sc.tab = make([]bucket, 1<<scratchTableBits)
		sc.shift = 32 - scratchTableBits
	}
	sc.gen++
	if sc.gen == 0 { // wrapped: clear the stamps once
		clear(sc.tab)
		sc.gen = 1
	}
}

// bucketOf returns the table position to start probing for alias a.
func (sc *scratch) bucketOf(a int32) uint32 {
	return (uint32(a) * 0x9e3779b1) >> sc.shift
}

// lookup returns the index in ents of alias a, adding it with mark -1
// when add is set and it is absent; -1 when absent and not added.
func (sc *scratch) lookup(a int32, add bool) int32 {
	if add && 2*(len(sc.ents)+1) > len(sc.tab) {
		sc.grow()
	}
	mask := uint32(len(sc.tab) - 1)
	for h := sc.bucketOf(a); ; h = (h + 1) & mask {
		b := &sc.tab[h]
		if b.gen != sc.gen {
			if !add {
				return -1
			}
			idx := int32(len(sc.ents))
			sc.ents = append(sc.ents, slot{alias: a, mark: -1})
			*b = bucket{alias: a, idx: idx, gen: sc.gen}
			return idx
		}
		if b.alias == a {
			return b.idx
		}
	}
}

// grow doubles the table and places the touched aliases again.
func (sc *scratch) grow() {
	sc.tab = make([]bucket, 2*len(sc.tab))
	sc.shift--
	mask := uint32(len(sc.tab) - 1)
	for i, e := range sc.ents {
		h := sc.bucketOf(e.alias)
		for sc.tab[h].gen == sc.gen {
			h = (h + 1) & mask
		}
		sc.tab[h] = bucket{alias: e.alias, idx: int32(i), gen: sc.gen}
	}
}

func (ix *Index) getScratch() *scratch {
	ix.scratchMu.Lock()
	defer ix.scratchMu.Unlock()
	if n := len(ix.scratchFree); n > 0 {
		sc := ix.scratchFree[n-1]
		ix.scratchFree = ix.scratchFree[:n-1]
		return sc
	}
	return &scratch{}
}

func (ix *Index) putScratch(sc *scratch) {
	ix.scratchMu.Lock()
	defer ix.scratchMu.Unlock()
	if len(ix.scratchFree) < 8 {
		ix.scratchFree = append(ix.scratchFree, sc)
	}
}

// Search returns up to limit entities whose names match query, best first,
// each with its score and explanation. Only hits scoring at least
// SearchMinScore are returned; Hit.Result.Match tells which reach
// MatchThreshold.
func (ix *Index) Search(query string, schema Schema, limit int) []Hit {
	hits, _ := ix.SearchWithStats(query, schema, limit)
	return hits
}

// SearchWithStats is Search, also reporting the work done.
func (ix *Index) SearchWithStats(query string, schema Schema, limit int) ([]Hit, SearchStats) {
	var st SearchStats
	if limit <= 0 {
		limit = 10
	}
	qs := splitAlternates(query)
	parsed := make([]Name, 0, len(qs))
	for _, q := range qs {
		parsed = append(parsed, Parse(q, schema))
	}
	ix.mu.RLock()
	if len(ix.terms)-ix.derivedTerms > pendingLimit {
		ix.mu.RUnlock()
		ix.mu.Lock()
		ix.buildDerived()
		ix.mu.Unlock()
		ix.mu.RLock()
	}
	defer ix.mu.RUnlock()
	nAl := len(ix.aliasEnd)
	if nAl == 0 {
		return nil, st
	}
	if ix.corpusAliases > 0 {
		nAl = ix.corpusAliases
	}
	qn := 0
	for i := range parsed {
		qn = max(qn, nameWords(&parsed[i]))
	}
	lengthNorm := lengthNorms(qn)
	var words []queryWord
	for i := range parsed {
		words = append(words, ix.queryWords(&parsed[i], &st)...)
	}
	if len(words) == 0 {
		return nil, st
	}
	sc := ix.getScratch()
	sc.reset()
	defer ix.putScratch(sc)
	// Rare words first; very common words only add to entities already
	// found, unless nothing rarer exists.
	order := make([]wordDF, len(words))
	for i, w := range words {
		df := 0
		for _, t := range w.terms {
			df += ix.termDF(t)
		}
		order[i] = wordDF{i, df}
	}
	sort.Slice(order, func(i, j int) bool { return order[i].df < order[j].df })
	common := max(nAl/20, 5000)
	nTop := max(searchCandidates, limit*3)
	// Early termination: tail[k] bounds what the words from the k-th on
	// can add to one alias. Once nTop touched aliases have at least what
	// an alias not yet touched could still reach, no new alias can enter
	// the nTop compared (ties go to the earlier alias), so the rest of the
	// query only credits the aliases already touched.
	tail := make([]float64, len(order)+1)
	idfs := make([]float32, len(order))
	for k := len(order) - 1; k >= 0; k-- {
		tail[k] = tail[k+1]
		if o := order[k]; o.df > 0 {
			idfs[k] = float32(math.Log(1 + float64(nAl)/float64(o.df)))
			tail[k] += float64(words[o.w].weights[0] * idfs[k]) // weights descend
		}
	}
	slack := 1 + 1e-6*float64(len(order)+1) // float32 rounding of the sums
	w := walker{ix: ix, sc: sc, st: &st, nTop: nTop, slack: slack, lengthNorm: lengthNorm}
	for c, es := range classSchemas {
		w.compat[c] = schemaCompatible(schema, es)
	}
	w.budget = walkBudget
	// Aliases holding every query word as spelt are found whatever the
	// walk's caps leave unread: an exact name is never missed.
	// Only the words an alias must bear count: an optional word rarer than
	// all of them (a "Maryann" for "Mary Ann") must not stand in for them.
	var required []wordDF
	for _, o := range order {
		if !words[o.w].optional {
			required = append(required, o)
		}
	}
	if len(required) > 1 && required[0].df > maxWalk {
		w.seedExact(words, required)
	}
	walkedRequired := false
	for k, o := range order {
		qw := words[o.w]
		if o.df == 0 {
			continue
		}
		idf := idfs[k]
		mark := int16(o.w)
		// A common word after rarer ones only credits the aliases they
		// found, as does any word once no new alias can enter the top —
		// once a word every alias must bear was walked: the aliases an
		// optional word found need not include the one sought.
		onlyExisting := walkedRequired && len(sc.ents) > 0 && (o.df > common || len(sc.ents)*len(qw.terms)*24 < o.df)
		walkedRequired = walkedRequired || !qw.optional
		for ti, t := range qw.terms {
			wt := qw.weights[ti] * idf
			// the most an alias can still gain: this term (the weights
			// descend) and the words after this one
			ub := float64(wt) + tail[k+1]
			if !w.closed && !onlyExisting {
				w.setBound(ub * slack)
			}
			p := ix.postings[t]
			from := 0
			if !w.closed && !onlyExisting {
				from = w.walk(p, wt, mark)
			}
			if from < len(p) {
				w.credit(p, from, wt, mark, ub, tail[k+1])
			}
		}
	}
	st.Candidates = len(sc.ents)
	top := topEntities(sc.ents, nTop)
	// Aliases sharing much less evidence than the best one cannot win:
	// compare only those within a factor of the best.
	if len(top) > minCandidates {
		floor := top[0].acc * candidateRatio
		k := len(top)
		for k > minCandidates && top[k-1].acc < floor {
			k--
		}
		top = top[:k]
	}
	hits := make([]Hit, 0, len(top))
	hitOf := make(map[int32]int, len(top)) // entity → index in hits
	for _, sl := range top {
		a := sl.alias
		e := ix.aliasEnt[a]
		if h, ok := hitOf[e]; ok && hits[h].Score >= 1 {
			continue // cannot do better
		}
		es := ix.schemaTab[ix.entSchema[e]]
		cmpSchema := schema
		if cmpSchema == "" || cmpSchema == LegalEntity {
			cmpSchema = es
		}
		var best Result
		first := true
		for _, alt := range splitAlternates(ix.alias(a)) {
			nb := Parse(alt, cmpSchema)
			for i := range parsed {
				na := parsed[i]
				na.Schema = cmpSchema
				st.Comparisons++
				r := CompareNames(&na, &nb)
				if first || r.Score > best.Score {
					best, first = r, false
				}
			}
		}
		if h, ok := hitOf[e]; ok {
			if best.Score > hits[h].Score {
				hits[h].Score, hits[h].Result = best.Score, best
			}
			continue
		}
		hitOf[e] = len(hits)
		hits = append(hits, Hit{ID: ix.entityID(e), Schema: es, Score: best.Score, Result: best})
	}
	kept := hits[:0]
	for _, h := range hits {
		if h.Score >= SearchMinScore {
			kept = append(kept, h)
		}
	}
	hits = kept
	// Equal scores in the order of the ids, so that the order does not
	// depend on how the index was built.
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, st
}

// queryWords finds the vocabulary terms for each distinctive word of a
// parsed query. Callers hold mu.RLock.
func (ix *Index) queryWords(n *Name, st *SearchStats) []queryWord {
	var out []queryWord
	toks := n.Tokens
	buf := make([]byte, 0, 64)
	for i, t := range toks {
		if !indexable(t) {
			continue
		}
		var qw queryWord
		if id, ok := ix.vocab[t.Skel]; ok {
			qw.add(id, 1)
		}
		if t.alt != "" {
			if id, ok := ix.vocab[t.alt]; ok {
				qw.add(id, 1)
			}
		}
		st.Terms++
		if t.Kind == WordName {
			// nicknames and diminutives
			for _, g := range t.groups {
				for _, m := range nickMembers[g] {
					if id, ok := ix.vocab[m]; ok {
						qw.add(id, 0.9)
					}
				}
			}
			// typos: deletion neighbourhood over the vocabulary
			budget := typoBudget(len(t.Text))
			short := len(t.Text) <= 4
			if budget > 0 {
				check := func(id int32) {
					if short && (ix.texts[id] == "" || ix.texts[id][0] != t.Text[0]) {
						return // a short word keeps its first letter (as Compare requires)
					}
					if osa(ix.terms[id], t.Skel, budget) <= budget || osa(ix.texts[id], t.Text, budget) <= budget {
						qw.add(id, 0.8)
					}
				}
				for _, w := range [2]string{t.Skel, t.Text} {
					lookupTable(ix.delTable, hash32(w), check)
					deletions(w, buf, func(d string) {
						lookupTable(ix.delTable, hash32(d), check)
						if id, ok := ix.vocab[d]; ok {
							check(id)
						}
					})
					if t.Text == t.Skel {
						break
					}
				}
				for p := ix.derivedTerms; p < len(ix.terms); p++ {
					check(int32(p))
				}
			}
			// abjad scripts: same consonants
			if abjad(t.Script) {
				if len(t.Cons) >= 2 {
					lookupTable(ix.consTable, hash32(t.Cons), func(id int32) {
						if consonantKey(ix.terms[id]) == t.Cons {
							qw.add(id, 0.8)
						}
					})
				}
			}
			// a joined query word may be two indexed words ("VladimirPutin")
			if len(qw.terms) == 0 && len(t.Text) >= 6 {
				for cut := 2; cut <= len(t.Text)-2; cut++ {
					l, lok := ix.vocab[skeleton(t.Text[:cut])]
					r, rok := ix.vocab[skeleton(t.Text[cut:])]
					if lok && !rok && minorWord(t.Text[cut:]) {
						qw.add(l, 0.9) // "SiemensAG": a word and a legal form
						break
					}
					if lok && rok {
						out = append(out, queryWord{terms: []int32{l}, weights: []float32{0.9}, optional: true})
						qw.add(r, 0.9)
						break
					}
				}
			}
		}
		// two query words may be one indexed word ("Good Will")
		if i+1 < len(toks) && indexable(toks[i+1]) {
			if id, ok := ix.vocab[skeleton(t.Text+toks[i+1].Text)]; ok {
				out = append(out, queryWord{terms: []int32{id}, weights: []float32{0.9}, optional: true})
			}
		}
		if len(qw.terms) > 0 {
			qw.sortByWeight()
			out = append(out, qw)
		}
	}
	if len(out) > 30000 {
		out = out[:30000]
	}
	return out
}

// nickMembers lists the skeletons of each given-name group, for query
// expansion.
var nickMembers = func() [][]string {
	m := make([][]string, len(nickCanon))
	for sk, gs := range nickGroups {
		for _, g := range gs {
			m[g] = append(m[g], sk)
		}
	}
	for _, l := range m {
		sort.Strings(l)
	}
	return m
}()

// topEntities returns the k touched aliases with the highest scores, best
// first. It keeps a min-heap of the best k seen, as container/heap would
// (same operations, so the same order among equal scores), without its
// interface calls.
func topEntities(ents []slot, k int) []slot {
	h := make([]int32, 0, k+1) // indices into ents
	less := func(i, j int) bool { return ents[h[i]].acc < ents[h[j]].acc }
	up := func(j int) {
		for {
			i := (j - 1) / 2 // parent
			if i == j || !less(j, i) {
				break
			}
			h[i], h[j] = h[j], h[i]
			j = i
		}
	}
	down := func(i0, n int) bool {
		i := i0
		for {
			j1 := 2*i + 1
			if j1 >= n || j1 < 0 {
				break
			}
			j := j1
			if j2 := j1 + 1; j2 < n && less(j2, j1) {
				j = j2
			}
			if !less(j, i) {
				break
			}
			h[i], h[j] = h[j], h[i]
			i = j
		}
		return i > i0
	}
	for e := range ents {
		if len(h) < k {
			h = append(h, int32(e))
			up(len(h) - 1)
			continue
		}
		if ents[e].acc > ents[h[0]].acc {
			h[0] = int32(e)
			if !down(0, len(h)) {
				up(0)
			}
		}
	}
	out := make([]slot, len(h))
	for i := len(out) - 1; i >= 0; i-- {
		n := len(h) - 1
		h[0], h[n] = h[n], h[0]
		down(0, n)
		out[i] = ents[h[n]]
		h = h[:n]
	}
	return out
}

// minorWord reports a legal form, generic or stop word, which the index
// does not post, at the end of a joined word ("SiemensAG").
func minorWord(w string) bool {
	_, legal := legalPhrases[w]
	return legal || orgGeneric[w] || orgStopwords[w]
}

// walker reads a query's posting lists into the search's scratch: rare
// words first, each alias credited once per query word with the weight of
// the first of the word's terms (best first) it is posted under.
//
// Its cost is bounded whatever the words: a walk that adds aliases stops
// at maxWalk postings of one term and at walkBudget postings in all, and
// after that postings only credit aliases already found. Those are looked
// up in a pool that keeps only the aliases that can still enter the top
// nTop: an alias whose evidence, with the most the rest of the query can
// add, stays below the nTop-th best evidence so far cannot, since evidence
// only grows (the pruning of max-score retrieval).
type walker struct {
	ix         *Index
	sc         *scratch
	st         *SearchStats
	nTop       int
	slack      float64
	lengthNorm *[256]float32
	compat     [4]bool

	budget int // postings the walk may still read to add aliases

	closed bool    // no new alias can enter, or the budget is spent
	bound  float64 // what a new alias could still reach
	above  int     // touched aliases at bound or above

	poolEnts int     // sc.ents taken into sc.pool
	theta    float32 // the nTop-th best evidence in the pool
	dirty    bool    // evidence changed since theta was computed
}

// walkBudget bounds the postings one query reads to add aliases, as many
// as of one common word: the rarest words of a query and their variants
// come first, and they are where the entity sought is found; the words
// after only rank what was found. (On the 1M recall benchmark, recall@10
// 0.966 with this budget, 0.967 with three times it.)
const walkBudget = maxWalk

func aliasOrder(x, a int32) int { return int(x>>2) - int(a) }

// setBound sets what an alias not yet touched could still reach, and
// closes the walk when nTop touched aliases have at least that.
func (w *walker) setBound(r float64) {
	if w.closed || r == w.bound {
		return
	}
	w.bound, w.above = r, 0
	for i := range w.sc.ents {
		if float64(w.sc.ents[i].acc) >= r {
			w.above++
		}
	}
	w.closed = w.above >= w.nTop
}

// add credits slot sl with wt for the query word mark.
func (w *walker) add(sl *slot, wt float32, mark int16) {
	sl.mark = mark
	sl.acc += wt * w.lengthNorm[w.ix.aliasWords[sl.alias]]
	w.dirty = true
}

// walk reads postings of p adding the aliases they name, until the walk
// closes or a cap is reached; it returns how far it read.
func (w *walker) walk(p []int32, wt float32, mark int16) int {
	sc := w.sc
	walked := 0
	for vi, pe := range p {
		// Only common words have more than maxWalk postings of the
		// query's kind: the walk stops there, or after 4×maxWalk postings
		// of other kinds (a company named like a frequent surname).
		if walked >= maxWalk || vi >= 4*maxWalk {
			return vi
		}
		if w.budget <= 0 {
			w.closed = true
			return vi
		}
		w.budget--
		w.st.PostingsVisited++
		if !w.compat[pe&3] {
			continue
		}
		walked++
		sl := &sc.ents[sc.lookup(pe>>2, true)]
		if sl.mark == mark {
			continue
		}
		old := sl.acc
		w.add(sl, wt, mark)
		if float64(old) < w.bound && float64(sl.acc) >= w.bound {
			if w.above++; w.above >= w.nTop {
				w.closed = true
				return vi + 1
			}
		}
	}
	return len(p)
}

// credit credits, from the postings p[from:], the aliases in the pool not
// yet credited for the word mark; ub is the most an alias not yet credited
// for it can still gain from this term and the words after it, after the
// most one already credited can (the words after). Pool and postings are
// both in alias order: the shorter is read, the longer searched forward.
//
// The pool is pruned before each term, not only each word: once the
// word's best term has credited the aliases posted under it, those not
// under it can gain only a lesser weight from the word's variants
// (nicknames, typos), and most of them fall out of reach of the top, so
// the variants' lists are not read against the whole pool each.
func (w *walker) credit(p []int32, from int, wt float32, mark int16, ub, after float64) {
	w.prune(mark, ub, after)
	sc := w.sc
	live := 0
	for _, key := range sc.pool {
		if sc.ents[uint32(key)].mark != mark {
			live++
		}
	}
	rest := p[from:]
	if live == 0 || len(rest) == 0 {
		return
	}
	if live <= len(rest) {
		j := 0
		for _, key := range sc.pool {
			sl := &sc.ents[uint32(key)]
			if sl.mark == mark {
				continue
			}
			w.st.PostingsVisited++
			if j = gallop(rest, j, sl.alias); j == len(rest) {
				return
			}
			if rest[j]>>2 == sl.alias && w.compat[rest[j]&3] {
				w.add(sl, wt, mark)
			}
		}
		return
	}
	k := 0
	for _, pe := range rest {
		w.st.PostingsVisited++
		if !w.compat[pe&3] {
			continue
		}
		a := pe >> 2
		if k = gallopKeys(sc.pool, k, a); k == len(sc.pool) {
			return
		}
		if int32(sc.pool[k]>>32) == a {
			if sl := &sc.ents[uint32(sc.pool[k])]; sl.mark != mark {
				w.add(sl, wt, mark)
			}
		}
	}
}

// prune takes the aliases touched since into the pool, kept in alias
// order, and drops those that cannot reach the nTop-th best evidence with
// ub more, or after more for those already credited for the word mark.
func (w *walker) prune(mark int16, ub, after float64) {
	sc := w.sc
	if w.poolEnts < len(sc.ents) {
		for i := w.poolEnts; i < len(sc.ents); i++ {
			sc.pool = append(sc.pool, uint64(sc.ents[i].alias)<<32|uint64(i))
		}
		w.poolEnts = len(sc.ents)
		sc.pool, sc.tmp = sortKeys(sc.pool, sc.tmp, int32(len(w.ix.aliasEnd)))
		w.dirty = true
	}
	if len(sc.pool) <= w.nTop {
		return
	}
	if w.dirty {
		sc.accs = sc.accs[:0]
		for _, key := range sc.pool {
			sc.accs = append(sc.accs, sc.ents[uint32(key)].acc)
		}
		w.theta, w.dirty = kthLargest(sc.accs, w.nTop-1), false
	}
	keep := sc.pool[:0]
	for _, key := range sc.pool {
		sl := &sc.ents[uint32(key)]
		gain := ub
		if sl.mark == mark {
			gain = after
		}
		if (float64(sl.acc)+gain)*w.slack >= float64(w.theta) {
			keep = append(keep, key)
		}
	}
	sc.pool = keep
}

// sortKeys sorts pool keys (alias<<32 | index) by alias, a radix sort of
// the alias bytes (aliases below n); tmp is scratch. It returns the sorted
// keys and the other buffer.
func sortKeys(a, tmp []uint64, n int32) ([]uint64, []uint64) {
	if slices.IsSorted(a) {
		return a, tmp
	}
	tmp = slices.Grow(tmp[:0], len(a))[:len(a)]
	for shift := 32; shift < 32+bits.Len32(uint32(n)); shift += 8 {
		var cnt [256]int
		for _, x := range a {
			cnt[(x>>shift)&255]++
		}
		sum := 0
		for i, c := range cnt {
			cnt[i], sum = sum, sum+c
		}
		for _, x := range a {
			d := (x >> shift) & 255
			tmp[cnt[d]] = x
			cnt[d]++
		}
		a, tmp = tmp, a
	}
	return a, tmp
}

// gallopKeys is gallop over pool keys.
func gallopKeys(l []uint64, i int, a int32) int {
	j, step := i, 1
	for j < len(l) && int32(l[j]>>32) < a {
		i = j + 1
		j += step
		step *= 2
	}
	hi := min(j, len(l))
	return i + sort.Search(hi-i, func(k int) bool { return int32(l[i+k]>>32) >= a })
}

// kthLargest returns the k-th largest of a (from 0), reordering a.
func kthLargest(a []float32, k int) float32 {
	lo, hi := 0, len(a)-1
	for lo < hi {
		p := a[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for a[i] > p {
				i++
			}
			for a[j] < p {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return a[k]
		}
	}
	return a[k]
}

// seedExact touches the aliases posted under an exact term of every
// query word (an intersection of the lists, read with galloping cursors),
// so that the caps of the walk never leave an exact name unfound. The
// walk credits them as any other alias.
func (w *walker) seedExact(words []queryWord, order []wordDF) {
	exact := func(q queryWord) [][]int32 {
		var ls [][]int32
		for i, t := range q.terms {
			if q.weights[i] == 1 {
				ls = append(ls, w.ix.postings[t])
			}
		}
		return ls
	}
	var others [][][]int32
	for _, o := range order[1:] {
		ls := exact(words[o.w])
		if len(ls) == 0 {
			return
		}
		others = append(others, ls)
	}
	cur := make([][]int, len(others))
	for _, l := range exact(words[order[0].w]) {
		for j := range others {
			cur[j] = append(cur[j][:0], make([]int, len(others[j]))...)
		}
		w.st.PostingsVisited += len(l)
		for _, pe := range l {
			if !w.compat[pe&3] {
				continue
			}
			a := pe >> 2
			all := true
			for j, ls := range others {
				found := false
				for t, lst := range ls {
					c := gallop(lst, cur[j][t], a)
					cur[j][t] = c
					found = found || c < len(lst) && lst[c]>>2 == a
				}
				if !found {
					all = false
					break
				}
			}
			if all {
				w.sc.lookup(a, true)
			}
		}
	}
}

// gallop returns the first position from i on of an alias at least a in
// the postings l, searching forward in doubling steps.
func gallop(l []int32, i int, a int32) int {
	j, step := i, 1
	for j < len(l) && l[j]>>2 < a {
		i = j + 1
		j += step
		step *= 2
	}
	hi := min(j, len(l))
	return i + sort.Search(hi-i, func(k int) bool { return l[i+k]>>2 >= a })
}

// wordDF is a query word (its number) with the postings of its terms.
type wordDF struct {
	w  int
	df int
}
