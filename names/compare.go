package names

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MatchThreshold is the score at or above which two names are taken to
// name the same entity. It was set on OpenSanctions' public name-matching
// benchmark (where their own matcher uses 0.7) and on the project's
// held-out pairs: an exact name scores 1, a name with one typo or an
// initial in place of a middle name about 0.85–0.95, a different given name
// or surname about 0.5 or less.
const MatchThreshold = 0.7

// Decisions reported in Result.Decision.
const (
	DecisionMatch   = "match"    // same entity (by identifier, or an organisation by name)
	DecisionReview  = "review"   // a person matched by name only: an analyst must confirm
	DecisionNoMatch = "no match" // different entities
)

// Ways in which one part of a name matched a part of the other, as shown in
// explanations.
const (
	HowExact       = "exact"
	HowTranslit    = "transliteration"
	HowJoined      = "joined/split words"
	HowVariant     = "transliteration/spelling variant"
	HowConsonants  = "transliteration (same consonants)"
	HowNickname    = "nickname"
	HowHanForm     = "the same Chinese character in another form (simplified/traditional)"
	HowHanSemantic = "a variant of the Chinese character"
	HowGivenVar    = "spelling variant of a given name"
	HowCrossLang   = "same given name in another language"
	HowInitial     = "initial"
	HowInitials    = "initials"
	HowAcronym     = "acronym"
	HowTypo        = "typo"
	HowSlip        = "typing slip (a neighbouring key, a doubled, dropped or swapped letter)"
	HowScrambled   = "scrambled letters"
	HowSynonym     = "synonym"
	HowNumber      = "number"
)

// Similarity scores per kind of part match. They rank evidence: an exact
// word is certain, a transliteration variant nearly so, a nickname or an
// initial is compatible but weaker, a typo depends on its length.
const (
	simExact       = 1.0
	simJoined      = 0.97
	simVariant     = 0.95
	simNickname    = 0.9
	simCrossLang   = 0.85
	simHanSemantic = 0.85
	simGivenVar    = 0.85
	simConsonant   = 0.85
	simAcronym     = 0.85
	simInitial     = 0.8
	simSynonym     = 0.9
	simScrambled   = 0.75
)

// PartMatch explains how one part of the first name matched a part of the
// second.
type PartMatch struct {
	A, B         string  // the words as written
	How          string  // one of the How* constants
	Edits        int     // for typos: the number of edits
	Similarity   float64 // similarity of the two parts, 0–1
	Weight       float64 // weight of the part in the name
	Contribution float64 // what the part contributes to the final score
	Common       bool    // both words are very common names, which weigh less
}

// String renders a part for an analyst, e.g. `"Jeff" ↔ "Jefferson":
// nickname (0.90), contributes 0.45`.
func (p PartMatch) String() string {
	how := p.How
	if p.How == HowSlip {
		how = fmt.Sprintf("typing slip, %d edits (neighbouring keys, doubled, dropped or swapped letters)", p.Edits)
		if p.Edits == 1 {
			how = "typing slip, 1 edit (a neighbouring key, a doubled, dropped or swapped letter)"
		}
	}
	if p.How == HowTypo {
		if p.Edits == 1 {
			how = "typo, 1 edit"
		} else {
			how = fmt.Sprintf("typo, %d edits", p.Edits)
		}
	}
	if p.Common {
		return fmt.Sprintf("%q ↔ %q: %s (%.2f), a common name (weight %.2f), contributes %.2f", p.A, p.B, how, p.Similarity, p.Weight, p.Contribution)
	}
	return fmt.Sprintf("%q ↔ %q: %s (%.2f), contributes %.2f", p.A, p.B, how, p.Similarity, p.Contribution)
}

// Result is the outcome of comparing two names or two entities.
type Result struct {
	Score             float64 // 0–1
	Match             bool    // Score ≥ MatchThreshold, or decided by an identifier
	Decision          string  // DecisionMatch, DecisionReview or DecisionNoMatch
	Schema            Schema
	A, B              string      // the names compared (the best pair of aliases)
	Parts             []PartMatch // which part matched which, and how
	Reasons           []string    // everything else that moved the score, in plain words
	IdentifierDecided bool        // an identifier, not the names, decided
}

// Explain renders the result for a conflicts analyst: the score and
// decision, then each matched part and each reason.
func (r Result) Explain() string {
	var b strings.Builder
	switch {
	case r.IdentifierDecided:
		fmt.Fprintf(&b, "%s (score %.2f), decided by identifier\n", r.Decision, r.Score)
	default:
		cmp := "<"
		if r.Score >= MatchThreshold {
			cmp = "≥"
		}
		fmt.Fprintf(&b, "%s: score %.2f %s threshold %.2f\n", r.Decision, r.Score, cmp, MatchThreshold)
	}
	if r.A != "" || r.B != "" {
		fmt.Fprintf(&b, "  comparing %q with %q (%s)\n", r.A, r.B, schemaLabel(r.Schema))
	}
	for _, p := range r.Parts {
		b.WriteString("  ")
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	for _, s := range r.Reasons {
		b.WriteString("  ")
		b.WriteString(s)
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// String is Explain.
func (r Result) String() string { return r.Explain() }

func schemaLabel(s Schema) string {
	if s == "" {
		return "entity"
	}
	return string(s)
}

// Compare scores two names of the given schema. A name may carry
// alternatives separated by "/" ("Al-Qa'ida/Islamic Army") or by an alias
// marker ("Yusuf Haddad a.k.a. Abu Hamza"); the best pair counts.
func Compare(a, b string, schema Schema) Result {
	if !hasAlternates(a) && !hasAlternates(b) {
		na, nb := Parse(a, schema), Parse(b, schema)
		return CompareNames(&na, &nb)
	}
	return compareAliases(splitAlternates(a), splitAlternates(b), schema)
}

// hasAlternates reports whether a name may hold alternatives.
func hasAlternates(s string) bool {
	return strings.Contains(s, "/") || aliasMarkerAt(s, 0) >= 0
}

// aliasMarkers introduce another name of the same entity inside a name
// field, as sanctions lists and registers write them ("a.k.a. Abu Hamza",
// "formerly known as …"): longest first.
var aliasMarkers = [...]string{"formerly known as", "also known as", "a/k/a", "a.k.a.", "f.k.a.", "a.k.a", "f.k.a", "alias", "aka", "fka"}

// aliasMarkerAt returns the byte offset of the first alias marker at or
// after from that stands as a word of its own, and its length, or -1.
func aliasMarkerAt(s string, from int) int {
	i, _ := aliasMarkerSpan(s, from)
	return i
}

func aliasMarkerSpan(s string, from int) (int, int) {
	for i := from; i < len(s); i++ {
		c := s[i] | 0x20
		if c != 'a' && c != 'f' || i > 0 && !aliasBoundary(s[i-1]) {
			continue
		}
		for _, m := range aliasMarkers {
			if len(s)-i >= len(m) && strings.EqualFold(s[i:i+len(m)], m) && (i+len(m) == len(s) || aliasBoundary(s[i+len(m)])) {
				return i, len(m)
			}
		}
	}
	return -1, 0
}

// aliasBoundary: the characters that may stand around an alias marker.
func aliasBoundary(c byte) bool {
	return c == ' ' || c == '(' || c == ')' || c == ',' || c == ';' || c == ':' || c == '"' || c == '\t'
}

// splitAlternates returns the name and, where it contains "/" between
// words or alias markers, each alternative.
func splitAlternates(s string) []string {
	out := []string{s}
	if i, n := aliasMarkerSpan(s, 0); i >= 0 {
		// "X a.k.a. Y (a.k.a. Z)": X, Y, Z; the parts as they stand
		start := 0
		for i >= 0 {
			out = appendAliasPart(out, s[start:i])
			start = i + n
			i, n = aliasMarkerSpan(s, start)
		}
		out = appendAliasPart(out, s[start:])
		if len(out) < 3 {
			return out[:1] // a marker with no name on one side: not alternatives
		}
		return out
	}
	if !strings.Contains(s, "/") {
		return out
	}
	parts := strings.Split(s, "/")
	if len(parts) < 2 {
		return out
	}
	for _, p := range parts {
		if len(strings.TrimSpace(p)) < 3 {
			return out // "M/V", "S/A": an abbreviation, not alternatives
		}
	}
	for _, p := range parts {
		out = append(out, strings.TrimSpace(p))
	}
	return out
}

// appendAliasPart appends one part of a name split at alias markers,
// without the brackets and punctuation around it, if a name is left.
func appendAliasPart(out []string, p string) []string {
	p = strings.Trim(p, " ()[],;:\"\t")
	if len(p) < 2 {
		return out
	}
	return append(out, p)
}

// compareAliases returns the best result over all pairs of aliases.
func compareAliases(as, bs []string, schema Schema) Result {
	var best Result
	first := true
	for _, a := range as {
		na := Parse(a, schema)
		for _, b := range bs {
			nb := Parse(b, schema)
			r := CompareNames(&na, &nb)
			if first || r.Score > best.Score {
				best, first = r, false
			}
		}
	}
	return best
}

// unit is a single word or a run of adjacent words of one name, joined,
// so that "SiemensAG" can match "Siemens AG".
type unit struct {
	span   // token range [i, j)
	text   string
	skel   string
	cons   string
	weight float64
}

// span is a token range [i, j) of a name.
type span struct{ i, j int }

// pairCand is a candidate correspondence between a unit of each name.
type pairCand struct {
	a, b  span
	sim   float64
	how   string
	edits int
	w     float64
	key   float64 // sort key
}

// CompareNames scores two parsed names. Both should have been parsed with
// the same schema; the first name's schema decides the rules.
func CompareNames(a, b *Name) Result {
	res := Result{Schema: a.Schema, A: a.Raw, B: b.Raw}
	if len(a.Tokens) == 0 || len(b.Tokens) == 0 {
		res.Decision = DecisionNoMatch
		res.Reasons = append(res.Reasons, "a name is empty after normalisation")
		return res
	}
	orgRules := a.Schema.isOrg() || b.Schema.isOrg() || a.isOrgLike || b.isOrgLike
	person := a.Schema == Person && !orgRules

	var pbuf [24]pairCand
	pairs := alignNames(a, b, orgRules, person, pbuf[:0])
	score, parts, reasons := scoreAlignment(a, b, pairs, orgRules, person)

	// Whole-name comparison with spaces removed: "VladimirPutin",
	// "Good Will Company", "SiemensAG".
	if js, jhow, jed := joinedSimilarity(a, b, orgRules); js > score {
		score = js
		parts = []PartMatch{{A: a.Raw, B: b.Raw, How: jhow, Edits: jed, Similarity: js, Weight: 1, Contribution: js}}
		reasons = reasons[:0]
		if orgRules {
			if f, why := legalFactor(a, b); f < 1 {
				score *= f
				reasons = append(reasons, why)
			}
		}
	}
	if score > 1 {
		score = 1
	}
	if score < 0 {
		score = 0
	}
	res.Score = round2(score)
	res.Parts = parts
	if (a.Script == ScriptHan) != (b.Script == ScriptHan) && res.Score < MatchThreshold {
		// Chinese characters against another script: perhaps a Korean or
		// Japanese name, which pinyin cannot meet,
		han, other := a, b
		if b.Script == ScriptHan {
			han, other = b, a
		}
		if r, ok := compareHanReading(han, other, han == a); ok && r.Score > res.Score {
			return r
		}
		// or a foreign name transcribed by sound (贝拉克·奥巴马)
		if r, ok := compareHanTranscription(han, other, han == a); ok && r.Score > res.Score {
			return r
		}
	}
	if person && res.Score < MatchThreshold && a.Script == ScriptLatin && b.Script == ScriptLatin {
		// Chinese syllables in Wade–Giles against pinyin
		if r, ok := compareChineseRomanisations(a, b); ok && r.Score > res.Score {
			return r
		}
	}
	reasons = appendRemoved(reasons, a, "first")
	res.Reasons = appendRemoved(reasons, b, "second")
	res.Match = res.Score >= MatchThreshold
	switch {
	case !res.Match:
		res.Decision = DecisionNoMatch
	case person || (a.Schema == Person && !orgRules):
		res.Decision = DecisionReview
		res.Reasons = append(res.Reasons, "person matched by name only: review against date of birth, nationality or an identifier")
	default:
		res.Decision = DecisionMatch
	}
	return res
}

func round2(x float64) float64 { return float64(int(x*10000+0.5)) / 10000 }

// appendRemoved appends the titles and legal forms set aside.
func appendRemoved(out []string, n *Name, which string) []string {
	if len(n.Titles) > 0 {
		var buf [128]byte
		b := append(buf[:0], "titles removed from the "...)
		b = append(b, which...)
		b = append(b, " name: "...)
		out = addReason(out, string(appendQuoted(b, n.Titles)))
	}
	if n.Reordered == "comma" {
		out = addReason(out, which+` name read as "SURNAME, Given"`)
	} else if n.Reordered == "capitals" {
		out = addReason(out, which+` name read as "SURNAME Given" (surname in capitals)`)
	}
	if n.Script != ScriptLatin {
		out = addReason(out, which+" name transliterated from "+n.Script.String())
	}
	return out
}

// addReason appends a reason, making room for a few at the first.
func addReason(rs []string, r string) []string {
	if rs == nil {
		rs = make([]string, 0, 4)
	}
	return append(rs, r)
}

// appendQuoted appends the strings quoted and separated by ", ".
func appendQuoted(b []byte, ss []string) []byte {
	for i, s := range ss {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, s)
	}
	return b
}

// appendQuotedUnmatched appends the distinctive words of n not marked in
// used (those unmatched lists), quoted and separated by ", ", after sep
// when there are any.
func appendQuotedUnmatched(b []byte, n *Name, used []bool, sep string) []byte {
	first := true
	for i := range n.Tokens {
		t := &n.Tokens[i]
		if used[i] || !(t.Kind == WordName || t.Kind == WordInitial || t.Kind == WordNumber) {
			continue
		}
		if first {
			b = append(b, sep...)
			first = false
		} else {
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, t.Raw)
	}
	return b
}

// buildUnits appends to us the single words of a name and the runs of two
// or three adjacent words joined.
func buildUnits(us []unit, n *Name) []unit {
	toks := n.Tokens
	us = appendSingleUnits(us, n)
	for width := 2; width <= 3; width++ {
		for i := 0; i+width <= len(toks); i++ {
			w := 0.0
			skip := false
			for k := i; k < i+width; k++ {
				if toks[k].Kind == WordNumber || toks[k].Kind == WordInitial {
					skip = true
				}
				w += toks[k].Weight
			}
			if skip {
				continue
			}
			// text, skeleton and consonant key in one string
			var buf [192]byte
			bb := buf[:0]
			for k := i; k < i+width; k++ {
				bb = append(bb, toks[k].Text...)
			}
			te := len(bb)
			bb = appendSkeleton(bb, string(bb[:te]))
			se := len(bb)
			bb = appendConsonantKey(bb, bb[te:se])
			all := string(bb)
			us = append(us, unit{span: span{i, i + width}, text: all[:te], skel: all[te:se], cons: all[se:], weight: w})
		}
	}
	return us
}

// typoBudget is the number of edits tolerated in a word of length n: none
// up to 2 letters, one up to 6, two beyond. Data entry garbles short names
// as often as long ones (Reid/Reidz, Emma/Emm); what keeps a short word
// from matching another word is that the edit must leave its first letter
// (checked by the caller) and that two different given names of the
// tables never match as a typo.
func typoBudget(n int) int {
	switch {
	case n <= 2:
		return 0
	case n <= 6:
		return 1
	}
	return 2
}

// alignNames proposes correspondences between the words of two names and
// picks a one-to-one set greedily, best weighted similarity first. The
// chosen pairs are appended to out.
func alignNames(a, b *Name, orgRules, person bool, out []pairCand) []pairCand {
	// Words one by one first; runs of joined words only when some word is
	// left without a close counterpart.
	var bufA, bufB [16]unit
	res, complete := alignUnits(a, b, appendSingleUnits(bufA[:0], a), appendSingleUnits(bufB[:0], b), orgRules, person, false, out)
	if complete {
		return res
	}
	var bufA3, bufB3 [40]unit
	res, _ = alignUnits(a, b, buildUnits(bufA3[:0], a), buildUnits(bufB3[:0], b), orgRules, person, true, out)
	return res
}

// appendSingleUnits appends the single words of a name as units.
func appendSingleUnits(us []unit, n *Name) []unit {
	for i := range n.Tokens {
		t := &n.Tokens[i]
		us = append(us, unit{span: span{i, i + 1}, text: t.Text, skel: t.Skel, cons: t.Cons, weight: t.Weight})
	}
	return us
}

// boolsFor returns n false flags, in buf when it is large enough.
func boolsFor(buf []bool, n int) []bool {
	if n <= len(buf) {
		return buf[:n]
	}
	return make([]bool, n)
}

// alignUnits picks a one-to-one set of correspondences between units,
// greedily by weighted similarity, and reports whether every word of the
// shorter name found a close counterpart.
func alignUnits(a, b *Name, ua, ub []unit, orgRules, person, acronyms bool, out []pairCand) ([]pairCand, bool) {
	var cbuf [64]pairCand
	cands := cbuf[:0]
	for _, x := range ua {
		for _, y := range ub {
			if x.j-x.i > 1 && y.j-y.i > 1 && ((x.j-x.i)+(y.j-y.i) > 4 || x.j-x.i == y.j-y.i && (x.text != y.text || sameWords(a, b, x.span, y.span))) {
				// two runs of as many words are compared word by word,
				// unless the boundary between them moved ("Arefullaha Ref",
				// "Arefullah Aref")
				continue
			}
			sim, how, ed := unitSimilarity(a, b, x, y, orgRules, person)
			if sim <= 0 {
				continue
			}
			w := max(x.weight, y.weight)
			if (x.weight == commonNameWeight || y.weight == commonNameWeight) && min(x.weight, y.weight) >= commonNameWeight {
				w = commonNameWeight // John/Jon: a common name either way
			}
			key := sim * w
			if x.j-x.i > 1 || y.j-y.i > 1 {
				key *= 0.98 // prefer single words on ties
				if how == HowExact {
					how = HowJoined
					sim = simJoined
				}
			}
			cands = append(cands, pairCand{a: x.span, b: y.span, sim: sim, how: how, edits: ed, w: w, key: key})
		}
	}
	if acronyms {
		cands = appendAcronymCands(cands, a, b, orgRules, false)
		cands = appendAcronymCands(cands, b, a, orgRules, true)
	}
	slices.SortStableFunc(cands, func(x, y pairCand) int {
		if x.key != y.key {
			if x.key > y.key {
				return -1
			}
			return 1
		}
		return (x.a.j - x.a.i + x.b.j - x.b.i) - (y.a.j - y.a.i + y.b.j - y.b.i)
	})
	var ubufA, ubufB [32]bool
	usedA := boolsFor(ubufA[:], len(a.Tokens))
	usedB := boolsFor(ubufB[:], len(b.Tokens))
	out = out[:0]
	for _, c := range cands {
		if anyUsed(usedA, c.a.i, c.a.j) || anyUsed(usedB, c.b.i, c.b.j) {
			continue
		}
		markUsed(usedA, c.a.i, c.a.j)
		markUsed(usedB, c.b.i, c.b.j)
		out = append(out, c)
	}
	// complete unless both names have words left over, which joined or
	// split words might explain
	leftA, leftB := 0, 0
	for i, u := range usedA {
		if !u && a.Tokens[i].Kind != WordStop {
			leftA++
		}
	}
	for i, u := range usedB {
		if !u && b.Tokens[i].Kind != WordStop {
			leftB++
		}
	}
	return out, leftA == 0 || leftB == 0
}

// sameWords reports whether two runs of as many words have the same words.
func sameWords(a, b *Name, x, y span) bool {
	for k := 0; k < x.j-x.i; k++ {
		if a.Tokens[x.i+k].Text != b.Tokens[y.i+k].Text {
			return false
		}
	}
	return true
}

func anyUsed(u []bool, i, j int) bool {
	for k := i; k < j; k++ {
		if u[k] {
			return true
		}
	}
	return false
}

func markUsed(u []bool, i, j int) {
	for k := i; k < j; k++ {
		u[k] = true
	}
}

// appendAcronymCands proposes an acronym or run of initials in one name (x)
// standing for several words of the other (y): "PLA" ↔ "People's
// Liberation Army", "JC" ↔ "Jean-Claude". swapped says x is the second
// name.
func appendAcronymCands(out []pairCand, x, y *Name, orgRules, swapped bool) []pairCand {
	maxLen := 3
	if orgRules {
		maxLen = 6
	}
	for i, t := range x.Tokens {
		if (t.Kind != WordName && t.Kind != WordGeo) || len(t.Text) < 2 || len(t.Text) > maxLen || isNumber(t.Text) {
			continue
		}
		for s := 0; s < len(y.Tokens); s++ {
			if y.Tokens[s].Kind == WordStop {
				continue
			}
			var ibuf [8]byte
			ini := ibuf[:0]
			w := 0.0
			for e := s; e < len(y.Tokens) && e-s < 8; e++ {
				yt := y.Tokens[e]
				w += yt.Weight
				if yt.Kind == WordStop && orgRules {
					continue
				}
				if yt.Text == "" || isNumber(yt.Text) {
					break
				}
				ini = append(ini, yt.Text[0])
				if len(ini) > len(t.Text) {
					break
				}
				if len(ini) == len(t.Text) && e > s && string(ini) == t.Text {
					sim, how := simAcronym, HowAcronym
					if !orgRules {
						sim, how = simInitial, HowInitials
					}
					ww := max(t.Weight, w)
					ux, uy := span{i, i + 1}, span{s, e + 1}
					c := pairCand{a: ux, b: uy, sim: sim, how: how, w: ww, key: sim * ww}
					if swapped {
						c.a, c.b = uy, ux
					}
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// unitSimilarity compares two units and says how they match.
func unitSimilarity(a, b *Name, x, y unit, orgRules, person bool) (float64, string, int) {
	single := x.j-x.i == 1 && y.j-y.i == 1
	var tx, ty *Token
	if single {
		tx, ty = &a.Tokens[x.i], &b.Tokens[y.i]
	}
	if single && tx.Script == ScriptHan && ty.Script == ScriptHan && tx.Raw != ty.Raw {
		// two Chinese characters: the characters decide, not their
		// reading; many characters share one (石 and 市 are both shi)
		rx, nx := utf8.DecodeRuneInString(tx.Raw)
		ry, ny := utf8.DecodeRuneInString(ty.Raw)
		if nx == len(tx.Raw) && ny == len(ty.Raw) {
			switch hanVariantOf(rx, ry) {
			case 2:
				return simVariant, HowHanForm, 0 // 習/习
			case 1:
				return simHanSemantic, HowHanSemantic, 0 // 高/髙
			}
		}
		return 0, "", 0
	}
	if x.text == y.text {
		if single && tx.Kind == WordNumber {
			return simExact, HowNumber, 0
		}
		if single && tx.Script != ty.Script {
			return simExact, HowTranslit, 0
		}
		return simExact, HowExact, 0
	}
	if single && (tx.Kind == WordNumber || ty.Kind == WordNumber) {
		return 0, "", 0
	}
	if single {
		// particles match only their own class (bin/ibn/ben, al/el)
		if tx.Kind == WordParticle || ty.Kind == WordParticle {
			if tx.Kind == WordParticle && ty.Kind == WordParticle && tx.Skel == ty.Skel {
				return simVariant, HowVariant, 0
			}
			return 0, "", 0
		}
		if tx.Kind == WordGeneric && ty.Kind == WordGeneric && orgGenericEquivalent[tx.Text] && orgGenericEquivalent[ty.Text] {
			return simSynonym, HowSynonym, 0
		}
		if tx.Kind == WordInitial || ty.Kind == WordInitial {
			if !orgRules && tx.Text[0] == ty.Text[0] {
				if tx.Kind == WordInitial && ty.Kind == WordInitial {
					return simExact, HowExact, 0
				}
				return simInitial, HowInitial, 0
			}
			return 0, "", 0
		}
	}
	if x.skel == y.skel && len(x.skel) > 1 && (x.j-x.i > 1 || y.j-y.i > 1) {
		return simVariant, HowJoined, 0
	}
	if x.skel == y.skel && len(x.skel) > 1 {
		return simVariant, HowVariant, 0
	}
	if single && (tx.alt != "" || ty.alt != "") {
		if tx.alt == y.skel || ty.alt == x.skel || tx.alt != "" && tx.alt == ty.alt {
			return simVariant, HowVariant, 0
		}
	}
	if single && !orgRules && tx.Kind == WordName && ty.Kind == WordName {
		if _, cross, ok := nicknameGroupShared(nickExact[tx.Text], nickExact[ty.Text]); ok {
			// both spellings are listed in one group
			if cross {
				return simCrossLang, HowCrossLang, 0
			}
			return simNickname, HowNickname, 0
		}
		if genderVariant(a, b, x.i, y.i) {
			return 0, "", 0 // Michel/Michelle: two people, unless listed as one name
		}
		if _, cross, ok := nicknameGroupShared(tx.groups, ty.groups); ok {
			if cross {
				return simCrossLang, HowCrossLang, 0
			}
			return simNickname, HowNickname, 0
		}
	}
	lx, ly := len(x.text), len(y.text)
	minLen := min(lx, ly)
	// abjad scripts write no short vowels: compare consonants, and the
	// long vowels that are written must be there in the other spelling
	if ax, ay := unitAbjad(a, x), unitAbjad(b, y); ax != ay {
		ab, lat := x.skel, y.skel
		if ay {
			ab, lat = y.skel, x.skel
		}
		if len(x.cons) >= 1 && len(ab) >= 2 && x.cons == y.cons {
			if abjadSubsequence(ab, lat) {
				return simConsonant, HowConsonants, 0
			}
		}
		if single {
			// the alternative romanisation (ج as g: Gamal)
			abt, latt := tx, ty
			if ay {
				abt, latt = ty, tx
			}
			if abt.alt != "" && len(abt.alt) >= 2 {
				var kb [64]byte
				if string(appendConsonantKey(kb[:0], abt.alt)) == latt.Cons && abjadSubsequence(abt.alt, latt.Skel) {
					return simConsonant, HowConsonants, 0
				}
			}
		}
		// the same consonants up to voicing (ب/p, ด/t: scripts and
		// schemes differ on b/p, d/t, g/k, z/s) and one other letter in a
		// longer word: weaker evidence
		if len(x.cons) >= 2 && len(y.cons) >= 2 {
			var kx, ky [64]byte
			cx, cy := appendVoicingKey(kx[:0], x.cons), appendVoicingKey(ky[:0], y.cons)
			if cx[0] == cy[0] {
				if string(cx) == string(cy) {
					return simConsonant - 0.1, HowConsonants, 0
				}
				if min(len(cx), len(cy)) >= 3 && osa(cx, cy, 1) <= 1 {
					return simConsonant - 0.15, HowConsonants, 1
				}
			}
		}
	}
	if single && tx.Kind == WordGeo && ty.Kind == WordGeo {
		if geoCanon(tx.Text) == geoCanon(ty.Text) {
			return simSynonym, HowSynonym, 0
		}
	}
	if single && !orgRules && tx.Kind == WordName && ty.Kind == WordName && knownGivenName(tx.groups) && knownGivenName(ty.groups) && tx.Cons != ty.Cons && len(tx.Skel) == len(ty.Skel) {
		// two different given names of the tables (Allison, Addison;
		// Ben, Len): a changed consonant makes another name, not a typo.
		// A dropped or added letter (Ryan, Rya) is left to the typo rules:
		// the nickname tables list fragments that are no one's name.
		return 0, "", 0
	}
	if single && !orgRules && tx.Kind == WordName && ty.Kind == WordName && knownGivenName(tx.groups) && knownGivenName(ty.groups) && tx.Cons == ty.Cons && tx.Text[0] == ty.Text[0] && len(tx.Cons) >= 2 {
		// two listed given names with the same consonants and first
		// letter, the vowels spelt differently: Anabella/Annabelle,
		// Keeley/Kaylee, Susan/Susanne
		return simGivenVar, HowGivenVar, 0
	}
	budget := typoBudget(minLen)
	if budget > 0 && minLen <= 4 && x.text[0] != y.text[0] {
		budget = 0 // a short word with another first letter is another word (Wray, Gray)
	}
	orgPenalty := 0.0
	if !single {
		// joined words may differ by a typo only against one word, and by
		// one edit at most; two runs of words must agree exactly
		if x.j-x.i > 1 && y.j-y.i > 1 {
			return 0, "", 0
		}
		budget = min(budget, 1)
	}
	if budget == 0 && minLen == 4 && single && isTransposition(x.text, y.text) {
		return 0.95 - 0.6/4, HowTypo, 1 // "Jhon" for "John"
	}
	if single && !orgRules && genderVariant(a, b, x.i, y.i) {
		return 0, "", 0
	}
	if budget > 0 && abs(lx-ly) <= budget {
		d := osa(x.text, y.text, budget)
		// the skeleton forgives variant letters (j/y, kh/h) but not a
		// doubled letter that hides another edit (Vellabati/Velayati)
		if d2 := osa(x.skel, y.skel, budget) + abs(countDoubles(x.text)-countDoubles(y.text)); d2 < d {
			d = d2
		}
		if single && d > budget {
			if tx.alt != "" {
				d = min(d, osa(tx.alt, y.skel, budget))
			}
			if ty.alt != "" {
				d = min(d, osa(x.skel, ty.alt, budget))
			}
		}
		if d > budget && (strings.ContainsAny(x.text, "jw") || strings.ContainsAny(y.text, "jw")) {
			// j/y and w/v spell one sound across schemes (Sergejs/Sergey)
			var gx, gy [64]byte
			if d3 := osa(appendGlides(gx[:0], x.text), appendGlides(gy[:0], y.text), budget); d3 < d {
				d = d3
			}
		}
		if d <= budget {
			if orgRules {
				// in organisation names a changed consonant in a short word
				// makes another word (Bank/Bond); below five letters
				// tolerate vowel changes, doubled letters, swapped
				// neighbours and a dropped or added letter only, and never
				// a changed first letter.
				vowelOnly := x.cons == y.cons && x.text[0] == y.text[0]
				if !vowelOnly && !isTransposition(x.text, y.text) && !(d == 1 && lx != ly && x.text[0] == y.text[0]) && (minLen < 5 || x.text[0] != y.text[0]) {
					return 0, "", 0
				}
				if !vowelOnly {
					orgPenalty = 0.1 // weaker evidence: a changed consonant
				}
			}
			sim := 0.95 - 0.6*float64(d)/float64(minLen) - orgPenalty
			if sim < 0.6 {
				sim = 0.6
			}
			return sim, HowTypo, d
		}
	} else if budget > 0 && person && abs(lx-ly) <= budget+1 {
		// skeleton lengths can be closer than text lengths (Kh/H)
		if d := osa(x.skel, y.skel, budget); d <= budget {
			sim := 0.95 - 0.6*float64(d)/float64(minLen)
			return max(sim, 0.6), HowTypo, d
		}
	}
	if single && !orgRules && tx.Kind == WordName && ty.Kind == WordName {
		if sim, d, ok := keyboardTypo(tx, ty); ok {
			return sim, HowSlip, d
		}
	}
	// scrambled letters (data-entry garbling such as "nituP"): only between
	// names of the same length in words, where nothing else is unexplained
	if !orgRules && single && lx == ly && lx >= 5 && len(a.Tokens) == len(b.Tokens) && sameLetters(x.text, y.text) {
		return simScrambled, HowScrambled, 0
	}
	return 0, "", 0
}

// isTransposition reports whether b is a with two adjacent letters swapped.
func isTransposition(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	diff := -1
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			if diff >= 0 {
				return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
			}
			diff = i
		}
	}
	return false
}

// sameLetters reports whether a and b are anagrams.
func sameLetters(a, b string) bool {
	var c [256]int
	for i := 0; i < len(a); i++ {
		c[a[i]]++
	}
	for i := 0; i < len(b); i++ {
		c[b[i]]--
	}
	for _, v := range c {
		if v != 0 {
			return false
		}
	}
	return true
}

// osa is the optimal-string-alignment (restricted Damerau–Levenshtein)
// distance between a and b, cut off: any distance above limit is reported
// as limit+1. Only the band of cells within limit of the diagonal is
// computed, since a cheaper alignment never leaves it.
func osa[S ~string | ~[]byte](a, b S, limit int) int {
	la, lb := len(a), len(b)
	if abs(la-lb) > limit {
		return limit + 1
	}
	if la == 0 {
		return lb
	}
	if lb == 0 {
		return la
	}
	if la > 63 || lb > 63 {
		if string(a) == string(b) {
			return 0
		}
		return limit + 1
	}
	lim := min(limit, 64)
	big := uint8(lim + 1) // stands for any distance above the limit
	var buf [3][65]uint8
	prev2, prev, cur := buf[0][:lb+1], buf[1][:lb+1], buf[2][:lb+1]
	for j := 0; j <= lb; j++ {
		prev[j] = uint8(min(j, lim+1))
	}
	for i := 1; i <= la; i++ {
		lo, hi := max(1, i-lim), min(lb, i+lim)
		cur[lo-1] = uint8(min(i, lim+1))
		if lo > 1 {
			cur[lo-1] = big
		}
		if hi < lb {
			cur[hi+1] = big
		}
		rowMin := cur[lo-1]
		ai := a[i-1]
		for j := lo; j <= hi; j++ {
			cost := uint8(1)
			if ai == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ai == b[j-2] && a[i-2] == b[j-1] && prev2[j-2]+1 < v {
				v = prev2[j-2] + 1
			}
			v = min(v, big)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if int(rowMin) > lim {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if d := int(prev[lb]); d <= lim {
		return d
	}
	return limit + 1
}

// joinedSimilarity compares the names with all spaces removed.
func joinedSimilarity(a, b *Name, orgRules bool) (float64, string, int) {
	ja, jb := a.joined, b.joined
	if ja == "" || jb == "" {
		return 0, "", 0
	}
	if len(a.Tokens) == len(b.Tokens) && len(a.Legal) == len(b.Legal) {
		return 0, "", 0 // same split: the word-by-word comparison covers it
	}
	for _, x := range [3]string{ja, a.joinedCore, a.joinedCode} {
		for _, y := range [3]string{jb, b.joinedCore, b.joinedCode} {
			if x != "" && x == y {
				return simJoined, HowJoined, 0
			}
		}
	}
	var bufA, bufB [128]byte
	sa, sb := appendSkeleton(bufA[:0], ja), appendSkeleton(bufB[:0], jb)
	if string(sa) == string(sb) {
		return simVariant * simJoined, HowJoined, 0
	}
	if orgRules {
		return 0, "", 0
	}
	minLen := min(len(ja), len(jb))
	budget := typoBudget(minLen)
	if budget == 0 {
		return 0, "", 0
	}
	d := osa(sa, sb, budget)
	if d <= budget {
		sim := (0.95 - 0.6*float64(d)/float64(minLen)) * simJoined
		return sim, HowJoined + " with typo", d
	}
	return 0, "", 0
}

// legalFactor compares legal forms: the same form or one side without a
// form is neutral, forms of the same kind (LLC/Ltd, JSC/OJSC) cost a
// little, forms of different kinds (GmbH/AG) defeat a match.
func legalFactor(a, b *Name) (float64, string) {
	if len(a.Legal) == 0 || len(b.Legal) == 0 {
		return 1, ""
	}
	for _, x := range a.Legal {
		for _, y := range b.Legal {
			if x.Code == y.Code {
				return 1, "legal form: " + strconv.Quote(x.Raw) + " = " + strconv.Quote(y.Raw) + " (" + legalLabel(x.Code) + ")"
			}
		}
	}
	for _, x := range a.Legal {
		for _, y := range b.Legal {
			if x.Kind == y.Kind && x.Kind != "" {
				return 0.95, "legal form: " + strconv.Quote(x.Raw) + " and " + strconv.Quote(y.Raw) + " are both a " + string(x.Kind) + " (×0.95)"
			}
		}
	}
	x, y := a.Legal[0], b.Legal[0]
	return 0.5, "legal form differs: " + strconv.Quote(x.Raw) + " (" + legalLabel(x.Code) + ") vs " + strconv.Quote(y.Raw) + " (" + legalLabel(y.Code) + ") (×0.50)"
}

func legalLabel(code string) string {
	if n, ok := legalNames[code]; ok {
		return n
	}
	return code
}

// scoreAlignment turns the chosen correspondences into a score, with the
// person or organisation rules, and explains it.
func scoreAlignment(a, b *Name, pairs []pairCand, orgRules, person bool) (float64, []PartMatch, []string) {
	var reasons []string
	var ubufA, ubufB [32]bool
	usedA := boolsFor(ubufA[:], len(a.Tokens))
	usedB := boolsFor(ubufB[:], len(b.Tokens))
	sumSW, sumW := 0.0, 0.0
	strong := false
	for _, p := range pairs {
		markUsed(usedA, p.a.i, p.a.j)
		markUsed(usedB, p.b.i, p.b.j)
		sumSW += p.sim * p.w
		sumW += p.w
		if p.sim >= 0.7 && p.how != HowInitial && p.how != HowInitials {
			// a real word must match, not only particles or generic words
			if hasKind(a, p.a, WordName, WordNumber) || hasKind(b, p.b, WordName, WordNumber) {
				strong = true
			}
		}
	}
	unA, cntA := unmatched(a, usedA)
	unB, cntB := unmatched(b, usedB)
	var rbuf [160]byte

	var base float64
	factor := 1.0
	if orgRules {
		base = sumSW / (sumW + unA + unB)
		if cntA > 0 {
			reasons = addReason(reasons, string(appendQuotedUnmatched(rbuf[:0], a, usedA, "not in the second name: ")))
		}
		if cntB > 0 {
			reasons = addReason(reasons, string(appendQuotedUnmatched(rbuf[:0], b, usedB, "not in the first name: ")))
		}
		if na, nb := hasUnmatchedKind(a, usedA, WordNumber), hasUnmatchedKind(b, usedB, WordNumber); na || nb {
			factor *= 0.5
			if na && nb && cntA == countUnmatchedKind(a, usedA, WordNumber) && cntB == countUnmatchedKind(b, usedB, WordNumber) {
				// the same name but for its number: a sister fund, trust
				// or series (Partners V, Partners VI) is another legal
				// entity, though of the same sponsor
				r := appendUnmatchedNumbers(append(rbuf[:0], "numbers differ ("...), a, usedA)
				r = appendUnmatchedNumbers(append(r, " vs "...), b, usedB)
				r = append(r, "): another fund, trust or series of the same name — a different legal entity, but related: the same sponsor or issuer (×0.50)"...)
				reasons = addReason(reasons, string(r))
			} else {
				reasons = addReason(reasons, "numbers differ (×0.50)")
			}
		}
		if hasUnmatchedKind(a, usedA, WordGeo) && hasUnmatchedKind(b, usedB, WordGeo) {
			factor *= 0.5
			reasons = addReason(reasons, "different country or region (×0.50)")
		}
		if f, why := legalFactor(a, b); why != "" {
			factor *= f
			reasons = addReason(reasons, why)
		} else if len(a.Legal)+len(b.Legal) > 0 {
			reasons = addReason(reasons, "legal form given on one side only (no penalty)")
		}
	} else {
		lo, hi := min(unA, unB), max(unA, unB)
		base = sumSW / (sumW + lo + 0.12*(hi-lo))
		conflicts := min(cntA, cntB)
		if conflicts == 0 && person && repeatConflicts(a, b, cntA, cntB, usedA, usedB) {
			// a name given twice inside a name ("Mohamed Mohamed": a
			// father and a grandfather of the same name) where the other
			// name has a different name instead: they conflict, the repeat
			// is not a data-entry echo to ignore
			dup, other, used := a.dupWord, b, usedB
			if cntB == 0 {
				dup, other, used = b.dupWord, a, usedA
			}
			factor *= 0.7
			r := strconv.AppendQuote(append(rbuf[:0], "conflicting name parts: the repeated "...), dup)
			r = appendQuotedUnmatched(append(r, " vs "...), other, used, "")
			r = append(r, " (×0.70)"...)
			reasons = addReason(reasons, string(r))
		} else if conflicts > 0 {
			f := 1.0
			for range conflicts {
				f *= 0.7
			}
			factor *= f
			r := appendQuotedUnmatched(append(rbuf[:0], "conflicting name parts: "...), a, usedA, "")
			r = appendQuotedUnmatched(append(r, " vs "...), b, usedB, "")
			r = append(strconv.AppendFloat(append(r, " (×"...), f, 'f', 2, 64), ')')
			reasons = addReason(reasons, string(r))
		} else if cntA+cntB > 0 {
			r := appendQuotedUnmatched(append(rbuf[:0], "extra name parts on one side only: "...), a, usedA, "")
			sep := ""
			if cntA > 0 {
				sep = ", "
			}
			r = append(appendQuotedUnmatched(r, b, usedB, sep), " (small penalty)"...)
			reasons = addReason(reasons, string(r))
		}
		if f, why := generationFactor(a, b); f < 1 {
			factor *= f
			reasons = addReason(reasons, why)
		}
		if person {
			if f, why := orderFactor(a, b, pairs); why != "" {
				factor *= f
				reasons = addReason(reasons, why)
			}
			if c, why := givenOnlyCap(a, b, pairs); c < 1 && base*factor > c {
				factor = c / base
				reasons = addReason(reasons, why)
			}
		}
	}
	if !strong && base*factor > 0.5 {
		factor = 0.5 / base
		reasons = addReason(reasons, "only initials or minor words match (capped at 0.50)")
	}
	score := base * factor
	parts := make([]PartMatch, 0, len(pairs))
	total := sumW + unA + unB
	if !orgRules {
		lo, hi := min(unA, unB), max(unA, unB)
		total = sumW + lo + 0.12*(hi-lo)
	}
	for _, p := range pairs {
		contrib := 0.0
		if total > 0 {
			contrib = p.sim * p.w / total * factor
		}
		parts = append(parts, PartMatch{
			A: rawSpan(a, p.a), B: rawSpan(b, p.b), How: p.how, Edits: p.edits,
			Similarity: round2(p.sim), Weight: p.w, Contribution: round2(contrib),
			Common: p.w == commonNameWeight && !orgRules,
		})
	}
	return score, parts, reasons
}

// repeatConflicts reports whether one name repeats a word inside it and
// the other has, instead, a name word left unmatched that is not a
// spelling of the repeated word (Jaaber for Jaber is the same name again).
func repeatConflicts(a, b *Name, cntA, cntB int, usedA, usedB []bool) bool {
	dup, other, used := a.dupText, b, usedB
	switch {
	case a.dupText != "" && cntA == 0 && cntB > 0:
	case b.dupText != "" && cntB == 0 && cntA > 0:
		dup, other, used = b.dupText, a, usedA
	default:
		return false
	}
	for i := range other.Tokens {
		t := &other.Tokens[i]
		if !used[i] && t.Kind == WordName && osa(t.Text, dup, typoBudget(min(len(t.Text), len(dup)))) <= typoBudget(min(len(t.Text), len(dup))) {
			return false
		}
	}
	return true
}

func hasKind(n *Name, u span, kinds ...WordKind) bool {
	for k := u.i; k < u.j; k++ {
		if slices.Contains(kinds, n.Tokens[k].Kind) {
			return true
		}
	}
	return false
}

// countUnmatchedKind counts the unmatched words of a kind.
func countUnmatchedKind(n *Name, used []bool, kind WordKind) int {
	c := 0
	for i, t := range n.Tokens {
		if !used[i] && t.Kind == kind {
			c++
		}
	}
	return c
}

// appendUnmatchedNumbers appends the unmatched numbers of a name as
// written, separated by spaces.
func appendUnmatchedNumbers(b []byte, n *Name, used []bool) []byte {
	first := true
	for i, t := range n.Tokens {
		if used[i] || t.Kind != WordNumber {
			continue
		}
		if !first {
			b = append(b, ' ')
		}
		first = false
		b = append(b, t.Raw...)
	}
	return b
}

func hasUnmatchedKind(n *Name, used []bool, kind WordKind) bool {
	for i, t := range n.Tokens {
		if !used[i] && t.Kind == kind {
			return true
		}
	}
	return false
}

// unmatched sums the weight of unmatched words and counts the distinctive
// ones (names and initials), which appendQuotedUnmatched lists.
func unmatched(n *Name, used []bool) (float64, int) {
	w, cnt := 0.0, 0
	for i := range n.Tokens {
		t := &n.Tokens[i]
		if used[i] {
			continue
		}
		w += t.Weight
		if t.Kind == WordName || t.Kind == WordInitial || t.Kind == WordNumber {
			cnt++
		}
	}
	return w, cnt
}

// rawSpan returns the words of a unit as written.
func rawSpan(n *Name, u span) string {
	if u.j-u.i == 1 {
		return n.Tokens[u.i].Raw
	}
	var buf [128]byte
	b := buf[:0]
	last := ""
	for k := u.i; k < u.j; k++ {
		r := n.Tokens[k].Raw
		if r != last {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = append(b, r...)
			last = r
		}
	}
	return string(b)
}

// orderFactor notes a person's given name and surname written in the other
// order ("Smith John" for "John Smith"), which registers and lists do
// freely: it costs only a little, so that the name in the same order ranks
// first. Arabic genealogical names are compared by nasabFactor instead:
// "X bin Y" and "Y bin X" are son and father.
func orderFactor(a, b *Name, pairs []pairCand) (float64, string) {
	if hasNasab(a) && hasNasab(b) {
		return nasabFactor(a, b, pairs)
	}
	if a.Script != ScriptLatin || b.Script != ScriptLatin || a.Dupes || b.Dupes || hasNasab(a) || hasNasab(b) {
		return 1, ""
	}
	fa, la := edgeNames(a)
	fb, lb := edgeNames(b)
	if fa < 0 || fa == la || fb < 0 || fb == lb {
		return 1, ""
	}
	pairOf := func(i int) (pairCand, bool) {
		for _, p := range pairs {
			if i >= p.a.i && i < p.a.j {
				return p, true
			}
		}
		return pairCand{}, false
	}
	p1, ok1 := pairOf(fa)
	p2, ok2 := pairOf(la)
	if !ok1 || !ok2 || p1.a.i == p2.a.i {
		return 1, ""
	}
	if lb >= p1.b.i && lb < p1.b.j && fb >= p2.b.i && fb < p2.b.j {
		return 0.95, "given name and surname in the other order (" + strconv.Quote(a.Tokens[fa].Raw) + " first in one, last in the other; lists write either order) (×0.95)"
	}
	return 1, ""
}

// edgeNames returns the first and last distinctive words of a name.
func edgeNames(n *Name) (int, int) {
	f, l := -1, -1
	for i, t := range n.Tokens {
		if t.Kind == WordName {
			if f < 0 {
				f = i
			}
			l = i
		}
	}
	return f, l
}

// nasabFactor compares two genealogical names ("Abdullah bin Omar"):
// the word before "bin" is the person, the word after the father, so a
// name whose person and father are swapped names another man.
func nasabFactor(a, b *Name, pairs []pairCand) (float64, string) {
	pa, fa := nasabRoles(a)
	pb, fb := nasabRoles(b)
	if pa < 0 || pb < 0 {
		return 1, ""
	}
	partner := func(i int) int {
		for _, p := range pairs {
			if i >= p.a.i && i < p.a.j {
				return p.b.i
			}
		}
		return -1
	}
	if partner(pa) == fb && partner(fa) == pb {
		return 0.5, "the person and the father are swapped (" + strconv.Quote(a.Tokens[pa].Raw) + " before bin/ibn in one name, after it in the other: son and father) (×0.50)"
	}
	return 1, ""
}

// nasabRoles returns the word before the first interior bin/ibn and the
// name after it (past an article: "bin al-Din"), or -1s.
func nasabRoles(n *Name) (int, int) {
	for i := 1; i+1 < len(n.Tokens); i++ {
		if n.Tokens[i].Kind != WordParticle || n.Tokens[i].Skel != "bin" || n.Tokens[i-1].Kind != WordName {
			continue
		}
		for j := i + 1; j < len(n.Tokens); j++ { // the father's name, past al-
			switch n.Tokens[j].Kind {
			case WordName:
				return i - 1, j
			case WordParticle:
				continue
			}
			break
		}
		return -1, -1
	}
	return -1, -1
}

// generationFactor compares generational suffixes removed with the titles:
// "Jr" against "Sr" (or II against III) names the son and the father.
func generationFactor(a, b *Name) (float64, string) {
	ga, ra := generation(a)
	gb, rb := generation(b)
	if ga == "" || gb == "" || ga == gb {
		return 1, ""
	}
	return 0.6, "generational suffixes differ (" + strconv.Quote(ra) + " vs " + strconv.Quote(rb) + ": father and son) (×0.60)"
}

// generation returns the canonical generational suffix of a name and the
// suffix as written.
func generation(n *Name) (string, string) {
	for _, t := range n.Titles {
		switch g := Normalize(t); g {
		case "jr", "jnr", "junior":
			return "jr", t
		case "sr", "snr", "senior":
			return "sr", t
		case "ii", "iii", "iv":
			return g, t
		}
	}
	return "", ""
}

func hasNasab(n *Name) bool {
	for _, t := range n.Tokens {
		if nasabParticles[t.Text] {
			return true
		}
	}
	return false
}

// givenOnlyCap keeps a one-word name that matches only the other name's
// given name ("Vladimir" for "Vladimir Putin") below the threshold; a
// one-word surname ("President Erdoğan") may still match.
func givenOnlyCap(a, b *Name, pairs []pairCand) (float64, string) {
	check := func(x, y *Name, xSide bool) (float64, string) {
		nx, ny := countNames(x), countNames(y)
		if nx != 1 || ny < 2 || len(pairs) == 0 {
			return 1, ""
		}
		_, ly := edgeNames(y)
		for _, p := range pairs {
			yu := p.b
			if !xSide {
				yu = p.a
			}
			if ly >= yu.i && ly < yu.j {
				if len(x.Titles) > 0 || len(y.Titles) > 0 || len(x.Tokens) > 1 {
					// "President Erdoğan", "A. Khamenei": a title or an
					// initial with the surname is how a person is named
					return 1, ""
				}
				return 0.6, "only one name part on one side: a surname alone does not identify a person (capped at 0.60)"
			}
		}
		return 0.6, "only a given name matches, not the surname (capped at 0.60)"
	}
	if c, why := check(a, b, true); c < 1 {
		return c, why
	}
	return check(b, a, false)
}

func countNames(n *Name) int {
	c := 0
	for _, t := range n.Tokens {
		if t.Kind == WordName {
			c++
		}
	}
	return c
}

// genderVariant reports whether the first given names of two person names
// are the masculine and feminine forms of one name (Michel/Michelle,
// Daniel/Danielle, Jean/Jeanne): different people, not a typo.
func genderVariant(a, b *Name, i, j int) bool {
	if genderEnding(a, b, i, j) {
		return true
	}
	return genderSuffix(a, b, i, j)
}

// genderEnding: Maria/Mario, Antonio/Antonia, Daniele/Daniela.
func genderEnding(a, b *Name, i, j int) bool {
	fa, _ := edgeNames(a)
	fb, _ := edgeNames(b)
	if i != fa || j != fb || countNames(a) < 2 || countNames(b) < 2 {
		return false
	}
	x, y := a.Tokens[i].Text, b.Tokens[j].Text
	n := len(x)
	if n != len(y) || n < 4 || x[:n-1] != y[:n-1] {
		return false
	}
	e := string([]byte{min(x[n-1], y[n-1]), max(x[n-1], y[n-1])})
	// -o against -a or -e is masculine against feminine (Mario, Maria,
	// Marie; Carlo, Carla); -e/-a only in the Italian -ele/-ela (Daniele,
	// Daniela): Sophie/Sophia, Marie/Maria, Julie/Julia are one name in
	// two languages
	return e == "ao" || e == "eo" || e == "ae" && n >= 4 && x[n-3:n-1] == "el"
}

func genderSuffix(a, b *Name, i, j int) bool {
	fa, _ := edgeNames(a)
	fb, _ := edgeNames(b)
	if i != fa || j != fb || countNames(a) < 2 || countNames(b) < 2 {
		return false
	}
	if !knownGivenName(a.Tokens[i].groups) || !knownGivenName(b.Tokens[j].groups) {
		return false // Joshu for Joshua is a typo, not a feminine form
	}
	x, y := a.Tokens[i].Text, b.Tokens[j].Text
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(x) < 4 {
		return false
	}
	return y == x+"e" || y == x+"a" || (len(y) == len(x)+2 && y[:len(x)] == x && y[len(x)] == x[len(x)-1] && (y[len(y)-1] == 'e' || y[len(y)-1] == 'a'))
}

// countDoubles counts doubled letters in a word.
func countDoubles(t string) int {
	c := 0
	for i := 1; i < len(t); i++ {
		if t[i] == t[i-1] {
			c++
		}
	}
	return c
}

// unitAbjad reports whether a unit has a word written in Arabic or Hebrew
// script, or in Thai, Khmer, Lao or Ethiopic, whose vowels the letter-by-letter
// romanisation renders poorly: all are compared by their consonants.
func unitAbjad(n *Name, u unit) bool {
	for k := u.i; k < u.j; k++ {
		if sc := n.Tokens[k].Script; sc == ScriptArabic || sc == ScriptHebrew || sc == ScriptThai || sc == ScriptKhmer || sc == ScriptEthiopic || sc == ScriptAsian {
			return true
		}
	}
	return false
}

// abjadSubsequence reports whether every letter of a romanised abjad word
// (consonants and written long vowels) appears in order in the Latin
// spelling, long vowels matching their usual spellings (و as u/o/w, ي as
// i/e/y, ا as a/e/o): محمود (mhmud) fits Mahmoud but not Mohammed.
func abjadSubsequence(ab, lat string) bool {
	j := 0
	for i := 0; i < len(ab); i++ {
		c := ab[i]
		found := false
		for j < len(lat) {
			d := lat[j]
			j++
			if c == d || c == 'u' && (d == 'o' || d == 'v') || c == 'i' && d == 'e' || c == 'a' && (d == 'e' || d == 'o') {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// geoCanon returns the English name for a country word.
func geoCanon(w string) string {
	if c, ok := countryCanon[w]; ok {
		return c
	}
	return w
}

// appendVoicingKey appends a consonant key with voiced and voiceless
// pairs merged (b/p/f, d/t, g/k/q, z/s, and the hushing j, ch, sh).
func appendVoicingKey(dst []byte, cons string) []byte {
	for i := 0; i < len(cons); i++ {
		c := cons[i]
		switch c {
		case 'p', 'f':
			c = 'b'
		case 'd':
			c = 't'
		case 'g', 'q':
			c = 'k'
		case 'z':
			c = 's'
		case 'J', 'S':
			c = 'C'
		}
		if n := len(dst); n > 0 && dst[n-1] == c {
			continue
		}
		dst = append(dst, c)
	}
	return dst
}

// appendGlides appends s with j mapped to y and w to v, the letters in
// which German, Polish and Baltic spellings differ from English ones.
func appendGlides(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case 'j':
			c = 'y'
		case 'w':
			c = 'v'
		}
		dst = append(dst, c)
	}
	return dst
}
