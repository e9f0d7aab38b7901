package screen

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/impartial/impartial"
)

// fillAll sets every field reachable from v (a pointer) to a value other
// than its zero: strings to distinct text, slices to two elements, pointers
// to a filled value, bools to true, dates to a day. A field added to
// impartial.Matter that the codec does not carry then fails the round trip.
func fillAll(t *testing.T, v reflect.Value, n *int) {
	t.Helper()
	if v.Type() == reflect.TypeFor[impartial.Date]() {
		*n++
		v.Set(reflect.ValueOf(impartial.Day(2000+*n, time.Month(1+*n%12), 1+*n%28)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		*n++
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				t.Fatalf("%s has an unexported field %s: fillAll cannot set it", v.Type(), v.Type().Field(i).Name)
			}
			fillAll(t, v.Field(i), n)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fillAll(t, v.Index(i), n)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillAll(t, v.Elem(), n)
	default:
		t.Fatalf("fillAll: a field of kind %s (%s): teach the codec and this test", v.Kind(), v.Type())
	}
}

func TestMatterCodecRoundTrip(t *testing.T) {
	var full impartial.Matter
	n := 0
	fillAll(t, reflect.ValueOf(&full).Elem(), &n)
	tests := []struct {
		name string
		m    impartial.Matter
	}{
		{"zero", impartial.Matter{}},
		{"every field set", full},
		{"empty slices, not nil", impartial.Matter{ID: "m1", Topics: []string{}, Parties: []impartial.MatterParty{}, Team: []string{},
			Related: []impartial.MatterLink{}, Participants: []impartial.Participant{}}},
		{"party evidence without identifiers, and with none at all", impartial.Matter{ID: "m2", Parties: []impartial.MatterParty{
			{Name: "Sergey Kislyak", Role: impartial.Subject, Evidence: &impartial.PartyEvidence{BirthDate: impartial.Year(1950), NativeName: "Сергей Кисляк"}},
			{Name: "x", Evidence: &impartial.PartyEvidence{Identifiers: []impartial.Identifier{}}},
			{Entity: "e1", Role: impartial.Party},
		}}},
		{"dates of each precision, long text", impartial.Matter{ID: "m3", Opened: impartial.Month(2017, 3), Closed: impartial.Day(2019, 3, 22),
			Note: string(make([]byte, 70000)), Participants: []impartial.Participant{{Person: "p", Start: impartial.Year(2016)}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := decodeMatter(appendMatter(nil, &tc.m))
			if !reflect.DeepEqual(got, &tc.m) {
				t.Errorf("round trip:\ngot  %+v\nwant %+v", got, &tc.m)
			}
		})
	}
}

func TestContactCodecRoundTrip(t *testing.T) {
	var full impartial.Contact
	n := 0
	fillAll(t, reflect.ValueOf(&full).Elem(), &n)
	for _, c := range []impartial.Contact{{}, full, {ID: "c1", Participants: []string{}, Date: impartial.Month(2016, 9)}} {
		if got := decodeContact(appendContact(nil, &c)); !reflect.DeepEqual(got, &c) {
			t.Errorf("round trip:\ngot  %+v\nwant %+v", got, &c)
		}
	}
}

// TestGraphContactStorage puts, replaces and removes contacts and checks
// the contact each edge explains and the edges each entity has.
func TestGraphContactStorage(t *testing.T) {
	g := NewEmptyGraph(0, 0)
	for _, id := range []string{"a", "b", "c"} {
		g.PutEntity(&impartial.Entity{ID: id, Name: "Name " + id, Kind: impartial.Person})
	}
	type step struct {
		name   string
		put    []impartial.Contact
		remove []string
	}
	steps := []step{
		{name: "two contacts", put: []impartial.Contact{
			{ID: "c1", Participants: []string{"a", "b"}, Place: "Cleveland", Capacity: impartial.CampaignRole, Date: impartial.Day(2016, 7, 18)},
			{ID: "c2", Participants: []string{"a", "b", "c"}, Place: "Washington", Status: impartial.Confirmed},
		}},
		{name: "c1 replaced: another place and participants", put: []impartial.Contact{
			{ID: "c1", Participants: []string{"b", "c"}, Place: "Mayflower Hotel"},
		}},
		{name: "c2 removed", remove: []string{"c2"}},
		{name: "c3 takes c2's slot", put: []impartial.Contact{{ID: "c3", Participants: []string{"c", "a"}, Note: "n"}}},
	}
	held := map[string]impartial.Contact{}
	for _, st := range steps {
		for _, c := range st.put {
			if err := g.PutContact(&c); err != nil {
				t.Fatal(err)
			}
			held[c.ID] = c
		}
		for _, id := range st.remove {
			g.RemoveContact(id)
			delete(held, id)
		}
		for _, compact := range []bool{false, true} {
			if compact {
				g.Compact()
			}
			// Every live contact edge explains the contact it was put for,
			// and there are as many as pairs of participants.
			want := map[string]int{}
			for id, c := range held {
				n := len(c.Participants)
				want[id] = n * (n - 1) / 2
			}
			got := map[string]int{}
			for i := range g.edges {
				e := &g.edges[i]
				if !e.alive || e.typ != tContact {
					continue
				}
				c := g.contact(e.contact)
				if c.ID != g.edgeID(e) {
					t.Errorf("%s: edge %d of contact %s decodes contact %s", st.name, i, g.edgeID(e), c.ID)
				}
				if h := held[c.ID]; !reflect.DeepEqual(*c, h) {
					t.Errorf("%s: contact %s = %+v, want %+v", st.name, c.ID, *c, h)
				}
				got[c.ID]++
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (compact %v): contact edges %v, want %v", st.name, compact, got, want)
			}
		}
	}
}

func TestMatterCodecCorrupt(t *testing.T) {
	b := appendMatter(nil, &impartial.Matter{ID: "m1", Title: "t"})
	for _, bad := range [][]byte{b[:len(b)-1], append(slices.Clip(b), 0)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("decodeMatter(%q) did not panic", bad)
				}
			}()
			decodeMatter(bad)
		}()
	}
}

// TestGraphMatterStorage puts, replaces and removes matters, compacting
// between steps, and checks after each step that the graph answers as the
// records say: each matter decoded as put, the open ones listed, and each
// entity's matters those that name it as a party.
func TestGraphMatterStorage(t *testing.T) {
	g := NewEmptyGraph(0, 0)
	for _, id := range []string{"e1", "e2", "e3"} {
		g.PutEntity(&impartial.Entity{ID: id, Name: "Name " + id, Kind: impartial.Company})
	}
	party := func(ids ...string) []impartial.MatterParty {
		var ps []impartial.MatterParty
		for _, id := range ids {
			ps = append(ps, impartial.MatterParty{Entity: id, Role: impartial.Party})
		}
		return ps
	}
	type step struct {
		name   string
		put    []impartial.Matter
		remove []string
	}
	steps := []step{
		{name: "three matters", put: []impartial.Matter{
			{ID: "m1", Title: "one", Opened: impartial.Day(2020, 1, 1), Parties: party("e1", "e2", "e1")},
			{ID: "m2", Title: "two", Opened: impartial.Day(2020, 1, 1), Closed: impartial.Day(2021, 1, 1), Parties: party("e2", "gone")},
			{ID: "m3", Title: "three", Opened: impartial.Day(2022, 1, 1), Parties: []impartial.MatterParty{{Name: "by name only"}}},
		}},
		{name: "m1 replaced: another party", put: []impartial.Matter{
			{ID: "m1", Title: "one again", Opened: impartial.Day(2020, 1, 1), Parties: party("e3"), Topics: []string{"t"}},
		}},
		{name: "m2 removed", remove: []string{"m2"}},
		{name: "m2 put again, many parties", put: []impartial.Matter{
			{ID: "m2", Opened: impartial.Day(2020, 1, 1), Parties: party("e1", "e2", "e3")},
			{ID: "m4", Opened: impartial.Day(2020, 1, 1), Parties: party("e2")},
			{ID: "m5", Opened: impartial.Day(2020, 1, 1), Parties: party("e2")},
		}},
		{name: "a matter never put removed", remove: []string{"nope"}},
	}
	held := map[string]impartial.Matter{}
	for _, st := range steps {
		for _, m := range st.put {
			g.PutMatter(&m)
			held[m.ID] = m
		}
		for _, id := range st.remove {
			g.RemoveMatter(id)
			delete(held, id)
		}
		for _, compact := range []bool{false, true} {
			if compact {
				g.Compact()
			}
			for _, id := range []string{"m1", "m2", "m3", "m4", "m5", "nope"} {
				want, ok := held[id]
				got := g.Matter(id)
				switch {
				case !ok && got != nil:
					t.Errorf("%s: Matter(%s) = %+v, want nil", st.name, id, got)
				case ok && !reflect.DeepEqual(got, &want):
					t.Errorf("%s: Matter(%s) = %+v, want %+v", st.name, id, got, &want)
				}
			}
			asOf := impartial.Day(2021, 6, 1)
			var wantOpen []string
			wantParty := map[string][]string{}
			for id, m := range held {
				if m.Open(asOf) {
					wantOpen = append(wantOpen, id)
				}
				for _, p := range m.Parties {
					if p.Entity != "" && g.HasEntity(p.Entity) && !slices.Contains(wantParty[p.Entity], id) {
						wantParty[p.Entity] = append(wantParty[p.Entity], id)
					}
				}
			}
			slices.Sort(wantOpen)
			if got := g.MatterIDs(asOf); !slices.Equal(got, wantOpen) {
				t.Errorf("%s (compact %v): MatterIDs = %v, want %v", st.name, compact, got, wantOpen)
			}
			for _, e := range []string{"e1", "e2", "e3"} {
				ni, _ := g.lookupNode(e)
				var got []string
				for _, mi := range g.partyMatters(ni) {
					got = append(got, g.matterID(mi))
				}
				slices.Sort(got)
				want := wantParty[e]
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s (compact %v): matters of %s = %v, want %v", st.name, compact, e, got, want)
				}
			}
		}
	}
}
