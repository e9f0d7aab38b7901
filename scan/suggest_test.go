package scan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/impartial/impartial"
)

func suggestEntities() []*impartial.Entity {
	p, c := impartial.Person, impartial.Company
	return append(entities(),
		&impartial.Entity{ID: "ann", Kind: p, Name: "Ann Example"},
		&impartial.Entity{ID: "bob", Kind: p, Name: "Bob Example"},
		&impartial.Entity{ID: "acme", Kind: c, Name: "Acme Holdings Inc."},
		&impartial.Entity{ID: "acme-sub", Kind: c, Name: "Acme Widgets LLC"},
		&impartial.Entity{ID: "leo", Kind: p, Name: "Leo Example"},
		&impartial.Entity{ID: "pete", Kind: p, Name: "Pete Sessions"},
	)
}

func TestSuggest(t *testing.T) {
	ents := suggestEntities()
	kinds := map[string]impartial.EntityKind{}
	for _, e := range ents {
		kinds[e.ID] = e.Kind
	}
	kindOf := func(id string) impartial.EntityKind { return kinds[id] }
	tests := []struct {
		name, text string
		want       []string // kind type role from to date cue
	}{
		{"a dated meeting", "On July 20, 2016, then-Sen. Jeff Sessions met Sergey Kislyak at the convention.",
			[]string{"contact   sessions kislyak 2016-07-20 met"}},
		{"a month and a visit", "In September 2016 Kislyak visited Sen. Jeff Sessions in his office. It rained.",
			[]string{"contact   kislyak sessions 2016-09 visited"}},
		{"no date", "Hillary Clinton spoke with Al Franken.",
			[]string{"contact   clinton franken  spoke with"}},
		{"an organisation alone does not meet", "The Washington Post called the Justice Department.", nil},
		{"a subsidiary, reversed", "Acme Widgets LLC, a subsidiary of Acme Holdings Inc., won the contract in 2019.",
			[]string{"relationship ownership  acme acme-sub 2019 a subsidiary of"}},
		{"a person's stake is a holding", "Bob Example holds a stake in Acme Holdings Inc. since 2015.",
			[]string{"relationship holding  bob acme 2015 holds a stake in"}},
		{"spouse", "Ann Example is married to Bob Example.",
			[]string{"relationship family spouse ann bob  married to"}},
		{"child, reversed", "Leo Example, son of Ann Example, joined in 2020.",
			[]string{"relationship family child ann leo 2020 son of"}},
		{"director", "Ann Example became a director of Acme Widgets LLC in March 2018.",
			[]string{"relationship position director ann acme-sub 2018-03 a director of"}},
		{"adviser to a campaign", "Jeff Sessions was an adviser to the Trump campaign.",
			[]string{"relationship campaign adviser sessions trump-campaign  adviser to"}},
		{"two sentences are not one", "Jeff Sessions met voters. Sergey Kislyak left.", nil},
		{"abbreviations do not end a sentence", "Sen. Jeff Sessions met Amb. Sergey Kislyak.",
			[]string{"contact   sessions kislyak  met"}},
		{"one entity only", "Jeff Sessions met Jeff Sessions.", nil},
		{"no cue", "Jeff Sessions and Sergey Kislyak were both at the convention in 2016.", nil},
		// "Sessions" alone is Jeff or Pete Sessions.
		{"a family name two persons bear is neither", "Sessions met Sergey Kislyak in 2016.", nil},
		{"nor is the entity named beyond it taken in its place", "Al Franken said Sessions met Sergey Kislyak.", nil},
		{"a family name is the person named in full before", "Jeff Sessions spoke at noon. Later Sessions met Sergey Kislyak in 2016.",
			[]string{"contact   sessions kislyak 2016 met\n\"Sessions\" alone matches 2 entities; taken as Jeff Sessions (sessions), whom the text names as \"Jeff Sessions\" at bytes 0-13 before it"}},
	}
	ix := NewIndex(ents)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ss := Suggest(tc.text, ix.Resolve(ix.Scan(tc.text)), kindOf)
			var got []string
			for i, s := range ss {
				g := fmt.Sprintf("%s %s %s %s %s %s %s", s.Kind, s.Type, s.Role, s.From, s.To, s.Date, s.Cue)
				for _, m := range s.Mentions {
					if m.Ambiguous() {
						g += "\n" + m.Why
						if !strings.HasSuffix(s.Why, m.Why) {
							t.Errorf("the suggestion's why %q does not say how %q was read", s.Why, m.Surface)
						}
					}
				}
				got = append(got, g)
				if s.N != i+1 {
					t.Errorf("suggestion %d numbered %d", i, s.N)
				}
				if tc.text[s.CueStart:s.CueEnd] != s.Cue || tc.text[s.SentenceStart:s.SentenceEnd] != s.Sentence {
					t.Errorf("offsets do not give the cue and sentence: %+v", s)
				}
				if s.Why == "" || len(s.Mentions) != 2 {
					t.Errorf("no explanation or mentions: %+v", s)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("suggestions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestSentences(t *testing.T) {
	text := "Mr. J. Smith met Dr. Jones on Jan. 5. Then he left! Did he?\n\nA new paragraph without a stop\nstill one sentence"
	var got []string
	for _, sp := range Sentences(text) {
		got = append(got, text[sp[0]:sp[1]])
	}
	want := []string{"Mr. J. Smith met Dr. Jones on Jan. 5.", "Then he left!", "Did he?", "A new paragraph without a stop\nstill one sentence"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Sentences:\n%q\nwant\n%q", got, want)
	}
}
