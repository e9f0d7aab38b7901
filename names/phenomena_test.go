package names

import (
	"strings"
	"testing"
)

// TestOrganisationPhenomena: legal forms of many jurisdictions map to one
// canonical type, descriptor words weigh little, a country word neither
// makes nor breaks a match on its own, initialisms stand for their words.
// The names are invented or of well-known companies, from general
// knowledge.
func TestOrganisationPhenomena(t *testing.T) {
	tests := []struct {
		a, b  string
		match bool
	}{
		// legal forms: same type in other words or languages
		{"Alpha Trading FZE", "Alpha Trading LLC", true},
		{"Grupo Bimbo SAB de CV", "Grupo Bimbo S.A.B. de C.V.", true},
		{"Nordwind Logistik GmbH", "Nordwind Logistik Gesellschaft mit beschränkter Haftung", true},
		{"Kaspar Holding AS", "Kaspar Holding A/S", true},
		{"Volga Trans OOO", "ООО Волга Транс", true},
		{"Tallinn Data OÜ", "Tallinn Data Ltd", true},
		{"Baltic Amber UAB", "Baltic Amber Limited", true},
		{"Star Link PLLC", "Star Link LLC", true},
		{"Sakura Denki Kabushiki Kaisha", "Sakura Denki KK", true},
		{"Acme GmbH", "Acme AG", false}, // a limited company is not a stock corporation
		// descriptor words
		{"Orion Holdings Group", "Orion Group", true},
		{"Vanguard Shipping Company", "Vanguard Shipping Co.", true},
		{"Vanguard Shipping Company", "Atlas Shipping Company", false},
		// country words
		{"Deutsche Bank (Schweiz) AG", "Deutsche Bank (Luxembourg) AG", false},
		{"Sberbank of Russia", "Sberbank Rossii", true},
		{"Russia Holdings", "China Holdings", false},
		// initialisms and abbreviations
		{"U.S. Department of State", "United States Department of State", true},
		{"PLA", "People's Liberation Army", true},
		{"Intl Business Machines Corp", "International Business Machines Corporation", true},
		// numbers
		{"Capital Partners V LP", "Capital Partners VI LP", false},
		{"Forty-Four Holdings", "44 Holdings", true},
		// typos in long words, not short ones, and never the first
		// letter, which makes another name (Shengrui, Hengrui)
		{"Trafigura Group Pte Ltd", "Trafigurra Group Pte Ltd", true},
		{"Bank of Commerce", "Bond of Commerce", false},
		{"Shengli Logistics", "Hengli Logistics", false},
		{"Mitsubishi Heavy Industries", "Mitsubshi Heavy Industries", true},
		{"Wolt Energy", "Bolt Energy", false}, // another first letter of a short word
		// descriptor words reordered, dropped, added
		{"Northwind Exports Worldwide", "Northwind Worldwide Exports", true},
		{"Northwind Holdings", "Northwind Group Holdings", true},
		{"Vostok Neft International", "Vostok Neft", true},
		{"Halvorsen Maritime Holdings AS", "Halvorsen Maritime", true}, // Norwegian AS
		{"Halvorsen Maritime Aksjeselskap", "Halvorsen Maritime AS", true},
		// a country word alone neither makes nor breaks a match
		{"Acme Trading India", "Acme Trading", true},
		{"India Exports", "Universal India Exports", false},
		{"India Exports", "China Exports", false},
	}
	for _, tt := range tests {
		r := Compare(tt.a, tt.b, Company)
		if r.Match != tt.match {
			t.Errorf("Compare(%q, %q).Match = %v (%.2f), want %v\n%s", tt.a, tt.b, r.Match, r.Score, tt.match, r.Explain())
		}
	}
}

// TestPersonWeights: a very common name weighs less, and the explanation
// says so.
func TestPersonWeights(t *testing.T) {
	r := Compare("John Kislyak", "Jon Kislyak", Person)
	var common, rare *PartMatch
	for i := range r.Parts {
		switch r.Parts[i].B {
		case "Jon":
			common = &r.Parts[i]
		case "Kislyak":
			rare = &r.Parts[i]
		}
	}
	if common == nil || rare == nil {
		t.Fatalf("parts = %v", r.Parts)
	}
	if !common.Common || common.Weight >= rare.Weight {
		t.Errorf("John/Jon weight %.2f (common %v), Kislyak %.2f: want the common name to weigh less", common.Weight, common.Common, rare.Weight)
	}
	if got := common.String(); !strings.Contains(got, "a common name") {
		t.Errorf("explanation %q does not say the name is common", got)
	}
}

// TestRepeatedNameWord: a name word repeated inside a name (a father and
// a grandfather of the same name) conflicts with a different name in its
// place; a repeat at the end is a data-entry echo, and a spelling of the
// repeated word in the other name is the same name again. Invented names.
func TestRepeatedNameWord(t *testing.T) {
	tests := []struct {
		a, b  string
		match bool
	}{
		{"Yusuf Ali Ali Haddad", "Yusuf Omar Ali Haddad", false},
		{"Yusuf Ali Ali Haddad", "Yusuf Ali Haddad", true},
		{"Yusuf Ali Ali Haddad", "Yusuf Ali Ali Haddad", true},
		{"Ivan Morozov Morozov", "Ivan Sergeyevich Morozov", true},   // echo at the end
		{"Karim Saleh Saleh Nouri", "Karim Salih Saleh Nouri", true}, // the repeat spelt another way
	}
	for _, tt := range tests {
		r := Compare(tt.a, tt.b, Person)
		if r.Match != tt.match {
			t.Errorf("Compare(%q, %q).Match = %v (%.2f), want %v\n%s", tt.a, tt.b, r.Match, r.Score, tt.match, r.Explain())
		}
	}
}

// TestSeriesNumbers: a fund, trust or series of the same name with another
// number is a different legal entity (no match), and the explanation says
// that it is related: the conflicts analyst decides whether a holding in
// one fund of a sponsor matters for a matter about another.
func TestSeriesNumbers(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Brightwater Capital Partners V LP", "Brightwater Capital Partners VI LP"},
		{"Brightwater Mortgage Trust 2004-1", "Brightwater Mortgage Trust 2004-2"},
		{"Harbour Capital Trust I", "Harbour Capital Trust II"},
	}
	for _, tt := range tests {
		r := Compare(tt.a, tt.b, Company)
		if r.Match {
			t.Errorf("Compare(%q, %q).Match = true (%.2f), want a different entity", tt.a, tt.b, r.Score)
		}
		if !strings.Contains(r.Explain(), "related") {
			t.Errorf("Compare(%q, %q): explanation does not say the entities are related:\n%s", tt.a, tt.b, r.Explain())
		}
	}
	// a number that differs where other words differ too is only a number
	if r := Compare("Brightwater Capital Partners V LP", "Eastgate Capital Partners VI LP", Company); strings.Contains(r.Explain(), "related") {
		t.Errorf("different sponsors explained as related:\n%s", r.Explain())
	}
}
