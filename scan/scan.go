// Package scan finds mentions of known entities in free text — a news
// report, a filing, an intake form — with their byte offsets, so that an
// analyst can turn them into parties, contacts and relationships. It folds
// case, accents, scripts and possessives as the name matcher does, so
// "Sessions’", "then-Sen. Sessions" and "Сергей Кисляк" are found. It is
// pure: no I/O.
package scan

import (
	"slices"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/names"
)

// How says how a mention matched.
type How string

// The ways a mention can match.
const (
	FullName How = "name"    // the entity's name or an alias, word for word
	Surname  How = "surname" // a person's family name alone
)

// Mention is one place where text names a known entity.
type Mention struct {
	Entity  string `json:"entity"`
	Start   int    `json:"start"` // byte offsets in the text
	End     int    `json:"end"`
	Surface string `json:"text"` // the text as written
	Matched string `json:"matched"`
	How     How    `json:"how"`
}

type phrase struct {
	entity  string
	words   []string
	matched string
	how     How
}

// Index holds the names of known entities as word sequences, keyed by their
// first word.
type Index struct {
	first map[string][]phrase
}

// stopWords are not names on their own, and a leading article is not part
// of a name ("The Heritage Foundation" is also "Heritage Foundation").
var stopWords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "and": true, "for": true, "in": true, "on": true, "to": true}

// NewIndex indexes every name and alias of the entities and, for persons,
// the family name of the primary name.
func NewIndex(entities []*impartial.Entity) *Index {
	ix := &Index{first: map[string][]phrase{}}
	for _, e := range entities {
		for _, n := range e.Names() {
			words := norms(n)
			for len(words) > 1 && stopWords[words[0]] {
				words = words[1:]
			}
			if len(words) == 0 || (len(words) == 1 && (len(words[0]) < 2 || stopWords[words[0]])) {
				continue
			}
			ix.add(phrase{entity: e.ID, words: words, matched: n, how: FullName})
		}
		if e.Kind != impartial.Person {
			continue
		}
		if w := norms(e.Name); len(w) > 1 && len(w[len(w)-1]) >= 3 {
			ix.add(phrase{entity: e.ID, words: w[len(w)-1:], matched: e.Name, how: Surname})
		}
		// Given and family name without the middle ones: "Сергей Кисляк"
		// for "Сергей Иванович Кисляк".
		for _, n := range e.Names() {
			if w := norms(n); len(w) > 2 && !strings.Contains(n, ",") {
				ix.add(phrase{entity: e.ID, words: []string{w[0], w[len(w)-1]}, matched: n, how: FullName})
			}
		}
	}
	// Longest first, so that "Trump campaign" wins over "Trump".
	for k, ps := range ix.first {
		slices.SortStableFunc(ps, func(a, b phrase) int { return len(b.words) - len(a.words) })
		ix.first[k] = ps
	}
	return ix
}

func (ix *Index) add(p phrase) {
	for _, q := range ix.first[p.words[0]] {
		if q.entity == p.entity && slices.Equal(q.words, p.words) {
			return
		}
	}
	ix.first[p.words[0]] = append(ix.first[p.words[0]], p)
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
// Sessions) gives one mention for each.
func (ix *Index) Scan(text string) []Mention {
	toks := names.FreeTextTokens(text)
	var out []Mention
	for i := 0; i < len(toks); {
		best := 0
		for _, p := range ix.first[toks[i].Norm] {
			n := len(p.words)
			if n < best || i+n > len(toks) {
				continue
			}
			ok := true
			for j := 1; j < n; j++ {
				if toks[i+j].Norm != p.words[j] {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			best = n
			start, end := trimStart(text, toks[i].Start, toks[i].End), trimEnd(text, toks[i+n-1].Start, toks[i+n-1].End)
			out = append(out, Mention{Entity: p.entity, Start: start, End: end, Surface: text[start:end], Matched: p.matched, How: p.how})
		}
		// Phrases are sorted longest first: once one matched, only others
		// of the same length (other entities of the same name) were kept.
		i += max(best, 1)
	}
	return out
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

// Summary counts mentions by entity, in order of first mention.
func Summary(ms []Mention) (order []string, counts map[string]int) {
	counts = map[string]int{}
	for _, m := range ms {
		if counts[m.Entity] == 0 {
			order = append(order, m.Entity)
		}
		counts[m.Entity]++
	}
	return order, counts
}
