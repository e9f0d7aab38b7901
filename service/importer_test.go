package service_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

func importRef(t *testing.T, svc *service.Service) *service.ImportReport {
	t.Helper()
	rep, err := svc.Import(context.Background(), refcase.Open(), refcase.FileName, service.ImportOptions{})
	if err != nil {
		t.Fatalf("import reference case: %v", err)
	}
	return rep
}

func TestImportReferenceCaseIdempotent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		svc := service.New(s)
		first := importRef(t, svc)
		want := map[string]int{"entity": 15, "relationship": 10, "contact": 2, "matter": 3, "statement": 1, "correction": 1}
		for k, n := range want {
			if first.Created[k] != n {
				t.Errorf("first import created %d %s records, want %d", first.Created[k], k, n)
			}
		}
		second := importRef(t, svc)
		if second.Changed() {
			t.Errorf("second import changed something: created %v updated %v", second.Created, second.Updated)
		}
		if got := second.Unchanged["entity"]; got != 15 {
			t.Errorf("second import: %d entities unchanged, want 15", got)
		}
	})
}

func TestExportImportRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s)
		importRef(t, svc)
		var out bytes.Buffer
		n, err := svc.Export(ctx, refcase.Ethics, &out)
		if err != nil {
			t.Fatal(err)
		}
		if n != 32 {
			t.Errorf("exported %d records, want 32", n)
		}
		// Export writes what import reads: into the same store it changes
		// nothing, into an empty one it recreates the same export.
		rep, err := svc.Import(ctx, bytes.NewReader(out.Bytes()), "export.jsonl", service.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Changed() {
			t.Errorf("re-importing the export changed records: %v %v", rep.Created, rep.Updated)
		}
		fresh, _ := testdb.SQLite(t)
		svc2 := service.New(fresh)
		if _, err := svc2.Import(ctx, bytes.NewReader(out.Bytes()), "export.jsonl", service.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		var again bytes.Buffer
		if _, err := svc2.Export(ctx, refcase.Ethics, &again); err != nil {
			t.Fatal(err)
		}
		if again.String() != out.String() {
			t.Errorf("export of the re-imported data differs:\n%s\nvs\n%s", again.String(), out.String())
		}
	})
}

func TestImportBadInput(t *testing.T) {
	const person = `{"record":"entity","id":"p1","kind":"person","name":"Pat Doe"}`
	const org = `{"record":"entity","id":"o1","kind":"company","name":"Acme LLC"}`
	tests := []struct {
		name  string
		file  string
		wants []string // every one must appear in the error
	}{
		{"malformed JSON", person + "\n{\"record\":\"entity\",\"id\":\"p2\",", []string{"bad.jsonl:2:", "malformed JSON"}},
		{"not an object", person + "\n[1,2]", []string{"bad.jsonl:2:", "not a JSON object"}},
		{"unknown record kind", `{"record":"widget","id":"w"}`, []string{"bad.jsonl:1:", `"widget" is not a kind of record`}},
		{"missing record kind", `{"id":"w"}`, []string{"bad.jsonl:1:", `field "record" is required`}},
		{"unknown reference", person + "\n" + `{"record":"relationship","id":"r1","from":"p1","type":"employment","to":"ghost"}`,
			[]string{"bad.jsonl:2:", `relationship "r1"`, `field "to"`, `refers to entity "ghost"`}},
		{"duplicate ids", person + "\n" + org + "\n" + `{"record":"entity","id":"p1","kind":"person","name":"Pat Other"}`,
			[]string{"bad.jsonl:3:", `entity "p1"`, `field "id"`, "used twice in the file (first on line 1)"}},
		{"dates out of order", person + "\n" + org + "\n" + `{"record":"relationship","id":"r1","from":"p1","type":"employment","to":"o1","start":"2017-05-01","end":"2016-01-01"}`,
			[]string{"bad.jsonl:3:", `relationship "r1"`, `field "end"`, "2016-01-01 is before start 2017-05-01"}},
		{"not a date", person + "\n" + org + "\n" + `{"record":"relationship","id":"r1","from":"p1","type":"employment","to":"o1","start":"2017-13-01"}`,
			[]string{"bad.jsonl:3:", `field "start"`, "month 13 is out of range"}},
		{"wrong type", `{"record":"matter","id":"m1","title":"T","kind":"civil_case","opened":"2020","confidential":"yes"}`,
			[]string{"bad.jsonl:1:", `matter "m1"`, `field "confidential"`, "is a JSON string, want true or false"}},
		{"unknown field", `{"record":"entity","id":"p1","kind":"person","name":"Pat","nickname":"P"}`,
			[]string{"bad.jsonl:1:", `field "nickname"`, "is not a field"}},
		{"bad enum", `{"record":"entity","id":"p1","kind":"robot","name":"R2"}`,
			[]string{`field "kind"`, `"robot" is not an entity kind`}},
		{"missing required", `{"record":"entity","id":"p1","kind":"person"}`,
			[]string{`entity "p1"`, `field "name"`, "is required"}},
		{"coverage of a company", `{"record":"entity","id":"o1","kind":"company","name":"Acme","coverage":{"regime":"doj"}}`,
			[]string{`field "coverage"`, "only a person can be covered"}},
		{"reference to a bad record is not reported twice", `{"record":"entity","id":"p1","kind":"robot","name":"R"}` + "\n" + org + "\n" +
			`{"record":"relationship","id":"r1","from":"p1","type":"employment","to":"o1"}`,
			[]string{"1 problem(s)", `"robot" is not an entity kind`}},
	}
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s)
		importRef(t, svc)
		var before bytes.Buffer
		if _, err := svc.Export(ctx, refcase.Ethics, &before); err != nil {
			t.Fatal(err)
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				_, err := svc.Import(ctx, strings.NewReader(tc.file), "bad.jsonl", service.ImportOptions{})
				if err == nil {
					t.Fatal("import of a bad file succeeded")
				}
				if impartial.KindOf(err) != impartial.Invalid {
					t.Errorf("kind: got %v, want invalid", impartial.KindOf(err))
				}
				for _, w := range tc.wants {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q\n does not say %q", err, w)
					}
				}
				var after bytes.Buffer
				if _, err := svc.Export(ctx, refcase.Ethics, &after); err != nil {
					t.Fatal(err)
				}
				if after.String() != before.String() {
					t.Error("the database changed after a failed import")
				}
			})
		}
	})
}

func TestProfileTimeline(t *testing.T) {
	s, _ := testdb.SQLite(t)
	svc := service.New(s)
	importRef(t, svc)
	p, err := svc.Profile(context.Background(), refcase.Ethics, "sessions")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	var lines []string
	for _, e := range p.Events {
		kinds = append(kinds, e.Kind)
		lines = append(lines, e.Start.String()+" "+e.Summary)
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{
		"2016-03-03 Jeff Sessions: principal adviser (campaign) of Donald J. Trump for President, Inc. — chair of the national security advisory committee",
		"2016-07-20 met Sergey I. Kislyak at Republican National Convention, Cleveland",
		"reported by The Washington Post on 2017-03-01",
		"2017-01-10 sworn testimony before Senate Judiciary Committee, asked by Al Franken",
		"2017-03-06 corrected statement testimony-2017-01-10",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("timeline lacks %q:\n%s", want, all)
		}
	}
	for i := 1; i < len(p.Events); i++ {
		a, b := p.Events[i-1].Start, p.Events[i].Start
		if !a.IsZero() && a.Compare(b) > 0 {
			t.Errorf("timeline out of order: %s before %s", a, b)
		}
	}
	if _, err := svc.Profile(context.Background(), refcase.Ethics, "nobody"); !impartial.IsNotFound(err) {
		t.Errorf("profile of an unknown id: got %v, want not found", err)
	}
}

// TestImportBatches imports, on both stores, a generated file of more
// records than an import holds before it writes, with kinds interleaved (an
// entity between relationships that refer to it) and a second file that
// changes some of them: what is stored reads back as a record-by-record
// import would have left it, and importing the same file again changes
// nothing.
func TestImportBatches(t *testing.T) {
	var file bytes.Buffer
	file.WriteString(`{"record":"header","format":"impartial-records","version":1}` + "\n")
	w := func(format string, args ...any) { fmt.Fprintf(&file, format+"\n", args...) }
	for i := range 700 {
		w(`{"record":"entity","id":"e%d","kind":"person","name":"Person Number%d"}`, i, i)
	}
	for i := range 300 {
		w(`{"record":"relationship","id":"r%d","from":"e%d","to":"e%d","type":"family","role":"spouse","status":"confirmed"}`, i, i, i+1)
		if i%100 == 0 {
			w(`{"record":"entity","id":"x%d","kind":"company","name":"Company %d"}`, i, i)
			w(`{"record":"relationship","id":"rx%d","from":"e%d","to":"x%d","type":"holding","status":"confirmed"}`, i, i, i)
		}
	}
	for i := range 600 {
		w(`{"record":"matter","id":"m%d","title":"Matter %d","kind":"civil_case","opened":"2020-01-01","parties":[{"entity":"e%d","role":"party"},{"name":"Some Name %d","role":"party"}],"topics":["t%d"],"team":["e%d"]}`, i, i, i, i, i%7, i+1)
	}
	changed := strings.ReplaceAll(file.String(), `"title":"Matter 1`, `"title":"Renamed 1`)
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s)
		rep, err := svc.Import(ctx, strings.NewReader(file.String()), "batch.jsonl", service.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created["entity"] != 703 || rep.Created["relationship"] != 303 || rep.Created["matter"] != 600 {
			t.Fatalf("created %v", rep.Created)
		}
		rep, err = svc.Import(ctx, strings.NewReader(changed), "batch2.jsonl", service.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if want := 111; rep.Updated["matter"] != want || rep.Changed() && rep.Updated["entity"] != 0 {
			t.Errorf("second import updated %v, want %d matters", rep.Updated, want)
		}
		rep, err = svc.Import(ctx, strings.NewReader(changed), "batch3.jsonl", service.ImportOptions{})
		if err != nil || rep.Changed() {
			t.Fatalf("third import: %v, changed %v %v", err, rep.Created, rep.Updated)
		}
		err = s.View(ctx, func(tx impartial.ReadTx) error {
			m, err := tx.Matter(ctx, "m123")
			if err != nil {
				return err
			}
			if m.Title != "Renamed 123" || len(m.Parties) != 2 || m.Parties[0].Entity != "e123" || m.Parties[1].Name != "Some Name 123" ||
				len(m.Team) != 1 || m.Team[0] != "e124" || len(m.Topics) != 1 {
				t.Errorf("m123 reads back as %+v", m)
			}
			r, err := tx.Relationship(ctx, "rx200")
			if err != nil {
				return err
			}
			if r.From != "e200" || r.To != "x200" {
				t.Errorf("rx200 reads back as %+v", r)
			}
			n, err := tx.Counts(ctx)
			if n["matter"] != 600 || n["entity"] != 703 {
				t.Errorf("counts %v", n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
