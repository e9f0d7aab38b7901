package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/screen"
	"github.com/impartial/impartial/synth"
)

// TestNeighbourhoodScreensAsTheFullGraph: screening a matter on the
// neighbourhood a one-shot command reads gives, finding by finding (paths,
// dates, sources, scores) and warning by warning, what the engine over every
// record gives — for every matter of a generated set (families,
// households, holdings through ownership chains and a hub of holders,
// positions, contacts, parties known only by name) and of every scenario in
// testdata/scenarios (mergers, acquisitions, spin-offs and trades;
// participation in related matters and its imputation to colleagues;
// permissions; forum reach; pledges), on SQLite and PostgreSQL.
func TestNeighbourhoodScreensAsTheFullGraph(t *testing.T) {
	t.Parallel() // its own databases: runs beside the other large data sets, one waiting on PostgreSQL while another computes
	var gen bytes.Buffer
	dw, err := dataset.NewWriter(&gen)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.Generate(context.Background(), synth.DefaultConfig(3000), func(rec any) error {
		return dw.Write(rec.(dataset.Record))
	}); err != nil {
		t.Fatal(err)
	}
	if err := dw.Flush(); err != nil {
		t.Fatal(err)
	}
	addHub(t, &gen)
	type set struct {
		name string
		data []byte
		asOf impartial.Date
		// fullOK: matters the neighbourhood may leave to the full load
		// (a party given by identifier).
		fullOK bool
	}
	sets := []set{{name: "generated", data: gen.Bytes(), asOf: impartial.MustDate("2024-06-01")}}
	files, err := filepath.Glob("../testdata/scenarios/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(f, ".jsonl") + ".want.json")
		if err != nil {
			t.Fatal(err)
		}
		var sc struct {
			AsOf string `json:"as_of"`
		}
		if err := json.Unmarshal(want, &sc); err != nil {
			t.Fatal(err)
		}
		sets = append(sets, set{name: filepath.Base(f), data: data, asOf: impartial.MustDate(sc.AsOf)})
	}
	testdb.Each(t, func(t *testing.T, st impartial.Store) {
		for _, ds := range sets {
			if ds.name != "generated" {
				// A store per scenario: their ids overlap.
				st = nil
			}
			t.Run(ds.name, func(t *testing.T) {
				s := st
				if s == nil {
					s, _ = testdb.SQLite(t)
					if strings.Contains(t.Name(), "postgres") {
						s = testdb.Postgres(t)
					}
				}
				svc := compareNeighbourhood(t, s, ds.data, ds.asOf, ds.fullOK)
				if ds.name == "generated" {
					changeHub(t, svc, s, ds.asOf)
				}
			})
		}
	})
}

// compareNeighbourhood imports data and compares the screens of every
// matter; it returns the service, for changes to compare again.
func compareNeighbourhood(t *testing.T, st impartial.Store, data []byte, asOf impartial.Date, fullOK bool) *Service {
	ctx := context.Background()
	svc := New(st)
	if _, err := svc.Import(ctx, bytes.NewReader(data), "set.jsonl", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := st.View(ctx, func(tx impartial.ReadTx) error {
		ms, err := all(func(p impartial.Page) ([]*impartial.Matter, error) {
			return tx.Matters(ctx, impartial.MatterFilter{Page: p})
		}, func(m *impartial.Matter) string { return m.ID })
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	compareMatters(t, svc, st, ids, asOf, fullOK)
	return svc
}

// compareMatters compares the neighbourhood's screen of each of the matters
// ids with the full graph's, returning how many findings the full graph
// gave and its results as JSON.
func compareMatters(t *testing.T, svc *Service, st impartial.Store, ids []string, asOf impartial.Date, fullOK bool) (int, string) {
	t.Helper()
	ctx := context.Background()
	set, err := svc.ruleSet()
	if err != nil {
		t.Fatal(err)
	}
	full, err := svc.engine(ctx, set)
	if err != nil {
		t.Fatal(err)
	}
	// The full load's name index as one over a large set is: with its typo
	// tables (a small one finds misspellings by comparing every term, and
	// may reach another alias of the same entity first), as the entity
	// keys' search assumes (TestKeyedSearchAndScan).
	if err := st.View(ctx, func(tx impartial.ReadTx) error {
		ents, err := entities(ctx, tx, false)
		if err != nil {
			return err
		}
		ix, err := screen.NewNameIndex(ents)
		if err != nil {
			return err
		}
		ix.BuildTypoTables()
		full.Names = screen.IndexMatcher{Index: ix}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	asJSON := func(r *screen.Result) string {
		b, err := json.Marshal(struct {
			F []impartial.Finding
			W []string
		}{r.Findings, r.Warnings})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	findings, fallbacks := 0, 0
	var doc strings.Builder
	for _, id := range ids {
		want, err := full.ScreenMatter(id, asOf)
		if err != nil {
			t.Fatal(err)
		}
		doc.WriteString(asJSON(want))
		en, first, why, err := svc.neighbourhoodEngine(ctx, set, id, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if en == nil {
			fallbacks++
			t.Logf("matter %s: the full load, because %s", id, why)
			if !fullOK {
				t.Errorf("matter %s: the neighbourhood gave way to the full load: %s", id, why)
			}
			continue
		}
		// The screen the reading ended with is the one used, and screening
		// again gives the same.
		again, err := en.ScreenMatter(id, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if asJSON(again) != asJSON(first) {
			t.Errorf("matter %s: screening the neighbourhood again differs from its last round", id)
		}
		got := first
		findings += len(want.Findings)
		if id == "mhub" && len(want.Findings) == 0 {
			t.Errorf("matter %s: no findings on the hub to compare", id)
		}
		if g, w := asJSON(got), asJSON(want); g != w {
			k := 0
			for k < min(len(g), len(w)) && g[k] == w[k] {
				k++
			}
			from := max(0, k-300)
			t.Errorf("matter %s: the neighbourhood's screen differs from the full graph's at byte %d\n got  …%s\n want …%s",
				id, k, g[from:min(len(g), k+200)], w[from:min(len(w), k+200)])
		}
	}
	if findings == 0 && fallbacks < len(ids) {
		t.Errorf("no findings to compare over %d matters", len(ids))
	}
	t.Logf("%d matters, %d findings compared, %d left to the full load", len(ids), findings, fallbacks)
	return findings, doc.String()
}

// changeHub writes, after the import, what changes which of the hub's
// holders a one-shot screen may skip by the store's link summaries, and
// compares the hub's matter after each: relationships and a contact linking
// holders the summaries said were linked to no covered person to a covered
// one (each a finding the neighbourhood must not miss), a coverage given to
// a holder's relative, the relationships rewritten so that they no longer
// link (the summaries then say more than the truth), and — on PostgreSQL
// with writers at once — each of many new ties and the coverage at its
// other end written by transactions running together.
func changeHub(t *testing.T, svc *Service, st impartial.Store, asOf impartial.Date) {
	ctx := context.Background()
	var holders []string // summarised as linked to no covered person
	var judge *impartial.Entity
	var relative [2]string // a summarised holder and an uncovered relative
	if err := st.View(ctx, func(tx impartial.ReadTx) error {
		rels, err := all(func(p impartial.Page) ([]*impartial.Relationship, error) {
			return tx.Relationships(ctx, impartial.RelationshipFilter{Page: p, Entity: "hub"})
		}, func(r *impartial.Relationship) string { return r.ID })
		if err != nil {
			return err
		}
		var from []string
		for _, r := range rels {
			from = append(from, r.From)
		}
		sums, err := tx.LinkSummaries(ctx, from)
		if err != nil {
			return err
		}
		for _, id := range from {
			if sums[id] != nil {
				holders = append(holders, id)
			}
		}
		cov, err := tx.Entities(ctx, impartial.EntityFilter{CoveredOnly: true})
		if err != nil {
			return err
		}
		for _, e := range cov {
			if e.Coverage.Regime == impartial.Judiciary && judge == nil {
				judge = e
			}
		}
		if judge == nil {
			return fmt.Errorf("no judge among %d covered persons", len(cov))
		}
		for _, h := range holders {
			rs, err := tx.Relationships(ctx, impartial.RelationshipFilter{Entity: h})
			if err != nil {
				return err
			}
			for _, r := range rs {
				if r.Type == impartial.Family && r.From == h {
					relative = [2]string{h, r.To}
					return nil
				}
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(holders) < 60 || relative[0] == "" {
		t.Fatalf("%d holders summarised as linked to no covered person, a relative %v: too few to test", len(holders), relative)
	}
	put := func(recs ...any) {
		t.Helper()
		if err := st.Update(ctx, func(tx impartial.Tx) error {
			for _, r := range recs {
				var err error
				switch r := r.(type) {
				case *impartial.Entity:
					err = tx.PutEntity(ctx, r)
				case *impartial.Relationship:
					err = tx.PutRelationship(ctx, r)
				case *impartial.Contact:
					err = tx.PutContact(ctx, r)
				}
				if err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	compare := func(what string) string {
		t.Helper()
		n, doc := compareMatters(t, svc, st, []string{"mhub"}, asOf, false)
		t.Logf("%s: %d findings on the hub's matter", what, n)
		return doc
	}
	before := compare("as imported")
	spouse := &impartial.Relationship{ID: "xspouse", From: judge.ID, To: holders[0], Type: impartial.Family, Role: "spouse",
		Span: impartial.Span{Start: impartial.MustDate("2010-01-01")}, Status: impartial.Confirmed}
	put(spouse,
		&impartial.Relationship{ID: "xbusiness", From: holders[1], To: judge.ID, Type: impartial.Business, Span: impartial.Span{Start: impartial.MustDate("2010-01-01")}, Status: impartial.Confirmed},
		&impartial.Contact{ID: "xcontact", Participants: []string{holders[2], judge.ID}, Date: impartial.MustDate("2019-06-01"), Status: impartial.Confirmed})
	if compare("a judge's spouse, business partner and contact among the holders") == before {
		t.Errorf("the hub's matter screens as before with the judge's spouse a holder: the change tests nothing")
	}
	// A holder's relative becomes covered.
	var rel *impartial.Entity
	if err := st.View(ctx, func(tx impartial.ReadTx) error {
		es, err := tx.EntitiesByID(ctx, []string{relative[1]})
		if err == nil && len(es) == 1 {
			rel = es[0]
		}
		return err
	}); err != nil || rel == nil {
		t.Fatalf("relative %s: %v", relative[1], err)
	}
	covered := *rel
	covered.Coverage = judge.Coverage
	put(&covered)
	compare("a holder's relative covered")
	// Removed: the ties rewritten to link no holder, the coverage ended.
	gone := *spouse
	gone.To = relative[1]
	put(&gone, rel)
	compare("ties rewritten, a coverage ended")

	if !strings.Contains(t.Name(), "postgres") {
		return
	}
	// Writers at once: for each of many holders, one transaction makes it
	// a new person's spouse and another makes that person covered.
	const pairs = 40
	var people []any
	for i := range pairs {
		people = append(people, &impartial.Entity{ID: fmt.Sprintf("xj%02d", i), Kind: impartial.Person, Name: fmt.Sprintf("Judge Number %d", i)})
	}
	put(people...)
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, 2*pairs)
	for i := range pairs {
		j := fmt.Sprintf("xj%02d", i)
		for _, rec := range []any{
			&impartial.Relationship{ID: fmt.Sprintf("xr%02d", i), From: j, To: holders[10+i], Type: impartial.Family, Role: "spouse",
				Span: impartial.Span{Start: impartial.MustDate("2010-01-01")}, Status: impartial.Confirmed},
			&impartial.Entity{ID: j, Kind: impartial.Person, Name: fmt.Sprintf("Judge Number %d", i), Coverage: judge.Coverage},
		} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs <- st.Update(ctx, func(tx impartial.Tx) error {
					if e, ok := rec.(*impartial.Entity); ok {
						return tx.PutEntity(ctx, e)
					}
					return tx.PutRelationship(ctx, rec.(*impartial.Relationship))
				})
			}()
		}
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	after := compare("spouses and their coverages written at once")
	if n := strings.Count(after, `"person":"xj`); n < pairs {
		t.Errorf("%d findings of the %d judges whose spouses hold the hub", n, pairs)
	}
}

// addHub appends to a generated set a company held by every third person
// (covered persons, their relatives within three degrees and others), a
// matter naming it, and a matter with a party given only by the identifier
// of a company: what the neighbourhood reads kinship distances and the
// identifiers index for.
func addHub(t *testing.T, data *bytes.Buffer) {
	t.Helper()
	var persons []string
	var ident *impartial.Identifier
	for _, line := range bytes.Split(data.Bytes(), []byte("\n")) {
		var r struct {
			Record      string
			ID          string
			Kind        impartial.EntityKind
			Identifiers []impartial.Identifier
		}
		if len(line) == 0 || json.Unmarshal(line, &r) != nil || r.Record != "entity" {
			continue
		}
		if r.Kind == impartial.Person {
			persons = append(persons, r.ID)
		}
		if ident == nil && r.Kind == impartial.Company && len(r.Identifiers) > 0 {
			ident = &r.Identifiers[0]
		}
	}
	if len(persons) < 300 || ident == nil {
		t.Fatalf("generated set: %d persons, identifier %v", len(persons), ident)
	}
	recs := []any{map[string]any{"record": "entity", "id": "hub", "kind": "company", "name": "Hubbard Consolidated Holdings Inc."}}
	for i := 0; i < len(persons); i += 3 {
		recs = append(recs, map[string]any{"record": "relationship", "id": fmt.Sprintf("rhub%05d", i), "from": persons[i], "to": "hub",
			"type": "holding", "whose": "self", "start": "2015-03-01", "status": "reported"})
	}
	recs = append(recs,
		map[string]any{"record": "matter", "id": "mhub", "title": "In re Hubbard", "kind": "civil_case", "opened": "2020-01-01",
			"parties": []any{map[string]any{"entity": "hub", "role": "party"}}},
		map[string]any{"record": "matter", "id": "mident", "title": "In re an identifier", "kind": "civil_case", "opened": "2020-01-01",
			"parties": []any{map[string]any{"role": "party", "evidence": map[string]any{"identifiers": []any{ident}}}}})
	for _, r := range recs {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		data.Write(append(b, '\n'))
	}
}
