package names

import (
	"strings"
	"testing"
)

// TestWadeGiles: a Chinese name in Wade–Giles (apostrophes dropped, as lists
// drop them) meets its pinyin spelling, syllable by syllable; another
// syllable is another name, and names that are not Chinese syllables are
// left to the ordinary rules. Names of public figures, from general
// knowledge.
func TestWadeGiles(t *testing.T) {
	tests := []struct {
		a, b  string
		match bool
		via   bool // only the syllable rewriting finds it (the others are close enough as typos)
	}{
		{"Chou En-lai", "Zhou Enlai", true, false},
		{"Teng Hsiao-ping", "Deng Xiaoping", true, false},
		{"Chiang Ching-kuo", "Jiang Jingguo", true, true},
		{"Chang Hsueh-liang", "Zhang Xueliang", true, true},
		{"Wang Ching-wei", "Wang Jingwei", true, false},
		{"Teng Hsiao-ping", "Deng Xiaoming", false, false}, // ping/ming: another syllable
		{"Chou En-lai", "Zhou Enbo", false, false},
		{"Jean-Marie Dupont", "Jean-Pierre Dupont", false, false},
	}
	for _, tt := range tests {
		r := Compare(tt.a, tt.b, Person)
		if r.Match != tt.match {
			t.Errorf("Compare(%q, %q).Match = %v (%.2f), want %v\n%s", tt.a, tt.b, r.Match, r.Score, tt.match, r.Explain())
			continue
		}
		if tt.via && !strings.Contains(r.Explain(), "Wade–Giles") {
			t.Errorf("Compare(%q, %q): explanation does not name the romanisation:\n%s", tt.a, tt.b, r.Explain())
		}
	}
}

// TestChineseSyllables: words are read as the fewest Chinese syllables of
// either system and written in the common spelling.
func TestChineseSyllables(t *testing.T) {
	tests := []struct {
		word, want string
		ok         bool
	}{
		{"hsiao", "xiao", true},
		{"xiaoping", "xiaobing", true}, // aspiration set aside: p as b
		{"tzu", "zi", true},
		{"chih", "ji", true},
		{"tung", "dong", true},
		{"zedong", "zedong", true},
		{"kuo", "guo", true},
		{"ko", "ge", true},
		{"jen", "ren", true},
		{"smith", "", false},
		{"kim", "", false},
	}
	for _, tt := range tests {
		got, ok := appendChineseSyllables(nil, tt.word)
		if ok != tt.ok || ok && string(got) != tt.want {
			t.Errorf("appendChineseSyllables(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
}
