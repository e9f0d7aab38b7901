package names

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"
)

// buildTestIndex indexes a few known entities among n synthetic ones.
func buildTestIndex(t testing.TB, n int) *Index {
	t.Helper()
	ix := NewIndex()
	known := []struct {
		id     string
		schema Schema
		names  []string
	}{
		{"sessions", Person, []string{"Jefferson Beauregard Sessions III", "SESSIONS, Jeff"}},
		{"kislyak", Person, []string{"Сергей Иванович Кисляк", "Sergey Kislyak"}},
		{"lukashenko", Person, []string{"Alexander Lukashenko", "Аляксандр Лукашэнка"}},
		{"mitsotakis", Person, []string{"Κυριάκος Μητσοτάκης"}},
		{"saakashvili", Person, []string{"მიხეილ სააკაშვილი"}},
		{"pashinyan", Person, []string{"Նիկոլ Փաշինյան"}},
		{"assad", Person, []string{"بشار الأسد"}},
		{"siemens", Company, []string{"Siemens Aktiengesellschaft"}},
		{"gazprom", Company, []string{"Open Joint Stock Company Gazprom", "ОАО Газпром"}},
		{"goodwill", Company, []string{"Goodwill Company"}},
	}
	for _, k := range known {
		if err := ix.Add(k.id, k.schema, k.names, nil); err != nil {
			t.Fatal(err)
		}
	}
	g := newNameGen(42)
	for i := range n {
		s, al := g.entity()
		if err := ix.Add(fmt.Sprintf("e%d", i), s, al, nil); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

func TestIndexSearch(t *testing.T) {
	ix := buildTestIndex(t, 20000)
	tests := []struct {
		query  string
		schema Schema
		want   string
	}{
		{"Jeff Sessions", Person, "sessions"},
		{"Attorney General Jeff Sessions", Person, "sessions"},
		{"Sergei Kisliak", Person, "kislyak"},
		{"Кисляк Сергей", Person, "kislyak"},
		{"Alexandr Lukashnko", Person, "lukashenko"},      // typos
		{"Aleksandr Lukashenka", Person, "lukashenko"},    // Belarusian spelling
		{"Kyriakos Mitsotakis", Person, "mitsotakis"},     // Greek
		{"Mikheil Saakashvili", Person, "saakashvili"},    // Georgian
		{"Nikol Pashinyan", Person, "pashinyan"},          // Armenian
		{"Bashar al-Assad", Person, "assad"},              // Arabic
		{"Siemens AG", Company, "siemens"},                // legal form
		{"SiemensAG", Company, "siemens"},                 // joined words
		{"Gazprom OAO", Company, "gazprom"},               // legal form, order
		{"Good Will Company", Company, "goodwill"},        // split words
		{"Siemens Aktiengeselschaft", Company, "siemens"}, // typo in legal form
	}
	for _, tt := range tests {
		hits, st := ix.SearchWithStats(tt.query, tt.schema, 5)
		if len(hits) == 0 || hits[0].ID != tt.want {
			var got []string
			for _, h := range hits {
				got = append(got, fmt.Sprintf("%s %.2f", h.ID, h.Score))
			}
			t.Errorf("Search(%q) = %v, want %s first", tt.query, got, tt.want)
			continue
		}
		if !hits[0].Result.Match {
			t.Errorf("Search(%q): top hit %s scores %.2f, not a match\n%s", tt.query, hits[0].ID, hits[0].Score, hits[0].Result.Explain())
		}
		// the index must not compare against everything
		if st.Comparisons > 3*searchCandidates*3 || st.Comparisons >= ix.Len() {
			t.Errorf("Search(%q) made %d comparisons over %d entities", tt.query, st.Comparisons, ix.Len())
		}
	}
}

func TestIndexSchemaAndEmpty(t *testing.T) {
	ix := NewIndex()
	if err := ix.Add("", Person, []string{"x"}, nil); err == nil {
		t.Error("Add with empty id: want an error")
	}
	if err := ix.Add("a", Person, []string{" "}, nil); err == nil {
		t.Error("Add without names: want an error")
	}
	if hits := ix.Search("anything", Person, 5); len(hits) != 0 {
		t.Errorf("empty index returned %v", hits)
	}
	_ = ix.Add("p", Person, []string{"Jordan Peterson"}, []Identifier{{"wikidata", "Q123"}})
	_ = ix.Add("c", Company, []string{"Jordan Peterson Ltd"}, nil)
	hits := ix.Search("Jordan Peterson", Person, 5)
	if len(hits) != 1 || hits[0].ID != "p" {
		t.Errorf("person query: got %v, want only the person", hits)
	}
	hits = ix.Search("Jordan Peterson Limited", Company, 5)
	if len(hits) != 1 || hits[0].ID != "c" {
		t.Errorf("company query: got %v, want only the company", hits)
	}
	if c, ok := ix.Entity("p"); !ok || len(c.Identifiers) != 1 || c.Identifiers[0].Value != "Q123" {
		t.Errorf("Entity(p) = %+v, %v", c, ok)
	}
}

func TestIndexSyntheticRecall(t *testing.T) {
	ix := NewIndex()
	g := newNameGen(7)
	type ent struct {
		id     string
		schema Schema
		names  []string
	}
	var ents []ent
	for i := range 30000 {
		s, al := g.entity()
		id := fmt.Sprintf("e%d", i)
		ents = append(ents, ent{id, s, al})
		if err := ix.Add(id, s, al, nil); err != nil {
			t.Fatal(err)
		}
	}
	found, total := 0, 0
	for i := 0; i < len(ents); i += 150 {
		e := ents[i]
		q := g.typo(e.names[0])
		total++
		ok := false
		hits := ix.Search(q, e.schema, 10)
		for _, h := range hits {
			if h.ID == e.id {
				found++
				ok = true
				break
			}
		}
		if !ok && testing.Verbose() {
			t.Logf("missed %s %q for %q (%d hits)", e.id, q, e.names, len(hits))
		}
	}
	if rate := float64(found) / float64(total); rate < 0.95 {
		t.Errorf("found %d of %d entities from a query with a typo (%.2f), want ≥ 0.95", found, total, rate)
	}
}

// BenchmarkIndexSearch builds a deterministic synthetic index of 1,000,000
// entities with about three aliases each (Latin, Cyrillic, Greek, Arabic,
// Armenian and Georgian persons, companies), then times queries (exact
// names, typos, other scripts), reporting p50/p99 latency and the heap in
// use after the build.
func BenchmarkIndexSearch(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("IMPARTIAL_INDEX_BENCH_N")); err == nil && v > 0 {
		n = v // smaller runs while profiling
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	ix := NewIndex()
	g := newNameGen(1)
	var queries, want []string
	var schemas []Schema
	for i := range n {
		s, al := g.entity()
		_ = ix.Add(fmt.Sprintf("Q%07d", i), s, al, []Identifier{{"opensanctions", fmt.Sprintf("NK-%d", i)}})
		if i%997 == 0 {
			q := al[g.r.IntN(len(al))]
			if i%2 == 0 {
				q = g.typo(q)
			}
			queries = append(queries, q)
			schemas = append(schemas, s)
			want = append(want, fmt.Sprintf("Q%07d", i))
		}
	}
	ix.Search("warm up", Person, 1) // builds the derived tables
	build := time.Since(start)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ResetTimer()
	var lat []time.Duration
	comparisons, postings, found := 0, 0, 0
	i := 0
	for b.Loop() {
		for range len(queries) {
			q := queries[i%len(queries)]
			t0 := time.Now()
			hits, st := ix.SearchWithStats(q, schemas[i%len(queries)], 10)
			lat = append(lat, time.Since(t0))
			ok := false
			for _, h := range hits {
				if h.ID == want[i%len(queries)] {
					found++
					ok = true
					break
				}
			}
			if !ok && os.Getenv("IMPARTIAL_INDEX_BENCH_SLOW") != "" {
				top := ""
				if len(hits) > 0 {
					top = fmt.Sprintf("%s %.2f %q", hits[0].ID, hits[0].Score, hits[0].Result.B)
				}
				fmt.Fprintf(os.Stderr, "missed %s %q (%d hits, top %s)\n", want[i%len(queries)], q, len(hits), top)
			}
			if os.Getenv("IMPARTIAL_INDEX_BENCH_SLOW") != "" && lat[len(lat)-1] > 3*time.Millisecond {
				b.Logf("slow %v %q %+v", lat[len(lat)-1], q, st)
			}
			comparisons += st.Comparisons
			postings += st.PostingsVisited
			i++
		}
	}
	b.ReportMetric(build.Seconds(), "build-s")
	b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/(1<<20), "heap-MB")
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(len(lat)), "queries")
	b.ReportMetric(float64(comparisons)/float64(len(lat)), "comparisons/query")
	b.ReportMetric(float64(postings)/float64(len(lat)), "postings/query")
	b.ReportMetric(float64(found)/float64(len(lat)), "recall@10")
}

func TestIndexConcurrent(t *testing.T) {
	ix := NewIndex()
	g := newNameGen(3)
	var all [][]string
	var schemas []Schema
	for range 6000 {
		s, al := g.entity()
		all = append(all, al)
		schemas = append(schemas, s)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i, al := range all {
			if err := ix.Add(fmt.Sprintf("c%d", i), schemas[i], al, nil); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := 0; i < 300; i++ {
		ix.Search(all[i*7%len(all)][0], schemas[i*7%len(all)], 5)
	}
	<-done
	hits := ix.Search(all[5999][0], schemas[5999], 5)
	if len(hits) == 0 || hits[0].ID != "c5999" {
		t.Errorf("after concurrent adds, Search(%q) = %v", all[5999][0], hits)
	}
}

// An exact name is found however common its words: here every word of the
// query is posted under more aliases than the walk reads of one word
// (maxWalk), the name itself is indexed last, and the walk adds aliases
// from a bounded number of postings.
func TestIndexExactNameOfCommonWords(t *testing.T) {
	ix := NewIndex()
	n := maxWalk + 1000
	for i, name := range []string{"Maria Garcia", "Garcia Lopez", "Maria Lopez"} {
		for j := range n {
			if err := ix.Add(fmt.Sprintf("g%d-%d", i, j), Person, []string{name}, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := ix.Add("target", Person, []string{"Maria Garcia Lopez"}, nil); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"Maria Garcia Lopez", "Lopez Maria Garcia"} {
		hits, st := ix.SearchWithStats(q, Person, 5)
		if len(hits) == 0 || hits[0].ID != "target" {
			t.Errorf("Search(%q): target not first among %d hits (%+v)", q, len(hits), st)
		}
		if st.Candidates > walkBudget+1 {
			t.Errorf("Search(%q) ranked %d aliases, want at most the walk's budget %d and the exact name", q, st.Candidates, walkBudget)
		}
	}
}

// The pool's keys sort by alias, whatever their order and however many
// bytes the alias numbers take.
func TestSortKeys(t *testing.T) {
	for _, n := range []int32{200, 70000, 1 << 26} {
		var keys []uint64
		for i := range 1000 {
			a := int32((i * 7919) % int(n))
			keys = append(keys, uint64(a)<<32|uint64(i))
		}
		got, _ := sortKeys(keys, nil, n)
		if !sort.SliceIsSorted(got, func(i, j int) bool { return got[i]>>32 < got[j]>>32 }) || len(got) != 1000 {
			t.Errorf("n=%d: keys not sorted by alias", n)
		}
	}
}

func TestKthLargest(t *testing.T) {
	a := []float32{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5}
	want := []float32{9, 6, 5, 5, 5, 4, 3, 3, 2, 1, 1}
	for k, w := range want {
		b := slices.Clone(a)
		if got := kthLargest(b, k); got != w {
			t.Errorf("kthLargest(%d) = %v, want %v", k, got, w)
		}
	}
}
