package scan

import (
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

func entities() []*impartial.Entity {
	p := impartial.Person
	return []*impartial.Entity{
		{ID: "sessions", Kind: p, Name: "Jeff Sessions", Aliases: []string{"Jefferson B. Sessions", "Sen. Jeff Sessions"}},
		{ID: "kislyak", Kind: p, Name: "Sergey I. Kislyak", Aliases: []string{"Сергей Иванович Кисляк"}},
		{ID: "trump", Kind: p, Name: "Donald J. Trump"},
		{ID: "franken", Kind: p, Name: "Al Franken"},
		{ID: "clinton", Kind: p, Name: "Hillary Clinton"},
		{ID: "trump-campaign", Kind: impartial.CampaignOrganization, Name: "Donald J. Trump for President, Inc.", Aliases: []string{"Trump campaign"}},
		{ID: "heritage", Kind: impartial.Organization, Name: "The Heritage Foundation"},
		{ID: "sjc", Kind: impartial.GovernmentBody, Name: "Senate Judiciary Committee"},
		{ID: "sasc", Kind: impartial.GovernmentBody, Name: "Senate Armed Services Committee"},
		{ID: "doj", Kind: impartial.GovernmentBody, Name: "U.S. Department of Justice", Aliases: []string{"DOJ", "Justice Department"}},
		{ID: "wapo", Kind: impartial.Organization, Name: "The Washington Post"},
	}
}

func TestScan(t *testing.T) {
	// A text written for this test, with the forms a news report uses.
	text := "Reports said then-Sen. Sessions had met Sergey I. Kislyak twice. Sessions’ meetings, first reported by " +
		"The Washington Post, came up again after Sen. Al Franken asked about the Trump campaign at the Senate Judiciary " +
		"Committee hearing. Mr. Trump and Hillary Clinton’s campaign were not asked; the DOJ and the Justice Department " +
		"declined comment, as did Heritage Foundation staff and the Senate Armed Services Committee. Сергей Кисляк did not reply."
	ms := NewIndex(entities()).Scan(text)
	order, counts := Summary(ms)
	want := []string{"sessions", "kislyak", "wapo", "franken", "trump-campaign", "sjc", "trump", "clinton", "doj", "heritage", "sasc"}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("entities in order:\n got  %v\n want %v", order, want)
	}
	if counts["sessions"] != 2 || counts["kislyak"] != 2 || counts["doj"] != 2 {
		t.Errorf("counts: %v", counts)
	}
	for _, m := range ms {
		if text[m.Start:m.End] != m.Surface {
			t.Errorf("offsets %d-%d do not give %q", m.Start, m.End, m.Surface)
		}
	}
	surfaces := map[string]bool{}
	for _, m := range ms {
		surfaces[m.Entity+"="+m.Surface] = true
	}
	for _, w := range []string{"sessions=Sen. Sessions", "sessions=Sessions’", "kislyak=Sergey I. Kislyak", "kislyak=Сергей Кисляк",
		"trump-campaign=Trump campaign", "heritage=Heritage Foundation", "clinton=Hillary Clinton’s"} {
		if !surfaces[w] {
			t.Errorf("missing mention %s; have %v", w, surfaces)
		}
	}
	if surfaces["trump=Trump"] && counts["trump"] != 1 {
		t.Errorf("'Trump campaign' must be one mention of the campaign, not also of Trump: %v", counts)
	}
}

func TestScanNothing(t *testing.T) {
	if ms := NewIndex(entities()).Scan("The committee met on Tuesday; the senator was not there."); len(ms) != 0 {
		t.Errorf("mentions in a text naming no one: %+v", ms)
	}
}

func TestMentionEnds(t *testing.T) {
	ix := NewIndex([]*impartial.Entity{
		{ID: "cook", Kind: impartial.Person, Name: "Tim Cook"},
		{ID: "acme", Kind: impartial.Company, Name: "Acme Holdings Inc."},
	})
	text := "They met Cook. Then Acme Holdings Inc. and ‘Cook’ replied."
	var got []string
	for _, m := range ix.Scan(text) {
		got = append(got, m.Surface)
		if text[m.Start:m.End] != m.Surface {
			t.Errorf("offsets of %q", m.Surface)
		}
	}
	if strings.Join(got, "|") != "Cook|Acme Holdings Inc.|Cook" {
		t.Errorf("mentions %q", got)
	}
}
