package names

// The Brahmic scripts of India and Sri Lanka besides Devanagari.
//
// Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada and Malayalam
// were encoded by Unicode on the layout of ISCII (IS 13194:1991), in which
// a letter has the same offset in every script's block as the
// corresponding Devanagari letter: ক, ਕ, ક, କ, க, క, ಕ, ക are all at
// offset 0x15 like क. They are therefore romanised by mapping each letter
// onto its Devanagari counterpart and applying the Devanagari rules
// (Hunterian values, an inherent a unless a vowel sign or virama follows),
// with the letters only some scripts have added from the same layout
// (Tamil and Malayalam ழ/ഴ zh, ற r, ன n; short e and o; Malayalam's
// vowelless chillu letters; Bengali khanda ta; Gurmukhi tippi and addak).
// The Dravidian scripts mark a vowelless final consonant with the virama,
// so their final inherent a is spoken and kept (கருணாநிதி Karunanidhi,
// సిద్దరామయ్య Siddaramayya); the northern ones drop it (রবীন্দ্রনাথ
// Rabindranath).
//
// Sinhala is not on the ISCII layout: sinhalaToDevanagari maps its letters
// onto the Devanagari ones of the same sound (Unicode's Sinhala code chart
// and the ISO 15919 values), and the prenasalised consonants (ඟ ඬ ඳ ඹ) are
// written ng, nd, nd, mb. Sinhala keeps the final inherent a (මහින්ද Mahinda,
// රාජපක්ෂ Rajapaksha).

// brahmicBlock describes one script block on the ISCII layout.
type brahmicBlock struct {
	base      rune // first code point of the block
	keepFinal bool // the inherent vowel of a final consonant is spoken
}

// brahmicBlocks lists the ISCII-layout blocks from U+0980 to U+0D7F.
var brahmicBlocks = [...]brahmicBlock{
	{0x980, false}, // Bengali, Assamese
	{0xa00, false}, // Gurmukhi
	{0xa80, false}, // Gujarati
	{0xb00, false}, // Oriya
	{0xb80, true},  // Tamil
	{0xc00, true},  // Telugu
	{0xc80, true},  // Kannada
	{0xd00, true},  // Malayalam
}

// brahmicExtra are letters of the Devanagari layout that Hindi does not
// use but the other scripts do (reached through the offset mapping),
// romanised as consonants. Most letters with a nukta (Bengali য়) reach the
// tables decomposed, NFKC having split them, and their nukta is skipped;
// Oriya ୟ is a letter of its own, at the offset of य़.
var brahmicExtra = map[rune]string{
	'ऴ': "zh", 'ऱ': "r", 'ऩ': "n",
	'\u0958': "q", '\u0959': "kh", '\u095a': "gh", '\u095b': "z", '\u095c': "r", '\u095d': "rh", '\u095e': "f", '\u095f': "y",
}

// brahmicExtraSigns and brahmicExtraVowels are the short e and o of the
// southern scripts (ெ, ொ; எ, ஒ) at their Devanagari offsets.
var (
	brahmicExtraSigns  = map[rune]string{'ॆ': "e", 'ॊ': "o", 'ॅ': "e"}
	brahmicExtraVowels = map[rune]string{'ऎ': "e", 'ऒ': "o", 'ऍ': "e", 'ऌ': "li"}
)

// sinhalaToDevanagari maps Sinhala letters onto the Devanagari letters of
// the same value; sinhalaConsonants, sinhalaVowels and sinhalaSigns
// romanise those that have none.
var (
	sinhalaToDevanagari = map[rune]rune{
		'අ': 'अ', 'ආ': 'आ', 'ඉ': 'इ', 'ඊ': 'ई', 'උ': 'उ', 'ඌ': 'ऊ', 'ඍ': 'ऋ', 'එ': 'ऎ', 'ඒ': 'ए',
		'ඓ': 'ऐ', 'ඔ': 'ऒ', 'ඕ': 'ओ', 'ඖ': 'औ',
		'ක': 'क', 'ඛ': 'ख', 'ග': 'ग', 'ඝ': 'घ', 'ඞ': 'ङ', 'ච': 'च', 'ඡ': 'छ', 'ජ': 'ज', 'ඣ': 'झ',
		'ඤ': 'ञ', 'ට': 'ट', 'ඨ': 'ठ', 'ඩ': 'ड', 'ඪ': 'ढ', 'ණ': 'ण', 'ත': 'त', 'ථ': 'थ', 'ද': 'द',
		'ධ': 'ध', 'න': 'न', 'ප': 'प', 'ඵ': 'फ', 'බ': 'ब', 'භ': 'भ', 'ම': 'म', 'ය': 'य', 'ර': 'र',
		'ල': 'ल', 'ව': 'व', 'ශ': 'श', 'ෂ': 'ष', 'ස': 'स', 'හ': 'ह', 'ළ': 'ळ', 'ෆ': 'फ',
		'්': '्', 'ා': 'ा', 'ි': 'ि', 'ී': 'ी', 'ු': 'ु', 'ූ': 'ू', 'ෘ': 'ृ', 'ෙ': 'ॆ', 'ේ': 'े',
		'ෛ': 'ै', 'ො': 'ॊ', 'ෝ': 'ो', 'ෞ': 'ौ', 'ං': 'ं', 'ඃ': 'ः', 'ෲ': 'ृ',
	}
	sinhalaConsonants = map[rune]string{'ඟ': "ng", 'ඦ': "nj", 'ඬ': "nd", 'ඳ': "nd", 'ඹ': "mb", 'ඥ': "gn"}
	sinhalaVowels     = map[rune]string{'ඇ': "e", 'ඈ': "e"} // æ, ǣ
	sinhalaSigns      = map[rune]string{'ැ': "e", 'ෑ': "e"}
)

// translitBrahmic romanises a word of an Indic script other than
// Devanagari (scriptOf's ScriptIndic range).
func translitBrahmic(w []rune, sb *byteBuf) {
	if len(w) == 0 {
		return
	}
	var buf [32]rune
	dv := buf[:0]
	keepFinal := false
	if w[0] >= 0xd80 {
		// Sinhala
		keepFinal = true
		for _, r := range w {
			if d, ok := sinhalaToDevanagari[r]; ok {
				r = d // the others are looked up in translitIndic
			}
			dv = append(dv, r)
		}
	} else {
		blk := brahmicBlocks[0]
		for _, b := range brahmicBlocks {
			if w[0] >= b.base && w[0] < b.base+0x80 {
				blk = b
			}
		}
		keepFinal = blk.keepFinal
		for _, r := range w {
			switch r {
			case 0x9ce: // Bengali khanda ta: t without a vowel
				dv = append(dv, 'त', '्')
				continue
			case 0xa70: // Gurmukhi tippi: a nasal
				dv = append(dv, 'ं')
				continue
			case 0xa71: // Gurmukhi addak (a doubled consonant): spelt single in names (Sidhu)
				continue
			case 0xd7a, 0xd7b, 0xd7c, 0xd7d, 0xd7e, 0xd7f: // Malayalam chillu: vowelless ṇ n r l ḷ k
				dv = append(dv, []rune{'ण', 'न', 'र', 'ल', 'ळ', 'क'}[r-0xd7a], '्')
				continue
			case 0xbd7, 0xd57: // au length marks (Tamil, Malayalam)
				continue
			}
			if r >= blk.base && r < blk.base+0x80 {
				r = r - blk.base + 0x900
			}
			dv = append(dv, r)
		}
	}
	translitIndic(dv, sb, keepFinal)
}
