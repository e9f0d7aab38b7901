package names

import (
	"slices"
	"strings"
	"testing"
)

// TestHanReadings: a Korean or Japanese name written in Chinese characters
// meets its Latin spelling through the characters' Korean or Japanese
// readings (Unihan), with the romanisation variants, long vowels written
// short, stems of native readings, voicing in compounds and doubled
// consonants; a reading that leaves a character unexplained, or spells
// another name, does not match. Names of public figures and invented
// ones, from general knowledge.
func TestHanReadings(t *testing.T) {
	tests := []struct {
		a, b   string
		schema Schema
		match  bool
		lang   string // the reading the explanation must name, if a match
	}{
		{"李明博", "Lee Myung-bak", Person, true, "Korean"},
		{"文在寅", "Moon Jae-in", Person, true, "Korean"},
		{"Moon Jae In", "文在寅", Person, true, "Korean"},        // either side
		{"朴正煕", "Pak Chong-hui", Person, true, "Korean"},      // McCune–Reischauer spelling
		{"山田太郎", "Yamada Taro", Person, true, "Japanese"},     // 田 ta → da in a compound
		{"鈴木一郎", "Ichiro Suzuki", Person, true, "Japanese"},   // either order
		{"伊藤博文", "Ito Hirobumi", Person, true, "Japanese"},    // long vowel written short
		{"小林誠", "Kobayashi Makoto", Person, true, "Japanese"}, // h → b in a compound
		{"三菱商事", "Mitsubishi Shoji", Company, true, "Japanese"},
		{"鈴木一郎", "Tanaka Ichiro", Person, false, ""}, // another surname
		{"山田太郎", "Yamada Hanako", Person, false, ""}, // another given name
		{"王伟", "Jie Wang", Person, false, ""},        // one character reads as nothing of the other name
		{"习近平", "Xi Jinping", Person, true, ""},      // Chinese: pinyin, as before
	}
	for _, tt := range tests {
		r := Compare(tt.a, tt.b, tt.schema)
		if r.Match != tt.match {
			t.Errorf("Compare(%q, %q).Match = %v (%.2f), want %v\n%s", tt.a, tt.b, r.Match, r.Score, tt.match, r.Explain())
			continue
		}
		if tt.lang != "" && !strings.Contains(r.Explain(), "read as "+tt.lang) {
			t.Errorf("Compare(%q, %q): explanation does not say it was read as %s:\n%s", tt.a, tt.b, tt.lang, r.Explain())
		}
	}
}

// TestHanReadingSpellings: the spellings derived from the readings of the
// table.
func TestHanReadingSpellings(t *testing.T) {
	tests := []struct {
		han  rune
		lang hanLang
		want []string
	}{
		{'金', hanKorean, []string{"kim", "gim", "keum", "kum"}},
		{'正', hanKorean, []string{"jeong", "jong", "jung", "chong"}},
		{'中', hanJapanese, []string{"naka", "chuu", "chu"}},
		{'高', hanJapanese, []string{"takai", "taka", "kou", "ko", "koh"}},
	}
	for _, tt := range tests {
		got := hanSpellings(tt.han, tt.lang)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%c in %v: spellings %v lack %q", tt.han, tt.lang, got, w)
			}
			if spellEnds(hanReadings(), []rune{tt.han}, w, 0, tt.lang, true)&(1<<1) == 0 {
				t.Errorf("%c in %v does not spell %q", tt.han, tt.lang, w)
			}
		}
	}
}

// BenchmarkCompareHanReading times Compare on names in Chinese characters
// against Latin spellings that only a Korean or Japanese reading meets
// (the reading path; the table is built before the timer starts).
func BenchmarkCompareHanReading(b *testing.B) {
	hanReadings()
	benchCompare(b, [][3]string{{"山田太郎", "Yamada Taro", "Person"}, {"李明博", "Lee Myung-bak", "Person"}, {"鈴木一郎", "Tanaka Ichiro", "Person"}})
}

// TestHanForms: between two names in Chinese characters the characters
// decide: a character in its simplified or traditional form, or a variant
// of it, is the same; another character that only sounds the same is
// another name. Names of public figures and invented ones.
func TestHanForms(t *testing.T) {
	tests := []struct {
		a, b  string
		match bool
		how   string
	}{
		{"毛澤東", "毛泽东", true, HowHanForm},
		{"鄧小平", "邓小平", true, HowHanForm},
		{"髙橋一郎", "高橋一郎", true, HowHanSemantic},
		{"张伟", "张为", false, ""},   // wei and wei: two names
		{"李石明", "李市明", false, ""}, // shi and shi
	}
	for _, tt := range tests {
		r := Compare(tt.a, tt.b, Person)
		if r.Match != tt.match {
			t.Errorf("Compare(%q, %q).Match = %v (%.2f), want %v\n%s", tt.a, tt.b, r.Match, r.Score, tt.match, r.Explain())
			continue
		}
		if tt.how != "" && !strings.Contains(r.Explain(), tt.how) {
			t.Errorf("Compare(%q, %q): explanation lacks %q:\n%s", tt.a, tt.b, tt.how, r.Explain())
		}
	}
}
