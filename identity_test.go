package impartial

import (
	"strings"
	"testing"
)

func TestCompareIdentity(t *testing.T) {
	d := MustDate
	lei := func(v string) []Identifier { return []Identifier{{Scheme: "lei", Value: v}} }
	tests := []struct {
		name             string
		ev               *PartyEvidence
		ids              []Identifier
		births           []Date
		nats             []string
		confirmed, ruled bool
		why              string
	}{
		{"no evidence", nil, lei("X1"), nil, nil, false, false, ""},
		{"evidence the candidate has nothing to compare with", &PartyEvidence{BirthDate: d("1971-03-14")}, nil, nil, nil, false, false, ""},
		{"same date of birth", &PartyEvidence{BirthDate: d("1971-03-14")}, nil, []Date{d("1971-03-14")}, nil, true, false, "identified by date of birth 1971-03-14"},
		{"a year agrees with a day in it", &PartyEvidence{BirthDate: d("1971-03-14")}, nil, []Date{d("1971")}, nil, true, false, "date of birth"},
		{"another date of birth", &PartyEvidence{BirthDate: d("1958-11-02")}, nil, []Date{d("1971-03-14")}, nil, false, true, "ruled out: date of birth 1958-11-02 is not the candidate's (1971-03-14)"},
		{"identifier equal but for punctuation and case", &PartyEvidence{Identifiers: lei("5493-00ab")}, lei("549300AB"), nil, nil, true, false, "identified by lei"},
		{"identifier of the same scheme differs", &PartyEvidence{Identifiers: lei("A")}, lei("B"), nil, nil, false, true, "ruled out: lei A"},
		{"identifier of another scheme decides nothing", &PartyEvidence{Identifiers: lei("A")}, []Identifier{{Scheme: "ticker", Value: "A"}}, nil, nil, false, false, ""},
		{"identifier agrees, date of birth does not: not confirmed, not ruled out", &PartyEvidence{Identifiers: lei("A"), BirthDate: d("1950")},
			lei("A"), []Date{d("1960")}, nil, false, false, "confirm who it is"},
		{"a CIK with and without its zero padding", &PartyEvidence{Identifiers: []Identifier{{Scheme: "cik", Value: "1478320"}}},
			[]Identifier{{Scheme: "cik", Value: "0001478320"}}, nil, nil, true, false, "identified by cik 1478320"},
		{"leading zeros count in other schemes", &PartyEvidence{Identifiers: []Identifier{{Scheme: "registration", Value: "0042"}}},
			[]Identifier{{Scheme: "registration", Value: "42"}}, nil, nil, false, true, "ruled out"},
		{"nationality alone decides nothing but is said", &PartyEvidence{Nationality: "ru"}, nil, nil, []string{"us"}, false, false, "nationality ru is not among the candidate's (us)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := CompareIdentity(tc.ev, tc.ids, tc.births, tc.nats)
			if got.Confirmed != tc.confirmed || got.RuledOut != tc.ruled || !strings.Contains(got.Why, tc.why) || (tc.why == "" && got.Why != "") {
				t.Errorf("got %+v, want confirmed=%v ruled out=%v why containing %q", got, tc.confirmed, tc.ruled, tc.why)
			}
		})
	}
}

func TestSameIdentifier(t *testing.T) {
	id := func(scheme, v string) Identifier { return Identifier{Scheme: scheme, Value: v} }
	tests := []struct {
		name string
		a, b Identifier
		want bool
	}{
		{"equal", id("lei", "549300AB"), id("lei", "549300AB"), true},
		{"case and punctuation of the value", id("isin", "us-0378331005"), id("isin", "US0378331005"), true},
		{"spaces, dots and slashes", id("registration", "HRB 12.345/B"), id("registration", "hrb12345b"), true},
		{"case and space of the scheme", id(" LEI", "549300AB"), id("lei ", "549300ab"), true},
		{"a CIK with and without its zero padding", id("cik", "0001478320"), id("CIK", "1478320"), true},
		{"zeros are significant outside a CIK", id("registration", "0012"), id("registration", "12"), false},
		{"another value", id("lei", "549300AB"), id("lei", "549300AC"), false},
		{"the same value in another scheme", id("ticker", "ACME"), id("lei", "ACME"), false},
		{"letters of other scripts count", id("registration", "ОГРН 102"), id("registration", "огрн102"), true},
		{"a letter is not dropped as punctuation", id("ticker", "BRK.A"), id("ticker", "BRK"), false},
	}
	for _, tt := range tests {
		for _, pair := range [][2]Identifier{{tt.a, tt.b}, {tt.b, tt.a}} {
			if got := SameIdentifier(pair[0], pair[1]); got != tt.want {
				t.Errorf("%s: SameIdentifier(%+v, %+v) = %v, want %v", tt.name, pair[0], pair[1], got, tt.want)
			}
		}
	}
}
