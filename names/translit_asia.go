package names

import (
	"strings"

	"github.com/mozillazg/go-unidecode"
)

// Scripts of South, South-East and East Asia and the rest.
//
// Hangul and Devanagari are romanised by the project's own rules, since
// names in them need scheme-aware output (Korean surnames have fixed
// customary spellings, Devanagari an inherent vowel that a letter-by-letter
// table loses; the other Indic scripts, Sinhala, Ethiopic and Myanmar have
// their own files). Han characters, Thai, Khmer, Lao and whatever else has
// letters go through go-unidecode's tables (Han as Mandarin pinyin without
// tones), one syllable per word so that the matcher's joined-word
// comparison finds "Xi Jinping" in 习近平.

// hangulInitial gives the customary romanisation of the 19 initial
// consonants in the order of Unicode's Hangul syllable composition, as
// names are usually spelt in Latin lists (Kim, Park, Choi: close to
// McCune–Reischauer without its diacritics); hangulInitialRR the Revised
// Romanisation of 2000 (Gim, Bak, Choe), the alternative.
var (
	hangulInitial   = [19]string{"k", "kk", "n", "d", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulInitialRR = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	// vowels: customary (ㅓ as u: Jung, Sung, Hyun; ㅜ as oo: Moon, Joon;
	// ㅡ as u: Un) and RR
	hangulVowel   = [21]string{"a", "ae", "ya", "yae", "u", "e", "yu", "ye", "o", "wa", "wae", "oe", "yo", "oo", "wo", "we", "wi", "yu", "u", "ui", "i"}
	hangulVowelRR = [21]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulFinal   = [28]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

// koreanSurnames gives the customary spelling of common Korean surnames
// (first syllable of a name), which differs from any rule: 이 is Lee, 박
// Park, 최 Choi. Compiled from general knowledge of Korean names.
var koreanSurnames = map[rune]string{
	'김': "kim", '이': "lee", '박': "park", '최': "choi", '정': "jung", '강': "kang", '조': "cho",
	'윤': "yoon", '장': "jang", '임': "lim", '한': "han", '오': "oh", '서': "seo", '신': "shin",
	'권': "kwon", '황': "hwang", '안': "ahn", '송': "song", '류': "ryu", '유': "yoo", '홍': "hong",
	'전': "jeon", '고': "ko", '문': "moon", '손': "son", '양': "yang", '배': "bae", '백': "baek",
	'허': "heo", '노': "noh", '남': "nam", '심': "shim", '곽': "kwak", '성': "sung", '차': "cha",
	'주': "joo", '우': "woo", '구': "koo", '민': "min", '진': "jin", '지': "ji", '엄': "um",
	'채': "chae", '원': "won", '천': "chun", '방': "bang", '공': "kong", '현': "hyun", '함': "ham",
	'변': "byun", '염': "yeom", '여': "yeo", '추': "choo", '도': "do", '석': "seok", '선': "sun",
	'설': "seol", '길': "gil", '연': "yeon", '표': "pyo", '명': "myung", '반': "ban", '왕': "wang",
	'금': "keum", '옥': "ok", '육': "yook", '맹': "maeng", '탁': "tak", '국': "kook", '하': "ha",
	'나': "na", '라': "ra",
}

// translitHangul writes a Hangul word as one word per syllable: the
// customary spelling, or with alt the Revised Romanisation. The first
// syllable of a word that starts a name takes the customary spelling of
// the surname where there is one.
func translitHangul(w []rune, sb *byteBuf, alt bool) {
	for i, r := range w {
		if i > 0 {
			sb.addByte(' ')
		}
		if r < 0xac00 || r > 0xd7a3 {
			sb.WriteRune(r) // a loose jamo: left as it is
			continue
		}
		if s, ok := koreanSurnames[r]; ok && i == 0 && len(w) >= 2 && !alt {
			sb.WriteString(s)
			continue
		}
		s := int(r - 0xac00)
		l, v, t := s/588, (s%588)/28, s%28
		if alt {
			sb.WriteString(hangulInitialRR[l])
			sb.WriteString(hangulVowelRR[v])
		} else {
			sb.WriteString(hangulInitial[l])
			sb.WriteString(hangulVowel[v])
		}
		sb.WriteString(hangulFinal[t])
	}
}

// devanagariConsonants and devanagariVowels romanise Devanagari (Hindi,
// Marathi, Nepali) after the Hunterian system used for Indian names in
// Latin (Narendra Modi, Rahul Gandhi): a consonant carries an inherent
// a unless a vowel sign or a virama follows, and the inherent a of the
// last letter of a word is not spoken (Modi's "Narendra" keeps it after a
// conjunct).
var (
	devanagariConsonants = map[rune]string{
		'क': "k", 'ख': "kh", 'ग': "g", 'घ': "gh", 'ङ': "n", 'च': "ch", 'छ': "chh", 'ज': "j", 'झ': "jh",
		'ञ': "n", 'ट': "t", 'ठ': "th", 'ड': "d", 'ढ': "dh", 'ण': "n", 'त': "t", 'थ': "th", 'द': "d",
		'ध': "dh", 'न': "n", 'प': "p", 'फ': "ph", 'ब': "b", 'भ': "bh", 'म': "m", 'य': "y", 'र': "r",
		'ल': "l", 'व': "v", 'श': "sh", 'ष': "sh", 'स': "s", 'ह': "h", 'ळ': "l",
	}
	devanagariVowels = map[rune]string{
		'अ': "a", 'आ': "a", 'इ': "i", 'ई': "i", 'उ': "u", 'ऊ': "u", 'ऋ': "ri", 'ए': "e", 'ऐ': "ai",
		'ओ': "o", 'औ': "au", 'ऑ': "o",
	}
	devanagariSigns = map[rune]string{
		'ा': "a", 'ि': "i", 'ी': "i", 'ु': "u", 'ू': "u", 'ृ': "ri", 'े': "e", 'ै': "ai", 'ो': "o",
		'ौ': "au", 'ॉ': "o",
	}
)

// translitIndic romanises a word of Devanagari letters (or of another
// Brahmic script mapped onto them by translitBrahmic). keepFinal keeps the
// inherent a of a final consonant, which Hindi drops (Modi) and the
// southern scripts speak.
func translitIndic(w []rune, sb *byteBuf, keepFinal bool) {
	pending := false // a consonant waits for its vowel
	conjunct := false
	for i, r := range w {
		c, ok := devanagariConsonants[r]
		if !ok {
			if c, ok = brahmicExtra[r]; !ok {
				c, ok = sinhalaConsonants[r]
			}
		}
		if ok {
			if pending {
				sb.addByte('a')
			}
			conjunct = i > 0 && w[i-1] == '्'
			sb.WriteString(c)
			pending = true
			continue
		}
		s, ok := devanagariSigns[r]
		if !ok {
			if s, ok = brahmicExtraSigns[r]; !ok {
				s, ok = sinhalaSigns[r]
			}
		}
		if ok {
			sb.WriteString(s)
			pending = false
			continue
		}
		switch r {
		case '्': // virama: no vowel
			pending = false
			continue
		case 'ं', 'ँ': // anusvara, chandrabindu
			if pending {
				sb.addByte('a')
				pending = false
			}
			sb.addByte('n')
			continue
		case 'ः':
			if pending {
				sb.addByte('a')
				pending = false
			}
			sb.addByte('h')
			continue
		case '़': // nukta (ज़ z, फ़ f): the base letter is close enough
			continue
		}
		if pending {
			sb.addByte('a')
			pending = false
		}
		v, ok := devanagariVowels[r]
		if !ok {
			if v, ok = brahmicExtraVowels[r]; !ok {
				v, ok = sinhalaVowels[r]
			}
		}
		if ok {
			sb.WriteString(v)
			continue
		}
		if r >= 0x900 && r < 0xe00 {
			continue // a sign without a romanisation (avagraha, length marks)
		}
		sb.WriteRune(r)
	}
	if pending && (conjunct || keepFinal) {
		sb.addByte('a') // Narendra, Indra: kept after a conjunct
	}
}

// translitUnidecode romanises a run through go-unidecode's tables, one
// word per Han character (a syllable), lower case.
func translitUnidecode(w []rune, sc Script, sb *byteBuf) {
	s := unidecode.Unidecode(string(w))
	if sc == ScriptHan {
		s = strings.Join(strings.Fields(s), " ")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			sb.addByte(c + 'a' - 'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == ' ' && sc == ScriptHan:
			sb.addByte(c)
		}
	}
}
