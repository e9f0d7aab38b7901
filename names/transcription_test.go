package names

import (
	"strings"
	"testing"
)

// TestHanTranscription: a foreign name transcribed into Chinese characters
// (parts separated by a middle dot) meets its Latin spelling by sound,
// part by part: clusters broken by vowels, r as l, finals dropped or
// added, t and d palatalised before i; another name with the same first
// name does not. Names of public and historical figures, from general
// knowledge.
func TestHanTranscription(t *testing.T) {
	tests := []struct {
		a, b  string
		match bool
	}{
		{"约翰·肯尼迪", "John Kennedy", true},
		{"玛格丽特·撒切尔", "Margaret Thatcher", true},
		{"查尔斯·狄更斯", "Charles Dickens", true},
		{"阿尔伯特·爱因斯坦", "Albert Einstein", true}, // yin: Ein-
		{"列夫·托尔斯泰", "Lev Tolstoy", true},
		{"乔治·华盛顿", "George Washington", true}, // hua: Wa-
		{"Abraham Lincoln", "亚伯拉罕·林肯", true},  // either side
		{"约翰·肯尼迪", "John Lennon", false},
		{"查尔斯·狄更斯", "Charles Darwin", false},
		{"乔治·华盛顿", "George Harrison", false},
		{"列夫·托尔斯泰", "Lev Trotsky", false},
		{"阿尔伯特·爱因斯坦", "Albert Eisenberg", false},
		{"王小明", "Wang Xiaoming", true}, // a Chinese name: pinyin, as before
	}
	for _, tt := range tests {
		r := Compare(tt.a, tt.b, Person)
		if r.Match != tt.match {
			t.Errorf("Compare(%q, %q).Match = %v (%.2f), want %v\n%s", tt.a, tt.b, r.Match, r.Score, tt.match, r.Explain())
			continue
		}
		if tt.match && strings.ContainsAny(tt.a+tt.b, "·") && !strings.Contains(r.Explain(), "transcribed") {
			t.Errorf("Compare(%q, %q): explanation does not say the name was read by sound:\n%s", tt.a, tt.b, r.Explain())
		}
	}
}

// TestLatinSounds: the consonant sounds of a Latin word, digraphs as one.
func TestLatinSounds(t *testing.T) {
	tests := []struct{ word, want string }{
		{"thatcher", "th ch r"},
		{"philip", "f l p"},
		{"george", "j r j"},
		{"dickens", "d k n s"},
		{"vladimir", "f l d m r"},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range latinSounds(tt.word, nil) {
			got = append(got, s.c)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("latinSounds(%q) = %q, want %q", tt.word, strings.Join(got, " "), tt.want)
		}
	}
}
