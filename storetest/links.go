package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/impartial/impartial"
)

// testLinks checks the link summaries a one-shot screen takes instead of
// probing an entity (impartial.NeighbourhoodReader.LinkSummaries) against
// the probe itself (Adjacent with coveredOnly), entity by entity: never
// saying less than the probe — an entity summarised has no link to a
// covered person, no event and no type the summary leaves out — as
// relationships, contacts, events and coverage are written, in plain and
// batch transactions, after a rollback and after removals; saying what the
// probe says while nothing was removed; and the same after the migration's
// backfill of a database that had none.
func testLinks(t *testing.T, b Backend) {
	ctx := context.Background()
	st := b.Store
	ids := []string{"judge", "a", "b", "c", "d", "co", "co2", "e1", "lone"}
	person := func(id string, covered bool) *impartial.Entity {
		e := &impartial.Entity{ID: id, Kind: impartial.Person, Name: "Person " + id}
		if covered {
			e.Coverage = &impartial.Coverage{Regime: impartial.Judiciary, Position: "judge"}
		}
		return e
	}
	rel := func(id, from, to string, typ impartial.RelType) *impartial.Relationship {
		r := &impartial.Relationship{ID: id, From: from, To: to, Type: typ, Status: impartial.Confirmed}
		if typ == impartial.Family {
			r.Role = "sibling"
		}
		return r
	}
	write := func(batch bool, fn func(tx impartial.Tx) error) error {
		return st.Update(ctx, func(tx impartial.Tx) error {
			if bt, ok := tx.(interface{ Batch() }); ok && batch {
				bt.Batch()
			}
			return fn(tx)
		})
	}
	put := func(batch bool, recs ...any) {
		t.Helper()
		must(t, write(batch, func(tx impartial.Tx) error { return putAll(ctx, tx, recs) }))
	}
	// check compares the summaries with the probe; exact: nothing was
	// removed, so an entity the probe finds nothing linked to is
	// summarised (unless covered, or with nothing recorded), with the
	// probe's types.
	check := func(what string, exact bool) {
		t.Helper()
		must(t, st.View(ctx, func(tx impartial.ReadTx) error {
			sums, err := tx.LinkSummaries(ctx, ids)
			if err != nil {
				return err
			}
			for _, id := range ids {
				a, err := tx.Adjacent(ctx, []string{id}, true)
				if err != nil {
					return err
				}
				probe := a.Links[id]
				linked := len(a.Relationships)+len(a.Contacts)+len(a.Events) > 0
				sum, ok := sums[id]
				if ok {
					if linked {
						t.Errorf("%s: %s summarised as %+v, but the probe finds %d relationships, %d contacts, %d events",
							what, id, sum, len(a.Relationships), len(a.Contacts), len(a.Events))
					}
					if !subset(probe.From, sum.From) || !subset(probe.To, sum.To) || probe.Contact && !sum.Contact {
						t.Errorf("%s: %s summarised as %+v, less than the probe's %+v", what, id, sum, probe)
					}
					if exact && !linked {
						diff(t, what+": "+id, sum, probe)
					}
					continue
				}
				recorded := len(probe.From)+len(probe.To) > 0 || probe.Contact
				covered := false
				es, err := tx.EntitiesByID(ctx, []string{id})
				if err != nil {
					return err
				}
				if len(es) == 1 {
					covered = es[0].Coverage != nil
				}
				if exact && !linked && recorded && !covered {
					t.Errorf("%s: %s not summarised, though the probe finds it linked to nothing (%+v)", what, id, probe)
				}
			}
			return nil
		}))
	}
	summarised := func(what string, want ...string) {
		t.Helper()
		must(t, st.View(ctx, func(tx impartial.ReadTx) error {
			sums, err := tx.LinkSummaries(ctx, ids)
			if err != nil {
				return err
			}
			var got []string
			for id := range sums {
				got = append(got, id)
			}
			slices.Sort(got)
			slices.Sort(want)
			diff(t, what, got, want)
			return nil
		}))
	}

	put(false, person("judge", true), person("a", false), person("b", false), person("c", false), person("d", false),
		&impartial.Entity{ID: "co", Kind: impartial.Company, Name: "Co"}, &impartial.Entity{ID: "co2", Kind: impartial.Company, Name: "Co Two"},
		&impartial.Entity{ID: "e1", Kind: impartial.Company, Name: "E One"}, person("lone", false))
	put(false, rel("r1", "a", "co", impartial.Holding), rel("r2", "b", "co", impartial.Holding), rel("r3", "c", "b", impartial.Family),
		rel("r4", "b", "co2", impartial.Employment),
		&impartial.Contact{ID: "k1", Participants: []string{"b", "c"}, Date: impartial.MustDate("2020-01-01"), Status: impartial.Reported})
	check("no covered person linked", true)
	summarised("no covered person linked", "a", "b", "c", "co", "co2")
	// A relationship to the covered person, in batch mode.
	put(true, rel("r5", "judge", "a", impartial.Family), rel("r6", "d", "co2", impartial.Business))
	check("a relative of the judge", true)
	summarised("a relative of the judge", "judge", "b", "c", "co", "co2", "d")
	// A coverage written after the relationships: everything linked to b,
	// by a relationship or a contact, is linked to a covered person.
	put(true, person("b", true))
	check("b covered after", true)
	summarised("b covered after", "judge", "d")
	// A contact with a covered person, and an event naming an entity.
	put(false, &impartial.Contact{ID: "k2", Participants: []string{"d", "judge"}, Date: impartial.MustDate("2021-01-01"), Status: impartial.Reported},
		rel("r7", "e1", "lone", impartial.Client))
	summarised("before the event", "e1", "lone")
	put(false, &impartial.Event{ID: "ev1", Kind: impartial.Acquisition, Date: impartial.MustDate("2022-01-01"), Entity: "lone", Into: "e1",
		Percent: pct(100), Status: impartial.Confirmed})
	check("a contact and an event", true)
	summarised("a contact and an event")
	// A transaction that fails leaves them as they were.
	put(false, rel("r8", "co2", "co", impartial.Ownership))
	summarised("a second company's holding of the first")
	boom := errors.New("boom")
	if err := write(false, func(tx impartial.Tx) error {
		if err := tx.PutEntity(ctx, person("c", false)); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("rolled back: %v", err)
	}
	check("after a rollback", true)
	// Removals — b's coverage ends, the judge's tie to a is rewritten to
	// link c and d — leave the summaries saying more than the truth, never
	// less.
	put(false, person("b", false), rel("r5", "c", "d", impartial.Business))
	check("after removals", false)

	// The migration's backfill of a database that had none gives the
	// summaries as the records now are.
	db, ok := st.(interface{ DB() *sql.DB })
	if !ok || b.Reopen == nil {
		return
	}
	for _, q := range []string{`DROP TABLE entity_links`, `DELETE FROM schema_migrations WHERE version = 19`} {
		if _, err := db.DB().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	re, err := b.Reopen(ctx)
	must(t, err)
	defer re.Close()
	st = re
	check("backfilled", true)
	summarised("backfilled", "a", "b", "c", "co", "co2")
}

// putAll writes entities, relationships, contacts and events.
func putAll(ctx context.Context, tx impartial.Tx, recs []any) error {
	for _, r := range recs {
		var err error
		switch r := r.(type) {
		case *impartial.Entity:
			err = tx.PutEntity(ctx, r)
		case *impartial.Relationship:
			err = tx.PutRelationship(ctx, r)
		case *impartial.Contact:
			err = tx.PutContact(ctx, r)
		case *impartial.Event:
			err = tx.PutEvent(ctx, r)
		default:
			err = fmt.Errorf("cannot write a %T", r)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func subset(a, b []impartial.RelType) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// testLinksConcurrent checks that writers at the same time keep the link
// to a covered person in the summaries: a transaction adding X–J and
// another making J covered, run together, must leave X not summarised.
// Each reads the other end's side before the other commits; without the
// lock both would miss it and X would be summarised as linked to no
// covered person — a probe a one-shot screen would skip, and a finding
// through X it could miss. Many pairs at once, so that on a database with
// concurrent writers (PostgreSQL) the two transactions do overlap.
func testLinksConcurrent(t *testing.T, b Backend) {
	ctx := context.Background()
	st := b.Store
	const pairs = 100
	must(t, st.Update(ctx, func(tx impartial.Tx) error {
		for i := range pairs {
			for _, e := range []*impartial.Entity{
				{ID: fmt.Sprintf("lj%02d", i), Kind: impartial.Person, Name: "Judge to be"},
				{ID: fmt.Sprintf("lx%02d", i), Kind: impartial.Company, Name: "Counterparty"},
			} {
				if err := tx.PutEntity(ctx, e); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, 2*pairs)
	for i := range pairs {
		j, x := fmt.Sprintf("lj%02d", i), fmt.Sprintf("lx%02d", i)
		for _, rec := range []any{
			&impartial.Relationship{ID: fmt.Sprintf("lr%02d", i), From: j, To: x, Type: impartial.Business, Status: impartial.Confirmed},
			&impartial.Entity{ID: j, Kind: impartial.Person, Name: "Judge", Coverage: &impartial.Coverage{Regime: impartial.Judiciary, Position: "judge"}},
		} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs <- st.Update(ctx, func(tx impartial.Tx) error { return putAll(ctx, tx, []any{rec}) })
			}()
		}
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent write: %v", err)
		}
	}
	ids := make([]string, 0, pairs)
	for i := range pairs {
		ids = append(ids, fmt.Sprintf("lx%02d", i))
	}
	must(t, st.View(ctx, func(tx impartial.ReadTx) error {
		sums, err := tx.LinkSummaries(ctx, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if s, ok := sums[id]; ok {
				t.Errorf("%s: summarised as linked to no covered person (%+v) after concurrent writes", id, s)
			}
		}
		return nil
	}))
}
