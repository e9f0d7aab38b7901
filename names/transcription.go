package names

import (
	"strconv"
	"strings"

	"github.com/mozillazg/go-unidecode"
)

// Chinese writes a foreign name (Barack Obama, Angela Merkel) as
// characters chosen for their sound, one syllable each, with a middle dot
// between the parts of the name: 贝拉克·奥巴马 (bei la ke · ao ba ma). Its
// pinyin is not a spelling of the original, since the transcription
// breaks consonant clusters with vowels (Trump: te lang pu), writes r as
// l, drops or adds final consonants and palatalises t, d and k before i
// (Putin: pu jing). Such a name (the middle dot marks it: Chinese and
// Korean names in characters never have one) is compared part by part
// with the other name's words through their consonants, by sound classes
// that these conventions merge, allowing a little for what they add or
// drop. The conventions are those of the standard transcription tables of
// foreign names into Chinese, from general knowledge.

// isTranscriptionDot reports whether r is a middle dot that separates the
// parts of a foreign name written in Chinese or Japanese.
func isTranscriptionDot(r rune) bool {
	return r == '·' || r == '・' || r == '‧' || r == '•'
}

// sound is a consonant of a Latin word (one of the classes below) or the
// initial of a pinyin syllable; coda marks a consonant not followed by a
// vowel.
type sound struct {
	c    string
	coda bool
}

// latinDigraphs are the letter groups that write one consonant sound.
var latinDigraphs = [...]struct{ letters, sound string }{
	{"sch", "sh"}, {"tch", "ch"}, {"ph", "f"}, {"th", "th"}, {"sh", "sh"}, {"ch", "ch"},
	{"ck", "k"}, {"qu", "k"}, {"kh", "h"}, {"gh", "h"},
}

// latinSounds returns the consonant sounds of a lower-case Latin word.
func latinSounds(w string, out []sound) []sound {
	vowel := func(i int) bool { return i < len(w) && strings.IndexByte("aeiouy", w[i]) >= 0 }
	for i := 0; i < len(w); {
		c := w[i]
		if strings.IndexByte("aeiou", c) >= 0 || c == 'y' && i > 0 {
			i++
			continue
		}
		n := 1
		var s string
		for _, d := range latinDigraphs {
			if strings.HasPrefix(w[i:], d.letters) {
				s, n = d.sound, len(d.letters)
				break
			}
		}
		switch {
		case s != "":
		case strings.HasPrefix(w[i:], "ng") && !vowel(i+2):
			s, n = "n", 2
		case c == 'c':
			s = "k"
			if i+1 < len(w) && strings.IndexByte("eiy", w[i+1]) >= 0 {
				s = "s"
			}
		case c == 'g':
			s = "k"
			if i+1 < len(w) && strings.IndexByte("ei", w[i+1]) >= 0 {
				s = "j"
			}
		case c == 'q':
			s = "k"
		case c == 'v' || c == 'w':
			s = "f"
		case c == 'z':
			s = "s"
		case c == 'x':
			out = append(out, sound{c: "k"})
			s = "s"
		case c == 'y':
			s = "j" // at the start: y as in Yusuf
		case c >= 'a' && c <= 'z':
			s = string(c)
		default:
			i++
			continue
		}
		// a doubled letter is one sound
		for i+n < len(w) && w[i+n] == w[i+n-1] && strings.IndexByte("aeiou", w[i+n]) < 0 {
			n++
		}
		i += n
		out = append(out, sound{c: s, coda: !vowel(i)})
	}
	return out
}

// pinyinSounds appends the sounds of a pinyin syllable: its initial, a
// nasal final (n, ng) as "N", the final er as "r".
func pinyinSounds(syl string, out []sound) []sound {
	for _, in := range [...]string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w"} {
		if strings.HasPrefix(syl, in) {
			out = append(out, sound{c: in})
			syl = syl[len(in):]
			break
		}
	}
	switch {
	case syl == "er":
		out = append(out, sound{c: "r", coda: true})
	case strings.HasSuffix(syl, "n") || strings.HasSuffix(syl, "ng"):
		out = append(out, sound{c: "N", coda: true})
	}
	return out
}

// soundsCompatible says whether a Latin consonant class may be written
// with a pinyin initial (or nasal final N, final r).
func soundsCompatible(l, p string) bool {
	switch l {
	case "b", "p":
		return p == "b" || p == "p"
	case "d", "t":
		return p == "d" || p == "t" || p == "j" || p == "q" || p == "zh" || p == "ch"
	case "k":
		return p == "k" || p == "g" || p == "h" || p == "j" || p == "q" || p == "x"
	case "j":
		return p == "j" || p == "q" || p == "zh" || p == "ch" || p == "g" || p == "y"
	case "s":
		return p == "s" || p == "x" || p == "z" || p == "c" || p == "sh"
	case "sh", "ch":
		return p == "sh" || p == "x" || p == "zh" || p == "ch" || p == "q" || p == "j" || p == "s"
	case "th":
		return p == "s" || p == "t" || p == "d"
	case "f":
		return p == "f" || p == "w" || p == "h" // wa: hua
	case "h":
		return p == "h" || p == "x" // hi: xi
	case "l", "r":
		return p == "l" || p == "r"
	case "m":
		return p == "m" || p == "N"
	case "n":
		return p == "n" || p == "N"
	}
	return false
}

// transcriptionCost aligns the sounds of a Latin word with those of a
// transcription and returns the cost of what does not correspond: a Latin
// l, r or h at the end of a syllable, or an added nasal final, cost half
// (the transcription drops or adds them: Donald, tang na de), anything
// else one. The first consonants must correspond.
func transcriptionCost(ls, ps []sound) float64 {
	c := alignSounds(ls, ps)
	if len(ps) > 1 && ps[0].c == "y" {
		c = min(c, alignSounds(ls, ps[1:])) // a leading glide may write the first vowel (yin: Ein-)
	}
	return c
}

// alignSounds is transcriptionCost for one reading of the first sound.
func alignSounds(ls, ps []sound) float64 {
	if len(ls) == 0 || len(ps) == 0 || !soundsCompatible(ls[0].c, ps[0].c) {
		return 99
	}
	var d [17][17]float64
	n, m := min(len(ls), 16), min(len(ps), 16)
	dropL := func(s sound) float64 {
		if s.c == "h" || s.coda && (s.c == "l" || s.c == "r" || s.c == "n" || s.c == "m") {
			return 0.5
		}
		return 1
	}
	dropP := func(s sound) float64 {
		switch s.c {
		case "y":
			return 0 // ya, yin: a glide that writes a vowel (Abraham, Einstein)
		case "N", "r", "w":
			return 0.5
		}
		return 1
	}
	for i := 1; i <= n; i++ {
		d[i][0] = d[i-1][0] + dropL(ls[i-1])
	}
	for j := 1; j <= m; j++ {
		d[0][j] = d[0][j-1] + dropP(ps[j-1])
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			best := d[i-1][j] + dropL(ls[i-1])
			best = min(best, d[i][j-1]+dropP(ps[j-1]))
			if soundsCompatible(ls[i-1].c, ps[j-1].c) {
				best = min(best, d[i-1][j-1])
			} else {
				best = min(best, d[i-1][j-1]+1)
			}
			d[i][j] = best
		}
	}
	return d[n][m]
}

// compareHanTranscription compares a foreign name transcribed in Chinese
// characters (parts separated by a middle dot) with a Latin name. ok is
// false when the name is not such a transcription or a part corresponds
// to no word of the other name.
func compareHanTranscription(han, other *Name, hanFirst bool) (Result, bool) {
	if strings.IndexFunc(han.Raw, isTranscriptionDot) < 0 {
		return Result{}, false
	}
	var words []*Token
	for i := range other.Tokens {
		if t := &other.Tokens[i]; t.Kind == WordName && isASCII(t.Text) {
			words = append(words, t)
		}
	}
	parts := strings.FieldsFunc(han.Raw, isTranscriptionDot)
	if len(parts) < 2 || len(parts) > 4 || len(words) == 0 {
		return Result{}, false
	}
	used := make([]bool, len(words))
	var read strings.Builder
	how := []byte("first name read as a foreign name transcribed in Chinese characters, by its sounds: ")
	if !hanFirst {
		how = []byte("second name read as a foreign name transcribed in Chinese characters, by its sounds: ")
	}
	var lbuf, pbuf [32]sound
	for k, part := range parts {
		var syl []string
		ps := pbuf[:0]
		for _, r := range strings.TrimSpace(part) {
			if scriptOf(r) != ScriptHan {
				return Result{}, false
			}
			s := strings.ToLower(strings.TrimSpace(unidecode.Unidecode(string(r))))
			syl = append(syl, s)
			ps = pinyinSounds(s, ps)
		}
		best, bestCost := -1, 99.0
		for w, t := range words {
			if used[w] {
				continue
			}
			ls := latinSounds(t.Text, lbuf[:0])
			c := transcriptionCost(ls, ps)
			allowed := 0.5
			if len(ls) >= 4 {
				allowed = 1
			}
			if len(ls) == 1 && len(ps) > 1 {
				allowed = 0 // one sound against several: too little to go on
			} else if len(ls) == 1 {
				allowed = 0
			}
			if c <= allowed && c < bestCost {
				best, bestCost = w, c
			}
		}
		if best < 0 {
			return Result{}, false
		}
		used[best] = true
		if k > 0 {
			read.WriteByte(' ')
			how = append(how, ", "...)
		}
		read.WriteString(words[best].Text)
		how = append(how, part...)
		how = append(how, " ("...)
		how = append(how, strings.Join(syl, " ")...)
		how = append(how, ") → "...)
		how = strconv.AppendQuote(how, words[best].Raw)
	}
	rn := Parse(read.String(), other.Schema)
	var r Result
	if hanFirst {
		r = CompareNames(&rn, other)
		r.A = han.Raw
	} else {
		r = CompareNames(other, &rn)
		r.B = han.Raw
	}
	r.Score = round2(r.Score * transcriptionFactor)
	r.Match = r.Score >= MatchThreshold
	if !r.Match {
		return Result{}, false
	}
	reasons := make([]string, 0, len(r.Reasons)+2)
	reasons = append(reasons, string(how))
	reasons = append(reasons, r.Reasons...)
	r.Reasons = append(reasons, "matched by sound, not by spelling (×"+strconv.FormatFloat(transcriptionFactor, 'f', 2, 64)+")")
	return r, true
}

// transcriptionFactor discounts a match by sound: the consonant classes
// are wide, and a transcription fits more than one original.
const transcriptionFactor = 0.9
