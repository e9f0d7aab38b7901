package impartial

import (
	"strings"
	"testing"
)

func TestEntityIdentityEvidence(t *testing.T) {
	tests := []struct {
		name string
		e    Entity
		want string // a fragment of the error, "" for valid
	}{
		{"person with dates and nationalities", Entity{ID: "p", Kind: Person, Name: "P",
			BirthDates: []Date{MustDate("1960")}, Nationalities: []string{"us"}}, ""},
		{"company with a birth date", Entity{ID: "c", Kind: Company, Name: "C",
			BirthDates: []Date{MustDate("1960")}}, `field "birth_dates": only a person`},
		{"company with a nationality", Entity{ID: "c", Kind: Company, Name: "C",
			Nationalities: []string{"us"}}, `field "nationalities": only a person`},
		{"empty birth date", Entity{ID: "p", Kind: Person, Name: "P", BirthDates: []Date{{}}}, `field "birth_dates[0]": is empty`},
		{"nationality with a space", Entity{ID: "p", Kind: Person, Name: "P", Nationalities: []string{"u s"}}, `field "nationalities[0]"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.e.Normalize()
			err := tc.e.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("Validate() = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestEntityNormalizeOrdersIdentityEvidence(t *testing.T) {
	e := Entity{BirthDates: []Date{MustDate("1961"), MustDate("1960-04-02"), MustDate("1961")},
		Nationalities: []string{" US", "ca", "us"}}
	e.Normalize()
	var got []string
	for _, d := range e.BirthDates {
		got = append(got, d.String())
	}
	if g, w := strings.Join(got, ","), "1960-04-02,1961"; g != w {
		t.Errorf("BirthDates = %s, want %s", g, w)
	}
	if g, w := strings.Join(e.Nationalities, ","), "ca,us"; g != w {
		t.Errorf("Nationalities = %s, want %s", g, w)
	}
}
