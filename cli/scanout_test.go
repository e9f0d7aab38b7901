package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/impartial/impartial/scan"
)

// TestScanOutputAsBefore checks that the streamed output of a long text's
// mentions is, byte for byte, what fmt and encoding/json wrote when the
// output was built whole, for strings that need escaping and padding of
// every kind.
func TestScanOutputAsBefore(t *testing.T) {
	parts := []string{"Green", "Сергей Кисляк", "O'Brien", `say "no"`, `a\\b`, "<b>&", "x<y", "x>y", "x&y", "tab\there", "line\u2028sep",
		"bad\xffutf8", "’s", "“Smith”", "中华人民共和国", "\x01", "g000123", "a-very-long-entity-identifier-0001", "é"}
	r := rand.New(rand.NewPCG(4, 4))
	pick := func() string {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		return b.String()
	}
	for _, n := range []int{0, 1, 7, 300} {
		var ms []scan.Mention
		for range n {
			m := scan.Mention{Entity: pick(), Start: r.IntN(1 << 30), End: r.IntN(1 << 30), Surface: pick(), Matched: pick(),
				How: []scan.How{scan.FullName, scan.Surname}[r.IntN(2)], Count: 1}
			if r.IntN(3) == 0 { // a place several entities' names match
				m.Entity, m.Count, m.ByName, m.Why = "", 2+r.IntN(3000), r.IntN(2), pick()
				for range 1 + r.IntN(scan.MaxCandidates) {
					m.Candidates = append(m.Candidates, scan.Candidate{Entity: pick(), Name: pick(), Matched: pick(),
						How: []scan.How{scan.FullName, scan.Surname}[r.IntN(2)], Covered: r.IntN(2) == 0})
				}
			}
			ms = append(ms, m)
		}
		var got, want bytes.Buffer
		js := &mentionJSONStream{w: &got}
		for _, m := range ms {
			if err := js.add(m); err != nil {
				t.Fatal(err)
			}
		}
		if err := js.end("skipped <because>"); err != nil {
			t.Fatal(err)
		}
		out := map[string]any{"mentions": ms, "suggestions": []scan.Suggestion{}, "suggestions_skipped": "skipped <because>"}
		if ms == nil {
			out["mentions"] = []scan.Mention{}
		}
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d mentions: JSON\n got  %s\n want %s", n, got.String(), want.String())
		}
		for _, m := range ms {
			if got, want := string(appendMentionLine(nil, m)), fmt.Sprintf("  %6d-%-6d %-16s %-8s %q\n", m.Start, m.End, mentionWho(m), m.How, m.Surface); got != want {
				t.Errorf("line\n got  %q\n want %q", got, want)
			}
		}
	}
}
