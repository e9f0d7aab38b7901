package storetest

import (
	"context"
	"testing"

	"github.com/impartial/impartial"
)

// testNeighbourhood checks the reads a one-shot screen of one matter is
// built from: what touches a few entities, and the matters recording a
// link to a matter.
func testNeighbourhood(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	d := impartial.MustDate
	events := []*impartial.Event{
		{ID: "tr1", Kind: impartial.Trade, Date: d("2024-02-01"), Holding: "r2", Action: impartial.Sell, All: true, Status: impartial.Reported},
		{ID: "aq1", Kind: impartial.Acquisition, Date: d("2024-04-02"), Entity: "acme-sub", Into: "camp", Percent: pct(60),
			Consideration: impartial.PaidInCash, Status: impartial.Confirmed},
	}
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		for _, e := range events {
			e.Normalize()
			if err := tx.PutEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	}))
	type want struct{ rels, contacts, events []string }
	for _, tc := range []struct {
		name        string
		ids         []string
		coveredOnly bool
		want        want
	}{
		{"a person: family, holding, contact, the holding's trade", []string{"bob"}, false, want{[]string{"r1", "r2"}, []string{"c1"}, []string{"tr1"}}},
		{"a company: both ends of its relationships", []string{"acme"}, false, want{[]string{"r2", "r3"}, nil, []string{"tr1"}}},
		{"an acquired company: the acquisition naming it", []string{"acme-sub"}, false, want{[]string{"r3"}, nil, []string{"aq1"}}},
		{"several at once, each record once", []string{"bob", "acme", "camp"}, false, want{[]string{"r1", "r2", "r3", "r4"}, []string{"c1"}, []string{"aq1", "tr1"}}},
		{"only the links to covered persons", []string{"bob", "acme"}, true, want{[]string{"r1"}, []string{"c1"}, nil}},
		{"a covered person's own links to the uncovered", []string{"ann"}, true, want{}},
		{"no entities", nil, false, want{}},
		{"an unknown entity", []string{"nobody"}, false, want{}},
	} {
		must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
			got, err := tx.Adjacent(ctx, tc.ids, tc.coveredOnly)
			if err != nil {
				return err
			}
			var g want
			for _, r := range got.Relationships {
				g.rels = append(g.rels, r.ID)
			}
			for _, c := range got.Contacts {
				g.contacts = append(g.contacts, c.ID)
				if len(c.Participants) == 0 {
					t.Errorf("%s: contact %s without its participants", tc.name, c.ID)
				}
			}
			for _, e := range got.Events {
				g.events = append(g.events, e.ID)
			}
			diff(t, tc.name, g, tc.want)
			return nil
		}))
	}
	// With coveredOnly, what each entity has recorded, returned or not.
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		got, err := tx.Adjacent(ctx, []string{"bob", "acme", "nobody"}, true)
		must(t, err)
		diff(t, "what the entities have recorded", got.Links, map[string]*impartial.LinkTypes{
			"bob":    {From: []impartial.RelType{impartial.Holding}, To: []impartial.RelType{impartial.Family}, Contact: true},
			"acme":   {From: []impartial.RelType{impartial.Ownership}, To: []impartial.RelType{impartial.Holding}},
			"nobody": {},
		})
		all, err := tx.Adjacent(ctx, []string{"bob"}, false)
		must(t, err)
		if all.Links != nil {
			t.Errorf("links without coveredOnly: %v", all.Links)
		}
		return nil
	}))
	// The records come back whole.
	_, rels, contacts, _, _, _ := Fixture()
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		got, err := tx.Adjacent(ctx, []string{"ann"}, false)
		must(t, err)
		diff(t, "relationships read whole", got.Relationships, []*impartial.Relationship{rels[0], rels[3]})
		diff(t, "contact read whole", got.Contacts, contacts)
		return nil
	}))
	for _, tc := range []struct {
		matter string
		want   []string
	}{
		{"m2", []string{"m1"}},
		{"m1", nil},
		{"nothing", nil},
	} {
		must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
			got, err := tx.RelatedTo(ctx, tc.matter)
			if err != nil {
				return err
			}
			var ids []string
			for _, m := range got {
				ids = append(ids, m.ID)
				if len(m.Parties) == 0 {
					t.Errorf("matter %s read without its parties", m.ID)
				}
			}
			diff(t, "related to "+tc.matter, ids, tc.want)
			return nil
		}))
	}
}
