package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/impartial/impartial"
)

// batchTx is what a store's transaction offers an import, if it holds
// writes to send them merged (sqlstore's): the import asks which of its
// next records are stored while its last ones may still be held.
type batchTx interface {
	Batch()
	Send(ctx context.Context) error
	Existing(ctx context.Context, record string, ids []string) (map[string]bool, error)
}

// testBatchExisting checks that a transaction in batch mode reads its own
// writes when asked which records exist: of the kind being held, of a kind
// held and sent before (what the store remembers of a kind is not reset at
// a send), of two kinds held together, and of a kind whose writes the store
// does not track one by one (statements).
func testBatchExisting(t *testing.T, b Backend) {
	ctx := context.Background()
	ents, rels, contacts, matters, stmts, _ := Fixture()
	put := func(tx impartial.Tx, recs ...any) error {
		for _, r := range recs {
			var err error
			switch r := r.(type) {
			case *impartial.Entity:
				r.Normalize()
				err = tx.PutEntity(ctx, r)
			case *impartial.Relationship:
				err = tx.PutRelationship(ctx, r)
			case *impartial.Contact:
				err = tx.PutContact(ctx, r)
			case *impartial.Matter:
				err = tx.PutMatter(ctx, r)
			case *impartial.Statement:
				err = tx.PutStatement(ctx, r)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	type ask struct {
		kind string
		ids  []string
		want []string
	}
	steps := []struct {
		name string
		send bool // send what is held before the step's writes
		recs []any
		asks []ask
	}{
		{"entities held", false, []any{ents[0], ents[1], ents[2], ents[3], ents[4]},
			[]ask{{"entity", []string{"ann", "nobody", "camp"}, []string{"ann", "camp"}}}},
		{"a relationship held after the entities were sent", true, []any{rels[0]},
			[]ask{{"relationship", []string{"r1", "r2"}, []string{"r1"}}, {"entity", []string{"bob"}, []string{"bob"}}}},
		{"two kinds held together", false, []any{rels[1], contacts[0]},
			[]ask{{"contact", []string{"c1"}, []string{"c1"}}, {"relationship", []string{"r2", "r3"}, []string{"r2"}}}},
		{"an entity again among other kinds", true, []any{rels[2], ents[3], rels[3]},
			[]ask{{"relationship", []string{"r3", "r4"}, []string{"r3", "r4"}}, {"entity", []string{"acme-sub", "zed"}, []string{"acme-sub"}}}},
		{"matters and a statement", true, []any{matters[1], matters[0], stmts[0]},
			[]ask{{"statement", []string{"s1"}, []string{"s1"}}, {"matter", []string{"m1", "m2", "m3"}, []string{"m1", "m2"}}}},
	}
	batched := false
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		bt, ok := tx.(batchTx)
		if !ok {
			return nil
		}
		batched = true
		bt.Batch()
		for _, st := range steps {
			if st.send {
				if err := bt.Send(ctx); err != nil {
					return err
				}
			}
			if err := put(tx, st.recs...); err != nil {
				return err
			}
			for _, a := range st.asks {
				got, err := bt.Existing(ctx, a.kind, a.ids)
				if err != nil {
					return err
				}
				var ids []string
				for id, ok := range got {
					if ok {
						ids = append(ids, id)
					}
				}
				slices.Sort(ids)
				diff(t, st.name+": existing "+a.kind, ids, a.want)
			}
		}
		return nil
	}))
	if !batched {
		t.Skip("the store's transactions do not batch")
	}
}
