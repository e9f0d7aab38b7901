// Command loadcheck is impartial's bounded load test of the wall check
// through the product: it starts `impartial serve` as another process on
// 127.0.0.1, sends wall checks open-loop at a fixed rate for a fixed time
// while recording recusals through the API, and reports latency percentiles
// measured from each request's scheduled send time (so that a stalled server
// cannot hide its stall by slowing the sender), the number of stale allows
// (an allow for a pair whose recusal had been committed before the check
// was sent), and the server's resident memory. It stops by itself, never
// talks to anything but loopback, and leaves nothing running.
//
//	go build -o /tmp/impartial ./cmd/impartial
//	go run ./cmd/loadcheck --bin /tmp/impartial --rate 5000 --duration 10s
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
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	bin := flag.String("bin", "impartial", "the impartial binary to serve with")
	db := flag.String("db", "", "database for the server (default: a fresh SQLite file in a temporary directory); a postgres:// URL on loopback")
	rate := flag.Int("rate", 5000, "wall checks per second, sent open-loop")
	duration := flag.Duration("duration", 10*time.Second, "how long to send checks")
	persons := flag.Int("persons", 200, "covered persons (each with one matter its recusal will name)")
	recusals := flag.Int("recusals", 100, "recusals recorded through the API during the run, evenly spaced")
	conns := flag.Int("conns", 64, "keep-alive connections (and senders)")
	flag.Parse()
	if *rate < 1 || *rate > 50000 || *duration <= 0 || *duration > time.Minute || *recusals > *persons {
		fmt.Fprintln(os.Stderr, "loadcheck: want 1 ≤ rate ≤ 50000, 0 < duration ≤ 1m, recusals ≤ persons")
		os.Exit(2)
	}
	if err := run(*bin, *db, *rate, *duration, *persons, *recusals, *conns); err != nil {
		fmt.Fprintln(os.Stderr, "loadcheck:", err)
		os.Exit(1)
	}
}

func run(bin, db string, rate int, duration time.Duration, persons, recusals, conns int) error {
	dir, err := os.MkdirTemp("", "loadcheck")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if db == "" {
		db = filepath.Join(dir, "load.db")
	} else if u, err := url.Parse(db); err != nil || !loopback(u.Hostname()) {
		return fmt.Errorf("--db %q: only a database on loopback", db)
	}
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
	system, err := token("service:load-system")
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	ethics, err := token("ethics:load-ethics")
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}

	srv, base, err := startServer(bin, db)
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
	}()

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}}
	// Warm up: one check per person, so that the server's caches are as
	// they would be in a long-running server.
	for i := range persons {
		if _, _, err := check(client, base, system, i, i); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
	}

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
	start := time.Now().Add(100 * time.Millisecond)

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

	// Open loop: request n is due at start + n/rate whatever happened to
	// the ones before; senders take due requests from the queue.
	queue := make(chan int, total)
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
			for n := range queue {
				due := start.Add(time.Duration(float64(n) * float64(time.Second) / float64(rate)))
				p := rng.IntN(persons)
				m := p
				if rng.IntN(2) == 0 {
					m = rng.IntN(persons)
				}
				sent := time.Now()
				allow, ok, err := check(client, base, system, p, m)
				r := result{lat: time.Since(due), allow: allow, bad: err != nil || !ok}
				if c := committed[p].Load(); allow && p == m && c != 0 && sent.UnixNano() > c {
					r.stale = true
				}
				results[n] = r
			}
		}()
	}
	for n := range total {
		due := start.Add(time.Duration(float64(n) * float64(time.Second) / float64(rate)))
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		}
		queue <- n
	}
	close(queue)
	wg.Wait()
	if writeErr != nil {
		return fmt.Errorf("recording recusals: %w", writeErr)
	}
	elapsed := time.Since(start)
	rss, hwm := memory(srv.Process.Pid)

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
	fmt.Printf("checks: %d at %d/s for %s over %d connections (sent in %s: %.0f/s)\n", total, rate, duration, conns, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds())
	fmt.Printf("latency from scheduled send: p50 %s  p99 %s  p99.9 %s  max %s\n",
		pct(lat, .50).Round(time.Microsecond), pct(lat, .99).Round(time.Microsecond), pct(lat, .999).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
	fmt.Printf("answers: %d allow, %d deny, %d errors\n", allows, denies, errs)
	fmt.Printf("recusals recorded through the API during the run: %d (POST p50 %s, max %s)\n", len(writeLat), pct(writeLat, .5).Round(time.Microsecond), pct(writeLat, 1).Round(time.Microsecond))
	fmt.Printf("stale allows (allow for a pair whose recusal was committed before the check was sent): %d\n", stale)
	fmt.Printf("server RSS at the end: %s, peak %s\n", rss, hwm)
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

// startServer starts `impartial serve` on a free loopback port and returns
// it with its base URL once it is ready.
func startServer(bin, db string) (*exec.Cmd, string, error) {
	cmd := exec.Command(bin, "--db", db, "serve", "--addr", "127.0.0.1:0", "--log", "json")
	cmd.Env = append(os.Environ(), "IMPARTIAL_DRAIN=10s")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		// Every request is logged; only the start line is decoded, so that
		// reading the log costs the machine little.
		for sc.Scan() {
			b := sc.Bytes()
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
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		for ctx.Err() == nil {
			if resp, err := http.Get(base + "/readyz"); err == nil {
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

func check(c *http.Client, base, token string, person, matter int) (allow, ok bool, err error) {
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/v1/check?person=p%d&action=participate&matter=m%d", base, person, matter), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		return false, false, err
	}
	defer resp.Body.Close()
	var d struct {
		Allow bool `json:"allow"`
	}
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &d); err != nil {
		return false, false, fmt.Errorf("%d %s", resp.StatusCode, b)
	}
	return d.Allow, resp.StatusCode == 200, nil
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
