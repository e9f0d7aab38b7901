package names

import "strings"

// Myanmar (Burmese) script to Latin.
//
// Burmese is written in syllables (an initial consonant, medials, vowel
// signs, a final consonant killed by the asat ်, tone marks), usually
// without spaces inside a name, while Latin lists write each syllable as
// a word (အောင်ဆန်းစုကြည် Aung San Suu Kyi, မင်းအောင်လှိုင် Min Aung Hlaing).
// The consonant values are those of the BGN/PCGN 1970 romanisation of
// Burmese, with the aspirates as names spell them (ခ kh, ထ ht, ဖ ph, ဆ s);
// the rhymes (vowel and final together: ောင် aung, ိန် ein, ည် i) follow the
// same system's table, which is also how Burmese names are customarily
// spelt in English. Each syllable becomes one word, as Hangul does.

// myanmarConsonants gives the initial value of each consonant; the vowel
// carrier အ has none.
var myanmarConsonants = map[rune]string{
	'က': "k", 'ခ': "kh", 'ဂ': "g", 'ဃ': "g", 'င': "ng", 'စ': "s", 'ဆ': "s", 'ဇ': "z", 'ဈ': "z",
	'ဉ': "ny", 'ည': "ny", 'ဋ': "t", 'ဌ': "ht", 'ဍ': "d", 'ဎ': "d", 'ဏ': "n", 'တ': "t", 'ထ': "ht",
	'ဒ': "d", 'ဓ': "d", 'န': "n", 'ပ': "p", 'ဖ': "ph", 'ဗ': "b", 'ဘ': "b", 'မ': "m", 'ယ': "y",
	'ရ': "y", 'လ': "l", 'ဝ': "w", 'သ': "th", 'ဟ': "h", 'ဠ': "l", 'အ': "",
}

// myanmarVowels are the independent vowel letters.
var myanmarVowels = map[rune]string{'ဣ': "i", 'ဤ': "i", 'ဥ': "u", 'ဦ': "u", 'ဧ': "e", 'ဩ': "aw", 'ဪ': "aw"}

// myanmarFinal classes the consonants that close a syllable by the rhyme
// they make.
var myanmarFinal = map[rune]byte{
	'က': 'k', 'င': 'g', 'စ': 'c', 'ည': 'y', 'ဉ': 'N', 'တ': 't', 'ဋ': 't', 'န': 'n', 'ဏ': 'n',
	'ပ': 'p', 'မ': 'm', 'ယ': 'e',
}

// myanmarSyllable is one syllable being read.
type myanmarSyllable struct {
	onset          string
	started        bool
	y, w, h        bool // medials ျ/ြ, ွ, ှ
	e, a, i, u, ai bool // vowel signs ေ, ာ/ါ, ိ/ီ, ု/ူ, ဲ
	anusvara       bool
	final          byte
}

// translitMyanmar romanises a Myanmar word, one word per syllable.
func translitMyanmar(w []rune, sb *byteBuf) {
	var s myanmarSyllable
	words := 0
	flush := func() {
		if !s.started {
			return
		}
		if words > 0 {
			sb.addByte(' ')
		}
		words++
		s.write(sb)
		s = myanmarSyllable{}
	}
	for i := 0; i < len(w); i++ {
		r := w[i]
		k := i + 1
		for k < len(w) && (w[k] == '့' || w[k] == 'း') {
			k++ // tone marks may come between a final and its asat
		}
		killed := k < len(w) && (w[k] == '်' || w[k] == '္')
		if c, ok := myanmarConsonants[r]; ok {
			if killed && s.started && s.final == 0 {
				s.final = myanmarFinal[r]
				if s.final == 0 {
					s.final = 't' // a rarer final: a stop
				}
				i = k
				continue
			}
			flush()
			s.started, s.onset = true, c
			continue
		}
		if v, ok := myanmarVowels[r]; ok {
			flush()
			s.started, s.onset = true, ""
			switch v {
			case "i":
				s.i = true
			case "u":
				s.u = true
			case "e":
				s.e = true
			case "aw":
				s.e, s.a = true, true
			}
			continue
		}
		switch r {
		case 'ျ', 'ြ':
			s.y = true
		case 'ွ':
			s.w = true
		case 'ှ':
			s.h = true
		case 'ေ':
			s.e = true
		case 'ာ', 'ါ':
			s.a = true
		case 'ိ', 'ီ':
			s.i = true
		case 'ု', 'ူ':
			s.u = true
		case 'ဲ':
			s.ai = true
		case 'ံ':
			s.anusvara = true
		}
		// tone marks (့ း), a stray asat: no letters
	}
	flush()
}

// write renders a syllable.
func (s *myanmarSyllable) write(sb *byteBuf) {
	on := s.onset
	if s.h {
		switch on {
		case "y":
			on = "sh" // ရှ, ယှ
		case "w":
			on = "hw"
		default:
			on = "h" + on // လှ hl, မှ hm, နှ hn
		}
	}
	if s.y {
		if on == "kh" {
			on = "ch" // ချ
		} else if on != "y" {
			on += "y"
		}
	}
	if s.w && on != "w" && !s.wRhyme() {
		on += "w"
	}
	sb.WriteString(on)
	sb.WriteString(s.rhyme())
}

// wRhyme reports the medial ွ with a final and no vowel sign: the rhyme
// is un or ut (ညွန့် Nyunt), not a w.
func (s *myanmarSyllable) wRhyme() bool {
	return s.w && !s.e && !s.a && !s.i && !s.u && !s.ai && strings.IndexByte("ntmp", s.final) >= 0 && s.final != 0
}

// rhyme renders the vowel with the final consonant.
func (s *myanmarSyllable) rhyme() string {
	o := s.i && s.u // ို
	aw := s.e && s.a
	if s.wRhyme() {
		if s.final == 'n' || s.final == 'm' {
			return "un"
		}
		return "ut"
	}
	switch s.final {
	case 'k':
		switch {
		case aw:
			return "auk"
		case o:
			return "aik"
		case s.u:
			return "ok"
		case s.i:
			return "eik"
		}
		return "et"
	case 'g':
		switch {
		case aw:
			return "aung"
		case o:
			return "aing"
		case s.u:
			return "ong"
		}
		return "in"
	case 'c':
		return "it"
	case 'y':
		return "i" // ည်: Kyi
	case 'N':
		return "in"
	case 't', 'p':
		switch {
		case o, s.u:
			return "ok"
		case s.i:
			return "eik"
		}
		return "at"
	case 'n', 'm':
		switch {
		case o, s.u:
			return "on"
		case s.i:
			return "ein"
		}
		return "an"
	case 'e':
		return "e"
	}
	switch {
	case s.anusvara && s.u:
		return "on"
	case s.anusvara && s.i:
		return "ein"
	case s.anusvara:
		return "an"
	case aw:
		return "aw"
	case o:
		return "o"
	case s.i:
		return "i"
	case s.u:
		return "u"
	case s.e, s.ai:
		return "e"
	}
	return "a"
}
