package names

import (
	"slices"
	"strings"
)

// Keys for an index kept outside memory: a store that files each alias of
// each entity under the terms the Index posts it under (AliasKeys) can find,
// for a query, every entity the Index could retrieve for it by looking up
// the terms the query could reach (QueryKeys) — without holding the
// vocabulary, the postings or the deletion table in memory. A one-shot
// command builds a small Index over the entities found, with the corpus
// statistics of the whole store (SetCorpus), so that its ranking and its
// comparisons are those of an Index over everything.

// AliasKeys returns, for each name, the terms Index.Add posts it under (the
// skeletons of its distinctive words and of their alternative
// romanisations), each once; a name without any has none.
func AliasKeys(names []string, schema Schema) [][]string {
	out := make([][]string, 0, len(names))
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		var keys []string
		add := func(k string) {
			for _, x := range keys {
				if x == k {
					return
				}
			}
			keys = append(keys, k)
		}
		for _, alt := range splitAlternates(n) {
			p := Parse(alt, schema)
			for _, t := range p.Tokens {
				if indexable(t) {
					add(t.Skel)
					if t.alt != "" {
						add(t.alt)
					}
				}
			}
		}
		out = append(out, keys)
	}
	return out
}

// QueryWord is what one distinctive word of a query may look up in an
// Index: terms, and for a word in an abjad script the consonant key under
// which the Index also finds the terms with the same consonants.
type QueryWord struct {
	Terms []string
	Cons  string // empty unless the Index looks the word's consonants up
}

// QueryKeys returns, for each distinctive word of the query, what a search
// for it may look up in an Index: the word's skeleton and alternative
// romanisation, its nicknames, the spellings within its typo budget that
// the Index's deletion neighbourhoods reach, the word joined with the next
// one, the word split in two, and its consonant key. Most terms are not in
// any given vocabulary; a caller keeps those that are.
func QueryKeys(query string, schema Schema) []QueryWord {
	var out []QueryWord
	for _, q := range splitAlternates(query) {
		p := Parse(q, schema)
		toks := p.Tokens
		for i, t := range toks {
			if !indexable(t) {
				continue
			}
			var qw QueryWord
			set := map[string]bool{t.Skel: true}
			if t.alt != "" {
				set[t.alt] = true
			}
			if t.Kind == WordName {
				for _, g := range t.groups {
					for _, m := range nickMembers[g] {
						set[m] = true
					}
				}
				if budget := typoBudget(len(t.Text)); budget > 0 {
					typoNeighbours(t.Skel, set)
					// The Index also reaches terms by their spelling: a
					// spelling near the word's is filed under its skeleton.
					spell := map[string]bool{}
					typoNeighbours(t.Text, spell)
					for w := range spell {
						set[skeleton(w)] = true
					}
				}
				if abjad(t.Script) && len(t.Cons) >= 2 {
					qw.Cons = t.Cons
				}
				if len(t.Text) >= 6 {
					for cut := 2; cut <= len(t.Text)-2; cut++ {
						set[skeleton(t.Text[:cut])] = true
						set[skeleton(t.Text[cut:])] = true
					}
				}
			}
			if i+1 < len(toks) && indexable(toks[i+1]) {
				set[skeleton(t.Text+toks[i+1].Text)] = true
			}
			for k := range set {
				if k != "" {
					qw.Terms = append(qw.Terms, k)
				}
			}
			slices.Sort(qw.Terms)
			out = append(out, qw)
		}
	}
	return out
}

// abjad reports the scripts whose words the Index also looks up by their
// consonants.
func abjad(s Script) bool {
	return s == ScriptArabic || s == ScriptHebrew || s == ScriptThai || s == ScriptKhmer || s == ScriptEthiopic || s == ScriptAsian
}

// ConsonantKey returns the consonant key under which the Index files a term
// for look-ups from abjad scripts, or "" if it files it under none.
func ConsonantKey(term string) string {
	if c := consonantKey(term); len(c) >= 2 {
		return c
	}
	return ""
}

// keyAlphabet is what typoNeighbours inserts: skeletons and normalised
// words are lower-case ASCII letters and digits.
const keyAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// typoNeighbours adds to set every string that shares a one-byte deletion
// neighbourhood with w (w itself, its deletions, its insertions and the
// insertions into its deletions): the terms the Index's deletion table can
// reach from w, before it checks the edit distance.
func typoNeighbours(w string, set map[string]bool) {
	insert := func(s string) {
		for i := 0; i <= len(s); i++ {
			for j := 0; j < len(keyAlphabet); j++ {
				set[s[:i]+keyAlphabet[j:j+1]+s[i:]] = true
			}
		}
	}
	set[w] = true
	insert(w)
	for i := 0; i < len(w); i++ {
		d := w[:i] + w[i+1:]
		set[d] = true
		insert(d)
	}
}

// SetCorpus makes the index rank candidates with the statistics of a larger
// corpus it holds a part of: aliases is how many aliases the corpus has and
// df how many of them each term is posted under. A term df does not know
// keeps the index's own count. Set it before searching.
func (ix *Index) SetCorpus(aliases int, df map[string]int) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.corpusAliases, ix.corpusDF = aliases, df
}

// termDF returns how many aliases term t is posted under, in the corpus
// when one is set. Callers hold mu.
func (ix *Index) termDF(t int32) int {
	if n, ok := ix.corpusDF[ix.terms[t]]; ok {
		return n
	}
	return len(ix.postings[t])
}

// BuildTypoTables builds the tables through which the index finds
// misspelt words now, over every term. An index builds them once it has
// more than a few thousand new terms and until then compares a query word
// with each new term (finding words two edits away that the tables, of
// one-deletion neighbourhoods, do not); built, a small index finds the
// misspellings a large one finds — what an index over the part of a corpus
// a query retrieves must do to answer as one over the whole.
func (ix *Index) BuildTypoTables() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if len(ix.terms) > ix.derivedTerms {
		ix.rebuildDerived()
	}
}
