// Command loadcheck is impartial's bounded load test of the wall check
// through the product: it starts `impartial serve` as another process on
// 127.0.0.1, sends wall checks open-loop at a fixed rate for a fixed time
// while recording recusals through the API, and reports latency percentiles
// measured from each request's scheduled send time (so that a stalled server
// cannot hide its stall by slowing the sender), the number of stale allows
// (an allow for a pair whose recusal had been committed before the check
// was sent), the server's resident memory, and the CPU time the server and
// the load program each spent per check. It stops by itself, never talks to
// anything but loopback, and leaves nothing running.
//
// The load program must not be what it measures: checks are released by a
// kernel timer (pacer_linux.go: a Go sleep cannot wait less than a
// millisecond) and written by the dispatcher itself on an idle keep-alive
// connection, whose reader goroutine reads the answer (conn.go: a plain
// HTTP/1.1 exchange, without net/http's client and its per-request
// goroutines). --trivial loads a trivial server instead of impartial (this
// program answering every check with a fixed body over net/http), which
// shows the floor that the load program, Go's HTTP server and the machine
// set together.
//
//	go build -o /tmp/impartial ./cmd/impartial
//	go run ./cmd/loadcheck --bin /tmp/impartial --rate 5000 --duration 10s
//	go run ./cmd/loadcheck --trivial --rate 5000 --duration 10s
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
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// readyWait and cold say when the server is ready for the load (flags);
// serverLog, when set, receives every line the server writes to standard
// error, each prefixed with the load program's clock (see startServer).
var (
	readyWait time.Duration
	cold      bool
	serverLog string
	serverEnv []string
	// measureLock is the file to flock before measuring (--lock).
	measureLock string
	// loadNice is the nice value the server loads at (--load-nice).
	loadNice int
	// logStart is the time the prefixes count from: the first check's
	// scheduled send, once it is known (before that, the server's start).
	logStart atomic.Int64
	// logDone is closed when the server's standard error has been read to
	// its end (and written to serverLog).
	logDone = make(chan struct{})
)

func main() {
	bin := flag.String("bin", "impartial", "the impartial binary to serve with")
	db := flag.String("db", "", "database for the server (default: a fresh SQLite file in a temporary directory): a SQLite file (the load's persons and matters are imported into it), or a postgres:// URL on loopback")
	rate := flag.Int("rate", 5000, "wall checks per second, sent open-loop")
	duration := flag.Duration("duration", 10*time.Second, "how long to send checks")
	persons := flag.Int("persons", 200, "covered persons (each with one matter its recusal will name)")
	recusals := flag.Int("recusals", 100, "recusals recorded through the API during the run, evenly spaced")
	conns := flag.Int("conns", 64, "keep-alive connections opened at the start (more are opened when all are busy)")
	trivial := flag.Bool("trivial", false, "instead of impartial, load a trivial server (this program, answering every check with a fixed body): "+
		"the floor that the load program and Go's HTTP stack set on this machine")
	cpuprofile := flag.String("cpuprofile", "", "write the load program's own CPU profile to this file (to see what the load itself costs)")
	flag.DurationVar(&readyWait, "ready-timeout", time.Minute, "how long the server may take to be ready (a working set of a million entities loads in minutes)")
	flag.BoolVar(&cold, "cold", false, "start the checks as soon as the server answers /healthz, while its working set still loads, without a warm-up")
	flag.StringVar(&serverLog, "server-log", "", "write the server's standard error (its request log, and GODEBUG=gctrace=1 lines if set) to this file, "+
		"each line prefixed with the time it was read, in ms from the first check's scheduled send: to see what a slow moment coincided with")
	flag.Func("server-env", "set an environment variable for the server only, as NAME=VALUE (repeatable), e.g. GOMAXPROCS=1 or GODEBUG=gctrace=1", func(v string) error {
		if name, _, ok := strings.Cut(v, "="); !ok || name == "" {
			return fmt.Errorf("%q: want NAME=VALUE", v)
		}
		serverEnv = append(serverEnv, v)
		return nil
	})
	flag.IntVar(&loadNice, "load-nice", 0, "start the server at this nice value and set it (every thread) back to 0 once it is ready: "+
		"a working set of a million entities loads for minutes, which need not be at the measured priority on a shared machine")
	lock := flag.String("lock", "", "take an exclusive flock on this file once the server is ready and hold it while measuring "+
		"(so that loading a large working set does not hold a shared machine's measurement lock)")
	latencies := flag.String("latencies", "", "write every check's scheduled send (ms from the first) and latency (µs) to this file as CSV, to see when slow checks happened")
	serveTrivial := flag.Bool("serve-trivial", false, "be the trivial server (started by --trivial)")
	flag.Parse()
	if *serveTrivial {
		if err := runTrivial(); err != nil {
			fmt.Fprintln(os.Stderr, "loadcheck:", err)
			os.Exit(1)
		}
		return
	}
	if *rate < 1 || *rate > 50000 || *duration <= 0 || *duration > time.Minute || *recusals > *persons {
		fmt.Fprintln(os.Stderr, "loadcheck: want 1 ≤ rate ≤ 50000, 0 < duration ≤ 1m, recusals ≤ persons")
		os.Exit(2)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadcheck:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	measureLock = *lock
	if err := run(*bin, *db, *rate, *duration, *persons, *recusals, *conns, *trivial, *latencies); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "loadcheck:", err)
		os.Exit(1)
	}
}

func run(bin, db string, rate int, duration time.Duration, persons, recusals, conns int, trivial bool, latencies string) error {
	dir, err := os.MkdirTemp("", "loadcheck")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if db == "" {
		db = filepath.Join(dir, "load.db")
	} else if strings.Contains(db, "://") {
		if u, err := url.Parse(db); err != nil || !loopback(u.Hostname()) {
			return fmt.Errorf("--db %q: only a database on loopback", db)
		}
	}
	var cmd *exec.Cmd
	var system, ethics string
	if trivial {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		cmd = exec.Command(self, "--serve-trivial")
		cmd.Env = append(os.Environ(), serverEnv...)
	} else {
		data := filepath.Join(dir, "load.jsonl")
		if err := writeData(data, persons); err != nil {
			return err
		}
		if out, err := exec.Command(bin, "--db", db, "import", "--no-screen", data).CombinedOutput(); err != nil {
			return fmt.Errorf("import: %v\n%s", err, out)
		}
		token := func(forActor string) (string, error) {
			out, err := exec.Command(bin, "--db", db, "token", "--as", "admin:load", "--for", forActor).Output()
			return strings.TrimSpace(string(out)), err
		}
		if system, err = token("service:load-system"); err != nil {
			return fmt.Errorf("token: %w", err)
		}
		if ethics, err = token("ethics:load-ethics"); err != nil {
			return fmt.Errorf("token: %w", err)
		}
		cmd = exec.Command(bin, "--db", db, "serve", "--addr", "127.0.0.1:0", "--log", "json")
		if loadNice != 0 {
			cmd = exec.Command("nice", append([]string{"-n", strconv.Itoa(loadNice), bin}, cmd.Args[1:]...)...)
		}
		cmd.Env = append(append(os.Environ(), "IMPARTIAL_DRAIN=10s"), serverEnv...)
	}
	srv, base, err := startServer(cmd)
	if err != nil {
		return err
	}
	defer func() {
		srv.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { srv.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			srv.Process.Kill()
			<-done
		}
		select {
		case <-logDone:
		case <-time.After(2 * time.Second):
		}
	}()

	if loadNice != 0 {
		if err := renice(srv.Process.Pid, 0); err != nil {
			return err
		}
	}
	if measureLock != "" {
		f, err := os.OpenFile(measureLock, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(os.Stderr, "loadcheck: server ready; waiting for the lock %s\n", measureLock)
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			return fmt.Errorf("lock %s: %w", measureLock, err)
		}
		// Held until the process exits (the file closes with it).
		if b, err := os.ReadFile("/proc/loadavg"); err == nil {
			fmt.Fprintf(os.Stderr, "loadcheck: lock taken at %s; load average %s", time.Now().UTC().Format("15:04:05"), b)
		}
	}

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}}
	// Warm up: one check per person, so that the server's caches are as
	// they would be in a long-running server.
	hostport := strings.TrimPrefix(base, "http://")
	warm, err := dial(hostport)
	if err != nil {
		return err
	}
	var target []byte
	for i := range persons {
		if cold {
			break
		}
		if _, _, err := check(warm, target, system, i, i); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
	}
	warm.close()

	// committed[i] is when the recusal of person i on matter i was
	// committed (its POST answered); zero until then.
	committed := make([]atomic.Int64, persons)
	total := int(float64(rate) * duration.Seconds())
	type result struct {
		lat        time.Duration
		allow, bad bool
		stale      bool
	}
	results := make([]result, total)
	// Request n is due at start + n×interval; the pacer fires at each.
	interval := time.Second / time.Duration(rate)
	start := time.Now().Add(100 * time.Millisecond)
	logStart.Store(start.UnixNano())
	pace, err := newPacer(time.Until(start), interval)
	if err != nil {
		return err
	}
	defer pace.stop()
	cpu0, srvCPU0 := selfCPU(), processCPU(srv.Process.Pid)

	// The writer records recusals evenly over the run.
	var wg sync.WaitGroup
	var writeErr error
	var writeLat []time.Duration
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k := range recusals {
			at := start.Add(time.Duration(float64(duration) * (float64(k) + 0.5) / float64(recusals)))
			time.Sleep(time.Until(at))
			t0 := time.Now()
			if err := recuse(client, base, ethics, k); err != nil {
				writeErr = err
				return
			}
			writeLat = append(writeLat, time.Since(t0))
			committed[k].Store(time.Now().UnixNano())
		}
	}()

	// Open loop: request n is due at start + n×interval whatever happened
	// to the ones before. The dispatcher sends each on an idle connection
	// (dialling another when none is idle) as its time comes; each
	// connection's reader reads the answer and hands the connection back.
	// Sending from the dispatcher rather than waking a sender goroutine per
	// check keeps the load program's own cost, and its own scheduling
	// delays, out of what it measures.
	// Past maxConns the dispatcher waits for a connection to come back: a
	// server that far behind has failed the bar already, and every new
	// connection would only add to its load.
	const maxConns = 512
	idle := make(chan *conn, maxConns)
	var open []*conn
	defer func() {
		for _, c := range open {
			c.close()
		}
	}()
	var done sync.WaitGroup
	done.Add(total)
	rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	newConn := func() (*conn, error) {
		c, err := dial(hostport)
		if err != nil {
			return nil, err
		}
		c.flight = make(chan inflight, 1)
		open = append(open, c)
		go func() {
			for f := range c.flight {
				code, b, err := c.receive()
				allow, err := decision(code, b, err)
				if err != nil {
					// The answer is lost; the connection starts afresh.
					c.redial()
				}
				r := result{lat: time.Since(start.Add(time.Duration(f.n) * interval)), allow: allow, bad: err != nil || code != 200}
				if t := committed[f.person].Load(); !trivial && allow && f.person == f.matter && t != 0 && f.sent.UnixNano() > t {
					r.stale = true
				}
				results[f.n] = r
				idle <- c
				done.Done()
			}
		}()
		return c, nil
	}
	for range min(conns, maxConns) {
		c, err := newConn()
		if err != nil {
			return err
		}
		idle <- c
	}
	for n := 0; n < total; {
		k, err := pace.wait()
		if err != nil {
			return fmt.Errorf("pacer: %w", err)
		}
		for ; k > 0 && n < total; k-- {
			var c *conn
			select {
			case c = <-idle:
			default:
				if len(open) >= maxConns {
					c = <-idle
				} else if c, err = newConn(); err != nil {
					return err
				}
			}
			f := inflight{n: n, person: rng.IntN(persons)}
			f.matter = f.person
			if rng.IntN(2) == 0 {
				f.matter = rng.IntN(persons)
			}
			target = fmt.Appendf(target[:0], "/v1/check?person=p%d&action=participate&matter=m%d", f.person, f.matter)
			f.sent = time.Now()
			if err := c.send(target, system); err != nil {
				c.redial()
				results[n] = result{lat: time.Since(start.Add(time.Duration(n) * interval)), bad: true}
				idle <- c
				done.Done()
			} else {
				c.flight <- f
			}
			n++
		}
	}
	pace.stop()
	answered := make(chan struct{})
	go func() { done.Wait(); close(answered) }()
	select {
	case <-answered:
	case <-time.After(15 * time.Second):
		return errors.New("checks still unanswered 15 s after the last was sent")
	}
	for _, c := range open {
		close(c.flight)
	}
	wg.Wait()
	cpu, srvCPU := selfCPU()-cpu0, processCPU(srv.Process.Pid)-srvCPU0
	if writeErr != nil {
		return fmt.Errorf("recording recusals: %w", writeErr)
	}
	elapsed := time.Since(start)
	rss, hwm := memory(srv.Process.Pid)

	if latencies != "" {
		if err := writeLatencies(latencies, results, interval, func(r result) time.Duration { return r.lat }); err != nil {
			return err
		}
	}
	lat := make([]time.Duration, 0, total)
	allows, denies, errs, stale := 0, 0, 0, 0
	for _, r := range results {
		lat = append(lat, r.lat)
		switch {
		case r.bad:
			errs++
		case r.allow:
			allows++
		default:
			denies++
		}
		if r.stale {
			stale++
		}
	}
	slices.Sort(lat)
	slices.Sort(writeLat)
	pct := func(l []time.Duration, p float64) time.Duration {
		if len(l) == 0 {
			return 0
		}
		return l[min(len(l)-1, int(p*float64(len(l))))]
	}
	conns = len(open)
	fmt.Printf("checks: %d at %d/s for %s over %d connections (sent in %s: %.0f/s)\n", total, rate, duration, conns, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds())
	fmt.Printf("latency from scheduled send: p50 %s  p99 %s  p99.9 %s  max %s\n",
		pct(lat, .50).Round(time.Microsecond), pct(lat, .99).Round(time.Microsecond), pct(lat, .999).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
	fmt.Printf("answers: %d allow, %d deny, %d errors\n", allows, denies, errs)
	fmt.Printf("recusals recorded through the API during the run: %d (POST p50 %s, max %s)\n", len(writeLat), pct(writeLat, .5).Round(time.Microsecond), pct(writeLat, 1).Round(time.Microsecond))
	if trivial {
		fmt.Println("stale allows: not counted (the trivial server allows everything)")
	} else {
		fmt.Printf("stale allows (allow for a pair whose recusal was committed before the check was sent): %d\n", stale)
	}
	fmt.Printf("server RSS at the end: %s, peak %s\n", rss, hwm)
	fmt.Printf("CPU per check (user+system): server %s, load program %s\n",
		(srvCPU / time.Duration(total)).Round(100*time.Nanosecond), (cpu / time.Duration(total)).Round(100*time.Nanosecond))
	if stale > 0 || errs > 0 {
		return errors.New("stale allows or errors")
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// writeData writes the covered persons, each with a matter of their own that
// they are not on the team of (so a check allows until a recusal names it).
func writeData(path string, persons int) error {
	var b bytes.Buffer
	for i := range persons {
		fmt.Fprintf(&b, `{"record":"entity","id":"p%d","kind":"person","name":"Load Person %d","coverage":{"regime":"doj","position":"attorney"}}`+"\n", i, i)
	}
	for i := range persons {
		fmt.Fprintf(&b, `{"record":"matter","id":"m%d","title":"Load matter %d","kind":"civil_case","opened":"2020-01-01","topics":["load %d"]}`+"\n", i, i, i)
	}
	return os.WriteFile(path, b.Bytes(), 0o600)
}

// startServer starts the server (`impartial serve` on a free loopback port)
// and returns it with its base URL once it is ready.
func startServer(cmd *exec.Cmd) (*exec.Cmd, string, error) {
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	var logf *bufio.Writer
	if serverLog != "" {
		f, err := os.Create(serverLog)
		if err != nil {
			return nil, "", err
		}
		logf = bufio.NewWriterSize(f, 1<<20)
	}
	logStart.Store(time.Now().UnixNano())
	addr := make(chan string, 1)
	go func() {
		defer close(logDone)
		if logf != nil {
			defer logf.Flush()
		}
		sc := bufio.NewScanner(stderr)
		// Read in large chunks: at 5,000 lines a second a 4 KB buffer is a
		// read (and a wake-up of this program) every twenty lines.
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		sent := false
		// Every request is logged; only the start line is decoded, so that
		// reading the log costs the machine little.
		for sc.Scan() {
			b := sc.Bytes()
			if logf != nil {
				fmt.Fprintf(logf, "%.3f ", float64(time.Now().UnixNano()-logStart.Load())/1e6)
				logf.Write(b)
				logf.WriteByte('\n')
			}
			if !sent && bytes.Contains(b, []byte(`"msg":"serving"`)) {
				var line map[string]any
				if json.Unmarshal(b, &line) == nil {
					addr <- fmt.Sprint(line["addr"])
					sent = true
				}
			}
			if bytes.Contains(b, []byte(`"level":"ERROR"`)) {
				fmt.Fprintln(os.Stderr, "server:", sc.Text())
			}
		}
	}()
	select {
	case a := <-addr:
		base := "http://" + a
		ctx, cancel := context.WithTimeout(context.Background(), readyWait)
		defer cancel()
		probe := "/readyz"
		if cold {
			probe = "/healthz"
		}
		for ctx.Err() == nil {
			if resp, err := http.Get(base + probe); err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return cmd, base, nil
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
		cmd.Process.Kill()
		cmd.Wait()
		return nil, "", errors.New("the server did not become ready")
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		return nil, "", errors.New("the server did not start")
	}
}

// writeLatencies writes each check's scheduled send time (ms from the
// first) and its latency (µs) as CSV.
func writeLatencies[R any](path string, results []R, interval time.Duration, lat func(R) time.Duration) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "scheduled_ms,latency_us")
	for n, r := range results {
		fmt.Fprintf(w, "%.3f,%d\n", float64(time.Duration(n)*interval)/1e6, lat(r).Microseconds())
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// renice sets every thread of process pid to the nice value (on Linux a
// nice value is a thread's, so the process's alone would leave the
// threads the runtime started while loading where they were).
func renice(pid, nice int) error {
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return fmt.Errorf("renice: %w", err)
	}
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		if err := syscall.Setpriority(syscall.PRIO_PROCESS, tid, nice); err != nil {
			return fmt.Errorf("renice thread %d: %w", tid, err)
		}
	}
	return nil
}

// check sends one wall check on c and waits for its answer.
func check(c *conn, target []byte, token string, person, matter int) (allow, ok bool, err error) {
	target = fmt.Appendf(target[:0], "/v1/check?person=p%d&action=participate&matter=m%d", person, matter)
	code, b, err := c.get(target, token)
	allow, err = decision(code, b, err)
	return allow, err == nil && code == 200, err
}

// decision reads a check's answer.
func decision(code int, body []byte, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	var d struct {
		Allow bool `json:"allow"`
	}
	if err := json.Unmarshal(body, &d); err != nil {
		return false, fmt.Errorf("%d %s", code, body)
	}
	return d.Allow, nil
}

func recuse(c *http.Client, base, token string, k int) error {
	body := fmt.Sprintf(`{"id":"load-recusal-%d","person":"p%d","effective":"2020-01-01","matters":["m%d"],"scope_text":"load matter %d","basis":"load test"}`, k, k, k, k)
	req, _ := http.NewRequest("POST", base+"/v1/recusals", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 {
		return fmt.Errorf("recusal %d: %d %s", k, resp.StatusCode, b)
	}
	return nil
}

// memory returns the process's resident and peak resident memory, as the
// kernel reports them (Linux).
func memory(pid int) (rss, hwm string) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown", "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			rss = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			hwm = strings.TrimSpace(v)
		}
	}
	return rss, hwm
}

// inflight is a check sent and not yet answered.
type inflight struct {
	n, person, matter int
	sent              time.Time
}

// selfCPU is the CPU time this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// processCPU is the CPU time another process has used, from
// /proc/PID/stat (Linux; in clock ticks of 10 ms).
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces; fields count from after it.
	_, rest, ok := bytes.Cut(b, []byte(") "))
	if !ok {
		return 0
	}
	f := strings.Fields(string(rest))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// runTrivial is the trivial server of --trivial: the same loopback HTTP
// exchange as a check against impartial (a query, a bearer token, a JSON
// answer of the same size), with nothing behind it.
func runTrivial() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	body := []byte(`{"allow":true,"reason":"no recusal, finding or screen walls p0 off matter m0; the team does not name them, so viewing only","revision":100}` + "\n")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /v1/check", func(w http.ResponseWriter, r *http.Request) {
		_ = r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
	mux.HandleFunc("POST /v1/recusals", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusCreated)
	})
	fmt.Fprintf(os.Stderr, `{"msg":"serving","addr":%q}`+"\n", ln.Addr().String())
	srv := &http.Server{Handler: mux}
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
