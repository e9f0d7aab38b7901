package service_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/names"
	"github.com/impartial/impartial/scan"
	"github.com/impartial/impartial/screen"
	"github.com/impartial/impartial/service"
	"github.com/impartial/impartial/synth"
)

// TestKeyedSearchAndScan: a one-shot service, which reads only the entities
// the store's entity keys give for a query, finds the same names (ids and
// scores) as a name index over every entity, and the same mentions as an
// automaton over every entity — for names as written, misspelt, reordered,
// abbreviated and shortened, and for texts of one chunk and of several.
func TestKeyedSearchAndScan(t *testing.T) {
	t.Parallel() // its own databases: runs beside the other large data sets, one waiting on PostgreSQL while another computes
	var file bytes.Buffer
	dw, err := dataset.NewWriter(&file)
	if err != nil {
		t.Fatal(err)
	}
	var ents []*impartial.Entity
	if err := synth.Generate(context.Background(), synth.DefaultConfig(3000), func(rec any) error {
		if e, ok := rec.(*impartial.Entity); ok {
			ents = append(ents, e)
		}
		return dw.Write(rec.(dataset.Record))
	}); err != nil {
		t.Fatal(err)
	}
	if err := dw.Flush(); err != nil {
		t.Fatal(err)
	}
	// As a store lists them, and a service builds its index: by id.
	slices.SortFunc(ents, func(a, b *impartial.Entity) int { return strings.Compare(a.ID, b.ID) })
	full, err := screen.NewNameIndex(ents)
	if err != nil {
		t.Fatal(err)
	}
	// With the typo tables a large index has: without them a small one
	// also finds words two edits away that share no deletion.
	full.BuildTypoTables()
	automaton := scan.NewIndex(ents)

	r := rand.New(rand.NewPCG(7, 11))
	var queries []string
	for len(queries) < 300 {
		e := ents[r.IntN(len(ents))]
		n := e.Name
		if ns := e.Names(); len(ns) > 1 && r.IntN(3) == 0 {
			n = ns[1+r.IntN(len(ns)-1)]
		}
		ws := strings.Fields(n)
		switch len(queries) % 6 {
		case 1: // a letter dropped from the longest word
			i := longest(ws)
			if len(ws[i]) > 4 {
				k := 1 + r.IntN(len(ws[i])-2)
				ws[i] = ws[i][:k] + ws[i][k+1:]
			}
		case 2: // two letters swapped
			i := longest(ws)
			if len(ws[i]) > 4 {
				k := 1 + r.IntN(len(ws[i])-3)
				b := []byte(ws[i])
				b[k], b[k+1] = b[k+1], b[k]
				ws[i] = string(b)
			}
		case 3: // family name first
			if len(ws) > 1 {
				ws = append([]string{ws[len(ws)-1] + ","}, ws[:len(ws)-1]...)
			}
		case 4: // the first word only, or initial and last word
			if len(ws) > 2 {
				ws = []string{ws[0][:1] + ".", ws[len(ws)-1]}
			} else {
				ws = ws[:1]
			}
		case 5: // lower case, a letter inserted
			i := longest(ws)
			ws[i] = ws[i][:1] + "e" + ws[i][1:]
			for j := range ws {
				ws[j] = strings.ToLower(ws[j])
			}
		}
		queries = append(queries, strings.Join(ws, " "))
	}
	queries = append(queries, "Smith", "John", "Holdings", "International Group", "nobody at all")

	filler := strings.Fields("the committee said on Tuesday that the report had been reviewed by officials who met with the board after filings in March")
	text := func(size int) string {
		var b strings.Builder
		for b.Len() < size {
			switch e := ents[r.IntN(len(ents))]; {
			case r.IntN(8) == 0:
				b.WriteString(e.Name)
			case r.IntN(16) == 0: // a family name alone, or possessive
				ws := strings.Fields(e.Name)
				b.WriteString(ws[len(ws)-1])
				if r.IntN(2) == 0 {
					b.WriteString("'s")
				}
			default:
				b.WriteString(filler[r.IntN(len(filler))])
			}
			b.WriteByte(' ')
		}
		return b.String()
	}
	texts := []string{text(4096), text(64 << 10), text(scan.ChunkSize*2 + 12345)}

	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s)
		if _, err := svc.Import(ctx, bytes.NewReader(file.Bytes()), "gen.jsonl", service.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		svc = service.New(s) // a one-shot command's
		differ := 0
		for _, q := range queries {
			for _, kind := range []impartial.EntityKind{"", impartial.Person} {
				schema := names.Schema("")
				if kind != "" {
					schema = screen.NameSchema(kind)
				}
				got, err := svc.SearchNames(ctx, q, kind, 10)
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for _, h := range full.Search(q, schema, 10) {
					want = append(want, fmt.Sprintf("%s=%.4f", h.ID, h.Score))
				}
				var g []string
				for _, h := range got {
					g = append(g, fmt.Sprintf("%s=%.4f", h.Entity.ID, h.Score))
				}
				if !sameHits(g, want) {
					differ++
					t.Errorf("search %q (%s): keyed %v, full index %v", q, schema, g, want)
				}
			}
		}
		t.Logf("%d searches, %d differ", 2*len(queries), differ)
		for i, tx := range texts {
			var got, want []string
			if _, err := svc.Scan(ctx, strings.NewReader(tx), func(m scan.Mention) error {
				got = append(got, fmt.Sprintf("%d-%d:%s:%s:%s:%d:%v", m.Start, m.End, m.Entity, m.Matched, m.How, m.Count, m.Candidates))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			automaton.ScanReader(strings.NewReader(tx), func(m scan.Mention) error {
				want = append(want, fmt.Sprintf("%d-%d:%s:%s:%s:%d:%v", m.Start, m.End, m.Entity, m.Matched, m.How, m.Count, m.Candidates))
				return nil
			})
			if len(want) == 0 {
				t.Fatalf("text %d: no mentions to compare", i)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("text %d (%d bytes): keyed scan gives %d mentions, the full automaton %d; first difference at %s", i, len(tx), len(got), len(want), firstDiff(got, want))
			}
		}
	})
}

func longest(ws []string) int {
	k := 0
	for i, w := range ws {
		if len(w) > len(ws[k]) {
			k = i
		}
	}
	return k
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("%d: %s vs %s", i, a[i], b[i])
		}
	}
	return fmt.Sprint(min(len(a), len(b)))
}

// sameHits compares two hit lists ("id=score", best first): the same
// scores, and the same entities except among those tied at the lowest
// score, where which of the tied entities fill the list is the index's
// choice.
func sameHits(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 {
		return true
	}
	score := func(h string) string { return h[strings.IndexByte(h, '=')+1:] }
	low := score(a[len(a)-1])
	for i := range a {
		if score(a[i]) != score(b[i]) {
			return false
		}
		if score(a[i]) != low && a[i] != b[i] {
			return false
		}
	}
	return true
}
