package storetest

import (
	"context"
	"testing"

	"github.com/impartial/impartial"
)

// testEvents: a holding's position (shares, valuation date) and trades and
// corporate actions are stored whole, read back by id, listed by the holding
// traded and by every entity a corporate action names (as it changes), and
// counted and fed to the record change feed.
func testEvents(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	d := impartial.MustDate
	f := func(v float64) *float64 { return &v }
	holding := &impartial.Relationship{ID: "r-pos", From: "bob", To: "acme", Type: impartial.Holding, Whose: impartial.Spouse,
		Amount: &impartial.Amount{Min: 12000, Currency: "USD"}, Shares: f(150.5), ValuedOn: d("2023-12-31"), Status: impartial.Confirmed, Source: "OGE 278"}
	events := []*impartial.Event{
		{ID: "t1", Kind: impartial.Trade, Date: d("2024-02-01"), Holding: "r-pos", Action: impartial.Sell, Shares: f(50),
			Amount: &impartial.Amount{Min: 4100, Currency: "USD"}, Status: impartial.Confirmed, Source: "periodic transaction report"},
		{ID: "t2", Kind: impartial.Trade, Date: d("2024-03-01"), Holding: "r-pos", Action: impartial.Sell, All: true, Status: impartial.Reported},
		{ID: "a1", Kind: impartial.Acquisition, Date: d("2024-04-02"), Entity: "acme-sub", Into: "camp", Percent: f(60),
			Consideration: impartial.PaidInCash, Status: impartial.Confirmed, Source: "8-K"},
		{ID: "s1", Kind: impartial.SpinOff, Date: d("2024-05-01"), Entity: "acme", Into: "camp", Ratio: f(0.25),
			Subsidiaries: []string{"acme-sub"}, Status: impartial.Reported, Source: "Form 10"},
	}
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		if err := tx.PutRelationship(ctx, holding); err != nil {
			return err
		}
		for _, e := range events {
			e.Normalize()
			if err := tx.PutEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	}))
	ids := func(es []*impartial.Event) []string {
		out := []string{}
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		got, err := tx.Relationship(ctx, "r-pos")
		must(t, err)
		diff(t, "holding with its position", got, holding)
		readBack(t, events, func(e *impartial.Event) string { return e.ID }, func(id string) (*impartial.Event, error) { return tx.Event(ctx, id) })
		for _, tc := range []struct {
			f    impartial.EventFilter
			want []string
		}{
			{impartial.EventFilter{}, []string{"a1", "s1", "t1", "t2"}},
			{impartial.EventFilter{Holding: "r-pos"}, []string{"t1", "t2"}},
			{impartial.EventFilter{Entity: "acme-sub"}, []string{"a1", "s1"}},
			{impartial.EventFilter{Entity: "camp"}, []string{"a1", "s1"}},
			{impartial.EventFilter{Entity: "bob"}, []string{}},
			{impartial.EventFilter{Page: impartial.Page{After: "a1", Limit: 2}}, []string{"s1", "t1"}},
		} {
			list, err := tx.Events(ctx, tc.f)
			must(t, err)
			diff(t, "events", ids(list), tc.want)
		}
		ok, err := tx.Exists(ctx, "event", "s1")
		must(t, err)
		diff(t, "exists", ok, true)
		counts, err := tx.Counts(ctx)
		must(t, err)
		diff(t, "events counted", counts["event"], 4)
		_, err = tx.Event(ctx, "nope")
		diff(t, "missing event", impartial.IsNotFound(err), true)
		return nil
	}))
	// Replaced, the spin-off no longer names the subsidiary.
	s1 := *events[3]
	s1.Subsidiaries = nil
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error { return tx.PutEvent(ctx, &s1) }))
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		list, err := tx.Events(ctx, impartial.EventFilter{Entity: "acme-sub"})
		must(t, err)
		diff(t, "after the replacement", ids(list), []string{"a1"})
		ch, err := tx.RecordChanges(ctx, 0, 1000)
		must(t, err)
		last := ch[len(ch)-1]
		diff(t, "the replacement in the change feed", last.Kind+" "+last.ID, "event s1")
		return nil
	}))
}
