// Package scan finds mentions of known entities in free text — a news
// report, a filing, an intake form — with their byte offsets, so that an
// analyst can turn them into parties, contacts and relationships. It folds
// case, accents, scripts and possessives as the name matcher does, so
// "Sessions’", "then-Sen. Sessions" and "Сергей Кисляк" are found. It is
// pure: no I/O beyond the reader a caller hands to ScanReader.
//
// The index is a word automaton over every name: each name is a sequence of
// normalised words, filed under the hash of its first two words (one-word
// names under the hash of that word) and verified by the hash of the whole
// sequence. At each word of the text the scanner follows the lists of the
// word and of the word with the next one, so its cost per word does not grow
// with the number of names sharing a first word ("John ..."), and building
// it is linear in the number of names. It holds no pointers per name, so
// that a million entities cost the collector little, and entities can be
// put and removed one by one: a long-running server keeps it current
// instead of building it again.
package scan

import (
	"bufio"
	"hash/maphash"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/hashidx"
	"github.com/impartial/impartial/names"
)

// How says how a mention matched.
type How string

// The ways a mention can match.
const (
	FullName How = "name"    // the entity's name or an alias, word for word
	Surname  How = "surname" // a person's family name alone
)

var hows = [...]How{FullName, Surname}

// Mention is one place where text names a known entity, or could name any
// of several: a span of the text that matches the names of more than one
// entity (a family name alone, a name two entities share) is one mention
// with Count above 1, no Entity, and the first MaxCandidates of those
// entities, best first, as Candidates. Matched and How are then those of
// the first candidate.
type Mention struct {
	Entity  string `json:"entity"` // "" when Count > 1: the text does not say which
	Start   int    `json:"start"`  // byte offsets in the text
	End     int    `json:"end"`
	Surface string `json:"text"` // the text as written
	Matched string `json:"matched"`
	How     How    `json:"how"`
	// Count is the number of entities the span matches; ByName how many of
	// them by a full name or alias (the others by a person's family name
	// alone).
	Count  int `json:"count"`
	ByName int `json:"by_name,omitempty"`
	// Candidates are, when Count > 1, the first MaxCandidates entities it
	// matches: those it matches by full name before those by family name
	// alone, covered persons first, then by id. Mentions of one scan may
	// share the list: it must not be modified.
	Candidates []Candidate `json:"candidates,omitempty"`
	// Why says, for a lawyer, what an ambiguous mention matches and why the
	// candidates shown are those (Explain). The index leaves it empty, so
	// that a scan costs the same however its mentions are reported; the
	// service fills it.
	Why string `json:"why,omitempty"`
}

// Ambiguous reports whether the mention could be more than one entity.
func (m *Mention) Ambiguous() bool { return m.Count > 1 }

// Candidate is one of the entities an ambiguous mention may name.
type Candidate struct {
	Entity  string `json:"entity"`
	Name    string `json:"name"` // its primary name
	Matched string `json:"matched"`
	How     How    `json:"how"`
	Covered bool   `json:"covered,omitempty"` // a covered (screened) person
}

// MaxCandidates bounds the candidates an ambiguous mention lists.
const MaxCandidates = 5

// phrase is one name of an entity as a word sequence: no pointers. It
// holds where its entity's id and the name it was made from are in the
// arena, so that a mention is reported without reading the entity's record
// or copying a byte (a generated surname is shared by thousands of
// entities, each a mention: at a million entities the mentions, not the
// walk over the text, are the scan's work). Its fields are at most 4-byte
// aligned so that it packs in 28 bytes.
type phrase struct {
	seqLo, seqHi uint32 // hash of the whole word sequence
	ent          int32  // entity number
	next         int32  // next phrase of the same list, or -1
	idOff        uint32 // the entity's id: Index.text[idOff:idOff+idLen]
	mOff         uint16 // the name it was made from: Index.text[idOff+mOff:][:mLen]; 0 if too far or too long to say so
	idLen, mLen  uint8  // idLen 0: the id is too long, read it from the record
	words        uint8  // number of words
	how          uint8  // index into hows
	alias        uint8  // which of the entity's names it was made from
	alive        bool
}

func (p *phrase) seq() uint64 { return uint64(p.seqHi)<<32 | uint64(p.seqLo) }

// entRec is an entity: its id and names in the arena.
type entRec struct {
	off, n  uint32 // id \x1f name \x1f alias ... in Index.text
	count   int32  // its phrases; -1 once removed
	idLen   uint16
	person  bool
	covered bool
}

// group is a word sequence that names more than one entity: how many, how
// many by a full name, and the first MaxCandidates in the order candidates
// are listed (before). It holds no pointers.
type group struct {
	n, byName int32
	nTop      int32
	top       [MaxCandidates]candRef
}

// candRef is an entity's phrase in a group, by the entity and the name it
// was made from, which stay valid when the phrases are laid out again.
type candRef struct {
	ent   int32
	alias uint8
	how   uint8
}

// Index holds the names of known entities as word sequences. It is safe for
// concurrent use: scans share a read lock, Put and Remove take it
// exclusively.
type Index struct {
	mu      sync.RWMutex
	seed    maphash.Seed
	singles map[uint64]int32 // hash of a one-word name → head of its list
	pairs   map[uint64]int32 // hash of the first two words → head of the list of longer names
	phr     []phrase
	ents    []entRec
	entIdx  hashidx.Index // hash of the id → entity number
	// text is an arena of entities' ids and names. It is only appended
	// to: a byte below its length is never written again (growing it
	// copies), so the strings of a mention can point into it (see str).
	text  []byte
	alive int
	// firsts has a bit set for the hash of every word that begins a name
	// of more than one word (bits are never cleared: a removed name leaves
	// a bit that costs a look-up). Prose is mostly words that begin no
	// name, and testing a bit in it, which stays in the processor's cache,
	// saves a look-up in pairs, which at a million entities does not.
	firsts []uint64
	// ones is the same for the one-word names.
	ones []uint64
	// laidOut is the number of phrases when the lists were last laid out
	// one after another (layOut).
	laidOut int
	// maxWords is the most words of any name: how far a chunk boundary
	// can reach back into a mention.
	maxWords int
	// shared holds, by the hash of their word sequence, the sequences that
	// name more than one entity, so that a mention of one (a family name
	// borne by thousands) is reported as one with its count and first
	// candidates instead of walking every entity that bears it. It is
	// brought up to date for each list a change touches (regroup).
	shared map[uint64]group
}

// stopWords are not names on their own, and a leading article is not part
// of a name ("The Heritage Foundation" is also "Heritage Foundation").
var stopWords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "and": true, "for": true, "in": true, "on": true, "to": true}

// NewIndex indexes every name and alias of the entities and, for persons,
// the family name of the primary name. Its cost is linear in the number of
// names.
func NewIndex(entities []*impartial.Entity) *Index {
	b := NewBuilder(len(entities))
	for _, e := range entities {
		b.Add(e)
	}
	return b.Index()
}

// Builder builds an index entity by entity, for entities that are read in
// pages rather than held all at once; its cost is linear in the names.
type Builder struct{ ix *Index }

// NewBuilder returns a builder with room for about n entities.
func NewBuilder(n int) *Builder { return &Builder{ix: NewEmptyIndex(n)} }

// Add indexes an entity whose id was not added before.
func (b *Builder) Add(e *impartial.Entity) { b.ix.put(e, false, nil, nil) }

// Index returns the index; the builder must not be used after.
func (b *Builder) Index() *Index {
	ix := b.ix
	// Lists were built by prepending; reverse them once so that names sharing
	// a list are reported in the order they were indexed.
	for _, m := range []map[uint64]int32{ix.singles, ix.pairs} {
		for k, h := range m {
			m[k] = ix.reverse(h)
		}
	}
	// The room reserved for about n entities is given back: at a million
	// entities the estimates left a quarter of the index unused. A little
	// is kept for the entities a server adds later.
	ix.singles, ix.pairs = resized(ix.singles), resized(ix.pairs)
	ix.layOut(len(ix.phr) / 16)
	ix.regroupAll()
	ix.text = withRoom(ix.text)
	ix.ents = withRoom(ix.ents)
	b.ix = nil
	return ix
}

// resized copies a map into one sized for what it holds.
func resized(m map[uint64]int32) map[uint64]int32 {
	out := make(map[uint64]int32, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// withRoom copies s into a slice with a sixteenth more room than it uses.
func withRoom[T any](s []T) []T {
	return append(make([]T, 0, len(s)+len(s)/16), s...)
}

// NewEmptyIndex returns an empty index with room for about n entities.
func NewEmptyIndex(n int) *Index {
	return &Index{
		seed:    maphash.MakeSeed(),
		singles: make(map[uint64]int32, n/2),
		pairs:   make(map[uint64]int32, 3*n),
		phr:     make([]phrase, 0, 4*n),
		ents:    make([]entRec, 0, n),
		text:    make([]byte, 0, 48*n),
		firsts:  make([]uint64, firstsBits/64),
		ones:    make([]uint64, firstsBits/64),
		shared:  map[uint64]group{},
	}
}

// firstsBits is the size of Index.firsts: 512 KB, a few per cent of false
// positives with 200,000 distinct first words.
const firstsBits = 1 << 22

func hasBit(set []uint64, h uint64) bool {
	b := h & (firstsBits - 1)
	return set[b/64]&(1<<(b%64)) != 0
}

func setBit(set []uint64, h uint64) {
	b := h & (firstsBits - 1)
	set[b/64] |= 1 << (b % 64)
}

// layOut copies the phrases into a new array, list after list, each in its
// order, with room for spare more: a name found in the text is then
// reported by reading its list from one place in memory instead of
// following a link to a phrase filed anywhere among millions (a cache miss
// per mention, most of the scan's time at a million entities). Phrases no
// list holds any more are dropped.
func (ix *Index) layOut(spare int) {
	live := 0
	for _, m := range []map[uint64]int32{ix.singles, ix.pairs} {
		for _, h := range m {
			for p := h; p >= 0; p = ix.phr[p].next {
				live++
			}
		}
	}
	out := make([]phrase, 0, live+spare)
	for _, m := range []map[uint64]int32{ix.singles, ix.pairs} {
		for k, h := range m {
			m[k] = int32(len(out))
			for p := h; p >= 0; p = ix.phr[p].next {
				q := ix.phr[p]
				q.next = int32(len(out)) + 1
				out = append(out, q)
			}
			out[len(out)-1].next = -1
		}
	}
	ix.phr = out
	ix.laidOut = len(out)
}

func (ix *Index) reverse(h int32) int32 {
	prev := int32(-1)
	for h >= 0 {
		next := ix.phr[h].next
		ix.phr[h].next = prev
		prev, h = h, next
	}
	return prev
}

// EntityName returns the primary name of the indexed entity with the id.
func (ix *Index) EntityName(id string) (string, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ei, ok := ix.lookupEnt(id)
	if !ok {
		return "", false
	}
	return ix.entName(ei, 0), true
}

// Len returns the number of entities indexed.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.alive
}

// Put indexes the entity, replacing what was indexed under its id.
func (ix *Index) Put(e *impartial.Entity) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	touched := touchedLists{}
	ix.removeTouching(e.ID, touched)
	ix.put(e, true, nil, touched)
	ix.regroup(touched)
}

// PutAll indexes the entities, in order, replacing what was indexed under
// their ids, in time linear in their names however many share a list.
func (ix *Index) PutAll(es []*impartial.Entity) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	tails := &tailCache{}
	touched := touchedLists{}
	for _, e := range es {
		if _, known := ix.lookupEnt(e.ID); known {
			ix.removeTouching(e.ID, touched)
			tails = &tailCache{} // the lists it was on are relinked
		}
		ix.put(e, true, tails, touched)
	}
	ix.regroup(touched)
	// An index filled as a text is read (ScanReaderFilling) grows by
	// PutAll; once it has doubled, its lists are laid out again, in time
	// linear in the phrases over all the doublings.
	if len(ix.phr) > 2*ix.laidOut+1024 {
		ix.layOut(0)
	}
}

// tailCache remembers the last phrase of the lists appended to by PutAll,
// so that each append does not walk its list. A nil cache remembers
// nothing.
type tailCache struct{ singles, pairs map[uint64]int32 }

func (c *tailCache) get(single bool, list uint64) (int32, bool) {
	if c == nil {
		return 0, false
	}
	m := c.pairs
	if single {
		m = c.singles
	}
	t, ok := m[list]
	return t, ok
}

func (c *tailCache) set(single bool, list uint64, pi int32) {
	if c == nil {
		return
	}
	if c.singles == nil {
		c.singles, c.pairs = map[uint64]int32{}, map[uint64]int32{}
	}
	if single {
		c.singles[list] = pi
	} else {
		c.pairs[list] = pi
	}
}

// Remove drops the entity with the id, if indexed.
func (ix *Index) Remove(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	touched := touchedLists{}
	ix.removeTouching(id, touched)
	ix.regroup(touched)
}

// cand is a phrase of an entity before it is filed.
type cand struct {
	words []string
	how   uint8
	alias uint8
}

// phrases returns the word sequences an entity is found under.
func phrases(e *impartial.Entity, ns []string) []cand {
	var out []cand
	add := func(c cand) {
		for _, o := range out {
			if equalWords(o.words, c.words) {
				return
			}
		}
		out = append(out, c)
	}
	for ai, n := range ns {
		words := norms(n)
		for len(words) > 1 && stopWords[words[0]] {
			words = words[1:]
		}
		if len(words) == 0 || (len(words) == 1 && (len(words[0]) < 2 || stopWords[words[0]])) || len(words) > 255 {
			continue
		}
		add(cand{words: words, how: 0, alias: uint8(min(ai, 255))})
	}
	if e.Kind != impartial.Person {
		return out
	}
	if w := norms(e.Name); len(w) > 1 && len(w[len(w)-1]) >= 3 {
		add(cand{words: w[len(w)-1:], how: 1, alias: 0})
	}
	// Given and family name without the middle ones: "Сергей Кисляк" for
	// "Сергей Иванович Кисляк".
	for ai, n := range ns {
		if w := norms(n); len(w) > 2 && !strings.Contains(n, ",") {
			add(cand{words: []string{w[0], w[len(w)-1]}, how: 0, alias: uint8(min(ai, 255))})
		}
	}
	return out
}

// equalWords compares word sequences.
func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (ix *Index) wordHash(w string) uint64 { return maphash.String(ix.seed, w) }

// combine extends the hash h of a word sequence by the hash of one more word.
func combine(h, w uint64) uint64 {
	h ^= w + 0x9e3779b97f4a7c15 + (h << 6) + (h >> 2)
	h *= 0xff51afd7ed558ccd
	return h ^ h>>33
}

// keys returns the list key and the sequence hash of a phrase, and whether it
// is filed among the one-word names.
func (ix *Index) keys(words []string) (list, seq uint64, single bool) {
	h := ix.wordHash(words[0])
	if len(words) == 1 {
		return h, h, true
	}
	h = combine(h, ix.wordHash(words[1]))
	list = h
	for _, w := range words[2:] {
		h = combine(h, ix.wordHash(w))
	}
	return list, h, false
}

// put files the entity's phrases, adding their lists to touched (nil: a
// build, which groups every list at its end).
func (ix *Index) put(e *impartial.Entity, appendTail bool, tails *tailCache, touched touchedLists) {
	ns := e.Names()
	cands := phrases(e, ns)
	ei := int32(len(ix.ents))
	rec := entRec{off: uint32(len(ix.text)), count: int32(len(cands)), idLen: uint16(len(e.ID)), person: e.Kind == impartial.Person,
		covered: e.Coverage != nil}
	ix.text = append(ix.text, e.ID...)
	var nameOff [256]uint32 // where each name starts, from rec.off
	for k, n := range ns {
		ix.text = append(ix.text, 0x1f)
		if k < len(nameOff) {
			nameOff[k] = uint32(len(ix.text)) - rec.off
		}
		ix.text = append(ix.text, n...)
	}
	rec.n = uint32(len(ix.text)) - rec.off
	idLen := uint8(0)
	if len(e.ID) <= 255 {
		idLen = uint8(len(e.ID))
	}
	ix.ents = append(ix.ents, rec)
	ix.indexEnt(e.ID, ei)
	ix.alive++
	for _, c := range cands {
		list, seq, single := ix.keys(c.words)
		m := ix.pairs
		if single {
			m = ix.singles
		}
		pi := int32(len(ix.phr))
		p := phrase{seqLo: uint32(seq), seqHi: uint32(seq >> 32), ent: ei, next: -1, idOff: rec.off, idLen: idLen,
			words: uint8(len(c.words)), how: c.how, alias: c.alias, alive: true}
		if k := int(c.alias); k < len(ns) && k < len(nameOff) && nameOff[k] <= 0xffff && len(ns[k]) <= 255 {
			p.mOff, p.mLen = uint16(nameOff[k]), uint8(len(ns[k]))
		}
		head, ok := m[list]
		switch {
		case !ok:
			m[list] = pi
		case appendTail:
			tail, known := tails.get(single, list)
			if !known {
				tail = head
				for ix.phr[tail].next >= 0 {
					tail = ix.phr[tail].next
				}
			}
			ix.phr[tail].next = pi
		default:
			p.next = head
			m[list] = pi
		}
		ix.phr = append(ix.phr, p)
		if single {
			setBit(ix.ones, list)
		} else {
			setBit(ix.firsts, ix.wordHash(c.words[0]))
		}
		if appendTail {
			tails.set(single, list, pi)
		}
		if touched != nil {
			touched[listKey{single, list}] = true
		}
		ix.maxWords = max(ix.maxWords, len(c.words))
	}
}

// str returns the n bytes of the arena at off as a string without copying
// them. The arena's bytes below its length are never written again and
// the string keeps the array they are in alive, so the string stays what
// it was however the index changes after.
func (ix *Index) str(off uint32, n int) string {
	if n == 0 {
		return ""
	}
	return unsafe.String(&ix.text[off], n)
}

// mentioned returns the entity id and the matched name of a phrase.
func (ix *Index) mentioned(ph *phrase) (id, matched string) {
	if ph.idLen > 0 {
		id = ix.str(ph.idOff, int(ph.idLen))
	} else {
		id = ix.entID(ph.ent)
	}
	if ph.mOff > 0 {
		matched = ix.str(ph.idOff+uint32(ph.mOff), int(ph.mLen))
	} else {
		matched = ix.entName(ph.ent, int(ph.alias))
	}
	return id, matched
}

func (ix *Index) entID(ei int32) string {
	r := ix.ents[ei]
	return string(ix.text[r.off : r.off+uint32(r.idLen)])
}

// entNames returns the entity's names, its primary name first.
func (ix *Index) entNames(ei int32) []string {
	r := ix.ents[ei]
	parts := strings.Split(string(ix.text[r.off:r.off+r.n]), "\x1f")
	return parts[1:]
}

// entName returns the entity's name number k (0: its primary name).
func (ix *Index) entName(ei int32, k int) string {
	r := ix.ents[ei]
	s := ix.text[r.off : r.off+r.n]
	for j := 0; j <= k; j++ {
		i := indexByte(s, 0x1f)
		if i < 0 {
			return ""
		}
		s = s[i+1:]
	}
	if i := indexByte(s, 0x1f); i >= 0 {
		s = s[:i]
	}
	return string(s)
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

func (ix *Index) lookupEnt(id string) (int32, bool) {
	return ix.entIdx.Find(maphash.String(ix.seed, id), func(i int32) bool { return ix.ents[i].count >= 0 && ix.entID(i) == id })
}

func (ix *Index) indexEnt(id string, ei int32) { ix.entIdx.Add(maphash.String(ix.seed, id), ei) }

// removeTouching unlinks the entity's phrases from their lists, which it
// adds to touched, and drops the groups of its word sequences (regroup
// files again those still shared). Their slots and its text stay unused
// until the lists are laid out again.
func (ix *Index) removeTouching(id string, touched touchedLists) {
	ei, ok := ix.lookupEnt(id)
	if !ok {
		return
	}
	rec := &ix.ents[ei]
	// Unlink from every list a phrase of the entity is on: the lists are
	// found again from its names.
	for _, l := range ix.listsOf(ei) {
		m, key := l.m, l.key
		touched[listKey{l.single, key}] = true
		delete(ix.shared, l.seq)
		head, ok := m[key]
		if !ok {
			continue
		}
		for q := head; q >= 0; q = ix.phr[q].next {
			if ix.phr[q].ent == ei {
				ix.phr[q].alive = false
			}
		}
		for head >= 0 && !ix.phr[head].alive {
			head = ix.phr[head].next
		}
		if head < 0 {
			delete(m, key)
			continue
		}
		m[key] = head
		for q := head; q >= 0; q = ix.phr[q].next {
			for n := ix.phr[q].next; n >= 0 && !ix.phr[n].alive; n = ix.phr[q].next {
				ix.phr[q].next = ix.phr[n].next
			}
		}
	}
	rec.count = -1
	ix.entIdx.Remove(maphash.String(ix.seed, id), ei)
	ix.alive--
}

// listRef names a list: its map and key, and the sequence hash of the
// phrase that is on it.
type listRef struct {
	m      map[uint64]int32
	key    uint64
	seq    uint64
	single bool
}

// listsOf finds the lists an entity's phrases were filed on, from its
// names.
func (ix *Index) listsOf(ei int32) []listRef {
	var out []listRef
	for _, c := range ix.phrasesOf(ei) {
		list, seq, single := ix.keys(c.words)
		m := ix.pairs
		if single {
			m = ix.singles
		}
		out = append(out, listRef{m, list, seq, single})
	}
	return out
}

// phrasesOf returns the word sequences entity ei is found under, from the
// names the index keeps (no record read).
func (ix *Index) phrasesOf(ei int32) []cand {
	ns := ix.entNames(ei)
	e := &impartial.Entity{Name: ns[0]}
	if ix.ents[ei].person {
		e.Kind = impartial.Person
	}
	return phrases(e, ns)
}

func norms(s string) []string {
	toks := names.FreeTextTokens(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Norm
	}
	return out
}

// Scan returns the mentions in text, in order. At each word the longest name
// that starts there wins; a name shared by several entities (two people named
// Sessions) gives one mention that counts them and lists the first
// MaxCandidates.
func (ix *Index) Scan(text string) []Mention {
	var out []Mention
	var c tokCache
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ix.scanTokens(&c, text, ix.tokenize(&c, text, nil), 0, len(text)+1, func(m Mention) error {
		out = append(out, m)
		return nil
	})
	return out
}

// tok is a word of the text: the hash of its normalised form and its
// offsets.
type tok struct {
	h          uint64
	start, end int
}

// tokCache remembers how each space-separated piece of text normalises:
// the names package folds a piece without regard to its neighbours, and
// prose repeats its words, so most pieces are folded once per scan.
type tokCache struct {
	m    map[string][2]int32 // piece → its tokens in toks
	toks []tok               // offsets relative to the piece
	// cands remembers the candidates listed for each shared word sequence
	// the text names, with the group they were listed from: a text names
	// the same few people again and again, and the mentions of one share
	// their list (which no one may modify) while the group is the same.
	cands map[uint64]listed
}

type listed struct {
	g     group
	cands []Candidate
}

// candidates returns the candidates of the group of the sequence seq.
func (c *tokCache) candidates(ix *Index, seq uint64, g *group) []Candidate {
	if l, ok := c.cands[seq]; ok && l.g == *g {
		return l.cands
	}
	if c.cands == nil || len(c.cands) >= maxCached {
		c.cands = make(map[uint64]listed, 256)
	}
	cs := ix.candidates(g)
	c.cands[seq] = listed{*g, cs}
	return cs
}

// maxCached bounds the pieces a cache remembers before it starts afresh.
const maxCached = 1 << 17

// tokenize appends the words of text to out.
func (ix *Index) tokenize(c *tokCache, text string, out []tok) []tok {
	if c.m == nil {
		c.m = make(map[string][2]int32, 1024)
	}
	for i := 0; i < len(text); {
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		j := i
		for j < len(text) && !isSpace(text[j]) {
			j++
		}
		if j == i {
			break
		}
		piece := text[i:j]
		span, ok := c.m[piece]
		if !ok {
			if len(c.m) >= maxCached {
				clear(c.m)
				c.toks = c.toks[:0]
			}
			span[0] = int32(len(c.toks))
			for _, t := range names.FreeTextTokens(piece) {
				c.toks = append(c.toks, tok{h: ix.wordHash(t.Norm), start: t.Start, end: t.End})
			}
			span[1] = int32(len(c.toks))
			c.m[strings.Clone(piece)] = span
		}
		for _, t := range c.toks[span[0]:span[1]] {
			out = append(out, tok{h: t.h, start: i + t.start, end: i + t.end})
		}
		i = j
	}
	return out
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// scanTokens reports the mentions starting at tokens that begin before
// limit, with offsets plus base, and returns the offset at which the next
// scan must begin (past the last mention reported, or limit).
func (ix *Index) scanTokens(c *tokCache, text string, toks []tok, base, limit int, fn func(Mention) error) (int, error) {
	var hs []uint64
	next := 0
	for i := 0; i < len(toks); {
		if toks[i].start >= limit {
			return toks[i].start, nil
		}
		hs = hs[:0]
		h0 := toks[i].h
		// best is the most words of a name found at i, bestHead its first
		// phrase, shared whether another entity bears the same words.
		best, bestHead, shared := 0, int32(-1), false
		if i+1 < len(toks) && hasBit(ix.firsts, h0) {
			list := combine(h0, toks[i+1].h)
			if head, ok := ix.pairs[list]; ok {
				hs = append(hs, h0, list)
				for p := head; p >= 0; p = ix.phr[p].next {
					n := int(ix.phr[p].words)
					if n < best || i+n > len(toks) {
						continue
					}
					for len(hs) < n {
						hs = append(hs, combine(hs[len(hs)-1], toks[i+len(hs)].h))
					}
					if hs[n-1] == ix.phr[p].seq() {
						if n > best {
							best, bestHead, shared = n, p, false
						} else {
							shared = true
						}
					}
				}
			}
		}
		if best == 0 && hasBit(ix.ones, h0) {
			if head, ok := ix.singles[h0]; ok {
				// A list of one-word names holds one word: each phrase
				// on it is another entity bearing it.
				best, bestHead, shared = 1, head, ix.phr[head].next >= 0
			}
		}
		if best > 0 {
			start, end := trimStart(text, toks[i].start, toks[i].end), trimEnd(text, toks[i+best-1].start, toks[i+best-1].end)
			ph := &ix.phr[bestHead]
			m := Mention{Start: base + start, End: base + end, Surface: text[start:end], Count: 1}
			if !shared {
				m.Entity, m.Matched = ix.mentioned(ph)
				m.How = hows[ph.how]
			} else {
				seq := ph.seq()
				g, ok := ix.shared[seq]
				if !ok {
					g = ix.groupAt(bestHead)
				}
				m.Count, m.ByName, m.Candidates = int(g.n), int(g.byName), c.candidates(ix, seq, &g)
				m.Matched, m.How = m.Candidates[0].Matched, m.Candidates[0].How
			}
			if err := fn(m); err != nil {
				return 0, err
			}
			next = toks[i+best-1].end
		}
		i += max(best, 1)
		if best > 0 && i < len(toks) && toks[i].start >= limit {
			return max(toks[i].start, next), nil
		}
	}
	return max(limit, next), nil
}

// ChunkSize is how much text ScanReader reads at a time.
const ChunkSize = 1 << 20

// maxCarry bounds the text held back, in chunks (of at least ChunkSize): only a text with fewer
// words than the longest name in that much of it (no spaces for megabytes)
// is scanned with a boundary that a name could straddle.
const maxCarry = 8

// ScanReader scans text of any size from r in chunks, calling fn with each
// mention in order, with byte offsets from the start of the stream. A chunk
// ends at a space, and the words near its end are scanned again with the
// next chunk, so a name across a chunk boundary is found with its offsets
// as if the text had been read whole. It returns the number of bytes read.
func (ix *Index) ScanReader(r io.Reader, fn func(Mention) error) (int64, error) {
	return ix.scanReader(r, ChunkSize, fn)
}

func (ix *Index) scanReader(r io.Reader, chunk int, fn func(Mention) error) (int64, error) {
	return ix.scanReaderFill(r, chunk, nil, fn)
}

func (ix *Index) scanReaderFill(r io.Reader, chunk int, fill func(string) error, fn func(Mention) error) (int64, error) {
	br := bufio.NewReaderSize(r, chunk)
	var buf []byte
	var c tokCache
	var toks []tok
	var total int64 // bytes read
	base := 0       // stream offset of buf[0]
	eof := false
	for !eof {
		// Fill buf to about chunk bytes past what is carried over.
		want := len(buf) + chunk
		for len(buf) < want {
			if cap(buf) < want {
				nb := make([]byte, len(buf), want)
				copy(nb, buf)
				buf = nb
			}
			n, err := br.Read(buf[len(buf):want])
			buf = buf[:len(buf)+n]
			total += int64(n)
			if err == io.EOF {
				eof = true
				break
			}
			if err != nil {
				return total, err
			}
		}
		// Cut at the last space so that no word is split; a chunk without
		// one is cut at a character boundary.
		cut := len(buf)
		if !eof {
			cut = lastSpace(buf)
			if cut <= 0 {
				cut = len(buf) - 1
				for cut > 0 && !utf8.RuneStart(buf[cut]) {
					cut--
				}
				cut = max(cut, 0) // not even a whole character yet: read more
			}
		}
		text := string(buf[:cut])
		if fill != nil {
			if err := fill(text); err != nil {
				return total, err
			}
		}
		toks = ix.tokenize(&c, text, toks[:0])
		limit := len(text) + 1
		ix.mu.RLock()
		if !eof && len(toks) > 0 && len(buf) <= maxCarry*max(chunk, ChunkSize) {
			// Mentions that start in the last maxWords words may run into
			// the next chunk: they are scanned again with it. (With fewer
			// words than that, nothing is scanned until more is read.)
			limit = toks[max(0, len(toks)-max(ix.maxWords, 1))].start
		}
		resume, err := ix.scanTokens(&c, text, toks, base, limit, fn)
		ix.mu.RUnlock()
		if err != nil {
			return total, err
		}
		if eof {
			break
		}
		resume = min(resume, cut)
		rest := copy(buf, buf[resume:])
		buf = buf[:rest]
		base += resume
	}
	return total, nil
}

// lastSpace returns the index just past the last ASCII space or line break
// in b, or 0 if there is none.
func lastSpace(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		switch b[i] {
		case ' ', '\n', '\t', '\r':
			return i + 1
		}
	}
	return 0
}

// trimStart drops opening quotes and brackets before a word.
func trimStart(text string, start, end int) int {
	for start < end {
		switch {
		case strings.IndexByte("\"'(", text[start]) >= 0:
			start++
		case strings.HasPrefix(text[start:end], "‘") || strings.HasPrefix(text[start:end], "“"):
			start += 3
		default:
			return start
		}
	}
	return start
}

// abbreviations keep their full stop at the end of a mention.
var abbreviations = map[string]bool{"inc": true, "corp": true, "co": true, "ltd": true, "jr": true, "sr": true,
	"st": true, "sen": true, "rep": true, "gov": true, "dr": true, "mr": true, "mrs": true, "ms": true, "llc": true}

// trimEnd drops the punctuation that follows a word ("Committee." at the end
// of a sentence) but keeps the full stop of an abbreviation or an initial
// ("Inc.", "U.S.", "J.").
func trimEnd(text string, start, end int) int {
	for end > start {
		c := text[end-1]
		if strings.IndexByte(",;:!?)\"'", c) >= 0 {
			end--
			continue
		}
		if c == '.' {
			word := text[start : end-1]
			if i := strings.LastIndexAny(word, " -"); i >= 0 {
				word = word[i+1:]
			}
			if len(word) == 1 || strings.Contains(word, ".") || abbreviations[strings.ToLower(word)] {
				return end
			}
			end--
			continue
		}
		if end-start >= 3 && (text[end-3:end] == "”" || text[end-3:end] == "’" && !strings.HasSuffix(text[start:end-3], "s")) {
			end -= 3
			continue
		}
		return end
	}
	return end
}

// Summary counts the mentions of one entity by entity, in order of first
// mention (an ambiguous mention names none).
func Summary(ms []Mention) (order []string, counts map[string]int) {
	counts = map[string]int{}
	for _, m := range ms {
		if m.Ambiguous() {
			continue
		}
		if counts[m.Entity] == 0 {
			order = append(order, m.Entity)
		}
		counts[m.Entity]++
	}
	return order, counts
}
