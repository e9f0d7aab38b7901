package scan

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A word sequence borne by more than one entity — a family name alone
// ("Smith": thousands of persons in a generated set of a million), a name
// two companies share — is reported once where the text has it, with the
// number of entities it matches and the first MaxCandidates of them,
// instead of once per entity: the flood of raw hits a reviewer cannot
// read, and at a million entities most of a scan's time. The index keeps,
// for each such sequence, its count and first candidates (shared), brought
// up to date for the lists each change touches, so a mention costs the
// same however many entities bear its name.

// listKey names a list of phrases: among the one-word names or the longer
// ones, and its key.
type listKey struct {
	single bool
	key    uint64
}

// touchedLists are the lists a change put phrases on or took them from.
type touchedLists map[listKey]bool

// seqPhrase is a phrase of a list with its sequence hash, for grouping.
type seqPhrase struct {
	seq uint64
	p   int32
}

// regroupAll files the groups of every list, after a build.
func (ix *Index) regroupAll() {
	clear(ix.shared)
	var scratch []seqPhrase
	for _, m := range []map[uint64]int32{ix.singles, ix.pairs} {
		for _, head := range m {
			scratch = ix.regroupList(head, scratch[:0], true)
		}
	}
}

// regroup files again the groups of the word sequences on the lists.
func (ix *Index) regroup(touched touchedLists) {
	var scratch []seqPhrase
	for l := range touched {
		m := ix.pairs
		if l.single {
			m = ix.singles
		}
		if head, ok := m[l.key]; ok {
			scratch = ix.regroupList(head, scratch[:0], false)
		}
	}
}

// regroupList files a group for each word sequence of the list that names
// more than one entity and drops the group of each that names one (fresh:
// there is none to drop). Its time is that of sorting the list.
func (ix *Index) regroupList(head int32, scratch []seqPhrase, fresh bool) []seqPhrase {
	if ix.phr[head].next < 0 {
		if !fresh {
			delete(ix.shared, ix.phr[head].seq())
		}
		return scratch
	}
	for p := head; p >= 0; p = ix.phr[p].next {
		scratch = append(scratch, seqPhrase{ix.phr[p].seq(), p})
	}
	slices.SortFunc(scratch, func(a, b seqPhrase) int { return cmp.Compare(a.seq, b.seq) })
	for i := 0; i < len(scratch); {
		j := i + 1
		for j < len(scratch) && scratch[j].seq == scratch[i].seq {
			j++
		}
		switch {
		case j-i > 1:
			var g group
			for _, sp := range scratch[i:j] {
				ix.addCand(&g, &ix.phr[sp.p])
			}
			ix.shared[scratch[i].seq] = g
		case !fresh:
			delete(ix.shared, scratch[i].seq)
		}
		i = j
	}
	return scratch
}

// groupAt counts the phrases of the list from p on with the word sequence
// of p: the group of a sequence shared is filed, this is for one that is
// not (it walks the list).
func (ix *Index) groupAt(p int32) group {
	var g group
	seq, words := ix.phr[p].seq(), ix.phr[p].words
	for ; p >= 0; p = ix.phr[p].next {
		if ph := &ix.phr[p]; ph.words == words && ph.seq() == seq {
			ix.addCand(&g, ph)
		}
	}
	return g
}

// addCand counts a phrase in its group and keeps it among the first
// candidates if it comes before one of them.
func (ix *Index) addCand(g *group, ph *phrase) {
	g.n++
	if hows[ph.how] == FullName {
		g.byName++
	}
	c := candRef{ent: ph.ent, alias: ph.alias, how: ph.how}
	n := int(g.nTop)
	if n == MaxCandidates {
		if !ix.before(c, g.top[n-1]) {
			return
		}
		n--
	} else {
		g.nTop++
	}
	i := n
	for i > 0 && ix.before(c, g.top[i-1]) {
		g.top[i] = g.top[i-1]
		i--
	}
	g.top[i] = c
}

// before orders the candidates of a mention: an entity whose full name or
// alias the text gives before one whose family name alone it gives, a
// covered person before others, then by id.
func (ix *Index) before(a, b candRef) bool {
	if a.how != b.how {
		return a.how < b.how
	}
	if ca, cb := ix.ents[a.ent].covered, ix.ents[b.ent].covered; ca != cb {
		return ca
	}
	return ix.idOf(a.ent) < ix.idOf(b.ent)
}

// idOf returns the entity's id, pointing into the arena.
func (ix *Index) idOf(ei int32) string {
	r := &ix.ents[ei]
	return ix.str(r.off, int(r.idLen))
}

// nameOf returns the entity's name number k (0: its primary name),
// pointing into the arena.
func (ix *Index) nameOf(ei int32, k int) string {
	r := &ix.ents[ei]
	s := ix.text[r.off : r.off+r.n]
	off := r.off
	for j := 0; j <= k; j++ {
		i := bytes.IndexByte(s, 0x1f)
		if i < 0 {
			return ""
		}
		s, off = s[i+1:], off+uint32(i)+1
	}
	if i := bytes.IndexByte(s, 0x1f); i >= 0 {
		s = s[:i]
	}
	return ix.str(off, len(s))
}

// candidates returns the group's first candidates.
func (ix *Index) candidates(g *group) []Candidate {
	out := make([]Candidate, g.nTop)
	for i, c := range g.top[:g.nTop] {
		out[i] = Candidate{Entity: ix.idOf(c.ent), Name: ix.nameOf(c.ent, 0), Matched: ix.nameOf(c.ent, int(c.alias)),
			How: hows[c.how], Covered: ix.ents[c.ent].covered}
	}
	return out
}

// Explain says, for a reader, what an ambiguous mention matches and which
// of those entities it lists: "“Smith” alone is the family name of 2,321
// people; the text does not say which. The 5 shown (full names before
// family names alone, covered persons first, then by id): ...". It is ""
// for a mention of one entity.
func Explain(m Mention) string {
	if m.Count <= 1 {
		return ""
	}
	var b strings.Builder
	byName, bySurname := m.ByName, m.Count-m.ByName
	switch {
	case byName == 0:
		fmt.Fprintf(&b, "%q alone is the family name of %s people", m.Surface, thousands(m.Count))
	case bySurname == 0:
		fmt.Fprintf(&b, "%q is the name of %s entities", m.Surface, thousands(m.Count))
	default:
		fmt.Fprintf(&b, "%q is the name of %s %s and the family name of %s more %s", m.Surface, thousands(byName), plural(byName, "entity", "entities"),
			thousands(bySurname), plural(bySurname, "person", "people"))
	}
	b.WriteString("; the text does not say which. ")
	if len(m.Candidates) == m.Count {
		fmt.Fprintf(&b, "All %d", m.Count)
	} else {
		fmt.Fprintf(&b, "The %d shown", len(m.Candidates))
	}
	b.WriteString(" (full names before family names alone, covered persons first, then by id): ")
	for i, c := range m.Candidates {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.Name)
		b.WriteString(" (")
		b.WriteString(c.Entity)
		if c.How == Surname {
			b.WriteString(", by family name")
		}
		if c.Covered {
			b.WriteString(", covered")
		}
		b.WriteString(")")
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// thousands writes n with a comma between each three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// resolveWindow is how many of the entities a text last named alone
// Resolve considers for a later ambiguous mention.
const resolveWindow = 32

// Resolve returns a copy of the mentions (as Scan gives them, in order)
// in which an ambiguous mention is taken as an entity the text named
// unambiguously before — among the last resolveWindow it named — whose
// names give the same words: "Jeff Sessions … Sessions said" is Jeff
// Sessions, as a reader takes it. Such a mention keeps its Count and
// Candidates, gets the Entity, and its Why says on what ground; the others
// are as they were. It is how suggestions (Suggest) read a family name
// alone; the mentions a scan reports stay as found.
func (ix *Index) Resolve(ms []Mention) []Mention {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := slices.Clone(ms)
	type named struct {
		ei   int32
		at   int // index in ms
		seqs []uint64
	}
	var recent []named // most recent first
	seqsOf := map[int32][]uint64{}
	for i := range out {
		m := &out[i]
		if !m.Ambiguous() {
			ei, ok := ix.lookupEnt(m.Entity)
			if !ok {
				continue
			}
			seqs, ok := seqsOf[ei]
			if !ok {
				for _, l := range ix.listsOf(ei) {
					seqs = append(seqs, l.seq)
				}
				seqsOf[ei] = seqs
			}
			recent = slices.DeleteFunc(recent, func(n named) bool { return n.ei == ei })
			recent = slices.Insert(recent, 0, named{ei, i, seqs})
			recent = recent[:min(len(recent), resolveWindow)]
			continue
		}
		words := norms(m.Surface)
		for len(words) > 1 && stopWords[words[0]] {
			words = words[1:]
		}
		if len(words) == 0 {
			continue
		}
		_, seq, _ := ix.keys(words)
		for _, n := range recent {
			if !slices.Contains(n.seqs, seq) {
				continue
			}
			by := out[n.at]
			m.Entity = ix.idOf(n.ei)
			// The name matched and how are the resolved entity's own, not
			// those of the candidate listed first.
			ns := ix.entNames(n.ei)
			for _, c := range ix.phrasesOf(n.ei) {
				if _, s, _ := ix.keys(c.words); s == seq && int(c.alias) < len(ns) {
					m.Matched, m.How = ns[c.alias], hows[c.how]
					break
				}
			}
			m.Why = fmt.Sprintf("%q alone matches %s entities; taken as %s (%s), whom the text names as %q at bytes %d-%d before it",
				m.Surface, thousands(m.Count), ix.nameOf(n.ei, 0), m.Entity, by.Surface, by.Start, by.End)
			break
		}
	}
	return out
}
