package rules

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/impartial/impartial"
)

// FuzzParse: whatever the bytes, a rulebook either loads with an id and
// rules, or is refused as invalid input naming what is wrong — never a
// panic or an internal error.
func FuzzParse(f *testing.F) {
	// Seeds: each shipped rulebook cut to its first rule (whole ones take
	// too long per run under the fuzzer's instrumentation).
	files, _ := filepath.Glob("rulebooks/*.json")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var book map[string]any
		if err := json.Unmarshal(b, &book); err != nil {
			f.Fatal(err)
		}
		if rs, ok := book["rules"].([]any); ok && len(rs) > 1 {
			book["rules"] = rs[:1]
		}
		seed, _ := json.Marshal(book)
		f.Add(seed)
	}
	f.Add([]byte(`{"id":"x","version":"1","rules":[{"id":"r","condition":"1 +"}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(data)
		if err != nil {
			if impartial.KindOf(err) != impartial.Invalid {
				t.Fatalf("refused with kind %v, want invalid: %v", impartial.KindOf(err), err)
			}
			return
		}
		if b.ID == "" {
			t.Fatalf("a rulebook without an id loaded: %s", data)
		}
	})
}
