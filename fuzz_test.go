package impartial

import "testing"

// FuzzParseDate: a date that parses prints as a string that parses back to
// it, and a bad one is an error, never a panic.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2017", "2017-03", "2017-03-02", "2016-02-29", "2017-02-29", "0000", "+201-01", "9999-12-31", " 2017 ", "2017-3-2", "-1-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil || d.IsZero() {
			return
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %v, whose string %q parses to %v, %v", s, d, d.String(), again, err)
		}
	})
}
