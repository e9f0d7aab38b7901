package names

import "strings"

// Transliteration tables from non-Latin scripts to plain lower-case ASCII.
//
// The tables are compiled for this project from the published romanisation
// standards; each table names its sources. Only one canonical spelling is
// produced per letter: the variant spellings that other schemes give
// (Sergey/Sergei/Serguei, Kislyak/Kisliak, Yu/Iu, Kh/H, Zh/J) are absorbed by the
// phonetic skeleton in skeleton.go rather than by emitting every variant here.
//
// Input runes are already lower-cased (unicode.ToLower) when these tables are
// consulted.

// cyrillicBase romanises Russian Cyrillic. Source: BGN/PCGN 1947 romanisation
// of Russian (simplified: no apostrophes or diaereses), which agrees with
// GOST 7.79-2000 system B for most letters and with ICAO Doc 9303 (passports)
// for й→i/y, х→kh, ц→ts, щ→shch, ю→yu, я→ya.
var cyrillicBase = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	// Ukrainian (national 2010 standard, KMU resolution 55), used when a
	// word shows Ukrainian letters; see cyrillicUkrainian for г/и.
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g",
	// Belarusian (BGN/PCGN 1979): ў is a short u.
	'ў': "u",
	// Serbian and Macedonian (Serbian Latin alphabet of Vuk Karadžić,
	// Macedonian 2008 official romanisation), diacritics dropped.
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz",
	'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
	// Kazakh, Tatar and other Cyrillic letters common in CIS name lists
	// (BGN/PCGN Kazakh 1979).
	'ә': "a", 'ғ': "g", 'қ': "k", 'ң': "ng", 'ө': "o", 'ұ': "u", 'ү': "u",
	'һ': "h", 'ҳ': "h", 'җ': "zh", 'ӣ': "i", 'ӯ': "u", 'ҷ': "j", 'ҙ': "z",
}

// cyrillicUkrainian overrides Russian values where Ukrainian romanisation
// differs (Ukrainian national standard 2010): г is h, и is y.
var cyrillicUkrainian = map[rune]string{'г': "h", 'и': "y", 'й': "i"}

// greekBase romanises Greek letters. Source: ELOT 743:1982 / ISO 843 type 2
// (transcription), also the UN 1987 system; digraphs are handled in
// translitGreek.
var greekBase = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i",
	'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
	'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y",
	'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// armenianBase romanises Armenian. Source: BGN/PCGN 1981 romanisation of
// Armenian (Eastern Armenian values), ISO 9985 for the consonants.
var armenianBase = map[rune]string{
	'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z", 'է': "e",
	'ը': "y", 'թ': "t", 'ժ': "zh", 'ի': "i", 'լ': "l", 'խ': "kh", 'ծ': "ts",
	'կ': "k", 'հ': "h", 'ձ': "dz", 'ղ': "gh", 'ճ': "ch", 'մ': "m", 'յ': "y",
	'ն': "n", 'շ': "sh", 'ո': "o", 'չ': "ch", 'պ': "p", 'ջ': "j", 'ռ': "r",
	'ս': "s", 'վ': "v", 'տ': "t", 'ր': "r", 'ց': "ts", 'ւ': "v", 'փ': "p",
	'ք': "k", 'օ': "o", 'ֆ': "f", 'և': "ev",
}

// georgianBase romanises Georgian Mkhedruli (Mtavruli capitals are lowered
// to Mkhedruli first). Source: Georgian national system 2002 (also
// BGN/PCGN 2009), apostrophes of ejectives dropped.
var georgianBase = map[rune]string{
	'ა': "a", 'ბ': "b", 'გ': "g", 'დ': "d", 'ე': "e", 'ვ': "v", 'ზ': "z",
	'თ': "t", 'ი': "i", 'კ': "k", 'ლ': "l", 'მ': "m", 'ნ': "n", 'ო': "o",
	'პ': "p", 'ჟ': "zh", 'რ': "r", 'ს': "s", 'ტ': "t", 'უ': "u", 'ფ': "p",
	'ქ': "k", 'ღ': "gh", 'ყ': "q", 'შ': "sh", 'ჩ': "ch", 'ც': "ts", 'ძ': "dz",
	'წ': "ts", 'ჭ': "ch", 'ხ': "kh", 'ჯ': "j", 'ჰ': "h",
}

// arabicBase romanises Arabic and Persian letters. Source: BGN/PCGN 1956
// romanisation of Arabic and the UN 1972 system for Persian, simplified to
// ASCII (emphatic consonants lose their dots, hamza and ʿayn are dropped).
// Long-vowel letters (ا و ي) are handled in translitArabic because their
// value depends on position.
var arabicBase = map[rune]string{
	'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d",
	'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d",
	'ط': "t", 'ظ': "z", 'ع': "", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k",
	'ل': "l", 'م': "m", 'ن': "n", 'ه': "h", 'ة': "a", 'ء': "", 'ئ': "",
	'ؤ': "", 'ى': "a", 'ـ': "",
	'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a",
	// Persian / Urdu letters (UN 1972, BGN/PCGN 1958 Persian).
	'پ': "p", 'چ': "ch", 'ژ': "zh", 'گ': "g", 'ک': "k", 'ی': "y", 'ۀ': "a",
	'ہ': "h", 'ھ': "h", 'ٹ': "t", 'ڈ': "d", 'ڑ': "r", 'ں': "n", 'ے': "e",
	// Harakat (short vowel marks), when written.
	'\u064e': "a", '\u064f': "u", '\u0650': "i", '\u064b': "an", '\u064c': "un",
	'\u064d': "in", '\u0652': "", '\u0651': "", '\u0670': "a",
}

// arabicParticles are name particles written as separate words, given
// their conventional romanisation (BGN/PCGN) since their vowels are not
// written.
var arabicParticles = map[string]string{
	"بن": "bin", "ابن": "ibn", "بنت": "bint", "عبد": "abd", "ابو": "abu", "أبو": "abu",
	"ال": "al", "بو": "bu", "ولد": "ould", "الله": "allah", "الدين": "aldin",
}

// hebrewBase romanises Hebrew consonants. Source: ISO 259-2 simplified /
// the Academy of the Hebrew Language 2006 general rules, without vowel
// points (vowels are recovered by consonant-skeleton matching instead).
var hebrewBase = map[rune]string{
	'א': "", 'ב': "b", 'ג': "g", 'ד': "d", 'ה': "h", 'ו': "v", 'ז': "z",
	'ח': "kh", 'ט': "t", 'י': "y", 'כ': "k", 'ך': "kh", 'ל': "l", 'מ': "m",
	'ם': "m", 'נ': "n", 'ן': "n", 'ס': "s", 'ע': "", 'פ': "p", 'ף': "f",
	'צ': "ts", 'ץ': "ts", 'ק': "k", 'ר': "r", 'ש': "sh", 'ת': "t",
}

// kanaBase romanises Japanese katakana syllables (hiragana is shifted onto
// katakana first). Source: modified Hepburn romanisation (as used by the
// Japanese passport office).
var kanaBase = map[rune]string{
	'ア': "a", 'イ': "i", 'ウ': "u", 'エ': "e", 'オ': "o",
	'カ': "ka", 'キ': "ki", 'ク': "ku", 'ケ': "ke", 'コ': "ko",
	'ガ': "ga", 'ギ': "gi", 'グ': "gu", 'ゲ': "ge", 'ゴ': "go",
	'サ': "sa", 'シ': "shi", 'ス': "su", 'セ': "se", 'ソ': "so",
	'ザ': "za", 'ジ': "ji", 'ズ': "zu", 'ゼ': "ze", 'ゾ': "zo",
	'タ': "ta", 'チ': "chi", 'ツ': "tsu", 'テ': "te", 'ト': "to",
	'ダ': "da", 'ヂ': "ji", 'ヅ': "zu", 'デ': "de", 'ド': "do",
	'ナ': "na", 'ニ': "ni", 'ヌ': "nu", 'ネ': "ne", 'ノ': "no",
	'ハ': "ha", 'ヒ': "hi", 'フ': "fu", 'ヘ': "he", 'ホ': "ho",
	'バ': "ba", 'ビ': "bi", 'ブ': "bu", 'ベ': "be", 'ボ': "bo",
	'パ': "pa", 'ピ': "pi", 'プ': "pu", 'ペ': "pe", 'ポ': "po",
	'マ': "ma", 'ミ': "mi", 'ム': "mu", 'メ': "me", 'モ': "mo",
	'ヤ': "ya", 'ユ': "yu", 'ヨ': "yo", 'ラ': "ra", 'リ': "ri", 'ル': "ru",
	'レ': "re", 'ロ': "ro", 'ワ': "wa", 'ヲ': "o", 'ン': "n", 'ヴ': "vu",
	'ァ': "a", 'ィ': "i", 'ゥ': "u", 'ェ': "e", 'ォ': "o",
	'ャ': "ya", 'ュ': "yu", 'ョ': "yo",
}

// Script identifies the writing system a name was written in before
// transliteration. Names written outside Latin often follow other
// name-order conventions (surname first in Russian and East Asian lists),
// which the person scorer takes into account.
type Script uint8

// Scripts recognised by the transliterator.
const (
	ScriptLatin Script = iota
	ScriptCyrillic
	ScriptGreek
	ScriptArmenian
	ScriptGeorgian
	ScriptArabic
	ScriptHebrew
	ScriptKana
	ScriptOther
	ScriptHan
	ScriptHangul
	ScriptDevanagari
	ScriptThai
	ScriptKhmer
	ScriptIndic    // other Brahmic scripts: Bengali, Gurmukhi, Tamil, Sinhala …
	ScriptEthiopic // Ge'ez (Amharic, Tigrinya)
	ScriptAsian    // Lao, Myanmar, Tibetan, Mongolian and other letters go-unidecode knows
)

// String names the script for explanations.
func (s Script) String() string {
	switch s {
	case ScriptLatin:
		return "Latin"
	case ScriptCyrillic:
		return "Cyrillic"
	case ScriptGreek:
		return "Greek"
	case ScriptArmenian:
		return "Armenian"
	case ScriptGeorgian:
		return "Georgian"
	case ScriptArabic:
		return "Arabic"
	case ScriptHebrew:
		return "Hebrew"
	case ScriptKana:
		return "Japanese kana"
	case ScriptHan:
		return "Han (Chinese characters, read as Mandarin pinyin)"
	case ScriptHangul:
		return "Korean Hangul"
	case ScriptDevanagari:
		return "Devanagari"
	case ScriptThai:
		return "Thai"
	case ScriptKhmer:
		return "Khmer"
	case ScriptIndic:
		return "an Indic script"
	case ScriptEthiopic:
		return "Ethiopic"
	case ScriptAsian:
		return "a non-Latin script"
	}
	return "other"
}

// scriptOf classifies one (lower-cased) rune.
func scriptOf(r rune) Script {
	switch {
	case r < 0x250:
		return ScriptLatin
	case r >= 0x370 && r <= 0x3ff, r >= 0x1f00 && r <= 0x1fff:
		return ScriptGreek
	case r >= 0x400 && r <= 0x52f:
		return ScriptCyrillic
	case r >= 0x531 && r <= 0x58f:
		return ScriptArmenian
	case r >= 0x590 && r <= 0x5ff:
		return ScriptHebrew
	case r >= 0x600 && r <= 0x6ff, r >= 0x750 && r <= 0x77f, r >= 0xfb50 && r <= 0xfdff, r >= 0xfe70 && r <= 0xfeff:
		return ScriptArabic
	case r >= 0x10a0 && r <= 0x10ff, r >= 0x1c90 && r <= 0x1cbf:
		return ScriptGeorgian
	case r >= 0x3040 && r <= 0x30ff:
		return ScriptKana
	case r >= 0x4e00 && r <= 0x9fff, r >= 0x3400 && r <= 0x4dbf, r >= 0xf900 && r <= 0xfaff, r >= 0x20000 && r <= 0x2ffff:
		return ScriptHan
	case r >= 0xac00 && r <= 0xd7af, r >= 0x1100 && r <= 0x11ff, r >= 0x3130 && r <= 0x318f:
		return ScriptHangul
	case r >= 0x900 && r <= 0x97f:
		return ScriptDevanagari
	case r >= 0x980 && r <= 0xdff:
		return ScriptIndic
	case r >= 0xe00 && r <= 0xe7f:
		return ScriptThai
	case r >= 0xe80 && r <= 0xfff, r >= 0x1000 && r <= 0x109f, r >= 0x1800 && r <= 0x18af:
		return ScriptAsian
	case r >= 0x1200 && r <= 0x139f, r >= 0x2d80 && r <= 0x2ddf:
		return ScriptEthiopic
	case r >= 0x1780 && r <= 0x17ff, r >= 0x19e0 && r <= 0x19ff:
		return ScriptKhmer
	}
	return ScriptOther
}

// isUkrainianWord reports whether a lower-cased Cyrillic word contains a
// letter that only Ukrainian uses, so that г/и take Ukrainian values.
func isUkrainianWord(w []rune) bool {
	for _, r := range w {
		switch r {
		case 'і', 'ї', 'є', 'ґ':
			return true
		}
	}
	return false
}

// transliterateWord romanises one lower-cased word (a run of letters of one
// script). Letters it does not know are returned unchanged.
func transliterateWord(w []rune, sc Script, sb *byteBuf, alt bool) {
	switch sc {
	case ScriptCyrillic:
		ukr := isUkrainianWord(w)
		for i, r := range w {
			if alt {
				// the other common romanisations: ё as yo (o after the
				// hushing consonants: Gorbachov), word-initial е as ye
				// (Yeltsin), г as h for Ukrainian and Belarusian names
				// written without their distinctive letters (Honcharenko)
				switch {
				case r == 'д' && i+1 < len(w) && w[i+1] == 'ж':
					// дж as j (Jokhar for Джохар, and foreign names:
					// Джессика is Jessica); ж is then skipped below
					sb.WriteString("j")
					continue
				case r == 'ж' && i > 0 && w[i-1] == 'д':
					continue
				case r == 'ё' && i > 0 && strings.ContainsRune("жчшщ", w[i-1]):
					sb.WriteString("o")
					continue
				case r == 'ё':
					sb.WriteString("yo")
					continue
				case r == 'е' && i == 0:
					sb.WriteString("ye")
					continue
				case r == 'г' && !ukr:
					sb.WriteString("h")
					continue
				}
			}
			if ukr {
				if s, ok := cyrillicUkrainian[r]; ok {
					sb.WriteString(s)
					continue
				}
			}
			// е after a vowel or at the start is "ye" in BGN/PCGN; we keep
			// "e": the variants differ by one letter, within the typo budget.
			if s, ok := cyrillicBase[r]; ok {
				sb.WriteString(s)
				continue
			}
			sb.WriteRune(r)
		}
	case ScriptGreek:
		translitGreek(w, sb)
	case ScriptArmenian:
		for i := 0; i < len(w); i++ {
			r := w[i]
			if r == 'ո' && i+1 < len(w) && w[i+1] == 'ւ' {
				sb.WriteString("u")
				i++
				continue
			}
			if i == 0 && r == 'ե' {
				sb.WriteString("ye")
				continue
			}
			if i == 0 && r == 'ո' {
				sb.WriteString("vo")
				continue
			}
			if s, ok := armenianBase[r]; ok {
				sb.WriteString(s)
				continue
			}
			sb.WriteRune(r)
		}
	case ScriptGeorgian:
		for _, r := range w {
			if r >= 0x1c90 && r <= 0x1cbf { // Mtavruli → Mkhedruli
				r = r - 0x1c90 + 0x10d0
			}
			if s, ok := georgianBase[r]; ok {
				sb.WriteString(s)
				continue
			}
			sb.WriteRune(r)
		}
	case ScriptArabic:
		translitArabic(w, sb, alt)
	case ScriptHebrew:
		for i, r := range w {
			switch r {
			case 'ו':
				if i == 0 {
					sb.WriteString("v")
				} else {
					sb.WriteString("o")
				}
				continue
			case 'י':
				if i == 0 {
					sb.WriteString("y")
				} else {
					sb.WriteString("i")
				}
				continue
			}
			if s, ok := hebrewBase[r]; ok {
				sb.WriteString(s)
				continue
			}
			if r >= 0x591 && r <= 0x5c7 { // points and cantillation
				continue
			}
			sb.WriteRune(r)
		}
	case ScriptKana:
		translitKana(w, sb)
	case ScriptHangul:
		translitHangul(w, sb, alt)
	case ScriptDevanagari:
		translitIndic(w, sb, false)
	case ScriptIndic:
		translitBrahmic(w, sb)
	case ScriptEthiopic:
		translitEthiopic(w, sb, alt)
	case ScriptAsian:
		if w[0] >= 0x1000 && w[0] <= 0x109f {
			translitMyanmar(w, sb)
			break
		}
		translitUnidecode(w, sc, sb)
	case ScriptHan, ScriptThai, ScriptKhmer:
		translitUnidecode(w, sc, sb)
	default:
		for _, r := range w {
			sb.WriteRune(r)
		}
	}
}

// translitGreek applies ELOT 743 digraph rules before single letters.
func translitGreek(w []rune, sb *byteBuf) {
	for i := 0; i < len(w); i++ {
		r := w[i]
		var next rune
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case r == 'ο' && next == 'υ':
			sb.WriteString("ou")
			i++
			continue
		case (r == 'α' || r == 'ε' || r == 'η') && next == 'υ':
			sb.WriteString(greekBase[r])
			sb.WriteString("v")
			i++
			continue
		case r == 'μ' && next == 'π':
			if i == 0 {
				sb.WriteString("b")
			} else {
				sb.WriteString("mp")
			}
			i++
			continue
		case r == 'ν' && next == 'τ':
			if i == 0 {
				sb.WriteString("d")
			} else {
				sb.WriteString("nt")
			}
			i++
			continue
		case r == 'γ' && (next == 'γ' || next == 'κ' || next == 'χ' || next == 'ξ'):
			if i == 0 && next == 'κ' {
				sb.WriteString("g")
				i++
				continue
			}
			sb.WriteString("n")
			continue
		}
		if s, ok := greekBase[r]; ok {
			sb.WriteString(s)
			continue
		}
		sb.WriteRune(r)
	}
}

// translitArabic romanises an Arabic-script word: the article ال becomes
// "al" (split off by the caller's tokenizer through a hyphen), و and ي are
// consonants at the start of a word and long vowels elsewhere.
//
// With alt, ج is g, as Egyptian names are spelt (Gamal, Naguib).
func translitArabic(w []rune, sb *byteBuf, alt bool) {
	if p, ok := arabicParticles[string(w)]; ok {
		sb.WriteString(p)
		return
	}
	start := 0
	if len(w) > 3 && w[0] == 'ا' && w[1] == 'ل' {
		sb.WriteString("al-")
		start = 2
	}
	for i := start; i < len(w); i++ {
		r := w[i]
		switch r {
		case 'و':
			if i == start {
				sb.WriteString("w")
			} else {
				sb.WriteString("u")
			}
			continue
		case 'ج':
			if alt {
				sb.WriteString("g")
				continue
			}
		case 'ي', 'ی':
			if i == start {
				sb.WriteString("y")
			} else {
				sb.WriteString("i")
			}
			continue
		}
		if s, ok := arabicBase[r]; ok {
			sb.WriteString(s)
			continue
		}
		sb.WriteRune(r)
	}
}

// translitKana romanises katakana and hiragana (modified Hepburn): small
// ya/yu/yo merge with the preceding i-syllable, the sokuon doubles the next
// consonant and the long-vowel mark repeats the previous vowel.
func translitKana(w []rune, sb *byteBuf) {
	var out []byte
	double := false
	for _, r := range w {
		if r >= 0x3041 && r <= 0x3096 { // hiragana → katakana
			r += 0x60
		}
		switch r {
		case 'ッ':
			double = true
			continue
		case 'ー':
			if n := len(out); n > 0 {
				out = append(out, out[n-1])
			}
			continue
		case 'ャ', 'ュ', 'ョ':
			if n := len(out); n > 0 && out[n-1] == 'i' {
				out = out[:n-1]
				if n >= 3 && (string(out[n-3:n-1]) == "sh" || string(out[n-3:n-1]) == "ch") {
					out = append(out, kanaBase[r][1])
				} else if n >= 2 && out[n-2] == 'j' {
					out = append(out, kanaBase[r][1])
				} else {
					out = append(out, kanaBase[r]...)
				}
				continue
			}
		case 'ィ', 'ェ', 'ォ', 'ァ', 'ゥ':
			if n := len(out); n > 0 && (out[n-1] == 'u' || out[n-1] == 'i' || out[n-1] == 'o') {
				out = out[:n-1]
				out = append(out, kanaBase[r]...)
				continue
			}
		}
		s, ok := kanaBase[r]
		if !ok {
			out = append(out, string(r)...)
			continue
		}
		if double && len(s) > 0 {
			out = append(out, s[0])
		}
		double = false
		out = append(out, s...)
	}
	sb.Write(out)
}
