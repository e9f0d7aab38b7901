package names

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Schema is the kind of entity a name belongs to, following the
// FollowTheMoney schema names used by OpenSanctions. Persons and
// organisations are compared by different rules.
type Schema string

// Schemas the matcher distinguishes. Any other value is treated as a
// generic legal entity.
const (
	Person       Schema = "Person"
	Company      Schema = "Company"
	Organization Schema = "Organization"
	LegalEntity  Schema = "LegalEntity"
	Vessel       Schema = "Vessel"
)

// ParseSchema accepts a schema name in any case (and a few synonyms) and
// returns the canonical Schema; unknown names are returned as given so that
// they are treated as generic.
func ParseSchema(s string) Schema {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "person", "individual", "people":
		return Person
	case "company", "corporation", "business":
		return Company
	case "organization", "organisation", "org", "publicbody", "government":
		return Organization
	case "legalentity", "entity", "":
		return LegalEntity
	case "vessel", "ship":
		return Vessel
	}
	return Schema(s)
}

// isOrgSchema reports schemas whose names follow organisation rules.
func (s Schema) isOrg() bool {
	return s == Company || s == Organization || s == Vessel
}

// WordKind classifies a word of a parsed name; it decides the word's
// weight and which kinds of match it may take part in.
type WordKind uint8

// Kinds of word.
const (
	WordName     WordKind = iota // a distinctive name word
	WordInitial                  // a single letter standing for a name
	WordParticle                 // al, bin, de, van …
	WordNumber                   // digits (also converted number words)
	WordStop                     // organisation stopword (the, of, and)
	WordGeneric                  // generic organisation word (company, group)
	WordGeo                      // country / region qualifier
)

// Token is one word of a parsed name.
type Token struct {
	Text   string // normalised form (lower-case ASCII where the script is known)
	Raw    string // the word as written
	Skel   string // phonetic skeleton
	Cons   string // consonant key of the skeleton
	Kind   WordKind
	Weight float64
	Script Script
	Paren  bool     // inside parentheses in the raw name
	groups []uint16 // given-name equivalence groups (persons)
	lex    uint16   // word classes (lexBits)
	alt    string   // skeleton of an alternative romanisation (Фёдор: Fedor/Fyodor)
}

// Name is a parsed name: its core tokens in order (for persons: given names
// first, surname last), and the parts that were recognised and set aside.
type Name struct {
	Raw        string
	Schema     Schema
	Tokens     []Token
	Titles     []string    // titles, honorifics and suffixes removed (as written)
	Legal      []LegalForm // legal forms found (organisations)
	Script     Script      // the non-Latin script the name was written in, if any
	Reordered  string      // why the order was changed ("comma", "capitals"), if it was
	Dupes      bool        // a word was repeated and dropped
	dupWord    string      // the first word dropped as a repeat before the last word (as written)
	dupText    string      // dupWord normalised
	joined     string      // core and legal-form words joined without spaces
	joinedCore string      // core words joined
	joinedCode string      // core words and legal-form codes joined, if any
	isOrgLike  bool        // carries legal forms or generic organisation words
}

// maxNameWords bounds the words of a name that are compared; longer input
// is free text, for which FreeTextTokens is meant.
const maxNameWords = 24

// Parse normalises and parses a raw name for the given schema: it removes
// and records titles and honorifics, puts "LAST, First" and "SURNAME Given"
// into given-first order, recognises initials, particles, legal forms,
// numbers and qualifiers, and computes phonetic skeletons. It does no I/O
// and never fails; an empty or unreadable name gives a Name without tokens.
func Parse(raw string, schema Schema) Name {
	n := Name{Raw: raw, Schema: schema}
	person := schema == Person
	org := schema.isOrg()
	generic := !person && !org

	text := raw
	// Parenthesised parts are qualifiers in organisation names.
	parenSpans := parenRanges(text)

	if person || generic {
		text, n.Reordered = reorderPerson(text)
		if n.Reordered != "" {
			parenSpans = parenRanges(text)
		}
	}
	var wbuf [16]wordToken
	wts := appendTokens(wbuf[:0], text)
	if len(wts) == 0 {
		return n
	}
	if len(wts) > maxNameWords {
		wts = wts[:maxNameWords] // a name, not a document: bound the work
	}
	toks := make([]Token, 0, len(wts))
	for _, w := range wts {
		if w.script != ScriptLatin && n.Script == ScriptLatin {
			n.Script = w.script
		}
		t := Token{Text: w.norm, Raw: w.raw, Script: w.script, Paren: inSpans(parenSpans, w.start), lex: lexBits[w.norm], alt: w.alt}
		if w.initials && (person || generic) && len(w.norm) > 1 && len(w.norm) <= 4 {
			// "J.-C.", "A.B." in a person name: one initial per letter.
			for i := 0; i < len(w.norm); i++ {
				tt := t
				tt.Text = w.norm[i : i+1]
				tt.lex = lexBits[tt.Text]
				toks = append(toks, tt)
			}
			continue
		}
		toks = append(toks, t)
	}

	// Titles and honorifics.
	if person || generic {
		toks = stripTitles(toks, &n, person)
	}
	if schema == Vessel {
		toks = stripVesselPrefix(toks, &n)
	}
	// Legal forms: organisations always; persons drop them as noise;
	// generic entities record them and become organisation-like.
	toks = extractLegal(toks, &n, org || generic)
	if len(n.Legal) > 0 && generic {
		n.isOrgLike = true
	}
	orgRules := org || n.isOrgLike
	if !orgRules && generic {
		for _, t := range toks {
			if t.lex&lexGeneric != 0 {
				n.isOrgLike, orgRules = true, true
				break
			}
		}
	}
	if orgRules {
		toks = convertNumbers(toks)
		for i := range toks {
			if full, ok := orgAbbreviations[toks[i].Text]; ok {
				toks[i].Text = full
			}
			toks[i].lex = lexBits[toks[i].Text]
		}
	}
	// Drop repeated words (data-entry duplicates such as "Shoigu Shoigu").
	toks = dedupe(toks, &n)

	// Skeletons, consonant keys and the joined forms are written into one
	// buffer that becomes one string: one allocation per name rather than
	// several per word.
	var abuf [256]byte
	var obuf [64]int32
	ar, offs := abuf[:0], obuf[:0]
	for i := range toks {
		st := len(ar)
		ar = appendSkeleton(ar, toks[i].Text)
		se := len(ar)
		ar = appendConsonantKey(ar, ar[st:se])
		offs = append(offs, int32(se), int32(len(ar)))
	}
	coreStart := len(ar)
	for i := range toks {
		ar = append(ar, toks[i].Text...)
	}
	coreEnd := len(ar)
	for _, l := range n.Legal {
		ar = append(ar, l.norm...)
	}
	joinedEnd := len(ar)
	codeStart, codeEnd := 0, 0
	if len(n.Legal) > 0 {
		codeStart = len(ar)
		ar = append(ar, ar[coreStart:coreEnd]...)
		for _, l := range n.Legal {
			if isASCII(l.Code) {
				for k := 0; k < len(l.Code); k++ {
					c := l.Code[k]
					if c >= 'A' && c <= 'Z' {
						c += 'a' - 'A'
					}
					ar = append(ar, c)
				}
			} else {
				ar = append(ar, strings.ToLower(l.Code)...)
			}
		}
		codeEnd = len(ar)
	}
	arena := string(ar)
	n.joinedCore = arena[coreStart:coreEnd]
	n.joined = arena[coreStart:joinedEnd]
	n.joinedCode = arena[codeStart:codeEnd]

	// Classify and weigh.
	pos := 0
	for i := range toks {
		t := &toks[i]
		se, ce := int(offs[2*i]), int(offs[2*i+1])
		t.Skel, t.Cons = arena[pos:se], arena[se:ce]
		pos = ce
		if t.alt != "" {
			if t.alt = skeleton(t.alt); t.alt == t.Skel {
				t.alt = ""
			}
		}
		switch {
		case isNumber(t.Text):
			t.Kind, t.Weight = WordNumber, 1
		case orgRules && t.lex&lexStop != 0:
			t.Kind, t.Weight = WordStop, 0.1
		case orgRules && t.lex&lexGeneric != 0:
			t.Kind, t.Weight = WordGeneric, 0.3
		case orgRules && t.lex&lexCountry != 0:
			t.Kind, t.Weight = WordGeo, 0.2
		case !orgRules && t.lex&lexParticle != 0 && len(toks) > 1 && !(i == 0 && t.Text == "ben") && !(len(t.Text) == 1 && i < 2):
			// "Ben" first is a given name; a one-letter particle (Ortega y
			// Gasset) comes after two words at least, else it is an initial
			t.Kind, t.Weight = WordParticle, 0.2
			if c, ok := particleClass[t.Text]; ok {
				t.Skel = c
			}
		case !orgRules && len(t.Text) == 1 && isLetterByte(t.Text[0]):
			t.Kind, t.Weight = WordInitial, 0.5
		default:
			t.Kind, t.Weight = WordName, 1
			if orgRules && t.Paren {
				t.Weight = 0.5
			}
			if !orgRules && commonNames[t.Text] {
				t.Weight = commonNameWeight
			}
		}
		if !orgRules && t.Kind == WordName {
			t.groups = nickGroups[t.Skel]
		}
	}
	n.Tokens = toks
	return n
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' }

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parenRanges returns byte ranges inside parentheses or brackets.
func parenRanges(s string) [][2]int {
	if !strings.ContainsAny(s, "([") {
		return nil
	}
	var out [][2]int
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(', '[':
			if depth == 0 {
				start = i
			}
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
				if depth == 0 {
					out = append(out, [2]int{start, i})
				}
			}
		}
	}
	return out
}

func inSpans(sp [][2]int, pos int) bool {
	for _, s := range sp {
		if pos > s[0] && pos < s[1] {
			return true
		}
	}
	return false
}

// reorderPerson puts a person's name into given-first order when the raw
// form marks the surname: "SESSIONS, Jeff" (one comma, two short parts) or
// "SESSIONS Jeff Beauregard" (leading upper-case words in a mixed-case
// name). It returns the reordered text and the reason, or the input.
func reorderPerson(s string) (string, string) {
	if !strings.Contains(s, ",") && !hasUpperRun(s) {
		return s, ""
	}
	if strings.Count(s, ",") == 1 {
		before, after, _ := strings.Cut(s, ",")
		bw, aw := strings.Fields(before), strings.Fields(after)
		if len(bw) >= 1 && len(bw) <= 4 && len(aw) >= 1 && len(aw) <= 4 && !isSuffixWord(aw) {
			return strings.TrimSpace(after) + " " + strings.TrimSpace(before), "comma"
		}
		return s, ""
	}
	words := strings.Fields(s)
	if len(words) < 2 {
		return s, ""
	}
	caps := func(w string) bool {
		letters, upper := 0, 0
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		}
		return letters >= 3 && upper == letters
	}
	mixed := func(w string) bool {
		hasU, hasL := false, false
		for _, r := range w {
			if unicode.IsUpper(r) {
				hasU = true
			}
			if unicode.IsLower(r) {
				hasL = true
			}
		}
		return hasU && hasL
	}
	k := 0
	for k < len(words) && caps(words[k]) {
		k++
	}
	if k == 0 || k == len(words) {
		return s, ""
	}
	// the rest must be ordinary mixed-case words
	for _, w := range words[k:] {
		if !mixed(w) {
			return s, ""
		}
	}
	return strings.Join(append(append([]string{}, words[k:]...), words[:k]...), " "), "capitals"
}

// hasUpperRun reports three upper-case letters in a row (or any non-ASCII
// text, which is checked the slow way).
func hasUpperRun(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return true
		}
		if c >= 'A' && c <= 'Z' {
			run++
			if run >= 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func isSuffixWord(ws []string) bool {
	if len(ws) != 1 {
		return false
	}
	return suffixes[Normalize(ws[0])]
}

// stripTitles removes leading title runs ("then-Sen.", "Attorney General")
// and honorifics anywhere, recording them on n. A name made only of titles
// is kept as it is.
func stripTitles(toks []Token, n *Name, person bool) []Token {
	// leading run: titles and connectors, ending on a title
	end := 0
	for i, t := range toks {
		if t.Script != ScriptLatin {
			break // a transliterated word is never a Latin title ("عمر" → "mr")
		}
		if t.lex&(lexTitleLead|lexTitleAny) != 0 {
			end = i + 1
			continue
		}
		if t.lex&lexConnector != 0 {
			continue
		}
		break
	}
	if end >= len(toks) {
		end = 0
	}
	drop := func(i int, t *Token) bool {
		return i < end || (t.lex&lexTitleAny != 0 && len(toks) > 1 && t.Script == ScriptLatin) || (person && t.lex&lexSuffix != 0 && i > 0 && i == len(toks)-1)
	}
	kept := 0
	for i := range toks {
		if !drop(i, &toks[i]) {
			kept++
		}
	}
	if kept == 0 || kept == len(toks) {
		return toks
	}
	out := toks[:0]
	for i, t := range toks {
		if drop(i, &t) {
			n.Titles = append(n.Titles, t.Raw)
			continue
		}
		out = append(out, t)
	}
	return out
}

// stripVesselPrefix removes ship-type prefixes (MV, M/V, MT).
func stripVesselPrefix(toks []Token, n *Name) []Token {
	if len(toks) > 1 && vesselPrefixes[toks[0].Text] {
		n.Titles = append(n.Titles, toks[0].Raw)
		return toks[1:]
	}
	if len(toks) > 2 && len(toks[0].Text) == 1 && len(toks[1].Text) == 1 && vesselPrefixes[toks[0].Text+toks[1].Text] {
		n.Titles = append(n.Titles, toks[0].Raw+"/"+toks[1].Raw)
		return toks[2:]
	}
	return toks
}

// extractLegal finds legal-form phrases (longest first) and removes them
// from the tokens; keep says whether to record them on the name (persons
// drop them silently as noise).
func extractLegal(toks []Token, n *Name, keep bool) []Token {
	if len(toks) < 2 {
		return toks
	}
	any := false
	for _, t := range toks {
		if t.lex&lexLegalFirst != 0 || len(t.Text) >= 6 && mayStartLegal(t.Text) {
			any = true
			break
		}
	}
	if !any {
		return toks
	}
	out := toks[:0] // in place: the output never runs ahead of the input
	for i := 0; i < len(toks); {
		found := 0
		code := ""
		maxL := min(legalMaxWords, len(toks)-i)
		if !mayStartLegal(toks[i].Text) {
			maxL = 0
		}
		for l := maxL; l >= 1; l-- {
			if l == len(toks) { // never the whole name
				continue
			}
			c, ok := lookupLegal(toks[i : i+l])
			if !ok {
				continue
			}
			if !keep {
				// a person's name: only a form at its end is noise, and a
				// short ambiguous one only after two words ("Pat Smith",
				// "John Sa" keep their names)
				var pbuf [64]byte
				if i+l != len(toks) || i < 2 && legalShortAmbiguous[string(appendPhrase(pbuf[:0], toks[i:i+l]))] {
					continue
				}
			}
			if l == 1 || l == 2 && len(toks[i].Text) <= 2 {
				// short abbreviations only at the edges of the name
				var pbuf [64]byte
				if legalShortAmbiguous[string(appendPhrase(pbuf[:0], toks[i:i+l]))] && i != 0 && i+l != len(toks) && !nextIsParen(toks, i+l) {
					continue
				}
			}
			found, code = l, c
			break
		}
		if found == 0 {
			out = append(out, toks[i])
			i++
			continue
		}
		if keep {
			// the words as written (each raw word once) and the normalised
			// words joined, in one string
			var lbuf [96]byte
			b := lbuf[:0]
			last := ""
			for k, t := range toks[i : i+found] {
				if k == 0 || t.Raw != last {
					if k > 0 {
						b = append(b, ' ')
					}
					b = append(b, t.Raw...)
					last = t.Raw
				}
			}
			rawEnd := len(b)
			for _, t := range toks[i : i+found] {
				b = append(b, t.Text...)
			}
			both := string(b)
			n.Legal = append(n.Legal, LegalForm{Code: code, Kind: legalKinds[code], Raw: both[:rawEnd], norm: both[rawEnd:]})
		}
		i += found
	}
	if len(out) == 0 {
		return toks
	}
	return out
}

// legalFirstWords holds the first word of every legal-form phrase, and
// legalLongFirst those of six letters or more (typo-tolerant look-up).
var legalFirstWords, legalLongFirst = func() (map[string]bool, []string) {
	m := make(map[string]bool)
	var long []string
	for ph := range legalPhrases {
		w, _, _ := strings.Cut(ph, " ")
		if !m[w] && len(w) >= 6 {
			long = append(long, w)
		}
		m[w] = true
	}
	sort.Strings(long)
	return m, long
}()

// mayStartLegal reports whether a word can begin a legal-form phrase.
func mayStartLegal(w string) bool {
	if legalFirstWords[w] {
		return true
	}
	if len(w) < 6 {
		return false
	}
	for _, l := range legalLongByPrefix[[2]byte{w[0], w[1]}] {
		if abs(len(l)-len(w)) <= 1 && osa(l, w, 1) <= 1 {
			return true
		}
	}
	return false
}

// legalLongByPrefix groups legalLongFirst by their first two bytes.
var legalLongByPrefix = func() map[[2]byte][]string {
	m := make(map[[2]byte][]string)
	for _, l := range legalLongFirst {
		k := [2]byte{l[0], l[1]}
		m[k] = append(m[k], l)
	}
	return m
}()

func nextIsParen(toks []Token, i int) bool { return i < len(toks) && toks[i].Paren }

// appendPhrase appends the words of toks separated by spaces to dst.
func appendPhrase(dst []byte, toks []Token) []byte {
	for i, t := range toks {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, t.Text...)
	}
	return dst
}

// lookupLegal matches a phrase against the legal-form table, tolerating
// one typo in each word of six letters or more ("Aktiengeselschaft",
// "joint stock compan").
func lookupLegal(toks []Token) (string, bool) {
	var pbuf [64]byte
	if c, ok := legalPhrases[string(appendPhrase(pbuf[:0], toks))]; ok {
		return c, true
	}
	long := false
	for _, t := range toks {
		if len(t.Text) >= 6 {
			long = true
		}
	}
	if !long {
		return "", false
	}
	for _, lp := range legalFuzzy[len(toks)] {
		key, c := lp.words, lp.code
		if key[0][0] != toks[0].Text[0] {
			continue
		}
		ok := true
		for i, w := range key {
			t := toks[i].Text
			if t == w {
				continue
			}
			if len(w) < 6 || abs(len(w)-len(t)) > 1 || osa(t, w, 1) > 1 {
				ok = false
				break
			}
		}
		if ok {
			return c, true
		}
	}
	return "", false
}

// legalFuzzy indexes legal phrases with a long word by word count, for
// typo-tolerant lookup.
var legalFuzzy = func() map[int][]legalPhrase {
	m := make(map[int][]legalPhrase)
	for ph, c := range legalPhrases {
		ws := strings.Fields(ph)
		hasLong := false
		for _, w := range ws {
			if len(w) >= 6 {
				hasLong = true
			}
		}
		if !hasLong {
			continue
		}
		m[len(ws)] = append(m[len(ws)], legalPhrase{ws, c})
	}
	for _, l := range m {
		sort.Slice(l, func(i, j int) bool { return strings.Join(l[i].words, " ") < strings.Join(l[j].words, " ") })
	}
	return m
}()

// legalPhrase is a legal-form phrase split into words, with its code.
type legalPhrase struct {
	words []string
	code  string
}

// convertNumbers turns number words into digits ("Forty-Four" → 44,
// "Forty 4" → 44, "First" → 1) and Roman numerals after a word into
// digits, for organisation and vessel names.
func convertNumbers(toks []Token) []Token {
	out := toks[:0] // in place: the output never runs ahead of the input
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		v, ok := numberWords[t.Text]
		if !ok {
			if r, isRoman := romanNumerals[t.Text]; isRoman && i > 0 && (t.Text != "i" && t.Text != "x" && t.Text != "v" || i == len(toks)-1 || toks[i+1].Text == "ltd" || toks[i+1].Text == "llc") {
				t.Text = strconv.Itoa(r)
			}
			out = append(out, t)
			continue
		}
		raw := t.Raw
		// combine tens + units ("forty four", "forty 4")
		if v >= 20 && v < 100 && v%10 == 0 && i+1 < len(toks) {
			nx := toks[i+1].Text
			if u, ok := numberWords[nx]; ok && u > 0 && u < 10 {
				v += u
				i++
			} else if len(nx) == 1 && nx[0] >= '1' && nx[0] <= '9' {
				v += int(nx[0] - '0')
				i++
			}
			if toks[i].Raw != raw {
				raw += " " + toks[i].Raw
			}
		}
		t.Text = strconv.Itoa(v)
		t.Raw = raw
		out = append(out, t)
	}
	return out
}

// dedupe drops exact repeats of a word within a name.
func dedupe(toks []Token, n *Name) []Token {
	out := toks[:0] // in place
	last := len(toks) - 1
	for k, t := range toks {
		dup := false
		for _, o := range out {
			if o.Text == t.Text && len(t.Text) > 1 && t.lex&(lexParticle|lexStop) == 0 {
				dup = true
				break
			}
		}
		if dup {
			if n.dupWord == "" && k < last {
				// a repeat inside the name, not an echo at its end
				n.dupWord, n.dupText = t.Raw, t.Text
			}
			n.Dupes = true
			continue
		}
		out = append(out, t)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
