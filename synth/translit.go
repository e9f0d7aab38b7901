package synth

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cyrScheme is a way of writing Cyrillic in Latin letters. Real registers mix
// them — a passport says "Sergei", a newspaper "Sergey", a German register
// "Sergej" — and the generator uses all three so that the name matcher meets
// the variants it will meet in production.
type cyrScheme uint8

const (
	cyrPress  cyrScheme = iota // English-language press, close to BGN/PCGN: Sergey Semyonov
	cyrICAO                    // passports since 2013 (ICAO Doc 9303): Sergei Semenov
	cyrGerman                  // German-language registers: Sergej Semjonow
)

// cyrTables holds one table per scheme, indexed by lower-case letter.
var cyrTables = [3]map[rune]string{
	cyrPress: {
		'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z",
		'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
		'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
		'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye",
	},
	cyrICAO: {
		'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
		'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
		'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
		'щ': "shch", 'ъ': "ie", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia", 'і': "i", 'ї': "i", 'є': "ie",
	},
	cyrGerman: {
		'а': "a", 'б': "b", 'в': "w", 'г': "g", 'д': "d", 'е': "e", 'ё': "jo", 'ж': "sh", 'з': "s",
		'и': "i", 'й': "j", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
		'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "ch", 'ц': "z", 'ч': "tsch", 'ш': "sch",
		'щ': "schtsch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "ju", 'я': "ja", 'і': "i", 'ї': "ji", 'є': "je",
	},
}

// cyrLatin transliterates Cyrillic text; other characters pass through.
// Words keep their capitalisation. In the press scheme a word-initial е is
// "ye" (Yelena) and a final "ий" is "y" (Dmitry), as English papers write.
func cyrLatin(s string, scheme cyrScheme) string {
	var b strings.Builder
	b.Grow(len(s))
	table := cyrTables[scheme]
	wordStart := true
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		lower := unicode.ToLower(r)
		lat, ok := table[lower]
		if !ok {
			b.WriteRune(r)
			wordStart = !unicode.IsLetter(r)
			continue
		}
		if scheme == cyrPress {
			switch {
			case lower == 'е' && wordStart:
				lat = "ye"
			case lower == 'и' && i+1 < len(rs) && rs[i+1] == 'й' && (i+2 == len(rs) || !unicode.IsLetter(rs[i+2])):
				lat = "y"
				i++
			}
		}
		if unicode.IsUpper(r) && lat != "" {
			first, size := utf8.DecodeRuneInString(lat)
			b.WriteRune(unicode.ToUpper(first))
			b.WriteString(lat[size:])
		} else {
			b.WriteString(lat)
		}
		wordStart = false
	}
	return b.String()
}

// greekPairs are the digraphs of Greek transliteration (ELOT 743, simplified),
// tried before single letters.
var greekPairs = map[[2]rune]string{
	{'ο', 'υ'}: "ou", {'ο', 'ύ'}: "ou", {'α', 'υ'}: "av", {'α', 'ύ'}: "av", {'ε', 'υ'}: "ev",
	{'ε', 'ύ'}: "ev", {'γ', 'γ'}: "ng", {'γ', 'κ'}: "gk",
}

var greekLetters = map[rune]string{
	'α': "a", 'ά': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'έ': "e", 'ζ': "z", 'η': "i", 'ή': "i",
	'θ': "th", 'ι': "i", 'ί': "i", 'ϊ': "i", 'ΐ': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
	'ο': "o", 'ό': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'ύ': "y", 'ϋ': "y",
	'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o", 'ώ': "o",
}

// greekLatin transliterates Greek text; a word-initial μπ is "b" and ντ "d"
// (Μπακογιάννης → Bakogiannis), as Greek passports write them.
func greekLatin(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	wordStart := true
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		lower := unicode.ToLower(r)
		upper := unicode.IsUpper(r)
		var lat string
		if i+1 < len(rs) {
			next := unicode.ToLower(rs[i+1])
			switch {
			case wordStart && lower == 'μ' && next == 'π':
				lat = "b"
			case wordStart && lower == 'ν' && next == 'τ':
				lat = "d"
			default:
				lat = greekPairs[[2]rune{lower, next}]
			}
			if lat != "" {
				i++
			}
		}
		if lat == "" {
			l, ok := greekLetters[lower]
			if !ok {
				b.WriteRune(r)
				wordStart = !unicode.IsLetter(r)
				continue
			}
			lat = l
		}
		if upper {
			first, size := utf8.DecodeRuneInString(lat)
			b.WriteRune(unicode.ToUpper(first))
			b.WriteString(lat[size:])
		} else {
			b.WriteString(lat)
		}
		wordStart = false
	}
	return b.String()
}

// accentFolder strips the accents of Latin letters, the way names reach
// systems that only take ASCII (José García → Jose Garcia).
var accentFolder = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i", "ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "ñ", "n", "ç", "c", "ß", "ss",
	"Á", "A", "À", "A", "Â", "A", "Ä", "A", "É", "E", "È", "E", "Ê", "E", "Í", "I", "Î", "I",
	"Ó", "O", "Ô", "O", "Ö", "O", "Ú", "U", "Ü", "U", "Ñ", "N", "Ç", "C",
)

// umlautWriter writes German umlauts as registers without them do
// (Müller → Mueller), a variant distinct from plain accent folding (Muller).
var umlautWriter = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue")

// isASCII reports whether s needs no folding.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
