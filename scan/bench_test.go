package scan

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/synth"
)

var prose = strings.Fields(`The committee said on Tuesday that the report, first published last week,
had been reviewed by officials who declined to comment. According to filings made in March, the company's
board approved the transaction after a meeting with regulators; a spokesperson would not say whether
investigators had been informed. Shares rose 3.2% in early trading.`)

// synthEntities returns the entities of a generated set of n.
func synthEntities(b *testing.B, n int) []*impartial.Entity {
	var es []*impartial.Entity
	err := synth.Generate(context.Background(), synth.DefaultConfig(n), func(rec any) error {
		if e, ok := rec.(*impartial.Entity); ok {
			es = append(es, e)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return es
}

// BenchmarkScan measures the build of the automaton over the names of a
// generated set and the scan of 8 MB of text through it, streamed in chunks:
// prose where one word in 300 starts a known name, and a dense text where one
// in 30 does (a generated surname is shared by hundreds of entities, each a
// mention of its own).
//
//	go test ./scan -run '^$' -bench Scan -benchtime 3x -entities 1000000
func BenchmarkScan(b *testing.B) {
	es := synthEntities(b, *benchEntities)
	start := time.Now()
	ix := NewIndex(es)
	b.ReportMetric(time.Since(start).Seconds(), "build-s")
	for _, every := range []int{300, 30} {
		r := rand.New(rand.NewPCG(1, 1))
		var sb strings.Builder
		for sb.Len() < 8<<20 {
			if r.IntN(every) == 0 {
				sb.WriteString(randomText(r, es, 1))
			} else {
				sb.WriteString(prose[r.IntN(len(prose))])
				sb.WriteString(" ")
			}
		}
		text := sb.String()
		b.Run(fmt.Sprintf("one-name-in-%d-words", every), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for range b.N {
				n := 0
				if _, err := ix.ScanReader(strings.NewReader(text), func(Mention) error { n++; return nil }); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n), "mentions")
			}
		})
	}
}

var benchEntities = flag.Int("entities", 100000, "entities in the generated set of BenchmarkScan")
