package service_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/reconcile"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// TestWalledFromPages: the matters a person is walled from, read page by
// page from the cursor, are the whole listing in matter id order, for a
// recusal whose topic scope reaches more matters than one store read (so a
// page is merged from several reads of the scopes), a party scope and
// matters named outright; on both stores.
func TestWalledFromPages(t *testing.T) {
	t.Parallel() // its own databases: runs beside the other large data sets, one waiting on PostgreSQL while another computes
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(clock))
		var b strings.Builder
		b.WriteString(`{"record":"entity","id":"pp","kind":"person","name":"Paged Person","coverage":{"regime":"doj","position":"attorney"}}` + "\n")
		b.WriteString(`{"record":"entity","id":"acme","kind":"company","name":"Acme Paging Inc."}` + "\n")
		var want []string
		for i := range 500 {
			topic, party := i%5 != 4, i%3 == 0
			named := i == 4 || i == 499
			fmt.Fprintf(&b, `{"record":"matter","id":"m%03d","title":"Matter %d","kind":"civil_case","opened":"2015-01-01"`, i, i)
			if topic {
				b.WriteString(`,"topics":["paging"]`)
			}
			if party {
				b.WriteString(`,"parties":[{"entity":"acme","role":"party"}]`)
			}
			b.WriteString("}\n")
			if topic || party || named {
				want = append(want, fmt.Sprintf("m%03d", i))
			}
		}
		if _, err := svc.Import(ctx, strings.NewReader(b.String()), "paging.jsonl", service.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := svc.RecordRecusal(ctx, refcase.Ethics, &impartial.Recusal{ID: "r-paging", Person: "pp", Effective: impartial.MustDate("2016-01-01"),
			Matters: []string{"m004", "m499"}, Topics: []string{"paging"}, Parties: []string{"acme"}, ScopeText: "paging", Basis: "test"}); err != nil {
			t.Fatal(err)
		}
		whole, err := svc.WalledFrom(ctx, refcase.Ethics, "pp")
		if err != nil {
			t.Fatal(err)
		}
		ids := func(ms []service.WalledMatter) []string {
			out := make([]string, len(ms))
			for i, m := range ms {
				out[i] = m.Matter
			}
			return out
		}
		if got := ids(whole); !slices.Equal(got, want) {
			t.Fatalf("whole listing: %d matters, want %d (first %v)", len(got), len(want), got[:min(5, len(got))])
		}
		for _, size := range []int{1, 7, 199, 200, 201, 1000} {
			got := readPages(t, size, len(want), func(after string) ([]string, error) {
				page, err := svc.WalledFromPage(ctx, refcase.Ethics, "pp", impartial.Page{After: after, Limit: size})
				return ids(page), err
			})
			if !slices.Equal(got, want) {
				t.Errorf("page size %d: %d matters, want %d", size, len(got), len(want))
			}
		}
	})
}

// TestReconcilePages: the discrepancies read page by page from the cursor
// (a statement and an assertion in it) are the whole listing, in statement
// and assertion order, on both stores.
func TestReconcilePages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(clock))
		importRef(t, svc)
		// Two more statements with two contradicted assertions each, one
		// filed before the reference testimony and one after it.
		var b strings.Builder
		for _, id := range []string{"st-a", "zz-b"} {
			a := `{"kind":"no_contact","text":"no communications with representatives of the Russian government","subject":"sessions","about":"russia","from":"2016-02-28","to":"2016-11-08"}`
			fmt.Fprintf(&b, `{"record":"statement","id":%q,"by":"sessions","kind":"testimony","date":"2017-01-11","forum":"sjc","sworn":true,"text":"no","assertions":[%s,%s]}`+"\n", id, a, a)
		}
		if _, err := svc.Import(ctx, strings.NewReader(b.String()), "statements.jsonl", service.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		whole, err := svc.Reconcile(ctx, refcase.Ethics, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(whole) != 5 {
			t.Fatalf("%d discrepancies, want 5 (one in the reference testimony, two in each statement added)", len(whole))
		}
		key := func(d reconcile.Discrepancy) string { return fmt.Sprintf("%s#%d", d.Statement, d.Assertion) }
		if !slices.IsSortedFunc(whole, func(x, y reconcile.Discrepancy) int {
			if c := strings.Compare(x.Statement, y.Statement); c != 0 {
				return c
			}
			return x.Assertion - y.Assertion
		}) {
			t.Errorf("not in statement and assertion order: %v", whole)
		}
		for _, size := range []int{1, 2, 3, 5} {
			var got []reconcile.Discrepancy
			var cur service.DiscrepancyCursor
			for calls := 0; calls <= len(whole)+1; calls++ {
				page, err := svc.ReconcilePage(ctx, refcase.Ethics, "", cur, size)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, page...)
				if len(page) < size {
					break
				}
				last := page[len(page)-1]
				cur = service.DiscrepancyCursor{Statement: last.Statement, Assertion: last.Assertion}
			}
			if g, w := fmt.Sprint(slices.Collect(mapKeys(got, key))), fmt.Sprint(slices.Collect(mapKeys(whole, key))); g != w {
				t.Errorf("pages of %d: %s, want %s", size, g, w)
			}
		}
	})
}

func mapKeys[T any](xs []T, key func(T) string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, x := range xs {
			if !yield(key(x)) {
				return
			}
		}
	}
}

// TestWalledPages: who is walled from a matter, read page by page from the
// cursor, and from a cursor without a limit, is the whole listing in person
// id order, with more covered persons than one store read (1,000), so that
// the listing goes on into the second read, also within a page; on both
// stores.
func TestWalledPages(t *testing.T) {
	t.Parallel() // its own databases: runs beside the other large data sets, one waiting on PostgreSQL while another computes
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(clock))
		var b strings.Builder
		b.WriteString(`{"record":"matter","id":"mw","title":"Walled matter","kind":"civil_case","opened":"2015-01-01"}` + "\n")
		b.WriteString(`{"record":"entity","id":"p0500x","kind":"person","name":"Not Covered"}` + "\n")
		var want []string
		var recs []*impartial.Recusal
		for i := range 1205 {
			id := fmt.Sprintf("p%04d", i)
			fmt.Fprintf(&b, `{"record":"entity","id":%q,"kind":"person","name":"Person %d","coverage":{"regime":"doj","position":"attorney"}}`+"\n", id, i)
			// Walled: a page of 4 from the start needs the second store
			// read for its fourth (p1000), and so does the rest after
			// p0001 for p1101.
			if i <= 2 || i == 1000 || i == 1001 || i == 1101 || i == 1204 {
				want = append(want, id)
				recs = append(recs, &impartial.Recusal{ID: "r-" + id, Person: id, Effective: impartial.MustDate("2016-01-01"),
					Matters: []string{"mw"}, ScopeText: "the walled matter", Basis: "test"})
			}
		}
		if _, err := svc.Import(ctx, strings.NewReader(b.String()), "walled.jsonl", service.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		// The recusals are written to the store in one transaction: through
		// the service, each would be a re-screening, for nothing here.
		if err := s.Update(ctx, func(tx impartial.Tx) error {
			for _, r := range recs {
				if err := tx.PutRecusal(ctx, r); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		ids := func(ws []service.WalledPerson) []string {
			out := make([]string, len(ws))
			for i, w := range ws {
				out[i] = w.Person
				if w.Recusal != "r-"+w.Person {
					t.Errorf("%s walled by %q, want r-%s", w.Person, w.Recusal, w.Person)
				}
			}
			return out
		}
		whole, err := svc.Walled(ctx, refcase.Ethics, "mw")
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(whole); !slices.Equal(got, want) {
			t.Fatalf("whole listing: %v\nwant %v", got, want)
		}
		for _, size := range []int{4} {
			got := readPages(t, size, len(want), func(after string) ([]string, error) {
				page, err := svc.WalledPage(ctx, refcase.Ethics, "mw", impartial.Page{After: after, Limit: size})
				return ids(page), err
			})
			if !slices.Equal(got, want) {
				t.Errorf("page size %d: %v\nwant %v", size, got, want)
			}
		}
		rest, err := svc.WalledPage(ctx, refcase.Ethics, "mw", impartial.Page{After: "p0001"})
		if err != nil {
			t.Fatal(err)
		}
		if got, w := ids(rest), want[2:]; !slices.Equal(got, w) {
			t.Errorf("after p0001 without a limit: %v, want %v", got, w)
		}
	})
}

// TestMyRecusalPages: a covered person's own recusals, read page by page
// from the cursor, and from a cursor without a limit, are the whole listing
// in recusal id order; on both stores.
func TestMyRecusalPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(clock))
		if _, err := svc.Import(ctx, strings.NewReader(`{"record":"entity","id":"pp","kind":"person","name":"Paged Person","coverage":{"regime":"doj","position":"attorney"}}`+"\n"),
			"person.jsonl", service.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		var want []string
		for i := range 5 {
			r := &impartial.Recusal{ID: fmt.Sprintf("r%d", i), Person: "pp", Effective: impartial.MustDate("2016-01-01"),
				Topics: []string{fmt.Sprintf("topic %d", i)}, ScopeText: fmt.Sprintf("scope %d", i), Basis: "test"}
			if err := svc.RecordRecusal(ctx, refcase.Ethics, r); err != nil {
				t.Fatal(err)
			}
			want = append(want, r.ID)
		}
		pp := impartial.Actor{ID: "pp", Role: impartial.Covered}
		ids := func(ns []service.RecusalNotice) []string {
			var out []string
			for _, n := range ns {
				out = append(out, n.ID)
			}
			return out
		}
		for _, tc := range []struct {
			name string
			pg   impartial.Page
			want []string
		}{
			{"all", impartial.Page{}, want},
			{"the first two", impartial.Page{Limit: 2}, want[:2]},
			{"two after the cursor", impartial.Page{After: "r1", Limit: 2}, want[2:4]},
			{"after the cursor without a limit", impartial.Page{After: "r1"}, want[2:]},
			{"after the last", impartial.Page{After: "r4"}, nil},
		} {
			got, err := svc.MyRecusalPage(ctx, pp, tc.pg)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, ids(got), tc.want)
			}
		}
	})
}

// readPages reads a listing page by page of size from the cursor, each
// page's last key the next cursor, until a short page; it fails the test
// on an error, on a page longer than size, or when the listing of total
// keys does not end.
func readPages(t *testing.T, size, total int, page func(after string) ([]string, error)) []string {
	t.Helper()
	var got []string
	after := ""
	for calls := 0; ; calls++ {
		if calls > total+1 {
			t.Fatalf("page size %d: no end after %d pages", size, calls)
		}
		keys, err := page(after)
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) > size {
			t.Fatalf("page size %d: got %d", size, len(keys))
		}
		got = append(got, keys...)
		if len(keys) < size {
			return got
		}
		after = keys[len(keys)-1]
	}
}
