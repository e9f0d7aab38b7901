package names

import (
	"strconv"
	"strings"
)

// Chinese names reach Latin lists in two romanisations: pinyin (Mao Zedong,
// Deng Xiaoping), official since 1979, and Wade–Giles (Mao Tse-tung, Teng
// Hsiao-p'ing), in older records, Taiwan and much of the literature. They
// spell the same syllables differently (ts/z, hs/x, ch/zh or j, -ung/-ong,
// -ih/-i, -ien/-ian), and Wade–Giles marks aspiration with an apostrophe
// that lists drop, so t, k, p and ch stand for both d/t, g/k, b/p and
// zh/ch/j/q. When a person's name reads as Wade–Giles syllables and the
// comparison found no match, both names are rewritten syllable by syllable
// into one spelling, pinyin with aspiration set aside, and compared again.
// The syllable correspondences are those of the standard conversion
// tables of the two systems, from general knowledge.

// chineseInitials are the initials of both systems, longest first.
var chineseInitials = [...]string{"zh", "ch", "sh", "hs", "ts", "tz", "ss", "sz", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w", ""}

// chineseFinals are the finals of both systems.
var chineseFinals = setOf(`a ai an ang ao e ei en eng er erh eh i ia ian iang iao ie ieh ien in ing iu
iung iong ih o ong ou u ua uai uan uang ue ueh uei ui un uo ung`)

// wadeGilesMarker reports whether a name shows a spelling that pinyin does
// not use (hs, tz, a final -ih, -ieh, -ien, -ung, -erh, -uei) or the
// hyphen Wade–Giles puts between the syllables of a given name.
func wadeGilesMarker(n *Name) bool {
	if strings.IndexByte(n.Raw, '-') > 0 {
		return true
	}
	for i := range n.Tokens {
		t := n.Tokens[i].Text
		if strings.Contains(t, "hs") || strings.Contains(t, "tz") || strings.HasSuffix(t, "ih") || strings.HasSuffix(t, "ieh") ||
			strings.HasSuffix(t, "ien") || strings.HasSuffix(t, "ung") || strings.HasSuffix(t, "erh") || strings.Contains(t, "uei") {
			return true
		}
	}
	return false
}

// appendChineseSyllables appends word rewritten syllable by syllable into
// the common spelling, one syllable after another, and reports whether the
// word is a run of Chinese syllables at all (the fewest syllables that
// spell it).
func appendChineseSyllables(dst []byte, word string) ([]byte, bool) {
	n := len(word)
	if n == 0 || n > 24 {
		return dst, false
	}
	// best[i]: fewest syllables spelling word[:i]; from[i]: where the last
	// one starts and its initial's length
	var best, from, ini [25]int
	for i := 1; i <= n; i++ {
		best[i] = 1 << 30
	}
	for i := 0; i < n; i++ {
		if i > 0 && best[i] == 1<<30 {
			continue
		}
		for _, in := range chineseInitials {
			if !strings.HasPrefix(word[i:], in) {
				continue
			}
			for j := i + len(in) + 1; j <= n && j-i <= 6; j++ {
				if chineseFinals[word[i+len(in):j]] && best[i]+1 < best[j] {
					best[j], from[j], ini[j] = best[i]+1, i, len(in)
				}
			}
		}
	}
	if best[n] == 1<<30 {
		return dst, false
	}
	var stack [12][2]int
	k := 0
	for j := n; j > 0 && k < len(stack); j = from[j] {
		stack[k] = [2]int{from[j], ini[j]}
		k++
		if from[j] == 0 {
			break
		}
	}
	for k--; k >= 0; k-- {
		i, il := stack[k][0], stack[k][1]
		next := n
		if k > 0 {
			next = stack[k-1][0]
		}
		dst = appendCommonSyllable(dst, word[i:i+il], word[i+il:next])
	}
	return dst, true
}

// appendCommonSyllable appends one syllable, initial in and final fin of
// either system, in the common spelling.
func appendCommonSyllable(dst []byte, in, fin string) []byte {
	orig := in
	switch in {
	case "p":
		in = "b"
	case "t":
		in = "d"
	case "k":
		in = "g"
	case "ch", "zh", "q":
		in = "j"
	case "ts", "tz", "c":
		in = "z"
	case "ss", "sz":
		in = "s"
	case "hs":
		in = "x"
	case "j":
		if !strings.HasPrefix(fin, "i") {
			in = "r" // Wade–Giles j is pinyin r (Jen/Ren)
		}
	case "":
		if strings.HasPrefix(fin, "i") {
			in = "y" // i, in, ing: yi, yin, ying
		}
	}
	switch fin {
	case "ung":
		fin = "ong"
	case "iung":
		fin = "iong"
	case "ien":
		fin = "ian"
	case "ieh":
		fin = "ie"
	case "ueh":
		fin = "ue"
	case "eh":
		fin = "e"
	case "uei":
		fin = "ui"
	case "ih":
		fin = "i"
	case "erh":
		fin = "er"
	case "u":
		if orig == "tz" || orig == "ss" || orig == "sz" {
			fin = "i" // tzu, ssu: zi, si
		}
	case "o":
		if in == "g" || in == "h" {
			fin = "e" // ko, ho: ge, he
		}
	case "uo":
		if in != "g" && in != "h" && in != "" && in != "w" {
			fin = "o" // luo, duo: lo, to
		}
	case "en":
		if in == "y" {
			fin = "an" // yen: yan
		}
	}
	dst = append(dst, in...)
	return append(dst, fin...)
}

// chineseCommonForm rewrites a person's name word by word into the common
// spelling of Chinese syllables; ok is false when a word is not Chinese
// syllables. changed says some word was rewritten.
func chineseCommonForm(n *Name) (form string, changed, ok bool) {
	if len(n.Tokens) == 0 || len(n.Tokens) > 4 || n.Script != ScriptLatin {
		return "", false, false
	}
	var buf [96]byte
	b := buf[:0]
	for i := range n.Tokens {
		t := &n.Tokens[i]
		if t.Kind != WordName {
			return "", false, false
		}
		if i > 0 {
			b = append(b, ' ')
		}
		st := len(b)
		var good bool
		b, good = appendChineseSyllables(b, t.Text)
		if !good {
			return "", false, false
		}
		changed = changed || string(b[st:]) != t.Text
	}
	return string(b), changed, true
}

// compareChineseRomanisations compares two persons' names through the
// common spelling of their Chinese syllables, when one of them shows
// Wade–Giles; ok is false when that does not apply.
func compareChineseRomanisations(a, b *Name) (Result, bool) {
	if !wadeGilesMarker(a) && !wadeGilesMarker(b) {
		return Result{}, false
	}
	fa, ca, oka := chineseCommonForm(a)
	if !oka {
		return Result{}, false
	}
	fb, cb, okb := chineseCommonForm(b)
	if !okb || !ca && !cb {
		return Result{}, false
	}
	// the rewritten names carry no Wade–Giles marker: this does not recur
	na, nb := Parse(fa, a.Schema), Parse(fb, b.Schema)
	r := CompareNames(&na, &nb)
	r.A, r.B = a.Raw, b.Raw
	for _, p := range r.Parts {
		if p.How != HowExact && p.How != HowJoined {
			// the rewriting already forgives aspiration: a syllable must
			// then be spelt exactly (ping/ming is another syllable)
			return Result{}, false
		}
	}
	r.Score = round2(r.Score * romanisationFactor)
	r.Match = r.Score >= MatchThreshold
	if !r.Match {
		return Result{}, false
	}
	reasons := make([]string, 0, len(r.Reasons)+1)
	reasons = append(reasons, "read as Chinese syllables in Wade–Giles and pinyin, aspiration set aside: "+strconv.Quote(a.Raw)+" as "+strconv.Quote(fa)+", "+strconv.Quote(b.Raw)+" as "+strconv.Quote(fb)+" (×"+strconv.FormatFloat(romanisationFactor, 'f', 2, 64)+")")
	r.Reasons = append(reasons, r.Reasons...)
	return r, true
}

// romanisationFactor discounts a match through the common spelling: lists
// drop the apostrophes that tell Wade–Giles t from d, so the spelling
// merges syllables that differ.
const romanisationFactor = 0.9
