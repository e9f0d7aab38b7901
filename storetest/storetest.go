// Package storetest is the conformance suite every impartial.Store must pass.
// The sqlite and postgres packages run it against real databases, so that
// the two stores behave the same for everything built on them.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/namekeys"
)

// Backend is a store under test and a way to open it again, as a second
// process (or a later run) would.
type Backend struct {
	Store  impartial.Store
	Reopen func(ctx context.Context) (impartial.Store, error)
}

// Open returns a fresh, empty backend for one test; it registers its own
// cleanup with t.
type Open func(t *testing.T) Backend

// Run runs the suite.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(*testing.T, Backend)
	}{
		{"RoundTrip", testRoundTrip},
		{"Replace", testReplace},
		{"NotFound", testNotFound},
		{"ListPagesAndFilters", testList},
		{"FilteredPages", testFilteredPages},
		{"RollbackOnError", testRollback},
		{"ForeignKeys", testForeignKeys},
		{"DatePrecision", testDatePrecision},
		{"Reopen", testReopen},
		{"Walls", testWalls},
		{"WallFeed", testWallFeed},
		{"Findings", testFindings},
		{"Rescreens", testRescreens},
		{"ErrorKinds", testErrorKinds},
		{"ConcurrentRecusals", testConcurrentRecusals},
		{"Credentials", testCredentials},
		{"RecordChanges", testRecordChanges},
		{"EntityKeys", testEntityKeys},
		{"Events", testEvents},
		{"Neighbourhood", testNeighbourhood},
		{"AdjacentOverLimit", testAdjacentOverLimit},
		{"Derived", testDerived},
		{"DerivedConcurrent", testDerivedConcurrent},
		{"Links", testLinks},
		{"LinksConcurrent", testLinksConcurrent},
		{"BatchExisting", testBatchExisting},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

func pct(f float64) *float64 { return &f }

// Fixture returns a small connected set of records that uses every field.
func Fixture() ([]*impartial.Entity, []*impartial.Relationship, []*impartial.Contact, []*impartial.Matter, []*impartial.Statement, []*impartial.Correction) {
	d := impartial.MustDate
	ents := []*impartial.Entity{
		{ID: "ann", Kind: impartial.Person, Name: "Ann Example", Aliases: []string{"Анна Пример", "EXAMPLE, Ann"},
			Coverage: &impartial.Coverage{Regime: impartial.DOJ, Position: "Attorney", Forum: "acme", Appointee: true, Pledge: d("2015-03-02"),
				Span: impartial.Span{Start: d("2015-03")}},
			Source: "record", Note: "a covered person"},
		{ID: "bob", Kind: impartial.Person, Name: "Bob Example", BirthDates: []impartial.Date{d("1961"), d("1960-04-02")},
			Nationalities: []string{"us", "ca"}},
		{ID: "acme", Kind: impartial.Company, Name: "Acme Holdings Inc.", Identifiers: []impartial.Identifier{{Scheme: "ticker", Value: "ACME"}},
			Flags: []impartial.Flag{impartial.PubliclyTraded}},
		{ID: "acme-sub", Kind: impartial.Company, Name: "Acme Widgets LLC"},
		{ID: "camp", Kind: impartial.CampaignOrganization, Name: "Example for President"},
	}
	rels := []*impartial.Relationship{
		{ID: "r1", From: "ann", To: "bob", Type: impartial.Family, Role: "spouse", Span: impartial.Span{Start: d("1990-06-01")}, Status: impartial.Confirmed, Source: "record"},
		{ID: "r2", From: "bob", To: "acme", Type: impartial.Holding, Whose: impartial.Self, Amount: &impartial.Amount{Min: 15001, Max: 50000, Currency: "USD"}, Percent: pct(0.01), Status: impartial.Reported},
		{ID: "r3", From: "acme", To: "acme-sub", Type: impartial.Ownership, Percent: pct(100), Span: impartial.Span{Start: d("2016")}, Status: impartial.Confirmed},
		{ID: "r4", From: "ann", To: "camp", Type: impartial.Campaign, Role: "principal adviser", Detail: "chair", Span: impartial.Span{Start: d("2016-03-03"), End: d("2016-11-08")}, Status: impartial.Confirmed, Source: "article"},
	}
	contacts := []*impartial.Contact{
		{ID: "c1", Participants: []string{"ann", "bob"}, Date: d("2016-07"), Place: "Cleveland", Context: "convention",
			Capacity: impartial.DisputedRole, CapacityDetail: "official or campaign", ReportedBy: "acme", ReportedOn: d("2017-03-01"),
			Status: impartial.Confirmed, StatusDetail: "confirmed 2017-03-02", Source: "article"},
	}
	matters := []*impartial.Matter{
		{ID: "m1", Title: "Inquiry into widgets", Kind: impartial.CriminalInvestigation, Opened: d("2017-01-02"), Confidential: true,
			Topics: []string{"Widgets", "Export controls"},
			Parties: []impartial.MatterParty{{Entity: "acme-sub", Role: impartial.Subject}, {Name: "Widget Traders Ltd", Role: impartial.Party,
				Evidence: &impartial.PartyEvidence{BirthDate: d("1970-02"), NativeName: "Виджет Трейдерс", Nationality: "gb",
					Identifiers: []impartial.Identifier{{Scheme: "lei", Value: "549300EXAMPLE0000001"}}}}},
			Team: []string{"ann"}, Forum: "acme", Related: []impartial.MatterLink{{Matter: "m2", Relation: impartial.SubstantiallyRelated, Source: "docket"}},
			Source: "illustrative"},
		{ID: "m2", Title: "Closed matter", Kind: impartial.CivilCase, Opened: d("2010"), Closed: d("2012-05")},
	}
	stmts := []*impartial.Statement{
		{ID: "s1", By: "ann", Kind: impartial.Testimony, Date: d("2017-01-10"), Forum: "camp", Sworn: true, QuestionBy: "bob",
			Question: "Any contacts?", Text: "None.", Assertions: []impartial.Assertion{{Kind: impartial.NoContact, Text: "no contact with Bob", About: "bob", From: d("2016"), To: d("2016-11-08")}}},
	}
	corr := []*impartial.Correction{{ID: "k1", Statement: "s1", Date: d("2017-03-06"), Form: "letter", Text: "I did meet Bob.", Source: "article"}}
	return ents, rels, contacts, matters, stmts, corr
}

// Load writes the fixture in one transaction.
func Load(ctx context.Context, s impartial.Store) error {
	ents, rels, contacts, matters, stmts, corr := Fixture()
	return s.Update(ctx, func(tx impartial.Tx) error {
		for _, e := range ents {
			e.Normalize()
			if err := tx.PutEntity(ctx, e); err != nil {
				return err
			}
		}
		for _, r := range rels {
			if err := tx.PutRelationship(ctx, r); err != nil {
				return err
			}
		}
		for _, c := range contacts {
			if err := tx.PutContact(ctx, c); err != nil {
				return err
			}
		}
		for _, m := range matters {
			if err := tx.PutMatter(ctx, m); err != nil {
				return err
			}
		}
		for _, s := range stmts {
			if err := tx.PutStatement(ctx, s); err != nil {
				return err
			}
		}
		for _, c := range corr {
			if err := tx.PutCorrection(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func diff[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %+v\n want %+v", what, got, want)
	}
}

func testRoundTrip(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	ents, rels, contacts, matters, stmts, corr := Fixture()
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		for _, want := range ents {
			want.Normalize()
			got, err := tx.Entity(ctx, want.ID)
			must(t, err)
			diff(t, want.Label(), got, want)
		}
		readBack(t, rels, func(r *impartial.Relationship) string { return r.ID }, func(id string) (*impartial.Relationship, error) { return tx.Relationship(ctx, id) })
		readBack(t, contacts, func(c *impartial.Contact) string { return c.ID }, func(id string) (*impartial.Contact, error) { return tx.Contact(ctx, id) })
		readBack(t, matters, func(m *impartial.Matter) string { return m.ID }, func(id string) (*impartial.Matter, error) { return tx.Matter(ctx, id) })
		readBack(t, stmts, func(s *impartial.Statement) string { return s.ID }, func(id string) (*impartial.Statement, error) { return tx.Statement(ctx, id) })
		readBack(t, corr, func(c *impartial.Correction) string { return c.ID }, func(id string) (*impartial.Correction, error) { return tx.Correction(ctx, id) })
		counts, err := tx.Counts(ctx)
		must(t, err)
		diff(t, "counts", counts, map[string]int{"entity": 5, "relationship": 4, "contact": 1, "matter": 2, "statement": 1, "correction": 1,
			"recusal": 0, "permission": 0, "determination": 0, "event": 0})
		return nil
	}))
}

// readBack reads every record of want by id and compares it with what was
// written.
func readBack[T interface{ Label() string }](t *testing.T, want []T, id func(T) string, get func(string) (T, error)) {
	t.Helper()
	for _, w := range want {
		got, err := get(id(w))
		must(t, err)
		diff(t, w.Label(), got, w)
	}
}

func testReplace(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	_, _, _, matters, _, _ := Fixture()
	m := matters[0]
	m.Title = "Renamed"
	m.Topics = []string{"Only topic"}
	m.Parties = []impartial.MatterParty{{Entity: "acme", Role: impartial.Target}}
	m.Team = nil
	m.Confidential = false
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error { return tx.PutMatter(ctx, m) }))
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		got, err := tx.Matter(ctx, m.ID)
		must(t, err)
		diff(t, "replaced matter", got, m)
		return nil
	}))
}

func testNotFound(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		for what, get := range map[string]func() error{
			"entity":       func() error { _, err := tx.Entity(ctx, "nope"); return err },
			"relationship": func() error { _, err := tx.Relationship(ctx, "nope"); return err },
			"contact":      func() error { _, err := tx.Contact(ctx, "nope"); return err },
			"matter":       func() error { _, err := tx.Matter(ctx, "nope"); return err },
			"statement":    func() error { _, err := tx.Statement(ctx, "nope"); return err },
			"correction":   func() error { _, err := tx.Correction(ctx, "nope"); return err },
		} {
			if err := get(); !impartial.IsNotFound(err) {
				t.Errorf("%s nope: got %v, want a NotFound error", what, err)
			}
		}
		return nil
	}))
}

func ids[T interface{ Label() string }](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = v.Label()
	}
	return out
}

func testList(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		var all []string
		after := ""
		for {
			page, err := tx.Entities(ctx, impartial.EntityFilter{Page: impartial.Page{After: after, Limit: 2}})
			must(t, err)
			if len(page) == 0 {
				break
			}
			all = append(all, ids(page)...)
			after = page[len(page)-1].ID
		}
		diff(t, "entities in pages of 2", all, []string{`entity "acme"`, `entity "acme-sub"`, `entity "ann"`, `entity "bob"`, `entity "camp"`})

		cov, err := tx.Entities(ctx, impartial.EntityFilter{CoveredOnly: true})
		must(t, err)
		diff(t, "covered", ids(cov), []string{`entity "ann"`})
		comp, err := tx.Entities(ctx, impartial.EntityFilter{Kind: impartial.Company})
		must(t, err)
		diff(t, "companies", ids(comp), []string{`entity "acme"`, `entity "acme-sub"`})

		rels, err := tx.Relationships(ctx, impartial.RelationshipFilter{Entity: "bob"})
		must(t, err)
		diff(t, "bob's relationships", ids(rels), []string{`relationship "r1"`, `relationship "r2"`})
		cs, err := tx.Contacts(ctx, impartial.ContactFilter{Entity: "bob"})
		must(t, err)
		diff(t, "bob's contacts", ids(cs), []string{`contact "c1"`})
		cs, err = tx.Contacts(ctx, impartial.ContactFilter{Entity: "acme"})
		must(t, err)
		diff(t, "acme's contacts", len(cs), 0)
		ms, err := tx.Matters(ctx, impartial.MatterFilter{Entity: "ann"})
		must(t, err)
		diff(t, "ann's matters (team)", ids(ms), []string{`matter "m1"`})
		ms, err = tx.Matters(ctx, impartial.MatterFilter{Entity: "acme-sub"})
		must(t, err)
		diff(t, "acme-sub's matters (party)", ids(ms), []string{`matter "m1"`})
		ss, err := tx.Statements(ctx, impartial.StatementFilter{By: "ann"})
		must(t, err)
		diff(t, "ann's statements", ids(ss), []string{`statement "s1"`})
		ks, err := tx.Corrections(ctx, impartial.CorrectionFilter{Statement: "s1"})
		must(t, err)
		diff(t, "corrections of s1", ids(ks), []string{`correction "k1"`})
		return nil
	}))
}

// testFilteredPages: a filtered listing read page by page from a cursor
// (After, Limit) is the whole filtered listing in id order — what the
// service's paged walls and reconciliation listings read a page at a time.
func testFilteredPages(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	d := impartial.MustDate
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		for i, id := range []string{"m0", "m3", "m10", "m4"} {
			m := &impartial.Matter{ID: id, Title: "Matter " + id, Kind: impartial.CivilCase, Opened: d("2018-01-01")}
			if i%2 == 0 {
				m.Topics = []string{"widgets"}
			}
			if i != 2 {
				m.Parties = []impartial.MatterParty{{Entity: "acme-sub", Role: impartial.Party}}
			}
			if err := tx.PutMatter(ctx, m); err != nil {
				return err
			}
		}
		for _, id := range []string{"s0", "s2", "s10"} {
			if err := tx.PutStatement(ctx, &impartial.Statement{ID: id, By: "ann", Kind: impartial.Testimony, Date: d("2017-02-01"), Text: "text"}); err != nil {
				return err
			}
		}
		return nil
	}))
	paged := func(limit int, list func(impartial.Page) ([]string, error)) []string {
		var out []string
		after := ""
		for range 20 {
			page, err := list(impartial.Page{After: after, Limit: limit})
			must(t, err)
			if len(page) > limit {
				t.Fatalf("page of %d: %d items", limit, len(page))
			}
			out = append(out, page...)
			if len(page) < limit {
				break
			}
			after = page[len(page)-1]
		}
		return out
	}
	tests := []struct {
		name string
		list func(tx impartial.ReadTx, pg impartial.Page) ([]string, error)
		want []string
	}{
		{"matters on a topic (any case)", func(tx impartial.ReadTx, pg impartial.Page) ([]string, error) {
			ms, err := tx.Matters(ctx, impartial.MatterFilter{Page: pg, Topic: "WIDGETS"})
			return matterIDs(ms), err
		}, []string{"m0", "m1", "m10"}},
		{"matters with a party", func(tx impartial.ReadTx, pg impartial.Page) ([]string, error) {
			ms, err := tx.Matters(ctx, impartial.MatterFilter{Page: pg, Entity: "acme-sub"})
			return matterIDs(ms), err
		}, []string{"m0", "m1", "m3", "m4"}},
		{"statements", func(tx impartial.ReadTx, pg impartial.Page) ([]string, error) {
			ss, err := tx.Statements(ctx, impartial.StatementFilter{Page: pg})
			out := make([]string, len(ss))
			for i, s := range ss {
				out[i] = s.ID
			}
			return out, err
		}, []string{"s0", "s1", "s10", "s2"}},
	}
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		for _, tc := range tests {
			for _, limit := range []int{1, 2, 3, 100} {
				got := paged(limit, func(pg impartial.Page) ([]string, error) { return tc.list(tx, pg) })
				diff(t, fmt.Sprintf("%s in pages of %d", tc.name, limit), got, tc.want)
			}
		}
		return nil
	}))
}

func matterIDs(ms []*impartial.Matter) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func testRollback(t *testing.T, b Backend) {
	ctx := context.Background()
	boom := errors.New("boom")
	err := b.Store.Update(ctx, func(tx impartial.Tx) error {
		must(t, tx.PutEntity(ctx, &impartial.Entity{ID: "x", Kind: impartial.Person, Name: "X"}))
		must(t, tx.PutEntity(ctx, &impartial.Entity{ID: "y", Kind: impartial.Person, Name: "Y"}))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update: got %v, want the closure's error", err)
	}
	assertCount(t, b.Store, "entity", 0)
}

func testForeignKeys(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		return tx.PutEntity(ctx, &impartial.Entity{ID: "a", Kind: impartial.Person, Name: "A"})
	}))
	err := b.Store.Update(ctx, func(tx impartial.Tx) error {
		if err := tx.PutEntity(ctx, &impartial.Entity{ID: "b", Kind: impartial.Person, Name: "B"}); err != nil {
			return err
		}
		return tx.PutRelationship(ctx, &impartial.Relationship{ID: "r", From: "a", To: "ghost", Type: impartial.Business, Status: impartial.Reported})
	})
	if err == nil {
		t.Fatal("a relationship to an unknown entity was stored")
	}
	assertCount(t, b.Store, "entity", 1)
	assertCount(t, b.Store, "relationship", 0)
}

func testDatePrecision(t *testing.T, b Backend) {
	ctx := context.Background()
	cases := []string{"2016", "2016-02", "2016-02-29", "1999-12-31"}
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		must(t, tx.PutEntity(ctx, &impartial.Entity{ID: "a", Kind: impartial.Person, Name: "A"}))
		must(t, tx.PutEntity(ctx, &impartial.Entity{ID: "b", Kind: impartial.Person, Name: "B"}))
		for i, s := range cases {
			c := &impartial.Contact{ID: fmt.Sprint("c", i), Participants: []string{"a", "b"}, Date: impartial.MustDate(s),
				Capacity: impartial.UnknownRole, Status: impartial.Reported}
			must(t, tx.PutContact(ctx, c))
		}
		return nil
	}))
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		for i, want := range cases {
			c, err := tx.Contact(ctx, fmt.Sprint("c", i))
			must(t, err)
			if got := c.Date.String(); got != want {
				t.Errorf("date %d: got %s, want %s", i, got, want)
			}
		}
		return nil
	}))
}

func testReopen(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	s2, err := b.Reopen(ctx)
	must(t, err)
	defer s2.Close()
	assertCount(t, s2, "entity", 5)
}

func assertCount(t *testing.T, s impartial.Store, what string, want int) {
	t.Helper()
	must(t, s.View(context.Background(), func(tx impartial.ReadTx) error {
		c, err := tx.Counts(context.Background())
		must(t, err)
		if c[what] != want {
			t.Errorf("%s count: got %d, want %d", what, c[what], want)
		}
		return nil
	}))
}

func testWalls(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	at := time.Date(2017, 3, 2, 15, 4, 5, 123456000, time.UTC)
	rec := &impartial.Recusal{ID: "rc1", Person: "ann", Effective: impartial.MustDate("2017-03-02"),
		Matters: []string{"m1"}, Topics: []string{"Widgets"}, Parties: []string{"acme"},
		Kinds:     []impartial.MatterKind{impartial.CriminalInvestigation},
		ScopeText: "any pending or future investigation relating to widgets", Basis: "28 CFR 45.2",
		Rules: []string{"28cfr45.2-political"}, Delegate: "bob", PublicStatement: "I recuse myself.",
		RecordedBy: "ethics", RecordedAt: at, Source: "test"}
	perm := &impartial.Permission{ID: "p1", Kind: impartial.Authorization, Person: "ann", Matter: "m1",
		Rules: []string{"5cfr2635.502"}, Granted: impartial.MustDate("2017-04-01"), GrantedBy: "dag",
		Span: impartial.Span{Start: impartial.MustDate("2017-04-01")}, Reason: "needed", Source: "memo"}
	det := &impartial.Determination{ID: "d1", Person: "ann", Matter: "m1", Rule: "r", Recommendation: impartial.DecideRecuse,
		ReviewReasons: "campaign role", ReviewedBy: "ethics", ReviewedAt: at, Decision: impartial.DecideRecuse,
		Reasons: "political relationship", DecidedBy: "ethics", DecidedAt: at.Add(time.Hour), Recusal: "rc1"}
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		must(t, tx.PutRecusal(ctx, rec))
		must(t, tx.PutPermission(ctx, perm))
		return tx.PutDetermination(ctx, det)
	}))
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		gotR, err := tx.Recusal(ctx, "rc1")
		must(t, err)
		diff(t, "recusal", gotR, rec)
		gotP, err := tx.Permission(ctx, "p1")
		must(t, err)
		diff(t, "permission", gotP, perm)
		gotD, err := tx.Determination(ctx, "d1")
		must(t, err)
		diff(t, "determination", gotD, det)
		rs, err := tx.Recusals(ctx, impartial.RecusalFilter{Person: "bob"})
		must(t, err)
		diff(t, "bob's recusals", len(rs), 0)
		ps, err := tx.Permissions(ctx, impartial.PermissionFilter{Person: "ann", Matter: "m1"})
		must(t, err)
		diff(t, "ann's permissions on m1", ids(ps), []string{`permission "p1"`})
		ds, err := tx.Determinations(ctx, impartial.DeterminationFilter{Person: "ann", Matter: "m1"})
		must(t, err)
		diff(t, "determinations", ids(ds), []string{`determination "d1"`})
		return nil
	}))
	// Determinations are never edited.
	err := b.Store.Update(ctx, func(tx impartial.Tx) error { return tx.PutDetermination(ctx, det) })
	if impartial.KindOf(err) != impartial.Conflict {
		t.Errorf("second put of a determination: got %v, want a conflict", err)
	}
}

func testWallFeed(t *testing.T, b Backend) {
	ctx := context.Background()
	at := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var want []int64
	for i := range 5 {
		must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
			seq, err := tx.AppendWallChange(ctx, impartial.WallChange{At: at, Kind: "recusal", Person: fmt.Sprint("p", i), Record: "r"})
			want = append(want, seq)
			return err
		}))
	}
	// A rolled-back change leaves no trace.
	b.Store.Update(ctx, func(tx impartial.Tx) error {
		tx.AppendWallChange(ctx, impartial.WallChange{At: at, Kind: "recusal", Person: "ghost"})
		return errors.New("roll back")
	})
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		rev, err := tx.WallRevision(ctx)
		must(t, err)
		diff(t, "revision", rev, want[4])
		all, err := tx.WallChanges(ctx, 0, 0)
		must(t, err)
		if len(all) != 5 {
			t.Fatalf("feed has %d changes, want 5", len(all))
		}
		for i, c := range all {
			if c.Seq != want[i] || c.Person != fmt.Sprint("p", i) || !c.At.Equal(at) {
				t.Errorf("change %d: got %+v", i, c)
			}
		}
		rest, err := tx.WallChanges(ctx, want[2], 10)
		must(t, err)
		diff(t, "resumed after the third", len(rest), 2)
		return nil
	}))
}

func testFindings(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	f1 := &impartial.StoredFinding{ComputedAt: at, Finding: impartial.Finding{Person: "ann", PersonName: "Ann Example", Matter: "m1",
		Rule: "doj-45.2-political", Citation: "28 CFR 45.2", Rulebook: "us-executive-doj", RulebookVersion: "3",
		AsOf: impartial.MustDate("2017-06-01"), Outcome: impartial.OutcomeRecuse, Reason: "political relationship",
		Paths: []impartial.Path{{Outcome: impartial.OutcomeRecuse, Basis: "principal adviser", Steps: []impartial.Step{
			{Kind: impartial.StepRelationship, Record: "r4", From: "ann", To: "camp", Type: impartial.Campaign, Role: "principal adviser",
				Start: impartial.MustDate("2016-03-03"), End: impartial.MustDate("2016-11-08"), Status: impartial.Confirmed, Source: "article"},
			{Kind: impartial.StepNameMatch, Record: "m1", To: "acme-sub", Match: &impartial.NameMatch{Query: "Acme Widgets", Matched: "Acme Widgets LLC", Score: 0.97}},
		}}}}}
	f2 := &impartial.StoredFinding{ComputedAt: at, Finding: impartial.Finding{Person: "ann", Matter: "m2", Rule: "x",
		Rulebook: "b", RulebookVersion: "1", Outcome: impartial.OutcomeReview, Paths: []impartial.Path{}}}
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		must(t, tx.PutFinding(ctx, f1))
		return tx.PutFinding(ctx, f2)
	}))
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		got, err := tx.Findings(ctx, impartial.FindingFilter{Person: "ann", Outcome: impartial.OutcomeRecuse})
		must(t, err)
		if len(got) != 1 {
			t.Fatalf("recuse findings of ann: %d, want 1", len(got))
		}
		diff(t, "finding", got[0], f1)
		all, err := tx.Findings(ctx, impartial.FindingFilter{})
		must(t, err)
		diff(t, "all findings", len(all), 2)
		first, err := tx.Findings(ctx, impartial.FindingFilter{Limit: 1})
		must(t, err)
		diff(t, "first page", len(first), 1)
		diff(t, "first page's finding", first[0].Matter, "m1")
		k := impartial.FindingKey{Matter: first[0].Matter, Person: first[0].Person, Rule: first[0].Rule}
		next, err := tx.Findings(ctx, impartial.FindingFilter{After: k})
		must(t, err)
		diff(t, "page after m1", len(next), 1)
		diff(t, "page after m1's finding", next[0].Matter, "m2")
		for _, tc := range []struct {
			before time.Time
			want   int
		}{{at, 0}, {at.Add(time.Microsecond), 2}, {at.Add(-time.Hour), 0}, {at.Add(24 * time.Hour), 2}} {
			old, err := tx.Findings(ctx, impartial.FindingFilter{ComputedBefore: tc.before})
			must(t, err)
			diff(t, fmt.Sprintf("findings computed before %s", tc.before), len(old), tc.want)
		}
		return nil
	}))
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		old, err := tx.DeleteFindings(ctx, "", "m1")
		must(t, err)
		diff(t, "deleted", len(old), 1)
		return nil
	}))
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		left, err := tx.Findings(ctx, impartial.FindingFilter{Person: "ann"})
		must(t, err)
		diff(t, "left after delete", len(left), 1)
		return nil
	}))
}

// testRescreens: the outbox keeps pending work in order with everything it
// was given, a rolled-back entry leaves no trace, and finishing marks
// exactly the entries named.
func testRescreens(t *testing.T, b Backend) {
	ctx := context.Background()
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	in := []impartial.Rescreen{
		{At: at, Cause: `import of "a.jsonl"`, All: true, Changes: []byte(`[{"Kind":"entity"}]`)},
		{At: at, Cause: "waiver w1", Matters: []string{"m1", "m2"}, Persons: []string{"ann"}, Changes: []byte(`[]`)},
		{At: at, Cause: "third"},
	}
	for i := range in {
		must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
			seq, err := tx.AddRescreen(ctx, &in[i])
			if err == nil && seq != in[i].Seq {
				t.Errorf("AddRescreen returned %d but set Seq %d", seq, in[i].Seq)
			}
			return err
		}))
	}
	b.Store.Update(ctx, func(tx impartial.Tx) error {
		tx.AddRescreen(ctx, &impartial.Rescreen{At: at, Cause: "ghost"})
		return errors.New("roll back")
	})
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		got, err := tx.PendingRescreens(ctx, 10)
		must(t, err)
		diff(t, "pending", got, in)
		done, err := tx.RescreenDoneAfter(ctx, 0)
		must(t, err)
		diff(t, "done after 0 before finishing", done, false)
		return nil
	}))
	later := at.Add(time.Hour)
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error { return tx.FinishRescreens(ctx, []int64{in[1].Seq}, later) }))
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		got, err := tx.PendingRescreens(ctx, 10)
		must(t, err)
		diff(t, "pending after finishing the second", got, []impartial.Rescreen{in[0], in[2]})
		for _, c := range []struct {
			after int64
			want  bool
		}{{in[0].Seq, true}, {in[1].Seq, false}} {
			done, err := tx.RescreenDoneAfter(ctx, c.after)
			must(t, err)
			diff(t, fmt.Sprintf("done after #%d", c.after), done, c.want)
		}
		return nil
	}))
	// Scoping narrows entries not yet done; a done one stays as it was.
	scope := impartial.Rescreen{Matters: []string{"m3"}, Persons: []string{"bob"},
		Pairs: []impartial.RescreenPair{{Person: "ann", Matter: "m1"}, {Person: "cy", Matter: "m2"}}}
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		return tx.ScopeRescreens(ctx, []int64{in[0].Seq, in[1].Seq}, scope)
	}))
	scoped := in[0]
	scoped.All, scoped.Matters, scoped.Persons, scoped.Pairs, scoped.Scoped = false, scope.Matters, scope.Persons, scope.Pairs, true
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		got, err := tx.PendingRescreens(ctx, 10)
		must(t, err)
		diff(t, "pending after scoping", got, []impartial.Rescreen{scoped, in[2]})
		return nil
	}))
}

// testRecordChanges checks the record change feed: a new database starts
// with one "read everything" entry, every record a committed transaction
// writes follows in order, and a rolled-back one leaves nothing.
func testRecordChanges(t *testing.T, b Backend) {
	ctx := context.Background()
	s := b.Store
	read := func(after int64) []impartial.RecordChange {
		t.Helper()
		var out []impartial.RecordChange
		if err := s.View(ctx, func(tx impartial.ReadTx) error {
			var err error
			out, err = tx.RecordChanges(ctx, after, 0)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	start := read(0)
	if len(start) != 1 || start[0].Kind != "*" {
		t.Fatalf("a new store's feed = %+v, want one \"*\" entry", start)
	}
	ents, rels, contacts, matters, _, _ := Fixture()
	err := s.Update(ctx, func(tx impartial.Tx) error {
		for _, e := range ents[:2] {
			if err := tx.PutEntity(ctx, e); err != nil {
				return err
			}
		}
		if err := tx.PutRelationship(ctx, rels[0]); err != nil {
			return err
		}
		c := *contacts[0]
		c.ReportedBy = ""
		if err := tx.PutContact(ctx, &c); err != nil {
			return err
		}
		return tx.PutMatter(ctx, &impartial.Matter{ID: "m-feed", Title: "Feed", Kind: matters[0].Kind, Opened: matters[0].Opened})
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Update(ctx, func(tx impartial.Tx) error {
		tx.PutEntity(ctx, ents[2])
		return errors.New("roll back")
	})
	got := read(start[0].Seq)
	var kinds []string
	for i, c := range got {
		kinds = append(kinds, c.Kind+" "+c.ID)
		if c.Seq <= start[0].Seq || i > 0 && c.Seq <= got[i-1].Seq {
			t.Errorf("sequence numbers do not grow: %+v", got)
		}
	}
	want := []string{"entity ann", "entity bob", "relationship r1", "contact c1", "matter m-feed"}
	if strings.Join(kinds, ", ") != strings.Join(want, ", ") {
		t.Errorf("feed = %v, want %v", kinds, want)
	}
	var rev int64
	if err := s.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		rev, err = tx.RecordRevision(ctx)
		return err
	}); err != nil || len(got) == 0 || rev != got[len(got)-1].Seq {
		t.Errorf("RecordRevision = %d, %v; want %d", rev, err, got[len(got)-1].Seq)
	}
}

// testErrorKinds: what the database refuses for bad data comes back as the
// domain's kind, the same on every store (so the API answers 400 or 409, not
// 500), and the transaction is rolled back.
func testErrorKinds(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		return tx.PutDetermination(ctx, &impartial.Determination{ID: "d1", Person: "ann", Matter: "m1", DecidedAt: at})
	}))
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		return tx.PutDetermination(ctx, &impartial.Determination{ID: "d2", Person: "ann", Matter: "m1", Supersedes: "d1", DecidedAt: at})
	}))
	for _, tc := range []struct {
		name string
		put  func(tx impartial.Tx) error
		want impartial.ErrorKind
	}{
		{"a reference to no entity", func(tx impartial.Tx) error {
			return tx.PutRecusal(ctx, &impartial.Recusal{ID: "r-x", Person: "ghost", Effective: impartial.MustDate("2020"), ScopeText: "x"})
		}, impartial.Invalid},
		{"a reference to no matter", func(tx impartial.Tx) error {
			return tx.PutDetermination(ctx, &impartial.Determination{ID: "d-x", Person: "ann", Matter: "ghost"})
		}, impartial.Invalid},
		{"a second determination superseding the same one", func(tx impartial.Tx) error {
			return tx.PutDetermination(ctx, &impartial.Determination{ID: "d3", Person: "ann", Matter: "m1", Supersedes: "d1"})
		}, impartial.Conflict},
	} {
		err := b.Store.Update(ctx, tc.put)
		if err == nil || impartial.KindOf(err) != tc.want {
			t.Errorf("%s: %v (kind %v), want kind %v", tc.name, err, impartial.KindOf(err), tc.want)
		}
	}
	// A NUL in a text is either kept as it is or refused as invalid input,
	// never an internal error.
	err := b.Store.Update(ctx, func(tx impartial.Tx) error {
		return tx.PutEntity(ctx, &impartial.Entity{ID: "nul", Kind: impartial.Person, Name: "A\x00B"})
	})
	if err != nil && impartial.KindOf(err) != impartial.Invalid {
		t.Errorf("a NUL in a name: %v (kind %v), want stored or invalid", err, impartial.KindOf(err))
	}
	err = b.Store.Update(ctx, func(tx impartial.Tx) error {
		return tx.PutEntity(ctx, &impartial.Entity{ID: "bad", Kind: impartial.Person, Name: "A\xffB"})
	})
	if err != nil && impartial.KindOf(err) != impartial.Invalid {
		t.Errorf("invalid UTF-8 in a name: %v (kind %v), want stored or invalid", err, impartial.KindOf(err))
	}
}

// testConcurrentRecusals: writers racing to record recusals with the same id,
// each in its own transaction, cannot both succeed: exactly one commits, the
// others are refused as a Conflict by the database's key (not by a check
// before the write, which two transactions can pass at once), and the stored
// recusal is the winner's whole.
func testConcurrentRecusals(t *testing.T, b Backend) {
	ctx := context.Background()
	must(t, Load(ctx, b.Store))
	const writers = 8
	for round := range 3 {
		id := fmt.Sprintf("race-%d", round)
		errs := make([]error, writers)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[w] = b.Store.Update(ctx, func(tx impartial.Tx) error {
					return tx.AddRecusal(ctx, &impartial.Recusal{ID: id, Person: "ann", Effective: impartial.MustDate("2020-01-01"),
						Matters: []string{"m1"}, ScopeText: fmt.Sprintf("writer %d", w)})
				})
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for w, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Errorf("%s: writers %d and %d both recorded it", id, winner, w)
			case err == nil:
				winner = w
			case impartial.KindOf(err) != impartial.Conflict:
				t.Errorf("%s: writer %d: %v (kind %v), want a conflict", id, w, err, impartial.KindOf(err))
			}
		}
		if winner < 0 {
			t.Fatalf("%s: no writer recorded it: %v", id, errs)
		}
		must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
			got, err := tx.Recusal(ctx, id)
			must(t, err)
			diff(t, id+" scope", got.ScopeText, fmt.Sprintf("writer %d", winner))
			list, err := tx.Recusals(ctx, impartial.RecusalFilter{Person: "ann", Page: impartial.Page{Limit: 100}})
			must(t, err)
			n := 0
			for _, r := range list {
				if r.ID == id {
					n++
				}
			}
			diff(t, id+" rows", n, 1)
			return nil
		}))
	}
}

// testCredentials: a credential comes back as it was put, the token it was
// made from included; putting it again changes only its revocation and
// expiry.
func testCredentials(t *testing.T, b Backend) {
	ctx := context.Background()
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	token := &impartial.Credential{Hash: strings.Repeat("a", 64), Actor: impartial.Actor{ID: "ann", Role: impartial.Ethics},
		Label: "api", CreatedAt: at, ExpiresAt: at.Add(48 * time.Hour)}
	session := &impartial.Credential{Hash: strings.Repeat("b", 64), Actor: token.Actor, Label: "web session",
		CreatedAt: at.Add(time.Hour), ExpiresAt: token.ExpiresAt, Parent: token.Hash}
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error {
		must(t, tx.PutCredential(ctx, token))
		return tx.PutCredential(ctx, session)
	}))
	revoked := *session
	revoked.RevokedAt = at.Add(2 * time.Hour)
	must(t, b.Store.Update(ctx, func(tx impartial.Tx) error { return tx.PutCredential(ctx, &revoked) }))
	must(t, b.Store.View(ctx, func(tx impartial.ReadTx) error {
		got, err := tx.Credential(ctx, token.Hash)
		must(t, err)
		diff(t, "token", got, token)
		got, err = tx.Credential(ctx, session.Hash)
		must(t, err)
		diff(t, "session", got, &revoked)
		return nil
	}))
}

// testEntityKeys: every entity is filed under its keys (namekeys.Of) in the
// transaction that writes it, a replaced entity under its new keys only,
// and the alias total follows; in batch mode too, for an entity written
// twice before a flush.
func testEntityKeys(t *testing.T, b Backend) {
	ctx := context.Background()
	s := b.Store
	ents, _, _, _, _, _ := Fixture()
	must(t, s.Update(ctx, func(tx impartial.Tx) error {
		for _, e := range ents {
			if err := tx.PutEntity(ctx, e); err != nil {
				return err
			}
		}
		return nil
	}))
	type state struct {
		Total, Aliases int
		Keys           map[string]int
		ByKey          []string
		Loaded         []string
	}
	read := func(keys ...string) state {
		t.Helper()
		var st state
		must(t, s.View(ctx, func(tx impartial.ReadTx) error {
			var err error
			if st.Total, err = tx.KeyTotal(ctx); err != nil {
				return err
			}
			c, err := tx.KeyCounts(ctx, []string{namekeys.Alias})
			if err != nil {
				return err
			}
			st.Aliases = c[namekeys.Alias]
			if st.Keys, err = tx.KeyCounts(ctx, keys); err != nil {
				return err
			}
			if st.ByKey, err = tx.KeyedEntities(ctx, keys, 0); err != nil {
				return err
			}
			es, err := tx.EntitiesByID(ctx, append(st.ByKey, "nobody"))
			for _, e := range es {
				st.Loaded = append(st.Loaded, e.ID)
			}
			return err
		}))
		return st
	}
	aliases := 0
	for _, e := range ents {
		aliases += len(e.Names())
	}
	acme := namekeys.Name + "akm"
	for _, k := range namekeys.Of(ents[2]) {
		if strings.HasPrefix(k.K, namekeys.Name) {
			acme = k.K
			break
		}
	}
	got := read(acme, namekeys.Scan+"acme holdings", "n:nosuchterm")
	want := state{Total: aliases, Aliases: aliases, Keys: map[string]int{acme: 2, namekeys.Scan + "acme holdings": 1},
		ByKey: []string{"acme", "acme-sub"}, Loaded: []string{"acme", "acme-sub"}}
	diff(t, "keys after the fixture", got, want)

	// Replaced: Acme Widgets becomes Zenith Widgets with an alias.
	sub := *ents[3]
	sub.Name, sub.Aliases = "Zenith Widgets LLC", []string{"Zenith"}
	must(t, s.Update(ctx, func(tx impartial.Tx) error { return tx.PutEntity(ctx, &sub) }))
	got = read(acme, namekeys.Scan+"zenith widgets", namekeys.Scan+"zenith")
	want = state{Total: aliases + 1, Aliases: aliases + 1, Keys: map[string]int{acme: 1, namekeys.Scan + "zenith widgets": 1, namekeys.Scan + "zenith": 1},
		ByKey: []string{"acme", "acme-sub"}, Loaded: []string{"acme", "acme-sub"}}
	diff(t, "keys after a replace", got, want)

	// Batch mode, where the store has one: written twice before a flush.
	must(t, s.Update(ctx, func(tx impartial.Tx) error {
		if bt, ok := tx.(interface{ Batch() }); ok {
			bt.Batch()
		}
		again := sub
		again.Aliases = []string{"Zenith", "ZW"}
		if err := tx.PutEntity(ctx, &again); err != nil {
			return err
		}
		return tx.PutEntity(ctx, ents[3])
	}))
	got = read(acme, namekeys.Scan+"zenith widgets", namekeys.Scan+"zenith")
	want = state{Total: aliases, Aliases: aliases, Keys: map[string]int{acme: 2},
		ByKey: []string{"acme", "acme-sub"}, Loaded: []string{"acme", "acme-sub"}}
	diff(t, "keys after two writes in a batch", got, want)

	// Rolled back: nothing filed.
	s.Update(ctx, func(tx impartial.Tx) error {
		tx.PutEntity(ctx, &impartial.Entity{ID: "zed", Kind: impartial.Company, Name: "Zenith Widgets LLC"})
		return errors.New("roll back")
	})
	got = read(namekeys.Scan + "zenith widgets")
	diff(t, "keys after a rollback", got, state{Total: aliases, Aliases: aliases, Keys: map[string]int{}})
}
