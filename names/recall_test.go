package names

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/synth"
)

// Index recall on perturbed names: entities of the synthetic data set
// (package synth) are indexed, a sample of their names is perturbed the
// ways real queries differ from the record (a typo, the other word order,
// a nickname, another script), and the right entity — or one with the
// identical name, which no matcher can tell apart — must be in the top 10.

// synthEntity is what the index and the recall check need of an entity.
type synthEntity struct {
	id     string
	schema Schema
	names  []string
}

var errEnoughEntities = errors.New("entities done")

// synthEntities generates n synthetic entities, stopping before the
// relationships and matters.
func synthEntities(tb testing.TB, n int, each func(synthEntity)) {
	cfg := synth.DefaultConfig(n)
	err := synth.Generate(context.Background(), cfg, func(rec any) error {
		e, ok := rec.(*impartial.Entity)
		if !ok {
			return errEnoughEntities
		}
		s := Organization
		switch e.Kind {
		case impartial.Person:
			s = Person
		case impartial.Company:
			s = Company
		}
		each(synthEntity{id: e.ID, schema: s, names: e.Names()})
		return nil
	})
	if err != nil && !errors.Is(err, errEnoughEntities) {
		tb.Fatal(err)
	}
}

// Perturbations of a query name.
const (
	perturbTypo = iota
	perturbSwap
	perturbNickname
	perturbScript
	nPerturb
)

var perturbNames = [nPerturb]string{"typo", "swap", "nickname", "script"}

// nicknameOf maps a listed given name to another name of one of its
// groups, spelt as the table spells it, for the nickname perturbation.
var nicknameOf = func() map[string]string {
	m := map[string]string{}
	for _, data := range []string{givenNamesData, nicknamesData} {
		for _, line := range strings.Split(data, "\n") {
			if line == crossLangMarker {
				break
			}
			if strings.HasPrefix(line, "#") {
				continue
			}
			canon, rest, ok := strings.Cut(line, ":")
			ws := strings.Fields(rest)
			if !ok || len(ws) == 0 {
				continue
			}
			canon = strings.TrimSpace(canon)
			if _, seen := m[canon]; !seen {
				m[canon] = ws[0]
			}
			for _, w := range ws {
				if _, seen := m[w]; !seen {
					m[w] = canon
				}
			}
		}
	}
	return m
}()

// latinToCyrillic writes a Latin name in Cyrillic letters, digraphs first:
// how a Russian-language source would spell a foreign name.
var latinToCyrillic = strings.NewReplacer(
	"shch", "щ", "sh", "ш", "ch", "ч", "zh", "ж", "kh", "х", "ts", "ц", "ya", "я", "yu", "ю",
	"a", "а", "b", "б", "c", "к", "d", "д", "e", "е", "f", "ф", "g", "г", "h", "х", "i", "и",
	"j", "дж", "k", "к", "l", "л", "m", "м", "n", "н", "o", "о", "p", "п", "q", "к", "r", "р",
	"s", "с", "t", "т", "u", "у", "v", "в", "w", "в", "x", "кс", "y", "й", "z", "з",
)

// silentH drops the letters a Russian spelling does not write (John is
// Джон, Sarah Сара) and renders English long vowels.
var silentH = strings.NewReplacer("ah", "a", "eh", "e", "oh", "o", "uh", "u", "jh", "j", "ee", "i", "oo", "u", "ph", "f", "th", "t")

// perturb returns the name changed in the given way, or "" when the way
// does not apply (a one-word name cannot be swapped, a name without a
// listed given name has no nickname, only Latin names are rewritten in
// Cyrillic).
func perturb(r *rand.Rand, name string, how int, schema Schema) string {
	ws := strings.Fields(name)
	switch how {
	case perturbTypo:
		// one edit in the longest word, never its first letter
		k := 0
		for i, w := range ws {
			if len(w) > len(ws[k]) {
				k = i
			}
		}
		w := []rune(ws[k])
		if len(w) < 4 {
			return ""
		}
		p := 1 + r.IntN(len(w)-1)
		op := r.IntN(3)
		if !isASCII(ws[k]) && op == 0 {
			op = 1 + r.IntN(2) // no Latin letter inside another script
		}
		switch op {
		case 0: // substitution
			w[p] = rune('a' + r.IntN(26))
		case 1: // deletion
			w = append(w[:p], w[p+1:]...)
		default: // transposition
			if p == len(w)-1 {
				p--
			}
			if p == 0 {
				return ""
			}
			w[p], w[p+1] = w[p+1], w[p]
		}
		ws[k] = string(w)
	case perturbSwap:
		if schema != Person || len(ws) < 2 {
			return ""
		}
		ws = append([]string{ws[len(ws)-1]}, ws[:len(ws)-1]...)
	case perturbNickname:
		if schema != Person || len(ws) < 2 {
			return ""
		}
		nick, ok := nicknameOf[strings.ToLower(ws[0])]
		if !ok {
			return ""
		}
		ws[0] = capitalise(nick)
	case perturbScript:
		if schema != Person || !isASCII(name) {
			return ""
		}
		return latinToCyrillic.Replace(silentH.Replace(strings.ToLower(name)))
	}
	return strings.Join(ws, " ")
}

// recallRun indexes n synthetic entities, queries about `queries` perturbed
// names and reports recall@10 per perturbation, latencies, build time and
// heap growth.
type recallRun struct {
	build      time.Duration
	buildCPU   time.Duration // CPU time of the build, all threads
	heapMB     float64
	found, all [nPerturb]int
	lat        []time.Duration
	cpu        []time.Duration // CPU time of each query on its thread
}

func runRecall(tb testing.TB, n, queries int) recallRun {
	var run recallRun
	// generated first, so that the build time and heap are the index's
	ents := make([]synthEntity, 0, n)
	synthEntities(tb, n, func(e synthEntity) { ents = append(ents, e) })
	every := max(1, len(ents)/queries)
	var sample []synthEntity
	for i := 0; i < len(ents); i += every {
		sample = append(sample, ents[i])
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start, cpu0 := time.Now(), processCPU()
	ix := NewIndex()
	for _, e := range ents {
		if err := ix.Add(e.id, e.schema, e.names, nil); err != nil {
			tb.Fatal(err)
		}
	}
	ix.Search("warm up", Person, 1) // builds the derived tables
	run.build, run.buildCPU = time.Since(start), processCPU()-cpu0
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	run.heapMB = (float64(after.HeapInuse) - float64(before.HeapInuse)) / (1 << 20)
	runtime.KeepAlive(ents)

	r := rand.New(rand.NewPCG(7, 11))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	verbose := os.Getenv("IMPARTIAL_RECALL_MISSES") != ""
	for k, e := range sample {
		how := k % nPerturb
		orig := e.names[r.IntN(len(e.names))]
		q := perturb(r, orig, how, e.schema)
		if q == "" {
			continue
		}
		run.all[how]++
		t0, c0 := time.Now(), threadCPU()
		hits := ix.Search(q, e.schema, 10)
		run.lat = append(run.lat, time.Since(t0))
		run.cpu = append(run.cpu, threadCPU()-c0)
		if verbose && run.lat[len(run.lat)-1] > 2*time.Millisecond {
			fmt.Fprintf(os.Stderr, "slow %v %s %q\n", run.lat[len(run.lat)-1], perturbNames[how], q)
		}
		ok := false
		for _, h := range hits {
			// the entity, or one whose name is identical to the original or
			// to the query itself ("Matt Moore" for "Matthew M. Moore"
			// finds the Matt Moores first, rightly)
			if nb := Normalize(h.Result.B); h.ID == e.id || nb == Normalize(orig) || nb == Normalize(q) {
				ok = true
				break
			}
		}
		if ok {
			run.found[how]++
		} else if verbose {
			top := ""
			if len(hits) > 0 {
				top = fmt.Sprintf("%s %.2f %q", hits[0].ID, hits[0].Score, hits[0].Result.B)
			}
			fmt.Fprintf(os.Stderr, "missed %s %s %q for %q (%d hits, top %s)\n", perturbNames[how], e.id, q, orig, len(hits), top)
		}
	}
	sort.Slice(run.lat, func(i, j int) bool { return run.lat[i] < run.lat[j] })
	sort.Slice(run.cpu, func(i, j int) bool { return run.cpu[i] < run.cpu[j] })
	return run
}

func (run recallRun) recall() float64 {
	f, a := 0, 0
	for i := range nPerturb {
		f += run.found[i]
		a += run.all[i]
	}
	return float64(f) / float64(max(a, 1))
}

// TestIndexPerturbedRecall is the small, fast version of
// BenchmarkIndexRecall: 20,000 synthetic entities, 800 perturbed queries.
func TestIndexPerturbedRecall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of 20,000 entities")
	}
	run := runRecall(t, 20000, 800)
	for i := range nPerturb {
		rate := float64(run.found[i]) / float64(max(run.all[i], 1))
		t.Logf("%-8s %d/%d = %.3f", perturbNames[i], run.found[i], run.all[i], rate)
		if run.all[i] < 50 {
			t.Errorf("%s: only %d queries could be perturbed, want ≥ 50", perturbNames[i], run.all[i])
		}
		if rate < 0.9 {
			t.Errorf("%s: recall@10 = %.3f, want ≥ 0.90", perturbNames[i], rate)
		}
	}
	if r := run.recall(); r < 0.95 {
		t.Errorf("recall@10 on perturbed names = %.3f, want ≥ 0.95", r)
	}
}

// BenchmarkIndexRecall builds the index of the synthetic data set
// (1,000,000 entities, or IMPARTIAL_INDEX_BENCH_N) and reports recall@10
// of perturbed queries (typo, swap, nickname, script), overall and per
// perturbation, with build time, heap and query latency. On a shared
// machine the wall-clock figures include the time spent waiting for a
// core; the CPU figures (the build's over all threads, each query's on
// its own thread) are the work done.
func BenchmarkIndexRecall(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("IMPARTIAL_INDEX_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	var run recallRun
	for b.Loop() {
		run = runRecall(b, n, 2000)
	}
	b.ReportMetric(run.build.Seconds(), "build-s")
	b.ReportMetric(run.heapMB, "heap-MB")
	b.ReportMetric(float64(run.lat[len(run.lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(run.lat[len(run.lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(run.buildCPU.Seconds(), "build-cpu-s")
	b.ReportMetric(float64(run.cpu[len(run.cpu)/2].Microseconds()), "cpu-p50-µs")
	b.ReportMetric(float64(run.cpu[len(run.cpu)*99/100].Microseconds()), "cpu-p99-µs")
	b.ReportMetric(float64(len(run.lat)), "queries")
	b.ReportMetric(run.recall(), "recall@10")
	for i := range nPerturb {
		b.ReportMetric(float64(run.found[i])/float64(max(run.all[i], 1)), "recall-"+perturbNames[i])
	}
}
