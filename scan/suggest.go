package scan

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/impartial/impartial"
)

// Suggestion is a contact or relationship a text may report: two known
// entities named in one sentence with a verb of meeting or a phrase of
// role between them, and the date nearest the verb when the sentence has
// one. It is only a suggestion: nothing is written until a person accepts
// it, and what is written says it came from the text.
type Suggestion struct {
	N      int               `json:"n"`    // 1-based, in text order: what scan --accept takes
	Kind   string            `json:"kind"` // "contact" or "relationship"
	Type   impartial.RelType `json:"type,omitempty"`
	Role   string            `json:"role,omitempty"`
	From   string            `json:"from"` // entity ids: a relationship reads "from is ROLE of to"
	To     string            `json:"to"`
	Date   string            `json:"date,omitempty"` // YYYY, YYYY-MM or YYYY-MM-DD; "" when the sentence gives none
	DateAs string            `json:"date_text,omitempty"`
	Cue    string            `json:"cue"` // the verb or phrase as written
	// CueStart and CueEnd, SentenceStart and SentenceEnd are byte offsets
	// in the text.
	CueStart      int       `json:"cue_start"`
	CueEnd        int       `json:"cue_end"`
	Sentence      string    `json:"sentence"`
	SentenceStart int       `json:"sentence_start"`
	SentenceEnd   int       `json:"sentence_end"`
	Mentions      []Mention `json:"mentions"` // the two mentions it joins, from first, then to
	Why           string    `json:"why"`
}

// cue is a phrase that reports a contact or a relationship between the
// entity named before it and the one named after it.
type cue struct {
	words   []string // lower-case words, matched in sequence
	contact bool
	typ     impartial.RelType
	role    string
	reverse bool // the entity after the cue is the relationship's from
	// holding: an ownership whose owner is a person is a holding.
}

// cues lists the phrases, longest first within each meaning so that
// "board member of" wins over "member of".
var cues = func() []cue {
	var cs []cue
	contact := func(ps ...string) {
		for _, p := range ps {
			cs = append(cs, cue{words: strings.Fields(p), contact: true})
		}
	}
	rel := func(t impartial.RelType, role string, reverse bool, ps ...string) {
		for _, p := range ps {
			cs = append(cs, cue{words: strings.Fields(p), typ: t, role: role, reverse: reverse})
		}
	}
	contact("met with", "met", "meets", "meet", "meeting with", "met privately with", "spoke with", "spoke to", "spoke",
		"talked with", "talked to", "talked", "called", "phoned", "telephoned", "dined with", "had dinner with",
		"had lunch with", "lunched with", "visited", "sat down with", "emailed", "e-mailed", "wrote to", "corresponded with",
		"conferred with", "contacted", "communicated with", "encountered", "greeted")
	rel(impartial.Position, "director", false, "board member of", "a director of", "director of", "sits on the board of", "on the board of")
	rel(impartial.Position, "chief executive officer", false, "chief executive officer of", "chief executive of", "ceo of")
	rel(impartial.Position, "president", false, "president of")
	rel(impartial.Position, "chair", false, "chairman of", "chairwoman of", "chair of")
	rel(impartial.Position, "officer", false, "officer of", "general counsel of")
	rel(impartial.Position, "trustee", false, "trustee of")
	rel(impartial.Employment, "employee", false, "works for", "worked for", "employed by", "an employee of", "employee of", "works at", "worked at")
	rel(impartial.Employment, "prospective", false, "negotiating employment with", "in talks to join")
	rel(impartial.Membership, "member", false, "a member of", "member of")
	rel(impartial.Representation, "counsel", false, "represents", "represented", "counsel to", "counsel for", "lawyer for", "attorney for", "lobbied for")
	rel(impartial.Client, "client", false, "a client of", "client of", "retained")
	rel(impartial.Family, "spouse", false, "married to", "married", "the wife of", "wife of", "the husband of", "husband of", "spouse of")
	rel(impartial.Family, "child", true, "son of", "daughter of", "child of")
	rel(impartial.Family, "parent", true, "father of", "mother of", "parent of")
	rel(impartial.Family, "sibling", false, "brother of", "sister of", "sibling of")
	rel(impartial.Ownership, "", false, "owns", "owned", "acquired", "holds a stake in", "a stake in", "stake in", "shares in", "invested in", "parent company of", "parent of")
	rel(impartial.Ownership, "", true, "owned by", "a subsidiary of", "subsidiary of", "a unit of", "acquired by", "controlled by")
	rel(impartial.Business, "adviser", false, "adviser to", "advisor to", "advised", "consultant to", "consulted for", "partner of", "business partner of", "contract with", "contracted with")
	slices.SortStableFunc(cs, func(a, b cue) int { return len(b.words) - len(a.words) })
	return cs
}()

// notSentenceEnds end in a full stop that does not end a sentence.
var notSentenceEnds = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "sen": true, "rep": true, "gov": true,
	"gen": true, "lt": true, "col": true, "capt": true, "st": true, "jr": true, "sr": true, "inc": true, "co": true,
	"corp": true, "ltd": true, "no": true, "vs": true, "v": true, "u.s": true, "u.k": true, "e.g": true, "i.e": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "amb": true, "pres": true, "prof": true, "hon": true, "atty": true}

// Sentences returns the byte spans of the sentences of text: a sentence
// ends at ".", "!" or "?" followed by white space and not closing an
// abbreviation or an initial, or at a blank line.
func Sentences(text string) [][2]int {
	var out [][2]int
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e && isSpace(text[s]) {
			s++
		}
		for e > s && isSpace(text[e-1]) {
			e--
		}
		if e > s {
			out = append(out, [2]int{s, e})
		}
		start = end
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\n' && i+1 < len(text) && (text[i+1] == '\n' || (text[i+1] == '\r' && i+2 < len(text) && text[i+2] == '\n')):
			emit(i)
		case c == '.' || c == '!' || c == '?':
			j := i + 1
			for j < len(text) && (text[j] == '"' || text[j] == '\'' || text[j] == ')' || text[j] == ']') {
				j++
			}
			if j < len(text) && !isSpace(text[j]) {
				continue
			}
			if c == '.' && abbreviated(text[start:i]) {
				continue
			}
			emit(j)
			i = j - 1
		}
	}
	emit(len(text))
	return out
}

// abbreviated reports whether the text before a full stop ends in an
// abbreviation or an initial ("J.", "U.S").
func abbreviated(before string) bool {
	i := len(before)
	for i > 0 && !isSpace(before[i-1]) && before[i-1] != '(' && before[i-1] != '"' {
		i--
	}
	w := strings.ToLower(strings.TrimLeft(before[i:], "\"'("))
	if j := strings.LastIndexByte(w, '-'); j >= 0 { // "then-Sen."
		w = w[j+1:]
	}
	if notSentenceEnds[w] {
		return true
	}
	r, size := utf8.DecodeRuneInString(w)
	return size == len(w) && unicode.IsLetter(r) // an initial
}

// word is a word of a sentence with its byte span in the text.
type word struct {
	lower      string
	start, end int
}

func words(text string, from, to int) []word {
	var out []word
	i := from
	for i < to {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			continue
		}
		j := i
		for j < to {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '’' {
				break
			}
			j += size
		}
		out = append(out, word{lower: strings.ToLower(text[i:j]), start: i, end: j})
		i = j
	}
	return out
}

var months = map[string]time.Month{"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}

var dateRes = []*regexp.Regexp{
	regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`),
	regexp.MustCompile(`(?i)\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b`),
	regexp.MustCompile(`(?i)\b(\d{1,2}) (jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,? (\d{4})\b`),
	regexp.MustCompile(`(?i)\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,? (\d{4})\b`),
	regexp.MustCompile(`\b(1[89]\d\d|20\d\d)\b`),
}

type foundDate struct {
	d          impartial.Date
	start, end int
}

// dates finds the dates a sentence gives, most precise reading first.
func dates(text string, from, to int) []foundDate {
	var out []foundDate
	taken := func(s, e int) bool {
		return slices.ContainsFunc(out, func(f foundDate) bool { return s < f.end && f.start < e })
	}
	s := text[from:to]
	for ri, re := range dateRes {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			if taken(from+m[0], from+m[1]) {
				continue
			}
			g := func(i int) string { return s[m[2*i]:m[2*i+1]] }
			var d impartial.Date
			var y, dd int
			var mo time.Month
			switch ri {
			case 0:
				y, _ = strconv.Atoi(g(1))
				mi, _ := strconv.Atoi(g(2))
				mo = time.Month(mi)
				dd, _ = strconv.Atoi(g(3))
			case 1:
				mo, y = months[strings.ToLower(g(1))], atoi(g(3))
				dd = atoi(g(2))
			case 2:
				dd, mo, y = atoi(g(1)), months[strings.ToLower(g(2))], atoi(g(3))
			case 3:
				mo, y = months[strings.ToLower(g(1))], atoi(g(2))
			case 4:
				y = atoi(g(1))
			}
			switch {
			case dd > 0:
				v, err := impartial.ParseDate(fmt.Sprintf("%04d-%02d-%02d", y, mo, dd))
				if err != nil {
					continue
				}
				d = v
			case mo > 0:
				d = impartial.Month(y, mo)
			default:
				d = impartial.Year(y)
			}
			out = append(out, foundDate{d: d, start: from + m[0], end: from + m[1]})
		}
	}
	return out
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// Suggest returns the contacts and relationships the text may report,
// from the mentions Scan found in it, resolved (Index.Resolve). kindOf says
// what kind each mentioned entity is: a contact needs a person, and an
// ownership whose owner is a person is a holding. A mention that could be
// any of several entities is not taken as one of them: with no entity
// (unresolved), it gives no suggestion, and the mentions beyond it are not
// taken in its place; resolved, the suggestion's why says on what ground.
// It is pure and deterministic: the same text and mentions give the same
// suggestions, numbered the same.
func Suggest(text string, mentions []Mention, kindOf func(id string) impartial.EntityKind) []Suggestion {
	var out []Suggestion
	mi := 0
	for _, sp := range Sentences(text) {
		for mi < len(mentions) && mentions[mi].Start < sp[0] {
			mi++
		}
		var in []Mention
		for j := mi; j < len(mentions) && mentions[j].Start < sp[1]; j++ {
			if mentions[j].End <= sp[1] {
				in = append(in, mentions[j])
			}
		}
		if distinct(in) < 2 {
			continue
		}
		out = append(out, suggestIn(text, sp, in, kindOf)...)
	}
	for i := range out {
		out[i].N = i + 1
	}
	return out
}

func distinct(ms []Mention) int {
	seen := map[string]bool{}
	for _, m := range ms {
		if m.Entity != "" {
			seen[m.Entity] = true
		}
	}
	return len(seen)
}

// suggestIn finds the cues of one sentence and, for each, the entities
// named nearest before and after it.
func suggestIn(text string, sp [2]int, in []Mention, kindOf func(string) impartial.EntityKind) []Suggestion {
	ws := words(text, sp[0], sp[1])
	ds := dates(text, sp[0], sp[1])
	var out []Suggestion
	seen := map[string]bool{}
	for i := 0; i < len(ws); i++ {
		// A cue inside a mention ("Meeting House Ltd") is part of a name.
		if slices.ContainsFunc(in, func(m Mention) bool { return ws[i].start >= m.Start && ws[i].start < m.End }) {
			continue
		}
		c, n := matchCue(ws[i:])
		if n == 0 {
			continue
		}
		cs, ce := ws[i].start, ws[i+n-1].end
		before, after := nearest(in, cs, ce)
		if before == nil || after == nil || before.Entity == after.Entity || before.Entity == "" || after.Entity == "" {
			i += n - 1
			continue
		}
		s := Suggestion{Cue: text[cs:ce], CueStart: cs, CueEnd: ce, Sentence: text[sp[0]:sp[1]], SentenceStart: sp[0], SentenceEnd: sp[1]}
		from, to := *before, *after
		if c.reverse {
			from, to = to, from
		}
		if c.contact {
			if kindOf(from.Entity) != impartial.Person && kindOf(to.Entity) != impartial.Person {
				i += n - 1
				continue
			}
			s.Kind = "contact"
		} else {
			s.Kind, s.Type, s.Role = "relationship", c.typ, c.role
			if c.typ == impartial.Ownership && kindOf(from.Entity) == impartial.Person {
				s.Type = impartial.Holding
			}
			if c.typ == impartial.Business && kindOf(to.Entity) == impartial.CampaignOrganization {
				s.Type = impartial.Campaign
			}
		}
		s.From, s.To, s.Mentions = from.Entity, to.Entity, []Mention{from, to}
		if d, ok := nearestDate(ds, cs, ce); ok {
			s.Date, s.DateAs = d.d.String(), text[d.start:d.end]
		}
		key := fmt.Sprint(s.Kind, s.Type, s.Role, s.From, s.To, s.Date)
		if !seen[key] {
			seen[key] = true
			s.Why = explain(s)
			out = append(out, s)
		}
		i += n - 1
	}
	return out
}

func matchCue(ws []word) (cue, int) {
	for _, c := range cues {
		if len(c.words) > len(ws) {
			continue
		}
		ok := true
		for k, w := range c.words {
			if strings.TrimRight(ws[k].lower, "'’s") != w && ws[k].lower != w {
				ok = false
				break
			}
		}
		if ok {
			return c, len(c.words)
		}
	}
	return cue{}, 0
}

// nearest returns the mention that ends closest before the cue and the one
// that starts closest after it.
func nearest(in []Mention, cs, ce int) (*Mention, *Mention) {
	var before, after *Mention
	for i := range in {
		m := &in[i]
		if m.End <= cs && (before == nil || m.End > before.End) {
			before = m
		}
		if m.Start >= ce && (after == nil || m.Start < after.Start) {
			after = m
		}
	}
	if after != nil && before != nil && after.Entity == before.Entity {
		// "X met X's lawyer Y": take the next entity after the cue.
		for i := range in {
			m := &in[i]
			if m.Start >= ce && m.Entity != before.Entity && (after.Entity == before.Entity || m.Start < after.Start) {
				after = m
			}
		}
	}
	return before, after
}

func nearestDate(ds []foundDate, cs, ce int) (foundDate, bool) {
	best, dist := foundDate{}, -1
	for _, d := range ds {
		x := 0
		switch {
		case d.end <= cs:
			x = cs - d.end
		case d.start >= ce:
			x = d.start - ce
		}
		if dist < 0 || x < dist || (x == dist && d.d.Precision() > best.d.Precision()) {
			best, dist = d, x
		}
	}
	return best, dist >= 0
}

func explain(s Suggestion) string {
	var b strings.Builder
	if s.Kind == "contact" {
		fmt.Fprintf(&b, "the sentence says %q of %q and %q: a contact between them", s.Cue, s.Mentions[0].Surface, s.Mentions[1].Surface)
	} else {
		fmt.Fprintf(&b, "the sentence says %q between %q and %q: a %s relationship", s.Cue, s.Mentions[0].Surface, s.Mentions[1].Surface, s.Type)
		if s.Role != "" {
			fmt.Fprintf(&b, " (%s)", s.Role)
		}
	}
	if s.Date != "" {
		fmt.Fprintf(&b, ", dated %s from %q", s.Date, s.DateAs)
	} else {
		b.WriteString("; the sentence gives no date")
	}
	for _, m := range s.Mentions {
		if m.Ambiguous() {
			b.WriteString("; ")
			b.WriteString(m.Why)
		}
	}
	return b.String()
}
