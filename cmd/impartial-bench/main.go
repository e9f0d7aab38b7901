// Command impartial-bench measures impartial through the product, as a user
// meets it: it generates a data set, imports it, then times each of the
// user-facing operations through the CLI (one process per call) and through
// `impartial serve` called over HTTP from this separate process, with the
// resident memory of each, and prints a Markdown table (appended to a file
// with --write). It is run on demand, not in CI: at 1,000,000 entities it
// takes several minutes and most of the machine.
//
//	go build -o impartial ./cmd/impartial && go build -o impartial-bench ./cmd/impartial-bench
//	./impartial-bench --bin ./impartial --entities 100000 --dir /tmp/bench
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

var (
	bin       = flag.String("bin", "./impartial", "the impartial binary")
	entities  = flag.Int("entities", 100000, "entities in the generated set")
	dir       = flag.String("dir", "bench-data", "directory for the generated file and database (reused if present)")
	dbFlag    = flag.String("db", "", "database: a file or postgres:// URL (default: DIR/gN.db)")
	write     = flag.String("write", "", "append the table to this file (e.g. BENCHMARKS.md)")
	note      = flag.String("note", "", "a line about the conditions, printed under the table")
	reqs      = flag.Int("requests", 200, "requests per row through serve")
	rate      = flag.Int("rate", 5000, "wall checks per second in the load row")
	skipAll   = flag.Bool("skip-all", false, "skip screen --all (minutes at 1,000,000 entities)")
	onlyServe = flag.Bool("only-serve", false, "skip the CLI rows")
	onlyCLI   = flag.Bool("only-cli", false, "skip the rows through serve")
	cliOnly   = flag.String("cli-rows", "", "comma-separated CLI rows to run (names, import, matter, all, scan); empty for all")
	serveOnly = flag.String("serve-rows", "", "comma-separated rows through serve to run (cold, search, screen, import, scan, warm); empty for all")
)

// want reports whether the CLI row named is to be run.
func want(name string) bool {
	return *cliOnly == "" || slices.Contains(strings.Split(*cliOnly, ","), name)
}

// wantServe reports whether the row through serve named is to be run.
func wantServe(name string) bool {
	return *serveOnly == "" || slices.Contains(strings.Split(*serveOnly, ","), name)
}

type row struct{ what, cli, serve, bar string }

var rows []row

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "impartial-bench:", err)
		os.Exit(1)
	}
}

func run() error {
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	jsonl := filepath.Join(*dir, fmt.Sprintf("g%d.jsonl", *entities))
	db := *dbFlag
	if db == "" {
		db = filepath.Join(*dir, fmt.Sprintf("g%d.db", *entities))
	}
	if _, err := os.Stat(jsonl); err != nil {
		r, err := cli("gen", "--entities", fmt.Sprint(*entities), "--out", jsonl)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "gen: %s\n", r.took)
	}
	if _, err := os.Stat(db); err != nil || strings.HasPrefix(db, "postgres") {
		r, err := cli("--db", db, "import", "--no-screen", jsonl)
		if err != nil {
			return err
		}
		n := countLines(jsonl) - 1
		rows = append(rows, row{"import --no-screen (all records)", fmt.Sprintf("%s, %.0f records/s, %s", r.took.Round(time.Millisecond), float64(n)/r.took.Seconds(), mb(r.rss)), "", "≥ 10,000/s SQLite, ≥ 20,000/s PostgreSQL"})
	} else if _, err := cli("--db", db, "init"); err != nil {
		// A database made by an older binary: the reading commands
		// timed below do not migrate it.
		return err
	}
	s, err := sample(jsonl)
	if err != nil {
		return err
	}
	// Through the CLI: one process per call.
	if !*onlyServe {
		if err := cliRows(db, s); err != nil {
			return err
		}
	}
	// Through serve, from this process.
	if !*onlyCLI {
		if err := serveRows(db, s); err != nil {
			return err
		}
	}
	return report()
}

// sampled is what the generated file offers to query: names, an open
// matter, entity ids for a new matter's parties, an article.
type sampled struct {
	names   []string
	matter  string
	parties []string
	covered []string
	article string
}

func sample(jsonl string) (*sampled, error) {
	f, err := os.Open(jsonl)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s := &sampled{}
	r := rand.New(rand.NewPCG(1, 2))
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var companies []string
	for sc.Scan() {
		var rec struct {
			Record, ID, Kind, Name, Closed string
			Coverage                       any
			Parties                        []any
			Confidential                   bool
		}
		if json.Unmarshal(sc.Bytes(), &rec) != nil {
			continue
		}
		switch rec.Record {
		case "entity":
			if r.IntN(2000) == 0 && len(s.names) < 200 {
				s.names = append(s.names, rec.Name)
			}
			if rec.Kind == "company" && len(companies) < 5000 {
				companies = append(companies, rec.ID)
			}
			if rec.Coverage != nil && len(s.covered) < 1000 {
				s.covered = append(s.covered, rec.ID)
			}
		case "matter":
			if rec.Closed == "" && s.matter == "" && len(rec.Parties) >= 3 && !rec.Confidential {
				s.matter = rec.ID
			}
		}
	}
	if len(s.names) == 0 || s.matter == "" || len(companies) < 20 || len(s.covered) == 0 {
		return nil, errors.New("the generated file is too small to sample")
	}
	s.parties = companies[len(companies)-20:]
	// A 4 KB news-like article naming a few of the sampled entities.
	words := strings.Fields("The committee said on Tuesday that the report, first published last week, had been reviewed by officials who declined to comment. According to filings made in March, the board approved the transaction after a meeting with regulators.")
	var b strings.Builder
	for b.Len() < 4096 {
		if r.IntN(25) == 0 {
			b.WriteString(s.names[r.IntN(len(s.names))])
		} else {
			b.WriteString(words[r.IntN(len(words))])
		}
		b.WriteByte(' ')
	}
	s.article = b.String()[:4096]
	return s, sc.Err()
}

// newMatter returns a JSON Lines file with one new matter of 20 parties.
func newMatter(s *sampled, n int) string {
	var parties []string
	for _, p := range s.parties {
		parties = append(parties, fmt.Sprintf(`{"entity":%q,"role":"party"}`, p))
	}
	return `{"record":"header","format":"impartial-records","version":1}` + "\n" +
		fmt.Sprintf(`{"record":"matter","id":"m-bench-%d-%d","title":"Benchmark matter %d","kind":"civil_case","opened":"2024-06-01","parties":[%s],"source":"benchmark"}`,
			time.Now().UnixNano(), n, n, strings.Join(parties, ",")) + "\n"
}

type result struct {
	took time.Duration
	rss  int64 // bytes
	out  []byte
}

// cli runs the impartial binary and reports its wall time and peak RSS.
func cli(args ...string) (result, error) {
	return cliIn("", args...)
}

func cliIn(stdin string, args ...string) (result, error) {
	cmd := exec.Command(*bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	start := time.Now()
	err := cmd.Run()
	r := result{took: time.Since(start), out: out.Bytes()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = ru.Maxrss * 1024
	}
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 { // 3: a denied check
			return r, fmt.Errorf("%s %s: %v\n%s", *bin, strings.Join(args, " "), err, errb.String())
		}
	}
	return r, nil
}

func cliRows(db string, s *sampled) error {
	if want("names") {
		var worst result
		for _, n := range s.names[:3] {
			r, err := cli("--db", db, "names", "search", n)
			if err != nil {
				return err
			}
			if r.took > worst.took {
				worst = r
			}
		}
		rows = append(rows, row{"`names search` (worst of 3)", fmt.Sprintf("%s, %s", worst.took.Round(time.Millisecond), mb(worst.rss)), "", "≤ 0.3 s CLI; p99 ≤ 2 ms serve"})
	}
	if want("import") {
		r, err := cliIn(newMatter(s, 0), "--db", db, "import", "-")
		if err != nil {
			return err
		}
		rows = append(rows, row{"import one new 20-party matter, screened", fmt.Sprintf("%s, %s", r.took.Round(time.Millisecond), mb(r.rss)), "", "≤ 1 s CLI; p99 ≤ 50 ms serve"})
	}
	if want("matter") {
		r, err := cli("--db", db, "screen", "--matter", s.matter, "--no-save", "--json")
		if err != nil {
			return err
		}
		rows = append(rows, row{"`screen --matter M`", fmt.Sprintf("%s, %s", r.took.Round(time.Millisecond), mb(r.rss)), "", "≤ 1 s CLI; p99 ≤ 20 ms serve"})
	}
	if !*skipAll && want("all") {
		r, err := cli("--db", db, "screen", "--all", "--no-save")
		if err != nil {
			return err
		}
		first := strings.SplitN(strings.TrimSpace(string(r.out)), "\n", 2)[0]
		rows = append(rows, row{"`screen --all` (summary, no save)", fmt.Sprintf("%s, %s: %s", r.took.Round(time.Millisecond), mb(r.rss), first), "", "< 1 min for 100,000 open matters, ≤ 1 GB"})
	}
	if want("scan") {
		r, err := cliIn(s.article, "--db", db, "scan", "-")
		if err != nil {
			return err
		}
		rows = append(rows, row{"`scan` a 4 KB article", fmt.Sprintf("%s, %s", r.took.Round(time.Millisecond), mb(r.rss)), "", "≤ 1 s CLI"})
	}
	return nil
}

func serveRows(db string, s *sampled) error {
	tok, err := cli("--db", db, "token", "--as", "admin:bench", "--for", "ethics:bench")
	if err != nil {
		return err
	}
	token := strings.TrimSpace(lastLine(string(tok.out)))
	svcTok, err := cli("--db", db, "token", "--as", "admin:bench", "--for", "service:bench")
	if err != nil {
		return err
	}
	serviceToken := strings.TrimSpace(lastLine(string(svcTok.out)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(*bin, "--db", db, "serve", "--addr", addr, "--log", "text")
	var logs bytes.Buffer
	cmd.Stderr = &logs
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	base := "http://" + addr
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}
	for {
		if resp, err := client.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Since(start) > 30*time.Second {
			return fmt.Errorf("serve did not start: %s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	listening := time.Since(start)
	checkURL := func(i int) string {
		return fmt.Sprintf("%s/v1/check?person=%s&action=view&matter=%s", base, s.covered[i%len(s.covered)], s.matter)
	}
	// Wall checks from a cold start, while the working set loads.
	var cold stats
	if wantServe("cold") {
		cold = load(client, serviceToken, checkURL, 1000, 5*time.Second)
	}
	ready := time.Duration(0)
	for {
		resp, err := client.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				ready = time.Since(start)
				break
			}
		}
		if time.Since(start) > 15*time.Minute {
			return fmt.Errorf("serve not ready after 15 min: %s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	rssReady := rss(cmd.Process.Pid)
	rows = append(rows, row{"`serve`: start to listening / to ready (working set loaded)", "", fmt.Sprintf("%s / %s, RSS %s", listening.Round(time.Millisecond), ready.Round(time.Millisecond), mb(rssReady)), "no timeouts from a cold start; ≤ 1 GB"})
	if wantServe("cold") {
		rows = append(rows, row{"wall checks at 1,000/s for 5 s from a cold start", "", cold.String(), "no timeouts"})
	}
	if wantServe("search") {
		search := timeRequests(*reqs, func(i int) (*http.Request, error) {
			return req("GET", base+"/v1/search?limit=10&q="+urlq(s.names[i%len(s.names)]), token, "", nil)
		}, client)
		rows = append(rows, row{"name search", "", search.String(), "p99 ≤ 2 ms"})
	}
	if wantServe("screen") {
		screen := timeRequests(*reqs, func(int) (*http.Request, error) {
			return req("POST", base+"/v1/screenings", token, "application/json", strings.NewReader(fmt.Sprintf(`{"matter":%q}`, s.matter)))
		}, client)
		rows = append(rows, row{"screen one matter", "", screen.String(), "p99 ≤ 20 ms"})
	}
	if wantServe("import") {
		imp := timeRequests(max(20, *reqs/4), func(i int) (*http.Request, error) {
			return req("POST", base+"/v1/import", token, "application/x-ndjson", strings.NewReader(newMatter(s, i+1)))
		}, client)
		rows = append(rows, row{"import one new 20-party matter, screened", "", imp.String(), "p99 ≤ 50 ms"})
	}
	if wantServe("scan") {
		sc := timeRequests(*reqs, func(int) (*http.Request, error) {
			return req("POST", base+"/v1/scan", token, "text/plain", strings.NewReader(s.article))
		}, client)
		rows = append(rows, row{"scan a 4 KB article", "", sc.String(), ""})
	}
	if wantServe("warm") {
		warm := load(client, serviceToken, checkURL, *rate, 5*time.Second)
		rows = append(rows, row{fmt.Sprintf("wall checks at %d/s for 5 s, warm", *rate), "", warm.String() + fmt.Sprintf(", RSS after %s", mb(rss(cmd.Process.Pid))), "p99 ≤ 1 ms, ≤ 1 GB"})
	}
	return nil
}

func req(method, url, token, media string, body io.Reader) (*http.Request, error) {
	r, err := http.NewRequest(method, url, body)
	if err != nil {
		return nil, err
	}
	r.Header.Set("Authorization", "Bearer "+token)
	if media != "" {
		r.Header.Set("Content-Type", media)
	}
	return r, nil
}

type stats struct {
	n, errors, timeouts int
	lat                 []time.Duration
	firstErr            string
}

func (s stats) String() string {
	if len(s.lat) == 0 {
		return fmt.Sprintf("no answers; %d errors (%s)", s.errors, s.firstErr)
	}
	slices.Sort(s.lat)
	q := func(p float64) time.Duration { return s.lat[min(len(s.lat)-1, int(p*float64(len(s.lat))))] }
	out := fmt.Sprintf("%d requests: p50 %s, p99 %s, max %s", s.n, fmtDur(q(0.5)), fmtDur(q(0.99)), fmtDur(s.lat[len(s.lat)-1]))
	if s.errors > 0 || s.timeouts > 0 {
		out += fmt.Sprintf("; %d errors, %d timeouts (%s)", s.errors, s.timeouts, s.firstErr)
	}
	return out
}

func fmtDur(d time.Duration) string {
	if d < time.Millisecond {
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	}
	return d.Round(100 * time.Microsecond).String()
}

// timeRequests sends n requests one after another and records their latency.
func timeRequests(n int, mk func(int) (*http.Request, error), c *http.Client) stats {
	var st stats
	for i := range n {
		r, err := mk(i)
		if err != nil {
			st.errors++
			continue
		}
		t0 := time.Now()
		resp, err := c.Do(r)
		d := time.Since(t0)
		st.n++
		if err != nil {
			st.errors++
			st.firstErr = err.Error()
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			st.errors++
			if st.firstErr == "" {
				st.firstErr = fmt.Sprintf("%d %.200s", resp.StatusCode, b)
			}
			continue
		}
		if i > 0 || n == 1 { // the first request may warm caches
			st.lat = append(st.lat, d)
		}
	}
	return st
}

// load sends wall checks open-loop at rate per second for d, measuring each
// from its scheduled send time.
func load(c *http.Client, token string, url func(int) string, rate int, d time.Duration) stats {
	var mu sync.Mutex
	var st stats
	var wg sync.WaitGroup
	interval := time.Second / time.Duration(rate)
	n := int(d / interval)
	start := time.Now()
	sem := make(chan struct{}, 256)
	for i := range n {
		at := start.Add(time.Duration(i) * interval)
		if w := time.Until(at); w > 0 {
			time.Sleep(w)
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(i int, at time.Time) {
			defer wg.Done()
			defer func() { <-sem }()
			r, _ := req("GET", url(i), token, "", nil)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			resp, err := c.Do(r.WithContext(ctx))
			lat := time.Since(at)
			mu.Lock()
			defer mu.Unlock()
			st.n++
			if err != nil {
				if errors.Is(err, context.DeadlineExceeded) {
					st.timeouts++
				} else {
					st.errors++
				}
				st.firstErr = err.Error()
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				st.errors++
				st.firstErr = resp.Status
				return
			}
			st.lat = append(st.lat, lat)
		}(i, at)
	}
	wg.Wait()
	return st
}

// rss returns the resident set of a process.
func rss(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimPrefix(l, "VmRSS:")), &kb)
			return kb * 1024
		}
	}
	return 0
}

func mb(b int64) string { return fmt.Sprintf("%d MB", b>>20) }

func urlq(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, " ", "+"), "&", "%26") }

func lastLine(s string) string {
	ls := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(ls) - 1; i >= 0; i-- {
		if f := strings.Fields(ls[i]); len(f) > 0 && strings.HasPrefix(f[len(f)-1], "imp_") {
			return f[len(f)-1]
		}
	}
	return ls[len(ls)-1]
}

func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	buf := make([]byte, 1<<20)
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err != nil {
			return n
		}
	}
}

func report() error {
	var b strings.Builder
	fmt.Fprintf(&b, "\n### Through the product: %d entities (%s)\n\n", *entities, time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "`go run ./cmd/impartial-bench --bin ./impartial --entities %d`\n\n", *entities)
	b.WriteString("| what a user does | CLI (one process per call) | `serve`, over HTTP from another process | bar |\n|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.what, or(r.cli), or(r.serve), r.bar)
	}
	if *note != "" {
		fmt.Fprintf(&b, "\n%s\n", *note)
	}
	fmt.Print(b.String())
	if *write == "" {
		return nil
	}
	f, err := os.OpenFile(*write, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString(b.String())
	return err
}

func or(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
