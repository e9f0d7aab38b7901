package impartial

import (
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want, err string
		prec          Precision
	}{
		{"2016", "2016", "", YearPrecision},
		{"2016-07", "2016-07", "", MonthPrecision},
		{"2016-02-29", "2016-02-29", "", DayPrecision},
		{" 2017-03-02 ", "2017-03-02", "", DayPrecision},
		{"", "", "", NoPrecision},
		{"2017-02-29", "", "February has no day 29", 0},
		{"2016-13", "", "month 13 is out of range", 0},
		{"16-01-01", "", "want YYYY, YYYY-MM or YYYY-MM-DD", 0},
		{"2016/01/01", "", "want YYYY", 0},
		{"2016-1-1", "", "want YYYY", 0},
		{"March 2016", "", "want YYYY", 0},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseDate(%q): got %v, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got.String() != tc.want || got.Precision() != tc.prec {
			t.Errorf("ParseDate(%q) = %q (precision %d), %v; want %q (precision %d)", tc.in, got, got.Precision(), err, tc.want, tc.prec)
		}
	}
}

func TestDateOrderAndSpans(t *testing.T) {
	d := MustDate
	if !d("2016-07").Before(d("2016-08-01")) || d("2016-07").Before(d("2016-07-31")) {
		t.Error("a month is before the next month's first day, not before its own last day")
	}
	if !d("2016-07-20").Within(d("2016"), d("2016-11-08")) || d("2016-12-01").Within(d("2016-02-28"), d("2016-11-08")) {
		t.Error("Within")
	}
	s := Span{Start: d("2016-03-03"), End: d("2016-11-08")}
	tests := []struct {
		asOf         string
		active, ago1 bool
	}{
		{"2016-03-02", false, false},
		{"2016-06-01", true, true},
		{"2016-11-08", true, true},
		{"2017-06-01", false, true},  // ended seven months before
		{"2017-11-09", false, false}, // ended more than a year before
	}
	for _, tc := range tests {
		if got := s.Active(d(tc.asOf)); got != tc.active {
			t.Errorf("Active(%s) = %v, want %v", tc.asOf, got, tc.active)
		}
		if got := s.EndedWithin(d(tc.asOf), 1); got != tc.ago1 {
			t.Errorf("EndedWithin(%s, 1 year) = %v, want %v", tc.asOf, got, tc.ago1)
		}
	}
	if got := d("2016-02-29").AddYears(1).String(); got != "2017-02-28" {
		t.Errorf("AddYears over a leap day = %s", got)
	}
}

func TestValidate(t *testing.T) {
	pct := 150.0
	tests := []struct {
		name string
		rec  interface{ Validate() error }
		want []string
	}{
		{"entity ok", &Entity{ID: "a", Kind: Person, Name: "A"}, nil},
		{"entity bad", &Entity{ID: "a b", Kind: "robot", Flags: []Flag{"shiny"}, Identifiers: []Identifier{{Scheme: "lei"}}},
			[]string{`field "id": "a b" contains white space`, `field "kind": "robot" is not an entity kind`, `field "name": is required`, `field "flags[0]"`, `field "identifiers[0].value": is required`}},
		{"relationship bad", &Relationship{ID: "r", From: "a", To: "a", Type: Family, Role: "cousin", Status: Reported, Percent: &pct, Whose: Spouse},
			[]string{`field "to": is the same entity as from`, `"cousin" is not a family role`, `field "percent": applies only to ownership`, `field "whose": applies only to holdings`}},
		{"contact bad", &Contact{ID: "c", Participants: []string{"a"}, Capacity: Official, Status: Confirmed, Date: MustDate("2016-07"), ReportedOn: MustDate("2016-06")},
			[]string{`needs at least two entities`, `field "reported_on": 2016-06 is before the contact's date 2016-07`}},
		{"matter bad", &Matter{ID: "m", Title: "T", Kind: CivilCase, Opened: MustDate("2020"), Closed: MustDate("2019"), Topics: []string{"a", "A"},
			Parties: []MatterParty{{Role: Subject}, {Entity: "x", Role: "judge"}}},
			[]string{`field "closed": the matter closed on 2019, before it opened on 2020`, `field "topics[1]": "A" is listed twice`, `field "parties[0]": needs an entity id, a name or an identifier (evidence.identifiers)`, `field "parties[1].role": "judge" is not a party role`}},
		{"recusal bad", &Recusal{ID: "r", Person: "p"}, []string{`field "effective": is required`, `field "scope": names no matter, topic or party`, `field "scope_text": is required`}},
	}
	for _, tc := range tests {
		err := tc.rec.Validate()
		if len(tc.want) == 0 {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if KindOf(err) != Invalid {
			t.Errorf("%s: kind %v, want invalid", tc.name, KindOf(err))
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.name, err, w)
			}
		}
	}
}

func TestTopicKey(t *testing.T) {
	for in, want := range map[string]string{
		"2016 presidential campaign":     "2016 presidential campaign",
		" 2016  Presidential\tCampaign ": "2016 presidential campaign",
		"Ingérence RUSSE":                "ingérence russe",
		"":                               "",
	} {
		if got := TopicKey(in); got != want {
			t.Errorf("TopicKey(%q) = %q, want %q", in, got, want)
		}
	}
}
