package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/impartial/impartial"
)

// testDerived checks the derived reads a one-shot screen of one matter uses
// (impartial.NeighbourhoodReader): kinship distances kept as relationships
// and coverage are written — in plain and batch transactions, never above
// the truth, untouched by a transaction rolled back — and the entities by
// identifier; then that the migration's backfill of an existing database
// gives what the upkeep gave.
func testDerived(t *testing.T, b Backend) {
	ctx := context.Background()
	st := b.Store
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
	put := func(batch bool, ents []*impartial.Entity, rels []*impartial.Relationship) {
		t.Helper()
		must(t, st.Update(ctx, func(tx impartial.Tx) error {
			if bt, ok := tx.(interface{ Batch() }); ok && batch {
				bt.Batch()
			}
			for _, e := range ents {
				if err := tx.PutEntity(ctx, e); err != nil {
					return err
				}
			}
			for _, r := range rels {
				if err := tx.PutRelationship(ctx, r); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	ids := []string{"judge", "a", "b", "c", "d", "e", "f", "co", "nobody"}
	kin := func() map[string]int {
		t.Helper()
		var got map[string]int
		must(t, st.View(ctx, func(tx impartial.ReadTx) error {
			var err error
			got, err = tx.KinDistances(ctx, ids)
			return err
		}))
		return got
	}
	// judge –family– a –family– b –household– c –family– d –family– e; f
	// holds co, which a holds: not kin.
	put(false, []*impartial.Entity{person("judge", true), person("a", false), person("b", false), person("c", false),
		person("d", false), person("e", false), person("f", false), {ID: "co", Kind: impartial.Company, Name: "Co"}}, nil)
	diff(t, "covered persons only", kin(), map[string]int{"judge": 0})
	put(false, nil, []*impartial.Relationship{rel("r1", "judge", "a", impartial.Family), rel("r2", "b", "a", impartial.Family),
		rel("r3", "f", "co", impartial.Holding), rel("r4", "a", "co", impartial.Holding)})
	diff(t, "two relatives", kin(), map[string]int{"judge": 0, "a": 1, "b": 2})
	put(true, nil, []*impartial.Relationship{rel("r5", "c", "b", impartial.Household), rel("r6", "c", "d", impartial.Family),
		rel("r7", "d", "e", impartial.Family)})
	diff(t, "a chain past the reach, in batch mode", kin(), map[string]int{"judge": 0, "a": 1, "b": 2, "c": 3})
	// A transaction that fails leaves them as they were.
	boom := errors.New("boom")
	if err := st.Update(ctx, func(tx impartial.Tx) error {
		if err := tx.PutRelationship(ctx, rel("r8", "judge", "e", impartial.Family)); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("rolled back: %v", err)
	}
	diff(t, "after a rollback", kin(), map[string]int{"judge": 0, "a": 1, "b": 2, "c": 3})
	// A new coverage at the far end lowers the chain from there.
	put(true, []*impartial.Entity{person("e", true)}, nil)
	diff(t, "a second covered person", kin(), map[string]int{"judge": 0, "a": 1, "b": 2, "c": 2, "d": 1, "e": 0})
	// A relationship that stops being family, and a coverage that ends,
	// leave distances that are low, never high: a screen reads more.
	put(false, []*impartial.Entity{person("e", false)}, []*impartial.Relationship{rel("r1", "judge", "a", impartial.Business)})
	got := kin()
	truth := map[string]int{"judge": 0}
	for _, id := range ids {
		g, ok := got[id]
		if !ok {
			g = impartial.KinReach + 1
		}
		w, ok := truth[id]
		if !ok {
			w = impartial.KinReach + 1
		}
		if g > w {
			t.Errorf("after removals: %s at %d, above the truth %d", id, g, w)
		}
	}

	// Identifiers, compared as screening compares them.
	lei := impartial.Identifier{Scheme: "lei", Value: "5493001KJTIIGC8Y1R12"}
	isin := impartial.Identifier{Scheme: "isin", Value: "US0378331005"}
	put(false, []*impartial.Entity{
		{ID: "co", Kind: impartial.Company, Name: "Co", Identifiers: []impartial.Identifier{lei, isin, {Scheme: "ISIN", Value: "us-0378331005"}}},
		{ID: "co2", Kind: impartial.Company, Name: "Co Two", Identifiers: []impartial.Identifier{{Scheme: "LEI", Value: "5493001kjtiigc8y1r12"}}},
	}, nil)
	byID := func(what string, want []string, q ...impartial.Identifier) {
		t.Helper()
		must(t, st.View(ctx, func(tx impartial.ReadTx) error {
			got, err := tx.IdentifiedEntities(ctx, q)
			if err != nil {
				return err
			}
			diff(t, what, got, want)
			return nil
		}))
	}
	byID("one identifier, two entities", []string{"co", "co2"}, impartial.Identifier{Scheme: " LEI ", Value: "5493-001K-JTIIGC8Y1R12"})
	byID("another", []string{"co"}, impartial.Identifier{Scheme: "isin", Value: "us0378331005"})
	byID("both, each entity once", []string{"co", "co2"}, lei, isin)
	byID("none", nil, impartial.Identifier{Scheme: "isin", Value: "XX"})
	// Written again without one (in batch mode, twice before a flush): no
	// longer found by it.
	put(true, []*impartial.Entity{
		{ID: "co", Kind: impartial.Company, Name: "Co", Identifiers: []impartial.Identifier{isin}},
		{ID: "co", Kind: impartial.Company, Name: "Co", Identifiers: []impartial.Identifier{lei}},
		{ID: "co2", Kind: impartial.Company, Name: "Co Two"},
	}, nil)
	byID("after a change", []string{"co"}, lei)
	byID("a removed one", nil, isin)

	// The migration's backfill of a database that had none gives the
	// distances as they truly are, and the identifiers.
	db, ok := st.(interface{ DB() *sql.DB })
	if !ok || b.Reopen == nil {
		return
	}
	// (The later migrations too: a database migrates from its newest.)
	for _, q := range []string{`DROP TABLE entity_kin`, `DROP TABLE entity_identifiers`, `DROP INDEX matters_related`, `DROP TABLE entity_links`,
		`DELETE FROM schema_migrations WHERE version >= 18`} {
		if _, err := db.DB().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	re, err := b.Reopen(ctx)
	must(t, err)
	defer re.Close()
	st = re
	diff(t, "backfilled: as they are", kin(), map[string]int{"judge": 0})
	byID("backfilled identifiers", []string{"co"}, lei, isin)
}

// testDerivedConcurrent checks that writers at the same time keep the
// kinship distances a lower bound: a transaction adding covered–B and
// another adding B–C, run together, must leave C within two steps. Each
// lowers the distances from what it reads; a writer that read before the
// other committed, and wrote after, would leave C "far" — a distance above
// the truth, which would let a one-shot screen skip C's relatives. Many
// pairs at once, so that on a database with concurrent writers
// (PostgreSQL) the two transactions' reads do overlap.
func testDerivedConcurrent(t *testing.T, b Backend) {
	ctx := context.Background()
	st := b.Store
	const pairs = 40
	fam := func(id, from, to string) *impartial.Relationship {
		return &impartial.Relationship{ID: id, From: from, To: to, Type: impartial.Family, Role: "sibling", Status: impartial.Confirmed}
	}
	must(t, st.Update(ctx, func(tx impartial.Tx) error {
		for i := range pairs {
			for _, e := range []*impartial.Entity{
				{ID: fmt.Sprintf("cj%02d", i), Kind: impartial.Person, Name: "Judge", Coverage: &impartial.Coverage{Regime: impartial.Judiciary, Position: "judge"}},
				{ID: fmt.Sprintf("cb%02d", i), Kind: impartial.Person, Name: "Relative"},
				{ID: fmt.Sprintf("cc%02d", i), Kind: impartial.Person, Name: "Relative's relative"},
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
		for _, r := range []*impartial.Relationship{
			fam(fmt.Sprintf("cr%02da", i), fmt.Sprintf("cj%02d", i), fmt.Sprintf("cb%02d", i)),
			fam(fmt.Sprintf("cr%02db", i), fmt.Sprintf("cb%02d", i), fmt.Sprintf("cc%02d", i)),
		} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs <- st.Update(ctx, func(tx impartial.Tx) error { return tx.PutRelationship(ctx, r) })
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
		ids = append(ids, fmt.Sprintf("cc%02d", i))
	}
	var got map[string]int
	must(t, st.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		got, err = tx.KinDistances(ctx, ids)
		return err
	}))
	for _, id := range ids {
		d, ok := got[id]
		if !ok || d > 2 {
			t.Errorf("%s: distance %d (recorded %v) after concurrent writes, above the truth 2", id, d, ok)
		}
	}
}
