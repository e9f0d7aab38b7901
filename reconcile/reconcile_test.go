package reconcile

import (
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

var d = impartial.MustDate

// The reference case's facts, written out: the testimony of 10 January 2017,
// the two 2016 meetings with the ambassador, his post, and the correction.
func referenceFacts() (*impartial.Statement, []*impartial.Correction, *Facts) {
	st := &impartial.Statement{ID: "testimony", By: "sessions", Kind: impartial.Testimony, Date: d("2017-01-10"), Sworn: true,
		Text: "I did not have communications with the Russians",
		Assertions: []impartial.Assertion{{Kind: impartial.NoContact, Text: "no communications with representatives of the Russian government during the 2016 campaign",
			About: "russia", From: d("2016-02-28"), To: d("2016-11-08")}}}
	corr := []*impartial.Correction{{ID: "letter", Statement: "testimony", Date: d("2017-03-06"), Text: "I did meet one Russian official a couple of times."}}
	f := &Facts{
		Names: map[string]string{"sessions": "Jeff Sessions", "kislyak": "Sergey I. Kislyak", "russia": "Government of the Russian Federation", "wapo": "The Washington Post"},
		Relationships: []*impartial.Relationship{
			{ID: "amb", From: "kislyak", To: "russia", Type: impartial.Position, Role: "Ambassador to the United States",
				Span: impartial.Span{Start: d("2008-07-26"), End: d("2017-07-21")}, Status: impartial.Confirmed, Source: "record"},
		},
		Contacts: []*impartial.Contact{
			{ID: "rnc", Participants: []string{"sessions", "kislyak"}, Date: d("2016-07-20"), Place: "Cleveland", Capacity: impartial.DisputedRole,
				ReportedBy: "wapo", ReportedOn: d("2017-03-01"), Status: impartial.Confirmed, Source: "article"},
			{ID: "office", Participants: []string{"sessions", "kislyak"}, Date: d("2016-09-08"), Capacity: impartial.Official, Status: impartial.Confirmed},
			{ID: "later", Participants: []string{"sessions", "kislyak"}, Date: d("2017-02-01"), Capacity: impartial.Official, Status: impartial.Reported},
			{ID: "before", Participants: []string{"sessions", "kislyak"}, Date: d("2015-05-01"), Capacity: impartial.Official, Status: impartial.Reported},
		},
	}
	return st, corr, f
}

func TestReferenceDiscrepancy(t *testing.T) {
	st, corr, f := referenceFacts()
	got := Check(st, corr, f)
	if len(got) != 1 {
		t.Fatalf("discrepancies: %d, want 1", len(got))
	}
	var ids []string
	for _, e := range got[0].Evidence {
		ids = append(ids, e.Record)
	}
	if strings.Join(ids, ",") != "rnc,office" {
		t.Errorf("evidence %v, want the two campaign-period meetings only", ids)
	}
	if !got[0].Resolved || got[0].Correction != "letter" {
		t.Errorf("resolution: %+v", got[0])
	}
	text := got[0].Explain()
	for _, want := range []string{
		"Jeff Sessions met Sergey I. Kislyak, then Ambassador to the United States of Government of the Russian Federation (2008-07-26 – 2017-07-21; source: record), on 2016-07-20 at Cleveland",
		"reported by The Washington Post on 2017-03-01",
		`Resolved by correction letter of 2017-03-06: "I did meet one Russian official a couple of times."`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("explanation lacks %q:\n%s", want, text)
		}
	}
}

func TestNoDiscrepancy(t *testing.T) {
	tests := []struct {
		name string
		edit func(*impartial.Statement, *[]*impartial.Correction, *Facts)
		want int // discrepancies
		res  bool
	}{
		{"uncorrected", func(_ *impartial.Statement, c *[]*impartial.Correction, _ *Facts) { *c = nil }, 1, false},
		{"the meetings were not with a representative", func(_ *impartial.Statement, _ *[]*impartial.Correction, f *Facts) { f.Relationships = nil }, 0, false},
		{"the post had ended", func(_ *impartial.Statement, _ *[]*impartial.Correction, f *Facts) {
			f.Relationships[0].End = d("2016-01-01")
		}, 0, false},
		{"a period without meetings", func(s *impartial.Statement, _ *[]*impartial.Correction, _ *Facts) {
			s.Assertions[0].From, s.Assertions[0].To = d("2016-10-01"), d("2016-11-08")
		}, 0, false},
		{"an assertion the system does not check", func(s *impartial.Statement, _ *[]*impartial.Correction, _ *Facts) {
			s.Assertions[0].Kind = impartial.Other
		}, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, corr, f := referenceFacts()
			tc.edit(st, &corr, f)
			got := Check(st, corr, f)
			if len(got) != tc.want || (len(got) > 0 && got[0].Resolved != tc.res) {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func TestRelationshipAssertions(t *testing.T) {
	st := &impartial.Statement{ID: "form", By: "ann", Date: d("2020-05-01"), Assertions: []impartial.Assertion{
		{Kind: impartial.NoHolding, Text: "no interest in Acme", About: "acme"},
		{Kind: impartial.NoRelationship, Text: "no ties to Beta", About: "beta", From: d("2019")},
	}}
	f := &Facts{Relationships: []*impartial.Relationship{
		{ID: "h", From: "ann", To: "acme", Type: impartial.Holding, Span: impartial.Span{Start: d("2018-01-01")}},
		{ID: "old", From: "ann", To: "beta", Type: impartial.Employment, Span: impartial.Span{Start: d("2010"), End: d("2015")}},
	}}
	got := Check(st, nil, f)
	if len(got) != 1 || got[0].Assertion != 0 || got[0].Evidence[0].Record != "h" {
		t.Errorf("got %+v, want only the holding contradicted (the employment ended before 2019)", got)
	}
}

// TestCheckInAssertionOrder: a listing of discrepancies pages by (statement,
// assertion) and relies on Check answering in the assertions' order.
func TestCheckInAssertionOrder(t *testing.T) {
	st := &impartial.Statement{ID: "form", By: "ann", Date: d("2020-05-01"), Assertions: []impartial.Assertion{
		{Kind: impartial.NoRelationship, Text: "no ties to Gamma", About: "gamma"},
		{Kind: impartial.NoHolding, Text: "no interest in Acme", About: "acme"},
		{Kind: impartial.Other, Text: "nothing to check"},
		{Kind: impartial.NoHolding, Text: "no interest in Beta", About: "beta"},
	}}
	f := &Facts{Relationships: []*impartial.Relationship{
		{ID: "hb", From: "ann", To: "beta", Type: impartial.Holding, Span: impartial.Span{Start: d("2018-01-01")}},
		{ID: "ha", From: "ann", To: "acme", Type: impartial.Holding, Span: impartial.Span{Start: d("2018-01-01")}},
		{ID: "eg", From: "ann", To: "gamma", Type: impartial.Employment, Span: impartial.Span{Start: d("2017")}},
	}}
	var got []int
	for _, dd := range Check(st, nil, f) {
		got = append(got, dd.Assertion)
	}
	if want := []int{0, 1, 3}; !slices.Equal(got, want) {
		t.Errorf("assertions = %v, want %v", got, want)
	}
}
