package web

import (
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/service"
)

// A finding whose party is known only by name: the person's spouse holds
// shares in a parent company whose subsidiary the matter names.
func nameMatchedFinding() *service.FindingDetail {
	pct := 100.0
	f := &impartial.StoredFinding{Finding: impartial.Finding{
		Person: "judge", PersonName: "Judge <Ann> Roe", Matter: "m-1", MatterTitle: "Doe v. Acme Widgets",
		Rule: "455b4", Citation: "28 USC 455(b)(4)", Outcome: impartial.OutcomeReview,
		Paths: []impartial.Path{{Outcome: impartial.OutcomeReview, Steps: []impartial.Step{
			{Kind: impartial.StepRelationship, From: "judge", FromName: "Judge <Ann> Roe", To: "bob", ToName: "Bob Roe", Type: impartial.Family, Role: "spouse", Source: "disclosure"},
			{Kind: impartial.StepRelationship, From: "bob", FromName: "Bob Roe", To: "acme", ToName: "Acme Holdings Inc.", Type: impartial.Holding, Start: impartial.MustDate("2019-04-01"), Source: "form AO-10", Capacity: "personal"},
			{Kind: impartial.StepRelationship, From: "acme", FromName: "Acme Holdings Inc.", To: "widgets", ToName: "Acme Widgets LLC", Type: impartial.Ownership, Percent: &pct, Source: "10-K"},
			{Kind: impartial.StepNameMatch, From: "widgets", To: "widgets", ToName: "Acme Widgets LLC", Source: "docket",
				Match: &impartial.NameMatch{Query: "Acme Widgets, L.L.C.", Matched: "Acme Widgets LLC", Score: 0.93,
					Explanation: "match: score 0.93 ≥ threshold 0.70\n  \"Acme\" ↔ \"Acme\": exact (1.00)\n  legal form \"L.L.C.\" = \"LLC\""}},
		}}},
	}}
	return &service.FindingDetail{Finding: f, Entities: map[string]*impartial.Entity{
		"judge": {ID: "judge", Kind: impartial.Person}, "bob": {ID: "bob", Kind: impartial.Person},
		"acme": {ID: "acme", Kind: impartial.Company}, "widgets": {ID: "widgets", Kind: impartial.Company},
	}}
}

func TestGraph(t *testing.T) {
	g := buildGraph(nameMatchedFinding())
	var cols []string
	for _, n := range g.nodes {
		cols = append(cols, kindLabel(n.kind)+"@"+string(rune('0'+n.col)))
	}
	if got, want := strings.Join(cols, " "), "Person@0 Person@1 Company@2 Company@3 Matter@4"; got != want {
		t.Errorf("nodes %q, want %q", got, want)
	}
	if len(g.edges) != 4 || len(g.notes) != 4 {
		t.Fatalf("%d edges and %d legend entries, want 4 of each", len(g.edges), len(g.notes))
	}
	svg := string(g.svg())
	tests := []struct {
		what string
		want string
	}{
		{"a kind and role on the edge", "1. spouse (family)"},
		{"a holding's start date", "from 2019-04-01"},
		{"capacity and source", "capacity: personal; source: form AO-10"},
		{"the name match's score", "4. named party, match 0.93"},
		{"names escaped", "Judge &lt;Ann&gt; Roe"},
		{"outcome as a line style class", `class="edge edge-review"`},
		{"an accessible name", `role="img" aria-labelledby="graph-title graph-desc"`},
	}
	for _, tt := range tests {
		if !strings.Contains(svg, tt.want) {
			t.Errorf("%s: the drawing lacks %q", tt.what, tt.want)
		}
	}
	if strings.Contains(svg, "<Ann>") {
		t.Errorf("a name went into the drawing unescaped")
	}
	if m := g.notes[3].Match; m == nil || m.Score != 0.93 {
		t.Errorf("the legend's name-match entry lost its match: %+v", g.notes[3])
	}
	if got := splitLines(g.notes[3].Match.Explanation); len(got) != 3 || got[2] != `legal form "L.L.C." = "LLC"` {
		t.Errorf("explanation parts %q", got)
	}
}

func TestShortWhy(t *testing.T) {
	d := nameMatchedFinding()
	got := shortWhy(&d.Finding.Finding)
	want := "spouse → Bob Roe → holding → Acme Holdings Inc. → ownership → Acme Widgets LLC → named as a party (name match 0.93)"
	if got != want {
		t.Errorf("shortWhy = %q\nwant      %q", got, want)
	}
}

func TestTimeline(t *testing.T) {
	p := &service.Profile{Entity: &impartial.Entity{ID: "x", Name: "A <b> C", Kind: impartial.Person}, Events: []service.Event{
		{Kind: "relationship", Start: impartial.MustDate("2015-02-01"), End: impartial.MustDate("2016-11-08"), Summary: "adviser & surrogate"},
		{Kind: "contact", Start: impartial.MustDate("2016-07-20"), Summary: "met <someone>"},
		{Kind: "coverage", Start: impartial.MustDate("2017-02-09"), Summary: "covered"},
		{Kind: "relationship", Summary: "undated: left off the drawing"},
	}}
	tl := buildTimeline(p, impartial.MustDate("2017-06-01"))
	svg := string(tl.SVG)
	for _, want := range []string{">2015<", ">2018<", "today 2017-06-01", "RELATIONSHIP", "CONTACT", "COVERAGE", "adviser &amp; surrogate", "met &lt;someone&gt;", "Timeline of A &lt;b&gt; C"} {
		if !strings.Contains(svg, want) {
			t.Errorf("timeline lacks %q", want)
		}
	}
	if strings.Contains(svg, "undated") {
		t.Errorf("an undated fact was drawn")
	}
	if n := strings.Count(svg, `class="bar bar-`); n != 3 {
		t.Errorf("%d facts drawn, want 3", n)
	}
	if empty := buildTimeline(&service.Profile{Entity: p.Entity}, impartial.MustDate("2017-06-01")); !empty.Empty {
		t.Errorf("a person with no dated facts has a drawing")
	}
}
