package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/impartial/impartial"
)

// testAdjacentOverLimit asks Adjacent about more entities than one IN list
// holds (the stores split lists of ids at a few hundred), and about more
// holdings than that: a relationship and a contact whose ends fall in
// different lists come back once, every holding's trades come back, and
// with coveredOnly every entity's links are reported, the last list's too.
func testAdjacentOverLimit(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	const n = 2100 // over two lists of a thousand
	d := impartial.MustDate
	var ids, holdings []string
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		if bt, ok := tx.(interface{ Batch() }); ok {
			bt.Batch() // as an import writes, in far fewer round trips
		}
		for i := range n {
			id := fmt.Sprintf("n%04d", i)
			ids = append(ids, id)
			e := &impartial.Entity{ID: id, Kind: impartial.Person, Name: fmt.Sprintf("Person %d", i)}
			e.Normalize()
			if err := tx.PutEntity(ctx, e); err != nil {
				return err
			}
		}
		for i := range n {
			h := fmt.Sprintf("h%04d", i)
			holdings = append(holdings, h)
			if err := tx.PutRelationship(ctx, &impartial.Relationship{ID: h, From: ids[i], To: "acme", Type: impartial.Holding,
				Whose: impartial.Self, Status: impartial.Reported}); err != nil {
				return err
			}
		}
		for _, r := range []*impartial.Relationship{
			{ID: "span", From: ids[0], To: ids[n-1], Type: impartial.Business, Status: impartial.Reported},
			{ID: "cov", From: ids[n-1], To: "ann", Type: impartial.Business, Status: impartial.Reported},
		} {
			if err := tx.PutRelationship(ctx, r); err != nil {
				return err
			}
		}
		for _, c := range []*impartial.Contact{
			{ID: "cspan", Participants: []string{ids[1], ids[n-2]}, Date: d("2016-07"), Status: impartial.Reported},
			{ID: "ccov", Participants: []string{ids[n-3], "ann"}, Date: d("2016-08"), Status: impartial.Reported},
		} {
			if err := tx.PutContact(ctx, c); err != nil {
				return err
			}
		}
		for _, h := range []string{holdings[5], holdings[n-1]} {
			e := &impartial.Event{ID: "t-" + h, Kind: impartial.Trade, Date: d("2024-02-01"), Holding: h, Action: impartial.Sell,
				All: true, Status: impartial.Reported}
			e.Normalize()
			if err := tx.PutEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	}))
	type want struct {
		rels, contacts, events int
		some                   []string // records that must be among them
	}
	for _, tc := range []struct {
		name        string
		ids         []string
		coveredOnly bool
		want        want
	}{
		{"every relationship, contact and trade", ids, false, want{n + 2, 2, 2, []string{"span", "cov", holdings[0], holdings[n-1], "cspan", "ccov", "t-" + holdings[5], "t-" + holdings[n-1]}}},
		{"only the links to covered persons", ids, true, want{1, 1, 0, []string{"cov", "ccov"}}},
	} {
		must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
			got, err := tx.Adjacent(ctx, tc.ids, tc.coveredOnly)
			if err != nil {
				return err
			}
			seen := map[string]int{}
			for _, r := range got.Relationships {
				seen[r.ID]++
			}
			for _, c := range got.Contacts {
				seen[c.ID]++
			}
			for _, e := range got.Events {
				seen[e.ID]++
			}
			diff(t, tc.name+": how many", [3]int{len(got.Relationships), len(got.Contacts), len(got.Events)},
				[3]int{tc.want.rels, tc.want.contacts, tc.want.events})
			for id, k := range seen {
				if k > 1 {
					t.Errorf("%s: %s %d times", tc.name, id, k)
				}
			}
			for _, id := range tc.want.some {
				if seen[id] == 0 {
					t.Errorf("%s: %s missing", tc.name, id)
				}
			}
			if tc.coveredOnly {
				diff(t, tc.name+": entities with links", len(got.Links), n)
				diff(t, tc.name+": the last entity's links", got.Links[ids[n-1]],
					&impartial.LinkTypes{From: []impartial.RelType{impartial.Business, impartial.Holding}, To: []impartial.RelType{impartial.Business}})
				diff(t, tc.name+": a contact's participant in the last list", got.Links[ids[n-3]],
					&impartial.LinkTypes{From: []impartial.RelType{impartial.Holding}, Contact: true})
			}
			return nil
		}))
	}
}
