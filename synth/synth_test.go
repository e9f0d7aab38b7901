package synth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/impartial/impartial"
)

// collect generates cfg and returns every record.
func collect(t testing.TB, cfg Config) []any {
	t.Helper()
	var recs []any
	if err := Generate(context.Background(), cfg, func(rec any) error {
		recs = append(recs, rec)
		return nil
	}); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return recs
}

// digest hashes the JSON encoding of every record generated from cfg, so
// that two runs can be compared byte for byte without keeping them.
func digest(t *testing.T, cfg Config) [32]byte {
	t.Helper()
	h := sha256.New()
	enc := json.NewEncoder(h)
	if err := Generate(context.Background(), cfg, func(rec any) error {
		fmt.Fprintf(h, "%T ", rec)
		return enc.Encode(rec)
	}); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func TestDeterministic(t *testing.T) {
	base := DefaultConfig(3000)
	otherSeed := base
	otherSeed.Seed = 2
	fewerMatters := base
	fewerMatters.Matters--
	tests := []struct {
		name string
		a, b Config
		same bool
	}{
		{"same config", base, base, true},
		{"other seed", base, otherSeed, false},
		{"other size", base, fewerMatters, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := digest(t, tt.a) == digest(t, tt.b); got != tt.same {
				t.Errorf("equal digests = %v, want %v", got, tt.same)
			}
		})
	}
}

// TestValidNormalizedAndOrdered checks every record of a 20,000-entity set:
// it validates, Normalize leaves it as it is (so an import round-trips it),
// ids are unique, and every reference is to an entity emitted before it.
func TestValidNormalizedAndOrdered(t *testing.T) {
	cfg := DefaultConfig(20000)
	seen := map[string]bool{}
	ids := map[string]bool{}
	phase := 0
	order := map[string]int{"*impartial.Entity": 0, "*impartial.Relationship": 1, "*impartial.Contact": 2, "*impartial.Matter": 3}
	problems := 0
	fail := func(format string, args ...any) {
		problems++
		if problems <= 10 {
			t.Errorf(format, args...)
		}
	}
	ref := func(rec, field, id string) {
		if !seen[id] {
			fail("%s: %s %q refers to no entity emitted before it", rec, field, id)
		}
	}
	err := Generate(context.Background(), cfg, func(rec any) error {
		typ := fmt.Sprintf("%T", rec)
		p, ok := order[typ]
		if !ok {
			fail("unexpected record type %s", typ)
			return nil
		}
		if p < phase {
			fail("%s after a later kind of record", typ)
		}
		phase = p
		v := rec.(interface {
			Validate() error
			Label() string
			Normalize()
		})
		if err := v.Validate(); err != nil {
			fail("%v", err)
		}
		before, _ := json.Marshal(rec)
		v.Normalize()
		if after, _ := json.Marshal(rec); !bytes.Equal(before, after) {
			fail("%s: Normalize changed it", v.Label())
		}
		id := reflect.ValueOf(rec).Elem().FieldByName("ID").String()
		if ids[typ+id] {
			fail("%s: duplicate id", v.Label())
		}
		ids[typ+id] = true
		switch r := rec.(type) {
		case *impartial.Entity:
			seen[r.ID] = true
		case *impartial.Relationship:
			ref(r.Label(), "from", r.From)
			ref(r.Label(), "to", r.To)
		case *impartial.Contact:
			for _, p := range r.Participants {
				ref(r.Label(), "participant", p)
			}
			if r.ReportedBy != "" {
				ref(r.Label(), "reported_by", r.ReportedBy)
			}
		case *impartial.Matter:
			for _, p := range r.Parties {
				if p.Entity != "" {
					ref(r.Label(), "party", p.Entity)
				}
			}
			for _, m := range r.Team {
				ref(r.Label(), "team", m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if phase != 3 {
		t.Errorf("last record kind %d, want matters (3)", phase)
	}
}

func TestCounts(t *testing.T) {
	small := DefaultConfig(MinEntities)
	truncated := DefaultConfig(1000)
	truncated.Relationships = 25 // fewer than the covered profiles alone need
	noMatters := DefaultConfig(500)
	noMatters.Matters, noMatters.Contacts, noMatters.Covered = 0, 0, 0
	dense := DefaultConfig(2000)
	dense.Relationships, dense.PartiesPerMatter, dense.TeamPerMatter = 20000, 20, 4
	tests := []struct {
		name string
		cfg  Config
	}{
		{"minimum", small},
		{"default 5000", DefaultConfig(5000)},
		{"truncated relationships", truncated},
		{"no covered, contacts or matters", noMatters},
		{"dense", dense},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]int{}
			covered := 0
			parties := 0
			kinds := map[impartial.EntityKind]int{}
			for _, rec := range collect(t, tt.cfg) {
				got[fmt.Sprintf("%T", rec)]++
				switch r := rec.(type) {
				case *impartial.Entity:
					kinds[r.Kind]++
					if r.Coverage != nil {
						covered++
					}
				case *impartial.Matter:
					parties += len(r.Parties)
				}
			}
			c := tt.cfg
			want := map[string]int{
				"*impartial.Entity": c.Entities, "*impartial.Relationship": c.Relationships,
				"*impartial.Contact": c.Contacts, "*impartial.Matter": c.Matters,
			}
			for k, n := range want {
				if got[k] != n {
					t.Errorf("%s: %d, want %d", k, got[k], n)
				}
			}
			if covered != c.Covered {
				t.Errorf("covered persons: %d, want %d", covered, c.Covered)
			}
			for _, k := range impartial.EntityKinds {
				if kinds[k] == 0 {
					t.Errorf("no entity of kind %s", k)
				}
			}
			if c.Matters > 0 {
				mean := float64(parties) / float64(c.Matters)
				if mean < 0.6*float64(c.PartiesPerMatter) || mean > 1.2*float64(c.PartiesPerMatter) {
					t.Errorf("mean parties per matter %.2f, want about %d", mean, c.PartiesPerMatter)
				}
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		field string
		edit  func(*Config)
	}{
		{"entities", func(c *Config) { c.Entities = MinEntities - 1 }},
		{"relationships", func(c *Config) { c.Relationships = -1 }},
		{"covered", func(c *Config) { c.Covered = c.Entities }},
		{"covered", func(c *Config) { c.Covered = -1 }},
		{"contacts", func(c *Config) { c.Contacts = -1 }},
		{"matters", func(c *Config) { c.Matters = -1 }},
		{"parties_per_matter", func(c *Config) { c.PartiesPerMatter = 0 }},
		{"team_per_matter", func(c *Config) { c.TeamPerMatter = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			cfg := DefaultConfig(1000)
			tt.edit(&cfg)
			called := false
			err := Generate(context.Background(), cfg, func(any) error { called = true; return nil })
			var e *impartial.Error
			if !errors.As(err, &e) || e.Field != tt.field || impartial.KindOf(err) != impartial.Invalid {
				t.Fatalf("error %v, want an invalid-input error about field %q", err, tt.field)
			}
			if called {
				t.Error("emitted records despite the bad config")
			}
		})
	}
}

func TestStops(t *testing.T) {
	stop := errors.New("importer full")
	tests := []struct {
		name   string
		cancel bool
		want   error
	}{
		{"emit error", false, stop},
		{"context cancelled", true, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			n := 0
			err := Generate(ctx, DefaultConfig(20000), func(any) error {
				n++
				if n == 5000 {
					if tt.cancel {
						cancel()
					} else {
						return stop
					}
				}
				return nil
			})
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if n > 5000+1024 {
				t.Errorf("went on for %d records after being stopped", n-5000)
			}
		})
	}
}

// TestVariety checks that the data has what benchmarks and matching
// evaluations rely on: scripts, alias styles, legal forms, identifiers,
// flags, regimes, relationship kinds, planted conflicts.
func TestVariety(t *testing.T) {
	recs := collect(t, DefaultConfig(20000))
	var names []string
	var entities []*impartial.Entity
	var rels []*impartial.Relationship
	var contacts []*impartial.Contact
	var matters []*impartial.Matter
	for _, rec := range recs {
		switch r := rec.(type) {
		case *impartial.Entity:
			entities = append(entities, r)
			names = append(names, r.Names()...)
		case *impartial.Relationship:
			rels = append(rels, r)
		case *impartial.Contact:
			contacts = append(contacts, r)
		case *impartial.Matter:
			matters = append(matters, r)
		}
	}
	countNames := func(f func(string) bool) int {
		n := 0
		for _, s := range names {
			if f(s) {
				n++
			}
		}
		return n
	}
	inScript := func(tab *unicode.RangeTable) func(string) bool {
		return func(s string) bool { return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(tab, r) }) >= 0 }
	}
	contains := func(sub string) func(string) bool {
		return func(s string) bool { return strings.Contains(s, sub) }
	}
	entityCount := func(f func(*impartial.Entity) bool) int {
		n := 0
		for _, e := range entities {
			if f(e) {
				n++
			}
		}
		return n
	}
	relCount := func(f func(*impartial.Relationship) bool) int {
		n := 0
		for _, r := range rels {
			if f(r) {
				n++
			}
		}
		return n
	}
	matterCount := func(f func(*impartial.Matter) bool) int {
		n := 0
		for _, m := range matters {
			if f(m) {
				n++
			}
		}
		return n
	}
	checks := []struct {
		what string
		n    int
		min  int
	}{
		{"Cyrillic names", countNames(inScript(unicode.Cyrillic)), 500},
		{"Greek names", countNames(inScript(unicode.Greek)), 100},
		{"Arabic names", countNames(inScript(unicode.Arabic)), 300},
		{"Han names", countNames(inScript(unicode.Han)), 300},
		{"accented Latin names", countNames(func(s string) bool {
			return strings.ContainsAny(s, "áéíóúñüöäèçÁÉ")
		}), 500},
		{`"LAST, First" aliases`, countNames(func(s string) bool {
			i := strings.Index(s, ", ")
			return i > 1 && s[:i] == strings.ToUpper(s[:i]) && isASCII(s[:i])
		}), 100},
		{"nickname aliases", countNames(func(s string) bool {
			first, _, _ := strings.Cut(s, " ")
			return slices.Contains([]string{"Bob", "Bill", "Jim", "Mike", "Liz", "Peggy"}, first)
		}), 50},
		{"middle initials", countNames(func(s string) bool {
			f := strings.Fields(s)
			return len(f) == 3 && len(f[1]) == 2 && f[1][1] == '.'
		}), 300},
		{"GmbH", countNames(contains("GmbH")), 50},
		{"Inc.", countNames(contains(" Inc.")), 100},
		{"ПАО", countNames(contains("ПАО «")), 10},
		{"S.A.", countNames(contains(" S.A.")), 20},
		{"tickers", entityCount(func(e *impartial.Entity) bool {
			return slices.ContainsFunc(e.Identifiers, func(i impartial.Identifier) bool { return i.Scheme == "ticker" })
		}), 200},
		{"valid LEIs", entityCount(func(e *impartial.Entity) bool {
			return slices.ContainsFunc(e.Identifiers, func(i impartial.Identifier) bool { return i.Scheme == "lei" && leiValid(i.Value) })
		}), 500},
		{"publicly traded", entityCount(func(e *impartial.Entity) bool { return e.HasFlag(impartial.PubliclyTraded) }), 100},
		{"diversified funds", entityCount(func(e *impartial.Entity) bool { return e.HasFlag(impartial.DiversifiedFund) }), 30},
		{"sector funds", entityCount(func(e *impartial.Entity) bool { return e.HasFlag(impartial.SectorFund) }), 10},
		{"DOJ covered", entityCount(func(e *impartial.Entity) bool { return e.Coverage != nil && e.Coverage.Regime == impartial.DOJ }), 20},
		{"executive covered", entityCount(func(e *impartial.Entity) bool { return e.Coverage != nil && e.Coverage.Regime == impartial.Executive }), 20},
		{"judiciary covered", entityCount(func(e *impartial.Entity) bool { return e.Coverage != nil && e.Coverage.Regime == impartial.Judiciary }), 5},
		{"law firm covered", entityCount(func(e *impartial.Entity) bool { return e.Coverage != nil && e.Coverage.Regime == impartial.LawFirm }), 20},
		{"spouses", relCount(func(r *impartial.Relationship) bool { return r.Role == "spouse" }), 500},
		{"minor children", relCount(func(r *impartial.Relationship) bool { return r.Role == "minor_child" }), 50},
		{"spouse's holdings", relCount(func(r *impartial.Relationship) bool { return r.Whose == impartial.Spouse }), 100},
		{"holdings with ranges", relCount(func(r *impartial.Relationship) bool { return r.Amount != nil && r.Amount.Max > r.Amount.Min }), 1000},
		{"ownership", relCount(func(r *impartial.Relationship) bool { return r.Type == impartial.Ownership && r.Percent != nil }), 500},
		{"campaign roles", relCount(func(r *impartial.Relationship) bool { return r.Type == impartial.Campaign }), 10},
		{"candidates", relCount(func(r *impartial.Relationship) bool { return r.Type == impartial.Candidate }), 10},
		{"ended relationships", relCount(func(r *impartial.Relationship) bool { return !r.End.IsZero() }), 1000},
		{"month-precision dates", relCount(func(r *impartial.Relationship) bool { return r.Start.Precision() == impartial.MonthPrecision }), 1000},
		{"contacts of covered persons", len(contacts), 100},
		{"confidential matters", matterCount(func(m *impartial.Matter) bool { return m.Confidential }), 100},
		{"parties known by name only", matterCount(func(m *impartial.Matter) bool {
			return slices.ContainsFunc(m.Parties, func(p impartial.MatterParty) bool { return p.Entity == "" })
		}), 50},
	}
	for _, c := range checks {
		if c.n < c.min {
			t.Errorf("%s: %d, want at least %d", c.what, c.n, c.min)
		}
	}
	for _, typ := range impartial.RelTypes {
		if relCount(func(r *impartial.Relationship) bool { return r.Type == typ }) == 0 && typ != impartial.Household {
			t.Errorf("no relationship of type %s", typ)
		}
	}
	for _, k := range impartial.MatterKinds {
		if matterCount(func(m *impartial.Matter) bool { return m.Kind == k }) == 0 {
			t.Errorf("no matter of kind %s", k)
		}
	}
}

// TestStructure checks the shapes screening depends on: ownership chains
// 3 to 4 levels deep without cycles, and matters with a party that a team
// member holds directly or through a parent company.
func TestStructure(t *testing.T) {
	parent := map[string]string{}
	held := map[string][]string{} // person -> companies and funds held on their disclosure
	planted := 0
	err := Generate(context.Background(), DefaultConfig(20000), func(rec any) error {
		switch r := rec.(type) {
		case *impartial.Relationship:
			if r.Type == impartial.Ownership && r.Role == "subsidiary" {
				if old, ok := parent[r.To]; ok {
					t.Errorf("%s has two parents, %s and %s", r.To, old, r.From)
				}
				parent[r.To] = r.From
			}
			if r.Type == impartial.Holding && strings.HasPrefix(r.From, "p") {
				held[r.From] = append(held[r.From], r.To)
			}
		case *impartial.Matter:
			for _, member := range r.Team {
				for _, p := range r.Parties {
					for e := p.Entity; e != ""; e = parent[e] {
						if slices.Contains(held[member], e) {
							planted++
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	deepest := 0
	for c := range parent {
		depth := 0
		for e := c; parent[e] != ""; e = parent[e] {
			depth++
			if depth > 10 {
				t.Fatalf("ownership cycle through %s", c)
			}
		}
		deepest = max(deepest, depth)
	}
	t.Logf("deepest ownership chain %d levels; %d parties held by a team member", deepest, planted)
	if deepest < 3 || deepest > 4 {
		t.Errorf("deepest ownership chain %d levels, want 3 or 4", deepest)
	}
	if planted < 20 {
		t.Errorf("%d matter parties held by a team member, want at least 20", planted)
	}
}

func TestTransliteration(t *testing.T) {
	tests := []struct {
		in, want string
		conv     func(string) string
	}{
		{"Сергей Кисляк", "Sergey Kislyak", func(s string) string { return cyrLatin(s, cyrPress) }},
		{"Сергей Кисляк", "Sergei Kisliak", func(s string) string { return cyrLatin(s, cyrICAO) }},
		{"Сергей Иванов", "Sergej Iwanow", func(s string) string { return cyrLatin(s, cyrGerman) }},
		{"Дмитрий Семёнов", "Dmitry Semyonov", func(s string) string { return cyrLatin(s, cyrPress) }},
		{"Дмитрий Семёнов", "Dmitrii Semenov", func(s string) string { return cyrLatin(s, cyrICAO) }},
		{"Елена Щербакова", "Yelena Shcherbakova", func(s string) string { return cyrLatin(s, cyrPress) }},
		{"Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos", greekLatin},
		{"Ευάγγελος Σταύρος", "Evangelos Stavros", greekLatin},
		{"Μπακογιάννης Ντούμας", "Bakogiannis Doumas", greekLatin},
		{"Сергей", "Сергеевич", func(s string) string { return patronymic(s, false) }},
		{"Юрий", "Юрьевна", func(s string) string { return patronymic(s, true) }},
		{"Иван", "Иванович", func(s string) string { return patronymic(s, false) }},
		{"Игорь", "Игоревич", func(s string) string { return patronymic(s, false) }},
		{"Пётр", "Петровна", func(s string) string { return patronymic(s, true) }},
		{"Иванов", "Иванова", russianFeminine},
		{"Вишневский", "Вишневская", russianFeminine},
		{"Шевченко", "Шевченко", russianFeminine},
		{"Jürgen Müller", "Juergen Mueller", umlautWriter.Replace},
		{"José Martínez Núñez", "Jose Martinez Nunez", accentFolder.Replace},
	}
	for _, tt := range tests {
		if got := tt.conv(tt.in); got != tt.want {
			t.Errorf("%q → %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIdentifiers(t *testing.T) {
	const space = 26 * 26 * 26 * 26
	tickers := make(map[string]bool, space+100)
	for c := range space + 100 {
		tk := ticker(c)
		if tickers[tk] {
			t.Fatalf("ticker %s repeats at company %d", tk, c)
		}
		tickers[tk] = true
	}
	for f := range 50000 {
		tk := fundTicker(f)
		if tickers[tk] {
			t.Fatalf("fund ticker %s repeats at fund %d", tk, f)
		}
		tickers[tk] = true
	}
	for k := range uint64(1000) {
		if s := lei(k); !leiValid(s) {
			t.Fatalf("lei(%d) = %s fails its check digits", k, s)
		}
	}
	if leiValid("5493001KJTIIGC8Y1R12") == leiValid("5493001KJTIIGC8Y1R13") {
		t.Error("leiValid does not tell a wrong check digit")
	}
}

// TestBoundedMemory generates a data set ten times larger than another and
// checks that the heap in use does not grow with it: the generator keeps
// nothing per record.
func TestBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 400,000 records")
	}
	small := peakHeap(t, DefaultConfig(10000))
	large := peakHeap(t, DefaultConfig(100000))
	t.Logf("peak heap in use: %.1f MB for 10,000 entities, %.1f MB for 100,000", mb(small), mb(large))
	if large > small+16<<20 {
		t.Errorf("peak heap grew from %.1f MB to %.1f MB with ten times the records", mb(small), mb(large))
	}
}

// TestOpenMatters checks the share of open matters the default gives: the
// full re-screen bar is set for 100,000 open matters at 1,000,000 entities.
func TestOpenMatters(t *testing.T) {
	cfg := DefaultConfig(20000)
	open, all := 0, 0
	err := Generate(context.Background(), cfg, func(rec any) error {
		if m, ok := rec.(*impartial.Matter); ok {
			all++
			if m.Closed.IsZero() {
				open++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := cfg.Entities / 10; open < want || open > want*105/100 {
		t.Errorf("%d of %d matters open, want %d to %d", open, all, want, want*105/100)
	}
}
