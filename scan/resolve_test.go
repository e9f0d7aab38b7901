package scan

import "testing"

// A family name alone that the text has named in full before is taken as
// that entity, and the mention then reports that entity's own name as
// matched — not the name of whichever candidate was listed first.
func TestResolvedMentionReportsItsOwnName(t *testing.T) {
	ix := NewIndex(suggestEntities())
	text := "Jeff Sessions spoke at noon. Later Sessions met Sergey Kislyak in 2016."
	n := 0
	for _, m := range ix.Resolve(ix.Scan(text)) {
		if !m.Ambiguous() || m.Entity == "" {
			continue
		}
		n++
		if got, want := m.Entity, "sessions"; got != want {
			t.Fatalf("resolved to %q, want %q", got, want)
		}
		if got, want := m.Matched, "Jeff Sessions"; got != want {
			t.Errorf("mention %q resolved to %s: matched = %q, want %q", m.Surface, m.Entity, got, want)
		}
		if got, want := m.How, Surname; got != want {
			t.Errorf("mention %q: how = %v, want %v", m.Surface, got, want)
		}
	}
	if n != 1 {
		t.Fatalf("%d resolved mentions, want 1", n)
	}
}
