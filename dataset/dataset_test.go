package dataset

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

func TestRoundTrip(t *testing.T) {
	pct := 51.5
	want := []Record{
		&impartial.Entity{ID: "a", Kind: impartial.Person, Name: "Анна", Aliases: []string{"Anna"},
			Coverage: &impartial.Coverage{Regime: impartial.Judiciary, Span: impartial.Span{Start: impartial.MustDate("2019-05")}}},
		&impartial.Entity{ID: "c", Kind: impartial.Company, Name: "C & Co <AG>", Identifiers: []impartial.Identifier{{Scheme: "lei", Value: "X"}}, Flags: []impartial.Flag{impartial.PubliclyTraded}},
		&impartial.Relationship{ID: "r", From: "a", To: "c", Type: impartial.Holding, Whose: impartial.Spouse, Amount: &impartial.Amount{Min: 1, Max: 2}, Percent: &pct, Status: impartial.Disputed, Span: impartial.Span{End: impartial.MustDate("2020")}},
		&impartial.Contact{ID: "k", Participants: []string{"a", "c"}, Date: impartial.MustDate("2016"), Capacity: impartial.Official, Status: impartial.Reported},
		&impartial.Matter{ID: "m", Title: "T", Kind: impartial.CivilCase, Opened: impartial.MustDate("2020-01-02"), Confidential: true,
			Topics: []string{"x"}, Parties: []impartial.MatterParty{{Name: "Someone", Role: impartial.Party}}, Team: []string{"a"}},
		&impartial.Statement{ID: "s", By: "a", Kind: impartial.Letter, Date: impartial.MustDate("2021-02-03"), Text: "t",
			Assertions: []impartial.Assertion{{Kind: impartial.NoHolding, Text: "none", About: "c", From: impartial.MustDate("2020")}}},
		&impartial.Correction{ID: "x", Statement: "s", Date: impartial.MustDate("2021-03"), Text: "u"},
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range want {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), `{"record":"header","format":"impartial-records","version":1}`) {
		t.Errorf("no header: %q", buf.String()[:60])
	}
	r := NewReader(&buf, "x.jsonl")
	for i, w := range want {
		got, err := r.Next()
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("record %d:\n got  %+v\n want %+v", i, got, w)
		}
		if r.Line() != i+2 {
			t.Errorf("record %d on line %d, want %d", i, r.Line(), i+2)
		}
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after the last record: %v", err)
	}
}

func TestReaderErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"record":"header","format":"impartial-records","version":9}`, "f.jsonl:1: header: format \"impartial-records\" version 9 is not one this impartial reads"},
		{"\n\n" + `{"record":"entity","id":"a","kind":"person","name":1}`, `f.jsonl:3: entity "a": field "name": is a JSON number, want a string`},
		{`{"record":"entity","id":"a","kind":"person","name":"A","aliases":"B"}`, `field "aliases": is a JSON string, want a list`},
		{`{"record":"matter","id":"m","title":"T","kind":"civil_case","opened":"2020","closed":"yesterday"}`, `field "closed": "yesterday" is not a date`},
		{`{"record":"contact","id":"c","participants":["a","b"],"date":"2016-07","reported_on":"2016-7-1"}`, `field "reported_on"`},
		{`{"record":"entity","id":"a"} {"x":1}`, "malformed JSON at byte 30"},
		{`"just a string"`, "not a JSON object"},
	}
	for _, tc := range tests {
		_, err := NewReader(strings.NewReader(tc.in), "f.jsonl").Next()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n got  %v\n want %q", tc.in, err, tc.want)
		}
	}
	long := `{"record":"entity","id":"a","kind":"person","name":"` + strings.Repeat("x", maxLine) + `"}`
	if _, err := NewReader(strings.NewReader(long), "f.jsonl").Next(); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("an over-long line: %v", err)
	}
}
