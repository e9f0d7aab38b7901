package scan

import (
	"io"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/names"
)

// Keys for scanning against names kept outside memory. The automaton files
// every name under its first two words (a one-word name under that word)
// and a mention of it starts at those words in the text, so a store that
// files each entity under the heads of its names (HeadKeys) can give, for a
// text, every entity that may be mentioned in it: those filed under a word
// or a pair of adjacent words of the text (TextKeys). An Index holding just
// them finds in that text the same mentions as one holding every entity.

// HeadKeys returns the heads of the names e is found under, each once: the
// first two normalised words, space-separated, or the one word of a
// one-word name.
func HeadKeys(e *impartial.Entity) []string {
	var out []string
	for _, c := range phrases(e, e.Names()) {
		k := c.words[0]
		if len(c.words) > 1 {
			k += " " + c.words[1]
		}
		if !contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// TextKeys returns the heads a name of more than one word mentioned in
// text could have: each pair of adjacent normalised words, each once. Which
// one-word names the scanner looks up depends on the longer names found
// (SingleKeys).
func TextKeys(text string) []string {
	words := textWords(text)
	seen := make(map[string]bool, len(words))
	var out []string
	for i := 0; i+1 < len(words); i++ {
		if k := words[i] + " " + words[i+1]; !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// SingleKeys returns the words of text the scanner looks up as one-word
// names when the index holds every name of more than one word that the text
// can mention (those filed under TextKeys): the words at which it finds no
// longer name, skipping the words of those it finds.
func (ix *Index) SingleKeys(text string) []string {
	words := textWords(text)
	hs := make([]uint64, len(words))
	for i, w := range words {
		hs[i] = ix.wordHash(w)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	seen := map[string]bool{}
	var out []string
	var seq []uint64
	for i := 0; i < len(words); {
		best := 0
		if i+1 < len(words) {
			if head, ok := ix.pairs[combine(hs[i], hs[i+1])]; ok {
				seq = append(seq[:0], hs[i], combine(hs[i], hs[i+1]))
				for p := head; p >= 0; p = ix.phr[p].next {
					n := int(ix.phr[p].words)
					if n < best || i+n > len(words) {
						continue
					}
					for len(seq) < n {
						seq = append(seq, combine(seq[len(seq)-1], hs[i+len(seq)]))
					}
					if seq[n-1] == ix.phr[p].seq() && n > best {
						best = n
					}
				}
			}
		}
		if best == 0 && !seen[words[i]] {
			seen[words[i]] = true
			out = append(out, words[i])
		}
		i += max(best, 1)
	}
	return out
}

// textWords returns the normalised words of text, split as the scanner
// splits it.
func textWords(text string) []string {
	var words []string
	for i := 0; i < len(text); {
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		j := i
		for j < len(text) && !isSpace(text[j]) {
			j++
		}
		for _, t := range names.FreeTextTokens(text[i:j]) {
			words = append(words, t.Norm)
		}
		i = j
	}
	return words
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ScanReaderFilling is ScanReader on an index filled as the text is read:
// before each chunk is scanned, fill is called with the chunk's text and
// puts into the index the entities that may be mentioned in it (see
// TextKeys). An error from fill stops the scan.
func (ix *Index) ScanReaderFilling(r io.Reader, fill func(text string) error, fn func(Mention) error) (int64, error) {
	return ix.scanReaderFill(r, ChunkSize, fill, fn)
}
