package names

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// latinFolds maps Latin letters that do not decompose under NFD to plain
// ASCII (the usual transcriptions in passports and sanctions lists).
var latinFolds = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŋ': "ng", 'ə': "e", 'ŧ': "t", 'ĸ': "k",
	'ſ': "s", 'ɨ': "i", 'ʉ': "u", 'ɔ': "o", 'ɛ': "e", 'ƒ': "f",
}

// latinFoldTable holds the folded form of every rune below U+0250 (Latin-1
// Supplement, Latin Extended-A and -B), computed once from NFD and
// latinFolds, so that common accented letters need no normalisation call.
var latinFoldTable = func() [0x250]string {
	var t [0x250]string
	for r := rune(0x80); r < 0x250; r++ {
		if s, ok := latinFolds[r]; ok {
			t[r] = s
			continue
		}
		var b strings.Builder
		for _, c := range norm.NFD.String(string(unicode.ToLower(r))) {
			if unicode.Is(unicode.Mn, c) {
				continue
			}
			if s, ok := latinFolds[c]; ok {
				b.WriteString(s)
				continue
			}
			b.WriteRune(c)
		}
		t[r] = b.String()
	}
	return t
}()

// leetDigits maps digits written inside words for look-alike letters
// ("Ig0r Sech1n"); only digits with letters on both sides are mapped.
var leetDigits = [10]byte{'o', 'i', 'z', 'e', 'a', 's', 'g', 't', 'b', 'g'}

// isApostrophe reports the apostrophe-like characters that are deleted
// inside words (O'Brien, Qa'ida, Int'l) rather than splitting them.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', 'ʻ', '`', '´', '‘', 'ʿ', 'ʾ', '′':
		return true
	}
	return false
}

// isWordRune reports whether r belongs inside a raw word. Dots, '%' and
// apostrophes are kept so that initials, percent signs and possessives can
// be interpreted; everything else that is not a letter, digit or mark
// separates words.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '%' || r == '\''
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || isApostrophe(r) || isJoiner(r)
}

// isJoiner reports the zero-width joiner and non-joiner, which the Indic
// scripts write inside words to choose a form of a conjunct (Sinhala
// ක්‍ර): part of the word, no letter of it.
func isJoiner(r rune) bool { return r == 0x200c || r == 0x200d }

// asciiWord is isWordRune for ASCII.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = isWordRune(r)
	}
	return t
}()

// rawWord is a maximal run of word runes in the input, with byte offsets.
type rawWord struct {
	text       string
	start, end int
}

// splitRaw cuts s into raw words at separator runes, appending them to out.
func splitRaw(out []rawWord, s string) []rawWord {
	start := -1
	for i, r := range s {
		var word bool
		if r < utf8.RuneSelf {
			word = asciiWord[r]
		} else {
			word = isWordRune(r)
		}
		if word {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, rawWord{s[start:i], start, i})
			start = -1
		}
		if r == '&' || r == '+' {
			out = append(out, rawWord{"and", i, i + 1})
		}
	}
	if start >= 0 {
		out = append(out, rawWord{s[start:], start, len(s)})
	}
	return out
}

// foldWordMode turns one raw word into lower-case ASCII (where the script
// is known), with accents stripped and non-Latin scripts transliterated.
// Dots, apostrophes and '%' are still present in the result for the caller.
// It also reports the dominant non-Latin script found. alt selects the
// alternative romanisation of ambiguous Cyrillic letters (see
// transliterateWord).
func foldWordMode(w string, alt bool) (string, Script) {
	if isASCII(w) {
		return lowerASCII(w), ScriptLatin
	}
	var buf [64]byte
	b, sc := appendFold(buf[:0], w, alt)
	return string(b), sc
}

// byteBuf is a minimal byte-slice writer for the transliteration tables.
type byteBuf struct{ b []byte }

func (w *byteBuf) WriteString(s string) { w.b = append(w.b, s...) }
func (w *byteBuf) addByte(c byte)       { w.b = append(w.b, c) }
func (w *byteBuf) Write(p []byte)       { w.b = append(w.b, p...) }
func (w *byteBuf) WriteRune(r rune)     { w.b = utf8.AppendRune(w.b, r) }

// appendFold appends the folded form of the word w (see foldWordMode) to dst.
func appendFold(dst []byte, w string, alt bool) ([]byte, Script) {
	if isASCII(w) {
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
		}
		return dst, ScriptLatin
	}
	p0 := len(dst)
	sb := &byteBuf{b: dst}
	script := ScriptLatin
	var runBuf [32]rune
	run := runBuf[:0]
	runScript := ScriptLatin
	flush := func() {
		if len(run) > 0 {
			transliterateWord(run, runScript, sb, alt)
			run = run[:0]
		}
	}
	if norm.NFKC.QuickSpanString(w) != len(w) && !norm.NFKC.IsNormalString(w) {
		w = norm.NFKC.String(w)
	}
	for _, r := range w {
		if isJoiner(r) {
			continue
		}
		r = unicode.ToLower(r)
		sc := scriptOf(r)
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) {
			// combining marks: keep Arabic harakat and the vowel signs of
			// the Asian scripts inside their run, drop the rest (accents).
			if len(run) > 0 && (runScript == ScriptArabic || runScript == ScriptHebrew || runScript >= ScriptHan) {
				run = append(run, r)
			}
			continue
		}
		if r >= utf8.RuneSelf && unicode.IsDigit(r) {
			flush()
			runScript = ScriptLatin
			sb.addByte(byte('0' + digitValue(r)))
			continue
		}
		switch sc {
		case ScriptLatin, ScriptGreek, ScriptOther:
			if sc == ScriptGreek {
				// Greek accents go through NFD like Latin ones, but the
				// letters are transliterated as a run.
				base := greekBase1(r)
				if runScript != ScriptGreek {
					flush()
					runScript = ScriptGreek
				}
				run = append(run, base)
				script = ScriptGreek
				continue
			}
			flush()
			runScript = ScriptLatin
			if s, ok := latinFolds[r]; ok {
				sb.WriteString(s)
				continue
			}
			if r < utf8.RuneSelf {
				sb.WriteRune(r)
				continue
			}
			if r < rune(len(latinFoldTable)) {
				sb.WriteString(latinFoldTable[r])
				continue
			}
			d := norm.NFD.String(string(r))
			for _, c := range d {
				if unicode.Is(unicode.Mn, c) {
					continue
				}
				if s, ok := latinFolds[c]; ok {
					sb.WriteString(s)
					continue
				}
				sb.WriteRune(c)
			}
			if sc == ScriptOther && unicode.IsLetter(r) {
				script = ScriptOther
			}
		default:
			if runScript != sc {
				flush()
				runScript = sc
			}
			run = append(run, r)
			if script == ScriptLatin {
				script = sc
			}
		}
	}
	flush()
	out := sb.b
	// combining marks never survive folding
	hasMark := false
	for i := p0; i < len(out); {
		r, size := utf8.DecodeRune(out[i:])
		if isMark(r) {
			hasMark = true
			break
		}
		i += size
	}
	if hasMark {
		k := p0
		for i := p0; i < len(out); {
			r, size := utf8.DecodeRune(out[i:])
			if !isMark(r) {
				k += copy(out[k:], out[i:i+size])
			}
			i += size
		}
		out = out[:k]
	}
	return out, script
}

// isMark reports combining marks, which never survive folding.
func isMark(r rune) bool {
	return r >= 0x300 && (unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Me, r))
}

// digitValue returns the value of a decimal digit of any script (Unicode
// decimal digits come in runs of ten starting at zero).
func digitValue(r rune) int {
	v := 0
	for v < 9 && unicode.IsDigit(r-1) {
		r--
		v++
	}
	return v
}

// greekBaseTable holds greekBase1 for the Greek and Coptic block and
// Greek Extended, computed once.
var greekBaseTable = func() (t [2][0x100]rune) {
	for i := range 0x100 {
		t[0][i] = greekBaseNFD(rune(0x300 + i))
		t[1][i] = greekBaseNFD(rune(0x1f00 + i))
	}
	return t
}()

// greekBase1 removes accents and diaeresis from a Greek letter.
func greekBase1(r rune) rune {
	switch {
	case r >= 0x300 && r < 0x400:
		return greekBaseTable[0][r-0x300]
	case r >= 0x1f00 && r < 0x2000:
		return greekBaseTable[1][r-0x1f00]
	}
	return greekBaseNFD(r)
}

func greekBaseNFD(r rune) rune {
	d := norm.NFD.String(string(r))
	for _, c := range d {
		if !unicode.Is(unicode.Mn, c) {
			return c
		}
	}
	return r
}

// wordToken is one normalised token with the raw word it came from.
type wordToken struct {
	norm       string
	raw        string
	start, end int
	initials   bool   // came from dotted single letters (A.B.C., J.)
	alt        string // alternative romanisation, if the script allows one
	script     Script
}

// tokenizeRaw normalises s into tokens: folded, transliterated, with dots,
// apostrophes, possessives and digits interpreted. It is the shared core of
// Normalize, Parse and FreeTextTokens.
func tokenizeRaw(s string) []wordToken {
	return appendTokens(nil, s)
}

// appendTokens is tokenizeRaw appending to out.
func appendTokens(out []wordToken, s string) []wordToken {
	var rbuf [32]rawWord
	raws := splitRaw(rbuf[:0], s)
	if cap(out)-len(out) < len(raws)+2 {
		out = slices.Grow(out, len(raws)+2)
	}
	if isASCII(s) {
		// lower-cased in one piece: one allocation per input rather than
		// one per word
		lower := lowerASCII(s)
		for _, rw := range raws {
			folded := rw.text
			if rw.end-rw.start == len(rw.text) { // not "&" read as "and"
				folded = lower[rw.start:rw.end]
			}
			out = appendFolded(out, folded, rw, ScriptLatin)
		}
		return out
	}
	// Fold every word (and the alternative romanisation of ambiguous
	// Cyrillic words) into one buffer that becomes one string.
	type foldSpan struct {
		end, altEnd int32
		sc          Script
	}
	var fbuf [256]byte
	var sbuf [32]foldSpan
	fb, spans := fbuf[:0], sbuf[:0]
	for _, rw := range raws {
		var sc Script
		fb, sc = appendFold(fb, rw.text, false)
		end := int32(len(fb))
		if sc == ScriptCyrillic && (strings.ContainsAny(rw.text, "ёЁеЕгГ") || strings.Contains(rw.text, "дж") || strings.Contains(rw.text, "Дж")) || sc == ScriptHangul || sc == ScriptEthiopic || sc == ScriptArabic && strings.ContainsRune(rw.text, 'ج') {
			fb, _ = appendFold(fb, rw.text, true)
		}
		spans = append(spans, foldSpan{end, int32(len(fb)), sc})
	}
	arena := string(fb)
	pos := int32(0)
	for i, rw := range raws {
		sp := spans[i]
		folded := arena[pos:sp.end]
		pos = sp.altEnd
		n := len(out)
		out = appendFolded(out, folded, rw, sp.sc)
		if sp.sc == ScriptHan {
			hanRaws(out[n:], rw.text)
		}
		if sp.altEnd > sp.end {
			// keep the alternative romanisation of ambiguous letters
			if af := arena[sp.end:sp.altEnd]; af != folded {
				var abuf [8]wordToken
				alts := appendFolded(abuf[:0], af, rw, sp.sc)
				if len(alts) == len(out)-n {
					for i := range alts {
						if alts[i].norm != out[n+i].norm {
							out[n+i].alt = alts[i].norm
						}
					}
				}
			}
		}
	}
	return out
}

// hanRaws gives each syllable of a Han word its own character as the raw
// word, when the syllables and the characters correspond one to one, so
// that explanations and comparisons see the characters.
func hanRaws(toks []wordToken, raw string) {
	k := 0
	for _, r := range raw {
		if scriptOf(r) == ScriptHan {
			k++
		}
	}
	if k != len(toks) {
		return
	}
	i := 0
	for j, r := range raw {
		if scriptOf(r) == ScriptHan {
			toks[i].raw = raw[j : j+utf8.RuneLen(r)]
			i++
		}
	}
}

// isASCII reports whether s is plain ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lowerASCII lower-cases the ASCII letters of s, leaving other bytes as
// they are; it allocates only when s has an upper-case ASCII letter.
func lowerASCII(s string) string {
	i := 0
	for i < len(s) && !(s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, len(s))
	copy(b, s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

// appendFolded interprets punctuation inside a folded word and appends the
// resulting tokens.
func appendFolded(out []wordToken, folded string, rw rawWord, sc Script) []wordToken {
	// Most words are plain letters: nothing to interpret.
	plain := true
	for i := 0; i < len(folded); i++ {
		if c := folded[i]; c >= utf8.RuneSelf || !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		if folded != "" {
			out = append(out, wordToken{norm: folded, raw: rw.text, start: rw.start, end: rw.end, script: sc})
		}
		return out
	}
	// Transliteration can introduce hyphens (Arabic article), and
	// compatibility folding spaces and symbols (NFKC turns "´" into a space
	// and an accent, "ŀ" into "l·"): anything that is not a letter, a digit
	// or the punctuation interpreted below separates words.
	if strings.IndexFunc(folded, separates) >= 0 {
		for _, part := range strings.FieldsFunc(folded, separates) {
			out = appendFolded(out, part, rw, sc)
		}
		return out
	}
	if strings.Contains(folded, "%") {
		folded = strings.ReplaceAll(folded, "%", "percent")
	}
	// Possessives: "bank's" → "bank", "sessions'" → "sessions".
	folded = stripPossessive(folded)
	// Dots: single letters separated by dots are initials/acronyms;
	// otherwise dots separate words (St.Petersburg) or end abbreviations.
	if strings.Contains(folded, ".") {
		segs := strings.Split(folded, ".")
		allSingle := true
		n := 0
		for _, sg := range segs {
			sg = removeApostrophes(sg)
			if sg == "" {
				continue
			}
			n++
			if utf8.RuneCountInString(sg) != 1 {
				allSingle = false
			}
		}
		if n == 0 {
			return out
		}
		if allSingle {
			var b strings.Builder
			for _, sg := range segs {
				b.WriteString(removeApostrophes(sg))
			}
			return appendCleanDigits(out, b.String(), rw, sc, true)
		}
		for _, sg := range segs {
			if sg != "" {
				out = appendFolded(out, sg, rw, sc)
			}
		}
		return out
	}
	return appendCleanDigits(out, removeApostrophes(folded), rw, sc, false)
}

// separates reports whether r splits a folded word in two.
func separates(r rune) bool {
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return false
	}
	return !strings.ContainsRune(".'%’`", r)
}

// appendCleanDigits appends the tokens cleanDigits makes of w.
func appendCleanDigits(out []wordToken, w string, rw rawWord, sc Script, initials bool) []wordToken {
	if !strings.ContainsAny(w, "0123456789") {
		if w != "" {
			out = append(out, wordToken{norm: w, raw: rw.text, start: rw.start, end: rw.end, initials: initials, script: sc})
		}
		return out
	}
	for _, t := range cleanDigits(w) {
		if t != "" {
			out = append(out, wordToken{norm: t, raw: rw.text, start: rw.start, end: rw.end, initials: initials, script: sc})
		}
	}
	return out
}

// stripPossessive removes an English possessive ending.
func stripPossessive(w string) string {
	if !strings.ContainsFunc(w, isApostrophe) {
		return w
	}
	for _, suf := range [...]string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(w, suf) && utf8.RuneCountInString(w) > utf8.RuneCountInString(suf)+1 {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

// removeApostrophes deletes apostrophe-like runes inside a word.
func removeApostrophes(w string) string {
	if !strings.ContainsFunc(w, isApostrophe) {
		return w
	}
	return strings.Map(func(r rune) rune {
		if isApostrophe(r) {
			return -1
		}
		return r
	}, w)
}

// cleanDigits interprets digits inside a word: look-alike digits between
// letters become letters ("sech1n"), ordinals lose their suffix ("1st"),
// and a number joined to letters is split off ("3percenters"). It returns
// one or more tokens.
func cleanDigits(w string) []string {
	if !strings.ContainsAny(w, "0123456789") {
		return []string{w}
	}
	hasDigit, hasLetter := false, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= '0' && c <= '9' {
			hasDigit = true
		} else {
			hasLetter = true
		}
	}
	if !hasDigit || !hasLetter {
		return []string{w}
	}
	b := []byte(w)
	isL := func(i int) bool { return i >= 0 && i < len(b) && !(b[i] >= '0' && b[i] <= '9') }
	// look-alike digits with letters on both sides
	for i := range b {
		if b[i] >= '0' && b[i] <= '9' && isL(i-1) && isL(i+1) {
			b[i] = leetDigits[b[i]-'0']
		}
	}
	// ordinals: digits followed by st/nd/rd/th only
	j := 0
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	if j > 0 && j < len(b) {
		suf := string(b[j:])
		if suf == "st" || suf == "nd" || suf == "rd" || suf == "th" || suf == "e" || suf == "er" || suf == "eme" {
			return []string{string(b[:j])}
		}
	}
	// split digit/letter boundaries
	var out []string
	start := 0
	for i := 1; i <= len(b); i++ {
		if i == len(b) || isDigitByte(b[i]) != isDigitByte(b[i-1]) {
			out = append(out, string(b[start:i]))
			start = i
		}
	}
	return out
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// Normalize folds a name to its canonical comparison form: Unicode NFKC,
// lower case, accents stripped, non-Latin scripts transliterated to Latin,
// punctuation and possessives removed, look-alike digits repaired, tokens
// separated by single spaces. It keeps every word (titles and legal forms
// are only interpreted by Parse) and is idempotent:
// Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	toks := tokenizeRaw(s)
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.norm)
	}
	return b.String()
}

// TextToken is one normalised word found in free text, with the byte
// offsets of the raw word it came from in the input. Document scanning uses
// it to look names up in an Index and report where they occur.
type TextToken struct {
	Norm       string // normalised form, as in Normalize
	Start, End int    // byte offsets of the raw word in the input
}

// FreeTextTokens normalises free text (a news report, a filing) into tokens
// with offsets, using the same folding and transliteration as names so that
// a window of tokens can be matched against names.
func FreeTextTokens(text string) []TextToken {
	toks := tokenizeRaw(text)
	out := make([]TextToken, len(toks))
	for i, t := range toks {
		out[i] = TextToken{Norm: t.norm, Start: t.start, End: t.end}
	}
	return out
}
