package names

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Recep Tayyip Erdoğan", "recep tayyip erdogan"},
		{"  Jean-Claude   JUNCKER ", "jean claude juncker"},
		{"Sessions'", "sessions"},
		{"Trump's", "trump"},
		{"Deutsche Bank's AG", "deutsche bank ag"},
		{"O'Brien", "obrien"},
		{"Al-Qa'ida", "al qaida"},
		{"A.B.C. Company", "abc company"},
		{"J.-C. Juncker", "j c juncker"},
		{"Ig0r Sech1n", "igor sechin"},
		{"1st International Bank", "1 international bank"},
		{"3%ers", "3 percenters"},
		{"Straße", "strasse"},
		{"Łukasz Żółć", "lukasz zolc"},
		{"ＡＢＣ　Ｃｏｒｐ", "abc corp"},
		{"Сергей Иванович Кисляк", "sergey ivanovich kislyak"},
		{"Володимир Зеленський", "volodimir zelenskiy"}, // no Ukrainian-only letter: Russian values
		{"Фуад Гулієв", "fuad huliyev"},
		{"Κυριάκος Μητσοτάκης", "kyriakos mitsotakis"},
		{"Բարակ Օբամա", "barak obama"},
		{"ბარაკ ობამა", "barak obama"},
		{"بشار الأسد", "bshar al asd"},
		{"バラク・オバマ", "baraku obama"},
		{"", ""},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFreeTextTokens(t *testing.T) {
	text := "Sen. Jeff Sessions met Сергей Кисляк."
	got := FreeTextTokens(text)
	want := []string{"sen", "jeff", "sessions", "met", "sergey", "kislyak"}
	if len(got) != len(want) {
		t.Fatalf("got %d tokens %v, want %d", len(got), got, len(want))
	}
	for i, tok := range got {
		if tok.Norm != want[i] {
			t.Errorf("token %d = %q, want %q", i, tok.Norm, want[i])
		}
	}
	if s := text[got[4].Start:got[4].End]; s != "Сергей" {
		t.Errorf("offsets of token 4 give %q, want %q", s, "Сергей")
	}
}

func TestSkeleton(t *testing.T) {
	same := [][2]string{
		{"sergey", "sergei"}, {"serguei", "sergei"}, {"sergej", "sergey"}, {"kislyak", "kisliak"},
		{"yuri", "iuri"}, {"khamenei", "hamenei"}, {"aleksandr", "alexandr"}, {"emmanuel", "emanuel"},
		{"tschernow", "chernov"}, {"friedrich", "fridrich"}, {"xi", "shi"}, {"zelenskyy", "zelenskyi"},
	}
	for _, p := range same {
		if a, b := skeleton(p[0]), skeleton(p[1]); a != b {
			t.Errorf("skeleton(%q) = %q, skeleton(%q) = %q, want equal", p[0], a, p[1], b)
		}
	}
	differ := [][2]string{{"scholz", "schulze"}, {"olga", "oleg"}, {"missiles", "missives"}, {"pong", "pyong"}}
	for _, p := range differ {
		if a, b := skeleton(p[0]), skeleton(p[1]); a == b {
			t.Errorf("skeleton(%q) == skeleton(%q) == %q, want different", p[0], p[1], a)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"Sen. Jeff Sessions'", "SESSIONS, Jeff", "Сергей Иванович Кисляк", "J.-C. Juncker", "3%ers",
		"Ig0r Sech1n", "ООО \"БАЙ\"", "بشار الأسد", "ბარაკ ობამა", "Κυριάκος", "バラク・オバマ", "İstanbul ǅ ﬁ",
		"A.B.C.", "1st 2nd", "a'", "'s", "..", "Deutsche Bank (Schweiz) AG",
		"ዐቢይ አሕመድ", "கருணாநிதி", "වික්‍රමසිංහ", "အောင်ဆန်းစုကြည်", "ਸਿੱਧੂ", "Yusuf Haddad a.k.a. Abu Hamza",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if n2 := Normalize(n); n2 != n {
			t.Fatalf("not idempotent: Normalize(%q) = %q, Normalize again = %q", s, n, n2)
		}
		if !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8 from %q: %q", s, n)
		}
		if strings.Contains(n, "  ") || strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") {
			t.Fatalf("bad spacing from %q: %q", s, n)
		}
		for _, sc := range []Schema{Person, Company, Vessel, LegalEntity} {
			p := Parse(s, sc)
			for _, tok := range p.Tokens {
				if tok.Text == "" {
					t.Fatalf("empty token parsing %q as %s", s, sc)
				}
			}
		}
		r := Compare(s, s, Person)
		if r.Score < 0 || r.Score > 1 {
			t.Fatalf("score out of range for %q: %v", s, r.Score)
		}
		_ = r.Explain()
	})
}
