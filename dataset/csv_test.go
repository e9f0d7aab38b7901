package dataset

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

func readCSV(t *testing.T, in string, m *ColumnMap) ([]Record, []string) {
	t.Helper()
	r := NewCSVReader(strings.NewReader(in), "x.csv", m)
	var recs []Record
	var errs []string
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return recs, errs
		}
		var le *LineError
		if errors.As(err, &le) {
			if le.Line != r.Line() {
				t.Fatalf("error on line %d, Line() = %d", le.Line, r.Line())
			}
			errs = append(errs, err.Error())
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
}

const clients = "\ufeffClient ID;Client;Other names;LEI;Born;Country\n" +
	"c1;Acme Corp.;ACME | Acme Corporation;529900AAAAAAAAAAAA01;;\n" +
	"\n" +
	"p1;\"Ann \"\"Nan\"\" Lee\";;;1970-03;US\n"

func TestCSVClientList(t *testing.T) {
	m, err := ParseColumnMap([]byte(`{"id":"Client ID","name":"Client","kind":"=company","aliases":["Other names"],
		"identifiers":{"lei":"LEI"},"separator":"|","delimiter":";","source":"=client list"}`))
	if err != nil {
		t.Fatal(err)
	}
	recs, errs := readCSV(t, clients, m)
	want := []Record{
		&impartial.Entity{ID: "c1", Kind: impartial.Company, Name: "Acme Corp.", Aliases: []string{"ACME", "Acme Corporation"},
			Identifiers: []impartial.Identifier{{Scheme: "lei", Value: "529900AAAAAAAAAAAA01"}}, Source: "client list"},
		&impartial.Entity{ID: "p1", Kind: impartial.Company, Name: `Ann "Nan" Lee`, Source: "client list"},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("records %+v, want %+v", recs, want)
	}
	if len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}
}

func TestCSVHoldingsWithRelationship(t *testing.T) {
	in := "Filer,Asset,Ticker,Owner,Value,Acquired,Pct\n" +
		"judge-1,Acme Holdings Inc.,ACME,spouse,\"$15,001 - $50,000\",2019-05,\n" +
		"judge-1,Beta Widgets LLC,,,250000,2020,12.5%\n"
	m := &ColumnMap{}
	for _, c := range []string{"name=Asset", "kind==company", "identifiers.ticker=Ticker", "relationship.from=Filer",
		"relationship.type==holding", "relationship.to=@entity", "relationship.whose=Owner", "relationship.amount=Value",
		"relationship.currency==USD", "relationship.start=Acquired", "relationship.percent=Pct"} {
		if err := m.SetColumn(c); err != nil {
			t.Fatal(err)
		}
	}
	recs, errs := readCSV(t, in, m)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	pct := 12.5
	want := []Record{
		&impartial.Entity{ID: "acme-holdings-inc", Kind: impartial.Company, Name: "Acme Holdings Inc.", Identifiers: []impartial.Identifier{{Scheme: "ticker", Value: "ACME"}}},
		&impartial.Relationship{ID: "judge-1.holding.acme-holdings-inc", From: "judge-1", To: "acme-holdings-inc", Type: impartial.Holding,
			Whose: impartial.Spouse, Amount: &impartial.Amount{Min: 15001, Max: 50000, Currency: "USD"}, Span: impartial.Span{Start: impartial.MustDate("2019-05")}, Status: impartial.Reported},
		&impartial.Entity{ID: "beta-widgets-llc", Kind: impartial.Company, Name: "Beta Widgets LLC"},
		&impartial.Relationship{ID: "judge-1.holding.beta-widgets-llc", From: "judge-1", To: "beta-widgets-llc", Type: impartial.Holding,
			Whose: impartial.Self, Amount: &impartial.Amount{Min: 250000, Currency: "USD"}, Percent: &pct, Span: impartial.Span{Start: impartial.MustDate("2020")}, Status: impartial.Reported},
	}
	if !reflect.DeepEqual(recs, want) {
		for i := range want {
			if i < len(recs) && !reflect.DeepEqual(recs[i], want[i]) {
				t.Errorf("record %d:\n got  %+v\n want %+v", i, recs[i], want[i])
			}
		}
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
}

func TestCSVErrors(t *testing.T) {
	people := &ColumnMap{Name: "Name", Kind: "Type", BirthDates: []string{"DOB"}, Nationalities: []string{"Nat"}}
	tests := []struct {
		name string
		m    *ColumnMap
		in   string
		want []string
	}{
		{"empty file", people, "", []string{"x.csv:1: the file is empty"}},
		{"column missing from the header", &ColumnMap{Name: "Name", Kind: "Kind"}, "Nom,Kind\nA,person\n",
			[]string{`x.csv:1: column map: field "name": names column "Name", which the header does not have (it has "Nom", "Kind")`}},
		{"no kind", &ColumnMap{Name: "Name"}, "Name\nA\n", []string{`x.csv:1: column map: field "kind": is required`}},
		{"relationship without its ends", &ColumnMap{Relationship: &RelColumns{Type: "=holding"}}, "A\nx\n",
			[]string{`x.csv:1: column map: field "relationship.from": is required; column map: field "relationship.to": is required`}},
		{"bad rows", people, "Name,Type,DOB,Nat\nAnn,person,14/02/1968,us\n,person,,\nBob,persn,,\nCy,person,1970,u s\n",
			[]string{
				`x.csv:2: entity "ann": field "birth_dates[0]": column "DOB": "14/02/1968" is not a date`,
				`x.csv:3: entity "": field "id": is required; entity "": field "name": column "Name": is required`,
				`x.csv:4: entity "bob": field "kind": column "Type": "persn" is not an entity kind`,
				`x.csv:5: entity "cy": field "nationalities[0]": column "Nat": "u s" is not a country code`,
			}},
		{"bad relationship cells", &ColumnMap{Relationship: &RelColumns{From: "F", Type: "=ownership", To: "T", Percent: "P", Start: "S", End: "E"}},
			"F,T,P,S,E\na,b,150,2020,2019\na,a,x,,\n",
			[]string{
				`x.csv:2: relationship "a.ownership.b": field "end": column "E": 2019 is before start 2020; relationship "a.ownership.b": field "percent": column "P": 150 is outside 0-100`,
				`x.csv:3: relationship "a.ownership.a": field "percent": column "P": "x" is not a percentage`,
			}},
		{"malformed CSV", &ColumnMap{Name: "Name", Kind: "Type"}, "Name,Type\n\"Ann,person\n", []string{"x.csv:2: malformed CSV"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := readCSV(t, tc.in, tc.m)
			if len(errs) != len(tc.want) {
				t.Fatalf("errors:\n%s\nwant %d", strings.Join(errs, "\n"), len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(errs[i], w) && !strings.Contains(errs[i], w) {
					t.Errorf("error %d:\n got  %s\n want %s", i, errs[i], w)
				}
			}
		})
	}
}

func TestColumnMapFlags(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"nope", "want FIELD=COLUMN"},
		{"colour=Red", `"colour" is not a field of the column map`},
		{"relationship.colour=Red", `"colour" is not a relationship field`},
	} {
		if err := (&ColumnMap{}).SetColumn(tc.spec); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("SetColumn(%q) = %v, want %q", tc.spec, err, tc.want)
		}
	}
	if _, err := ParseColumnMap([]byte(`{"nmae":"Name"}`)); err == nil || !strings.Contains(err.Error(), `field "nmae"`) {
		t.Errorf("ParseColumnMap with a misspelt field: %v", err)
	}
}
