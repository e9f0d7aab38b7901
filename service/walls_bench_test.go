package service_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
	"github.com/impartial/impartial/sqlite"
	"github.com/impartial/impartial/synth"
)

// wallBench is a SQLite database with 10,000 covered persons and 100,000
// open matters (synthetic), a thousand of the persons recused by topic,
// built once per run of the benchmarks.
var wallBench struct {
	once    sync.Once
	path    string
	persons []string
	matters []string
	err     error
}

func wallBenchDB(b *testing.B) (string, []string, []string) {
	wallBench.once.Do(func() {
		dir, err := os.MkdirTemp("", "impartial-wallbench")
		if err != nil {
			wallBench.err = err
			return
		}
		wallBench.path = filepath.Join(dir, "bench.db")
		ctx := context.Background()
		s, err := sqlite.Open(ctx, wallBench.path)
		if err != nil {
			wallBench.err = err
			return
		}
		defer s.Close()
		cfg := synth.Config{Seed: 1, Entities: 100_000, Relationships: 150_000, Covered: 10_000, Contacts: 1000,
			Matters: 100_000, PartiesPerMatter: 3, TeamPerMatter: 2}
		pr, pw := io.Pipe()
		go func() {
			w, err := dataset.NewWriter(pw)
			if err == nil {
				err = synth.Generate(ctx, cfg, func(rec any) error {
					switch r := rec.(type) {
					case *impartial.Entity:
						if r.Coverage != nil {
							wallBench.persons = append(wallBench.persons, r.ID)
						}
					case *impartial.Matter:
						wallBench.matters = append(wallBench.matters, r.ID)
					}
					return w.Write(rec.(dataset.Record))
				})
			}
			if err == nil {
				err = w.Flush()
			}
			pw.CloseWithError(err)
		}()
		svc := service.New(s)
		if _, err := svc.Import(ctx, pr, "synthetic", service.ImportOptions{}); err != nil {
			wallBench.err = err
			return
		}
		ethics := impartial.Actor{ID: "bench", Role: impartial.Ethics}
		topics := []string{"antitrust", "export controls", "securities fraud", "public corruption", "healthcare fraud"}
		for i, p := range wallBench.persons[:1000] {
			r := &impartial.Recusal{ID: fmt.Sprint("rb", i), Person: p, Effective: impartial.MustDate("2020-01-01"),
				Topics: []string{topics[i%len(topics)]}, ScopeText: "matters on " + topics[i%len(topics)]}
			if err := svc.RecordRecusal(ctx, ethics, r); err != nil {
				wallBench.err = err
				return
			}
		}
	})
	if wallBench.err != nil {
		b.Fatal(wallBench.err)
	}
	return wallBench.path, wallBench.persons, wallBench.matters
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
}

// BenchmarkCheck measures an in-process wall check on SQLite with 10,000
// covered persons and 100,000 matters: each check reads the committed wall
// revision, then answers from the cache (or loads and caches what it lacks).
func BenchmarkCheck(b *testing.B) {
	path, persons, matters := wallBenchDB(b)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// As the CLI and the server run it: confidential checks journaled.
	svc := service.New(s, service.WithReadJournal(b.TempDir()))
	system := impartial.Actor{ID: "bench", Role: impartial.System}
	rng := rand.New(rand.NewPCG(1, 2))
	// A working set of 1,000 persons × 1,000 matters, warmed once.
	ps, ms := persons[:1000], matters[:1000]
	for i := range 1000 {
		svc.Check(ctx, system, ps[i], impartial.View, ms[i])
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		p, m := ps[rng.IntN(len(ps))], ms[rng.IntN(len(ms))]
		t0 := time.Now()
		if _, err := svc.Check(ctx, system, p, impartial.View, m); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// BenchmarkRecusalToDeny measures the time from a committed recusal to the
// first deny for the person, and counts stale allows (there must be none).
func BenchmarkRecusalToDeny(b *testing.B) {
	path, persons, matters := wallBenchDB(b)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	svc := service.New(s)
	system := impartial.Actor{ID: "bench", Role: impartial.System}
	ethics := impartial.Actor{ID: "bench", Role: impartial.Ethics}
	stale := 0
	lat := make([]time.Duration, 0, b.N)
	for i := range b.N {
		p := persons[2000+i%len(persons[2000:])]
		m := matters[i%len(matters)]
		svc.Check(ctx, system, p, impartial.View, m) // warm: cached as it was
		r := &impartial.Recusal{ID: fmt.Sprintf("rd%d-%d", i, time.Now().UnixNano()), Person: p,
			Effective: impartial.MustDate("2020-01-01"), Matters: []string{m}, ScopeText: "bench"}
		if err := svc.RecordRecusal(ctx, ethics, r); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		d, err := svc.Check(ctx, system, p, impartial.View, m)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		if d.Allow {
			stale++
		}
	}
	reportPercentiles(b, lat)
	b.ReportMetric(float64(stale), "stale-allows")
}

// BenchmarkCheckConfidential measures what accounting for a check of a
// confidential matter costs on the check path, against a check of a public
// one: with the read journal (a write to the journal file before the answer,
// the way the CLI and the server run), and without it (the check waits for
// the transaction that commits its count).
func BenchmarkCheckConfidential(b *testing.B) {
	for _, bc := range []struct {
		name, matter string
		journal      bool
	}{
		{"public", "m-pharma", true},
		{"journal", "m-russia-2016", true},
		{"sync", "m-russia-2016", false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var opts []service.Option
			if bc.journal {
				opts = append(opts, service.WithReadJournal(b.TempDir()))
			}
			svc := service.New(s, opts...)
			if _, err := svc.Import(ctx, refcase.Open(), refcase.FileName, service.ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			system := impartial.Actor{ID: "bench", Role: impartial.System}
			svc.Check(ctx, system, "sessions", impartial.View, bc.matter)
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				t0 := time.Now()
				if _, err := svc.Check(ctx, system, "sessions", impartial.View, bc.matter); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				if i%5000 == 4999 {
					b.StopTimer() // as the server does each second
					if err := svc.FlushReads(ctx); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
			}
			b.StopTimer()
			reportPercentiles(b, lat)
		})
	}
}
