package names

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"testing"
	"time"
)

// BenchmarkIndexServeQueries builds the index of a generated records file
// (IMPARTIAL_SEARCH_BENCH_JSONL, e.g. the output of `impartial gen`; skipped
// without it) and runs the queries impartial-bench sends to serve's
// /v1/search: 200 entity names sampled as it samples them, any schema,
// limit 10. It reports the queries' CPU p50/p99 in process (the serve
// path without HTTP, the store read and JSON) and, with
// IMPARTIAL_SEARCH_BENCH_OUT, writes every query's hits and scores there,
// to compare two builds' results.
func BenchmarkIndexServeQueries(b *testing.B) {
	path := os.Getenv("IMPARTIAL_SEARCH_BENCH_JSONL")
	if path == "" {
		b.Skip("IMPARTIAL_SEARCH_BENCH_JSONL not set")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	ix := NewIndex()
	r := rand.New(rand.NewPCG(1, 2))
	var queries []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var rec struct {
			Record, ID, Kind, Name string
			Aliases                []string
		}
		if json.Unmarshal(sc.Bytes(), &rec) != nil || rec.Record != "entity" {
			continue
		}
		if r.IntN(2000) == 0 && len(queries) < 200 {
			queries = append(queries, rec.Name)
		}
		s := Organization
		switch rec.Kind {
		case "person":
			s = Person
		case "company":
			s = Company
		}
		_ = ix.Add(rec.ID, s, append([]string{rec.Name}, rec.Aliases...), nil)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	ix.Search("warm up", Person, 1)
	var out *bufio.Writer
	if p := os.Getenv("IMPARTIAL_SEARCH_BENCH_OUT"); p != "" {
		of, err := os.Create(p)
		if err != nil {
			b.Fatal(err)
		}
		defer of.Close()
		out = bufio.NewWriter(of)
		defer out.Flush()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var cpu []time.Duration
	var comparisons, postings int
	b.ResetTimer()
	first := true
	for b.Loop() {
		for _, q := range queries {
			c0 := threadCPU()
			hits, st := ix.SearchWithStats(q, "", 10)
			cpu = append(cpu, threadCPU()-c0)
			comparisons += st.Comparisons
			postings += st.PostingsVisited
			if first && out != nil {
				fmt.Fprintf(out, "%q\n", q)
				for _, h := range hits {
					fmt.Fprintf(out, "\t%s %.6f %s\n", h.ID, h.Score, h.Result.Explain())
				}
			}
		}
		first = false
	}
	sort.Slice(cpu, func(i, j int) bool { return cpu[i] < cpu[j] })
	b.ReportMetric(float64(cpu[len(cpu)/2].Microseconds()), "cpu-p50-µs")
	b.ReportMetric(float64(cpu[len(cpu)*99/100].Microseconds()), "cpu-p99-µs")
	b.ReportMetric(float64(comparisons)/float64(len(cpu)), "comparisons/q")
	b.ReportMetric(float64(postings)/float64(len(cpu)), "postings/q")
}
