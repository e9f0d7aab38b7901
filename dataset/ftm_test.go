package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

// readFtM reads every record of an FtM stream, and the line errors.
func readFtM(t *testing.T, r io.Reader, name string, opt FtMOptions) ([]Record, []error, *FtMReader) {
	t.Helper()
	fr := NewFtMReader(r, name, opt)
	t.Cleanup(func() { fr.Close() })
	var recs []Record
	var errs []error
	for {
		rec, err := fr.Next()
		if errors.Is(err, io.EOF) {
			return recs, errs, fr
		}
		var le *LineError
		if errors.As(err, &le) {
			if le.Line != fr.Line() {
				t.Fatalf("error on line %d but Line() = %d", le.Line, fr.Line())
			}
			errs = append(errs, err)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
}

func openTestdata(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/ftm/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func byID(recs []Record) map[string]Record {
	m := map[string]Record{}
	for _, r := range recs {
		switch v := r.(type) {
		case *impartial.Entity:
			m[v.ID] = v
		case *impartial.Relationship:
			m[v.ID] = v
		}
	}
	return m
}

func TestFtMEverySchema(t *testing.T) {
	recs, errs, fr := readFtM(t, openTestdata(t, "every-schema.ftm.jsonl"), "every-schema.ftm.jsonl", FtMOptions{})
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	// Every entity comes before every relationship, whatever the file's order.
	seenRel := false
	for _, r := range recs {
		_, isRel := r.(*impartial.Relationship)
		if !isRel && seenRel {
			t.Fatalf("entity %s after a relationship", r.Label())
		}
		seenRel = seenRel || isRel
	}
	m := byID(recs)
	pct := func(f float64) *float64 { return &f }
	d := impartial.MustDate
	wantEnts := []*impartial.Entity{
		{ID: "p-judge", Kind: impartial.Person, Name: "Harriet Q. Vance",
			Aliases:     []string{"Harriet Quinn Vance", "Judge Vance", "Гарриет Вэнс", "Harriet Quinn Moreau", "Hattie"},
			Identifiers: []impartial.Identifier{{Scheme: "wikidata", Value: "Q99999901"}, {Scheme: "passport", Value: "X1234567"}},
			BirthDates:  []impartial.Date{d("1961"), d("1961-04-02")}, Nationalities: []string{"ca", "us"}, Note: "written for the tests"},
		{ID: "p-spouse", Kind: impartial.Person, Name: "Martin Vance", BirthDates: []impartial.Date{d("1959-11-30")}},
		{ID: "c-holdco", Kind: impartial.Company, Name: "Vance Holdings AG", Aliases: []string{"VANCE HOLDINGS"},
			Identifiers: []impartial.Identifier{{Scheme: "lei", Value: "529900T8BM49AURSDO55"}, {Scheme: "registration", Value: "CHE-123.456.789"},
				{Scheme: "tax", Value: "T-1"}, {Scheme: "inn", Value: "7701234567"}, {Scheme: "ogrn", Value: "1027700000000"},
				{Scheme: "isin", Value: "CH0000000001"}, {Scheme: "ticker", Value: "VNCH"}},
			Flags: []impartial.Flag{impartial.PubliclyTraded}},
		{ID: "o-bar", Kind: impartial.Organization, Name: "State Bar Association"},
		{ID: "pb-court", Kind: impartial.GovernmentBody, Name: "District Court for the Northern District"},
		{ID: "pb-gov", Kind: impartial.Government, Name: "Government of Freedonia"},
		{ID: "le-fund", Kind: impartial.Organization, Name: "Brandt Family Trust"},
		{ID: "pos-mp", Kind: impartial.GovernmentBody, Name: "Member of the Freedonian Parliament"},
	}
	for _, w := range wantEnts {
		w.Normalize()
		if got := m[w.ID]; !reflect.DeepEqual(got, w) {
			t.Errorf("%s:\n got  %+v\n want %+v", w.Label(), got, w)
		}
	}
	if _, ok := m["pos-judge"]; ok {
		t.Errorf("a Position that names its organization became an entity")
	}
	wantRels := []*impartial.Relationship{
		{ID: "own-spouse-holdco", From: "p-spouse", To: "c-holdco", Type: impartial.Holding, Whose: impartial.Self, Percent: pct(12.5),
			Amount: &impartial.Amount{Min: 250000, Currency: "EUR"}, Shares: pct(1250), Span: impartial.Span{Start: d("2015-03")}},
		{ID: "own-holdco-mid", From: "c-holdco", To: "c-mid", Type: impartial.Ownership, Percent: pct(100), Capacity: "direct"},
		{ID: "own-mid-target", From: "c-mid", To: "c-target", Type: impartial.Ownership, Percent: pct(60), Span: impartial.Span{Start: d("2018-01-01")}},
		{ID: "own-fund-holdco", From: "le-fund", To: "c-holdco", Type: impartial.Ownership, Percent: pct(50),
			Detail: `percentage given as "25-50"; the upper bound is kept`},
		{ID: "dir-assoc-bar", From: "p-assoc", To: "o-bar", Type: impartial.Position, Role: "director", Detail: "Non-executive director",
			Span: impartial.Span{Start: d("2019")}},
		{ID: "emp-child-holdco", From: "p-child", To: "c-holdco", Type: impartial.Employment, Role: "analyst",
			Span: impartial.Span{Start: d("2020-09-01"), End: d("2022-06-30")}},
		{ID: "mem-judge-bar", From: "p-judge", To: "o-bar", Type: impartial.Membership, Role: "member"},
		{ID: "fam-judge-spouse", From: "p-judge", To: "p-spouse", Type: impartial.Family, Role: "spouse", Detail: "wife",
			Span: impartial.Span{Start: d("1988-06-11")}},
		{ID: "fam-judge-child", From: "p-judge", To: "p-child", Type: impartial.Family, Role: "child", Detail: "son"},
		{ID: "assoc-judge-oskar", From: "p-judge", To: "p-assoc", Type: impartial.Business, Role: "business partner"},
		{ID: "rep-bar-target", From: "o-bar", To: "c-target", Type: impartial.Representation, Role: "counsel"},
		{ID: "occ-judge", From: "p-judge", To: "pb-court", Type: impartial.Position, Role: "District Judge",
			Span: impartial.Span{Start: d("2012-05-01")}, Status: impartial.Confirmed},
		{ID: "occ-assoc-mp", From: "p-assoc", To: "pos-mp", Type: impartial.Position, Role: "Member of the Freedonian Parliament",
			Span: impartial.Span{Start: d("2016"), End: d("2020")}},
		{ID: "link-assoc-mid", From: "p-assoc", To: "c-mid", Type: impartial.Business, Role: "adviser", Detail: "advised on the 2019 restructuring"},
	}
	for _, w := range wantRels {
		w.Normalize()
		if got := m[w.ID]; !reflect.DeepEqual(got, w) {
			t.Errorf("%s:\n got  %+v\n want %+v", w.Label(), got, w)
		}
		if err := w.Validate(); err != nil {
			t.Errorf("%s: %v", w.Label(), err)
		}
	}
	if got, want := len(recs), 12+14; got != want {
		t.Errorf("%d records, want %d", got, want)
	}
	wantSkips := map[Skip]int{
		{"Payment", "impartial has no record for this schema"}:                                         1,
		{"Address", "impartial has no record for this schema"}:                                         1,
		{"Vessel", "impartial has no record for this schema"}:                                          1,
		{"Ownership", "its asset is a Vessel, which impartial does not import"}:                        1,
		{"Position", "read into the Occupancy relationships that name it (it names its organization)"}: 1,
	}
	if got := fr.Skipped(); !reflect.DeepEqual(got, wantSkips) {
		t.Errorf("skipped %v, want %v", got, wantSkips)
	}
}

func TestFtMOpenSanctionsReferents(t *testing.T) {
	recs, errs, fr := readFtM(t, openTestdata(t, "opensanctions-style.ftm.jsonl"), "os.ftm.jsonl", FtMOptions{})
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	m := byID(recs)
	if _, ok := m["ofac-40012"]; ok {
		t.Errorf("an entity merged into another (a referent) was imported as a record of its own")
	}
	// Links to merged-away ids reach the entity they were merged into.
	for id, want := range map[string][2]string{
		"ownership-7f3a9c": {"NK-8fPqL2sD5vR7nM1cX6yHt", "Q4115189"},
		"ownership-1be402": {"NK-3kqvJ7oR2mX9cT4bZp8wLd", "NK-8fPqL2sD5vR7nM1cX6yHt"},
	} {
		r, _ := m[id].(*impartial.Relationship)
		if r == nil || r.From != want[0] || r.To != want[1] {
			t.Errorf("%s: %+v, want from %s to %s", id, r, want[0], want[1])
		}
	}
	p, _ := m["NK-3kqvJ7oR2mX9cT4bZp8wLd"].(*impartial.Entity)
	if p == nil || p.Source != "us_ofac_sdn, eu_fsf, gb_hmt_sanctions" || p.Name != "Viktor Aleksandrovich Petrenko" ||
		!reflect.DeepEqual(p.Identifiers, []impartial.Identifier{{Scheme: "inn", Value: "770100000001"}}) {
		t.Errorf("person: %+v", p)
	}
	r, _ := m["ownership-1be402"].(*impartial.Relationship)
	if r == nil || r.Type != impartial.Holding || r.Source != "gb_hmt_sanctions, us_ofac_sdn" {
		t.Errorf("a person's ownership is a holding with its datasets as source: %+v", r)
	}
	sk := fr.Skipped()
	if sk[Skip{"Sanction", "impartial has no record for this schema"}] != 1 || sk[Skip{"Identification", "impartial has no record for this schema"}] != 1 {
		t.Errorf("skipped: %v", sk)
	}
	if n := sk[Skip{"Company", `merged into another entity that lists it among its referents (e.g. "NK-8fPqL2sD5vR7nM1cX6yHt")`}]; n != 1 {
		t.Errorf("merged: %v", sk)
	}
}

func TestFtMBadLines(t *testing.T) {
	ok := `{"id":"a","schema":"Person","properties":{"name":["A"]}}`
	tests := []struct {
		name, line, want string
	}{
		{"not JSON", `this is not json`, "not a JSON object"},
		{"malformed JSON", `{"id":"x","schema":"Person",`, "malformed JSON"},
		{"no id", `{"schema":"Person","properties":{"name":["B"]}}`, `field "id": is required`},
		{"no schema", `{"id":"b","properties":{"name":["B"]}}`, `field "schema": is required`},
		{"property not a list", `{"id":"b","schema":"Person","properties":{"name":"B"}}`, `field "properties.name"`},
		{"property values not strings", `{"id":"b","schema":"Person","properties":{"name":[1]}}`, `field "properties.name"`},
		{"no name", `{"id":"b","schema":"Company","properties":{"country":["de"]}}`, `field "properties.name": is required`},
		{"bad birth date", `{"id":"b","schema":"Person","properties":{"name":["B"],"birthDate":["14/02/1968"]}}`, `field "properties.birthDate"`},
		{"link without an end", `{"id":"l","schema":"Ownership","properties":{"owner":["a"]}}`, `field "properties.asset": is required`},
		{"bad percentage", `{"id":"l","schema":"Ownership","properties":{"owner":["a"],"asset":["a2"],"percentage":["most"]}}`, `field "properties.percentage"`},
		{"bad start date", `{"id":"l","schema":"Family","properties":{"person":["a"],"relative":["a2"],"startDate":["soon"]}}`, `field "properties.startDate"`},
		{"unknown post", `{"id":"l","schema":"Occupancy","properties":{"holder":["a"],"post":["nowhere"]}}`, `refers to Position "nowhere"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := ok + "\n" + `{"id":"a2","schema":"Company","properties":{"name":["A2"]}}` + "\n\n" + tc.line + "\n"
			recs, errs, _ := readFtM(t, strings.NewReader(in), "bad.ftm", FtMOptions{})
			if len(errs) != 1 {
				t.Fatalf("errors %v, want one", errs)
			}
			if want := fmt.Sprintf("bad.ftm:4: "); !strings.HasPrefix(errs[0].Error(), want) || !strings.Contains(errs[0].Error(), tc.want) {
				t.Errorf("error %q, want it to start %q and contain %q", errs[0], want, tc.want)
			}
			if len(recs) != 2 {
				t.Errorf("%d good records read, want 2 (a bad line is skipped, not the rest)", len(recs))
			}
		})
	}
}

func TestFtMRoundTripByteStable(t *testing.T) {
	for _, file := range []string{"every-schema.ftm.jsonl", "opensanctions-style.ftm.jsonl"} {
		t.Run(file, func(t *testing.T) {
			first, _, _ := readFtM(t, openTestdata(t, file), file, FtMOptions{})
			write := func(recs []Record) []byte {
				var buf bytes.Buffer
				w := NewFtMWriter(&buf)
				for _, r := range recs {
					if ok, err := w.Write(r); err != nil || !ok {
						t.Fatalf("write %s: %v %v", r.Label(), ok, err)
					}
				}
				if err := w.Flush(); err != nil {
					t.Fatal(err)
				}
				return buf.Bytes()
			}
			out := write(first)
			second, errs, _ := readFtM(t, bytes.NewReader(out), "export.ftm", FtMOptions{})
			if len(errs) > 0 {
				t.Fatalf("re-reading the export: %v", errs)
			}
			if !reflect.DeepEqual(byID(first), byID(second)) {
				for id, r := range byID(first) {
					if g := byID(second)[id]; !reflect.DeepEqual(g, r) {
						t.Errorf("%s changed:\n first  %+v\n second %+v", id, r, g)
					}
				}
				t.Fatalf("%d records, then %d", len(first), len(second))
			}
			if again := write(second); !bytes.Equal(again, out) {
				t.Errorf("the second export differs from the first:\n%s\nvs\n%s", again, out)
			}
		})
	}
}
