package scan

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/impartial/impartial/names"
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

func entities() []*impartial.Entity {
	p := impartial.Person
	return []*impartial.Entity{
		{ID: "sessions", Kind: p, Name: "Jeff Sessions", Aliases: []string{"Jefferson B. Sessions", "Sen. Jeff Sessions"}},
		{ID: "kislyak", Kind: p, Name: "Sergey I. Kislyak", Aliases: []string{"Сергей Иванович Кисляк"}},
		{ID: "trump", Kind: p, Name: "Donald J. Trump"},
		{ID: "franken", Kind: p, Name: "Al Franken"},
		{ID: "clinton", Kind: p, Name: "Hillary Clinton"},
		{ID: "trump-campaign", Kind: impartial.CampaignOrganization, Name: "Donald J. Trump for President, Inc.", Aliases: []string{"Trump campaign"}},
		{ID: "heritage", Kind: impartial.Organization, Name: "The Heritage Foundation"},
		{ID: "sjc", Kind: impartial.GovernmentBody, Name: "Senate Judiciary Committee"},
		{ID: "sasc", Kind: impartial.GovernmentBody, Name: "Senate Armed Services Committee"},
		{ID: "doj", Kind: impartial.GovernmentBody, Name: "U.S. Department of Justice", Aliases: []string{"DOJ", "Justice Department"}},
		{ID: "wapo", Kind: impartial.Organization, Name: "The Washington Post"},
	}
}

func TestScan(t *testing.T) {
	// A text written for this test, with the forms a news report uses.
	text := "Reports said then-Sen. Sessions had met Sergey I. Kislyak twice. Sessions’ meetings, first reported by " +
		"The Washington Post, came up again after Sen. Al Franken asked about the Trump campaign at the Senate Judiciary " +
		"Committee hearing. Mr. Trump and Hillary Clinton’s campaign were not asked; the DOJ and the Justice Department " +
		"declined comment, as did Heritage Foundation staff and the Senate Armed Services Committee. Сергей Кисляк did not reply."
	ms := NewIndex(entities()).Scan(text)
	order, counts := Summary(ms)
	want := []string{"sessions", "kislyak", "wapo", "franken", "trump-campaign", "sjc", "trump", "clinton", "doj", "heritage", "sasc"}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("entities in order:\n got  %v\n want %v", order, want)
	}
	if counts["sessions"] != 2 || counts["kislyak"] != 2 || counts["doj"] != 2 {
		t.Errorf("counts: %v", counts)
	}
	for _, m := range ms {
		if text[m.Start:m.End] != m.Surface {
			t.Errorf("offsets %d-%d do not give %q", m.Start, m.End, m.Surface)
		}
	}
	surfaces := map[string]bool{}
	for _, m := range ms {
		surfaces[m.Entity+"="+m.Surface] = true
	}
	for _, w := range []string{"sessions=Sen. Sessions", "sessions=Sessions’", "kislyak=Sergey I. Kislyak", "kislyak=Сергей Кисляк",
		"trump-campaign=Trump campaign", "heritage=Heritage Foundation", "clinton=Hillary Clinton’s"} {
		if !surfaces[w] {
			t.Errorf("missing mention %s; have %v", w, surfaces)
		}
	}
	if surfaces["trump=Trump"] && counts["trump"] != 1 {
		t.Errorf("'Trump campaign' must be one mention of the campaign, not also of Trump: %v", counts)
	}
}

func TestScanNothing(t *testing.T) {
	if ms := NewIndex(entities()).Scan("The committee met on Tuesday; the senator was not there."); len(ms) != 0 {
		t.Errorf("mentions in a text naming no one: %+v", ms)
	}
}

func TestMentionEnds(t *testing.T) {
	ix := NewIndex([]*impartial.Entity{
		{ID: "cook", Kind: impartial.Person, Name: "Tim Cook"},
		{ID: "acme", Kind: impartial.Company, Name: "Acme Holdings Inc."},
	})
	text := "They met Cook. Then Acme Holdings Inc. and ‘Cook’ replied."
	var got []string
	for _, m := range ix.Scan(text) {
		got = append(got, m.Surface)
		if text[m.Start:m.End] != m.Surface {
			t.Errorf("offsets of %q", m.Surface)
		}
	}
	if strings.Join(got, "|") != "Cook|Acme Holdings Inc.|Cook" {
		t.Errorf("mentions %q", got)
	}
}

// refIndex is the first implementation, kept as a deliberately simple
// reference: phrases by first word, compared word by word.
type refPhrase struct {
	entity, matched string
	words           []string
	how             How
	name            string // the entity's primary name
	covered         bool
}

type refIndex struct{ first map[string][]refPhrase }

func newRefIndex(es []*impartial.Entity) *refIndex {
	ix := &refIndex{first: map[string][]refPhrase{}}
	add := func(p refPhrase) {
		for _, q := range ix.first[p.words[0]] {
			if q.entity == p.entity && slices.Equal(q.words, p.words) {
				return
			}
		}
		ix.first[p.words[0]] = append(ix.first[p.words[0]], p)
	}
	for _, e := range es {
		add := func(p refPhrase) {
			p.name, p.covered = e.Name, e.Coverage != nil
			add(p)
		}
		for _, n := range e.Names() {
			words := norms(n)
			for len(words) > 1 && stopWords[words[0]] {
				words = words[1:]
			}
			if len(words) == 0 || (len(words) == 1 && (len(words[0]) < 2 || stopWords[words[0]])) {
				continue
			}
			add(refPhrase{entity: e.ID, words: words, matched: n, how: FullName})
		}
		if e.Kind != impartial.Person {
			continue
		}
		if w := norms(e.Name); len(w) > 1 && len(w[len(w)-1]) >= 3 {
			add(refPhrase{entity: e.ID, words: w[len(w)-1:], matched: e.Name, how: Surname})
		}
		for _, n := range e.Names() {
			if w := norms(n); len(w) > 2 && !strings.Contains(n, ",") {
				add(refPhrase{entity: e.ID, words: []string{w[0], w[len(w)-1]}, matched: n, how: FullName})
			}
		}
	}
	for k, ps := range ix.first {
		slices.SortStableFunc(ps, func(a, b refPhrase) int { return len(b.words) - len(a.words) })
		ix.first[k] = ps
	}
	return ix
}

func (ix *refIndex) scan(text string) []Mention {
	toks := names.FreeTextTokens(text)
	var out []Mention
	for i := 0; i < len(toks); {
		best := 0
		var found []refPhrase
		for _, p := range ix.first[toks[i].Norm] {
			n := len(p.words)
			if n < best || i+n > len(toks) {
				continue
			}
			ok := true
			for j := 1; j < n; j++ {
				if toks[i+j].Norm != p.words[j] {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			best = n
			found = append(found, p)
		}
		if best > 0 {
			start, end := trimStart(text, toks[i].Start, toks[i].End), trimEnd(text, toks[i+best-1].Start, toks[i+best-1].End)
			out = append(out, refMention(found, Mention{Start: start, End: end, Surface: text[start:end]}))
		}
		i += max(best, 1)
	}
	return out
}

// refMention makes the mention of the phrases found at one place: of the
// entity if there is one, else their count and the first MaxCandidates by
// how they matched, covered persons first, then id.
func refMention(found []refPhrase, m Mention) Mention {
	m.Count = len(found)
	if len(found) == 1 {
		m.Entity, m.Matched, m.How = found[0].entity, found[0].matched, found[0].how
		return m
	}
	found = slices.Clone(found)
	slices.SortFunc(found, func(a, b refPhrase) int {
		if a.how != b.how {
			if a.how == FullName {
				return -1
			}
			return 1
		}
		if a.covered != b.covered {
			if a.covered {
				return -1
			}
			return 1
		}
		return strings.Compare(a.entity, b.entity)
	})
	for _, p := range found {
		if p.how == FullName {
			m.ByName++
		}
	}
	for _, p := range found[:min(len(found), MaxCandidates)] {
		m.Candidates = append(m.Candidates, Candidate{Entity: p.entity, Name: p.name, Matched: p.matched, How: p.how, Covered: p.covered})
	}
	m.Matched, m.How = m.Candidates[0].Matched, m.Candidates[0].How
	return m
}

// randomText strings names of the entities (some partly) with filler words
// and punctuation.
func randomText(r *rand.Rand, es []*impartial.Entity, words int) string {
	filler := []string{"the", "met", "and", "said", "of", "on", "Tuesday,", "report", "—", "(", ")", "“", "”", "Sen.", "Mr.", "Inc.", "2016", "\n", "then-Sen."}
	var b strings.Builder
	for range words {
		if r.IntN(3) == 0 {
			e := es[r.IntN(len(es))]
			ns := e.Names()
			n := strings.Fields(ns[r.IntN(len(ns))])
			if r.IntN(4) == 0 && len(n) > 1 {
				n = n[r.IntN(len(n)):]
			}
			b.WriteString(strings.Join(n, " "))
			if r.IntN(5) == 0 {
				b.WriteString("’s")
			}
		} else {
			b.WriteString(filler[r.IntN(len(filler))])
		}
		b.WriteString([]string{" ", " ", " ", "  ", ". ", ", ", "\n"}[r.IntN(7)])
	}
	return b.String()
}

// TestScanAgainstReference compares the automaton with the reference on
// random texts, scanned whole and streamed in chunks of every small size, so
// that names across chunk boundaries keep their offsets.
func TestScanAgainstReference(t *testing.T) {
	trials := 300
	if n, err := strconv.Atoi(os.Getenv("SCAN_TRIALS")); err == nil {
		trials = n
	}
	es := entities()
	es = append(es,
		&impartial.Entity{ID: "sessions2", Kind: impartial.Person, Name: "Pete Sessions"},
		&impartial.Entity{ID: "trump-org", Kind: impartial.Company, Name: "The Trump Organization", Aliases: []string{"Trump Org"}},
		&impartial.Entity{ID: "single", Kind: impartial.Organization, Name: "Sessions"},
	)
	ix, ref := NewIndex(es), newRefIndex(es)
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range trials {
		text := randomText(r, es, 5+r.IntN(60))
		want := ref.scan(text)
		if got := ix.Scan(text); !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: Scan(%q)\n got  %+v\n want %+v", trial, text, got, want)
		}
		chunk := 1 + r.IntN(64)
		var got []Mention
		n, err := ix.scanReader(strings.NewReader(text), chunk, func(m Mention) error { got = append(got, m); return nil })
		if err != nil || n != int64(len(text)) {
			t.Fatalf("scanReader: %d bytes, %v", n, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: chunks of %d of %q\n got  %+v\n want %+v", trial, chunk, text, got, want)
		}
	}
}

// TestPutRemove checks that an index kept current entity by entity finds
// what one built afresh finds.
func TestPutRemove(t *testing.T) {
	es := entities()
	ix := NewIndex(es[:5])
	for _, e := range es[5:] {
		ix.Put(e)
	}
	renamed := *es[0]
	renamed.Aliases = []string{"Jefferson Beauregard Sessions III"}
	ix.Put(&renamed)
	ix.Remove("wapo")
	ix.Remove("no-such")
	var fresh []*impartial.Entity
	for _, e := range es {
		switch e.ID {
		case "wapo":
		case "sessions":
			fresh = append(fresh, &renamed)
		default:
			fresh = append(fresh, e)
		}
	}
	want := NewIndex(fresh)
	r := rand.New(rand.NewPCG(3, 4))
	for range 100 {
		text := randomText(r, es, 40) + " Jefferson Beauregard Sessions III and Sen. Jeff Sessions"
		if got, w := ix.Scan(text), want.Scan(text); !reflect.DeepEqual(got, w) {
			t.Fatalf("Scan(%q)\n got  %+v\n want %+v", text, got, w)
		}
	}
	if ix.Len() != len(fresh) {
		t.Errorf("Len = %d, want %d", ix.Len(), len(fresh))
	}
}

// TestScanGeneratedAgainstReference compares the automaton, laid out as it
// is after a build and after growing by PutAll, with the reference on
// news-like text over generated entities (names in Cyrillic, Greek,
// Arabic and Chinese script among them), mention by mention: scanned
// whole, and streamed in chunks of sizes that put boundaries inside names
// and inside multi-byte characters.
func TestScanGeneratedAgainstReference(t *testing.T) {
	es := synthEntities(t, 3000)
	ref := newRefIndex(es)
	built := NewIndex(es)
	grown := NewEmptyIndex(0)
	for i := 0; i < len(es); i += 700 {
		grown.PutAll(es[i:min(i+700, len(es))])
	}
	if grown.laidOut == 0 {
		t.Fatal("PutAll never laid the lists out again: the test does not cover it")
	}
	r := rand.New(rand.NewPCG(9, 9))
	for trial := range 40 {
		text := newsText(r, es, 2000+r.IntN(6000), 1+r.IntN(30))
		want := ref.scan(text)
		for name, ix := range map[string]*Index{"built": built, "grown": grown} {
			if got := ix.Scan(text); !reflect.DeepEqual(got, want) {
				t.Fatalf("trial %d, %s: Scan differs from the reference\n got  %d mentions\n want %d: %s", trial, name, len(got), len(want), firstDiff(got, want))
			}
			for _, chunk := range []int{1 + r.IntN(7), 8 + r.IntN(100), 200 + r.IntN(2000)} {
				var got []Mention
				n, err := ix.scanReader(strings.NewReader(text), chunk, func(m Mention) error { got = append(got, m); return nil })
				if err != nil || n != int64(len(text)) {
					t.Fatalf("scanReader: %d of %d bytes, %v", n, len(text), err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("trial %d, %s, chunks of %d: %s", trial, name, chunk, firstDiff(got, want))
				}
			}
		}
		if len(want) == 0 {
			t.Fatalf("trial %d: no mentions, the text tests nothing", trial)
		}
	}
}

// firstDiff describes where two lists of mentions first differ.
func firstDiff(got, want []Mention) string {
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			return fmt.Sprintf("mention %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("got %d mentions, want %d", len(got), len(want))
}

// TestMentionsOutliveChanges checks that the strings of a mention stay
// what they were after the index grows and its entities are put again or
// removed (they point into the index's arena).
func TestMentionsOutliveChanges(t *testing.T) {
	es := entities()
	ix := NewIndex(es)
	ms := ix.Scan("Jeff Sessions met Sergey I. Kislyak; the DOJ declined.")
	want := fmt.Sprintf("%+v", ms)
	for i := range 3000 {
		ix.PutAll([]*impartial.Entity{{ID: fmt.Sprintf("x%d", i), Kind: impartial.Person, Name: fmt.Sprintf("Person Number%d Sessions", i)}})
	}
	ix.Remove("sessions")
	ix.Put(&impartial.Entity{ID: "kislyak", Kind: impartial.Person, Name: "Someone Else"})
	if got := fmt.Sprintf("%+v", ms); got != want {
		t.Errorf("mentions changed with the index:\n got  %s\n want %s", got, want)
	}
}

func TestNewsTextIsUTF8(t *testing.T) {
	text := newsText(rand.New(rand.NewPCG(1, 1)), entities(), 200000, 10)
	if !utf8.ValidString(text) {
		t.Error("the benchmark's text is not UTF-8")
	}
}

// TestScanGroups checks that a place in the text matching the names of
// several entities is one mention with their count and first candidates,
// in order, and that it stays so as entities are put and removed.
func TestScanGroups(t *testing.T) {
	p := impartial.Person
	cov := &impartial.Coverage{}
	var smiths []*impartial.Entity
	for i := range 7 {
		e := &impartial.Entity{ID: fmt.Sprintf("smith%d", i), Kind: p, Name: fmt.Sprintf("%s Smith", []string{"Ann", "Bob", "Cy", "Di", "Ed", "Flo", "Gus"}[i])}
		smiths = append(smiths, e)
	}
	smiths[6].Coverage = cov // a covered person comes before the others
	es := append(smiths,
		&impartial.Entity{ID: "s-org", Kind: impartial.Organization, Name: "Sessions"},
		&impartial.Entity{ID: "s-pete", Kind: p, Name: "Pete Sessions"},
		&impartial.Entity{ID: "s-jeff", Kind: p, Name: "Jeff Sessions", Coverage: cov},
		&impartial.Entity{ID: "js1", Kind: p, Name: "John Q. Doe"},
		&impartial.Entity{ID: "js2", Kind: impartial.Company, Name: "John Doe"},
		&impartial.Entity{ID: "kislyak", Kind: p, Name: "Sergey Kislyak"},
	)
	type want struct {
		entity        string
		count, byName int
		cands         []string // id/how
	}
	ix := NewIndex(es)
	for _, tc := range []struct {
		text string
		want want
	}{
		{"Smith", want{count: 7, cands: []string{"smith6/surname", "smith0/surname", "smith1/surname", "smith2/surname", "smith3/surname"}}},
		{"Gus Smith", want{entity: "smith6", count: 1}},
		{"Sessions’", want{count: 3, byName: 1, cands: []string{"s-org/name", "s-jeff/surname", "s-pete/surname"}}},
		{"John Doe", want{count: 2, byName: 2, cands: []string{"js1/name", "js2/name"}}}, // "John Q. Doe" by given and family name
		{"Kislyak", want{entity: "kislyak", count: 1}},
	} {
		ms := ix.Scan("Then " + tc.text + " said.")
		if len(ms) != 1 {
			t.Errorf("%q: %d mentions, want 1: %+v", tc.text, len(ms), ms)
			continue
		}
		m := ms[0]
		got := want{entity: m.Entity, count: m.Count, byName: m.ByName}
		for _, c := range m.Candidates {
			got.cands = append(got.cands, c.Entity+"/"+string(c.How))
		}
		if !reflect.DeepEqual(got, tc.want) || m.Surface != tc.text {
			t.Errorf("%q:\n got  %+v %q\n want %+v", tc.text, got, m.Surface, tc.want)
		}
		if m.Ambiguous() && (m.Matched != m.Candidates[0].Matched || m.How != m.Candidates[0].How || m.Entity != "") {
			t.Errorf("%q: an ambiguous mention %+v must name no entity and match as its first candidate", tc.text, m)
		}
	}
	if got, want := Explain(ix.Scan("Smith")[0]), "\"Smith\" alone is the family name of 7 people; the text does not say which. The 5 shown "+
		"(full names before family names alone, covered persons first, then by id): Gus Smith (smith6, by family name, covered); "+
		"Ann Smith (smith0, by family name); Bob Smith (smith1, by family name); Cy Smith (smith2, by family name); Di Smith (smith3, by family name)"; got != want {
		t.Errorf("Explain:\n got  %s\n want %s", got, want)
	}
	if got, want := Explain(ix.Scan("Sessions")[0]), "\"Sessions\" is the name of 1 entity and the family name of 2 more people; the text does not say which. All 3 "+
		"(full names before family names alone, covered persons first, then by id): Sessions (s-org); Jeff Sessions (s-jeff, by family name, covered); "+
		"Pete Sessions (s-pete, by family name)"; got != want {
		t.Errorf("Explain:\n got  %s\n want %s", got, want)
	}
	if got := Explain(ix.Scan("Kislyak")[0]); got != "" {
		t.Errorf("Explain of a mention of one entity: %q", got)
	}
	// Kept current: the groups follow puts and removals.
	ix.Remove("s-org")
	ix.Remove("s-pete")
	ix.Put(&impartial.Entity{ID: "k2", Kind: p, Name: "Olga Kislyak", Coverage: cov})
	ix.PutAll([]*impartial.Entity{{ID: "js3", Kind: p, Name: "John Doe"}, {ID: "smith0", Kind: p, Name: "Ann Jones"}})
	for _, tc := range []struct {
		text string
		want want
	}{
		{"Sessions", want{entity: "s-jeff", count: 1}},
		{"Kislyak", want{count: 2, cands: []string{"k2/surname", "kislyak/surname"}}},
		{"John Doe", want{count: 3, byName: 3, cands: []string{"js1/name", "js2/name", "js3/name"}}},
		{"Smith", want{count: 6, cands: []string{"smith6/surname", "smith1/surname", "smith2/surname", "smith3/surname", "smith4/surname"}}},
	} {
		m := ix.Scan(tc.text)[0]
		got := want{entity: m.Entity, count: m.Count, byName: m.ByName}
		for _, c := range m.Candidates {
			got.cands = append(got.cands, c.Entity+"/"+string(c.How))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("after changes, %q:\n got  %+v\n want %+v", tc.text, got, tc.want)
		}
	}
}
