package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/impartial/impartial/internal/testdb"
)

// The test binary doubles as impartial: run with IMPARTIAL_TEST_MAIN=1 it
// is the command, so that the tests drive real processes without a build.
func TestMain(m *testing.M) {
	if os.Getenv("IMPARTIAL_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func command(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "IMPARTIAL_TEST_MAIN=1")
	return cmd
}

func run(t *testing.T, args ...string) string {
	t.Helper()
	out, err := command(args...).CombinedOutput()
	if err != nil {
		t.Fatalf("impartial %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// server is an `impartial serve` process.
type server struct {
	cmd  *exec.Cmd
	url  string
	mu   sync.Mutex
	logs []string
	seen chan string // every log message, as it comes
	// read is closed once the log is read to its end: cmd.Wait closes the
	// pipe when the process exits, and lines not read by then are lost
	// (exit says why).
	read chan struct{}
}

func serve(t *testing.T, db string, env ...string) *server {
	t.Helper()
	cmd := command("--db", db, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(cmd.Env, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, seen: make(chan string, 1000), read: make(chan struct{})}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line map[string]any
			json.Unmarshal(sc.Bytes(), &line)
			s.mu.Lock()
			s.logs = append(s.logs, sc.Text())
			s.mu.Unlock()
			msg, _ := line["msg"].(string)
			if msg == "serving" {
				addr <- line["addr"].(string)
			}
			select {
			case s.seen <- msg:
			default:
			}
		}
		close(s.seen)
		close(s.read)
	}()
	select {
	case a := <-addr:
		s.url = "http://" + a
	case <-time.After(60 * time.Second):
		t.Fatalf("the server did not start: %v", s.logs)
	}
	return s
}

// exit waits for the server to exit, having read its log to the end. Wait
// alone closes the pipe as soon as the process is gone, and the last lines
// it wrote ("drained; closing the database") were lost whenever the reading
// goroutine had not got to them yet — on a loaded machine, now and then.
func (s *server) exit() error {
	<-s.read
	return s.cmd.Wait()
}

// waitFor waits for a log message.
func (s *server) waitFor(t *testing.T, msg string) {
	t.Helper()
	for m := range s.seen {
		if m == msg {
			return
		}
	}
	t.Fatalf("the server never logged %q", msg)
}

func call(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// inFlight reads the server's in-flight gauge.
func inFlight(t *testing.T, s *server) int {
	resp, err := http.Get(s.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "impartial_http_requests_in_flight "); ok {
			n, _ := strconv.ParseFloat(v, 64)
			return int(n)
		}
	}
	return -1
}

// TestSIGTERMDrains: a request in flight when the server is told to stop
// is finished and answered; only then does the process close the database
// and exit 0.
func TestSIGTERMDrains(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testSIGTERMDrains(t, filepath.Join(t.TempDir(), "i.db")) })
	t.Run("postgres", func(t *testing.T) { testSIGTERMDrains(t, testdb.PostgresURL(t)) })
}

func testSIGTERMDrains(t *testing.T, db string) {
	token := run(t, "--db", db, "token", "--as", "admin:root", "--for", "admin:root")
	s := serve(t, db, "IMPARTIAL_DRAIN=30s")
	body, w := io.Pipe()
	type result struct {
		code int
		body string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest("POST", s.url+"/v1/import?screen=false", body)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/x-ndjson")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- result{code: resp.StatusCode, body: string(b)}
	}()
	fmt.Fprintln(w, `{"record":"entity","id":"e1","kind":"person","name":"First Person"}`)
	// The import is in flight once the gauge counts it besides the
	// metrics request itself.
	for inFlight(t, s) < 2 {
		time.Sleep(time.Millisecond) // polling the gauge, not timing anything
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	s.waitFor(t, "draining: no new connections; waiting for requests in flight")
	fmt.Fprintln(w, `{"record":"entity","id":"e2","kind":"person","name":"Second Person"}`)
	w.Close()
	r := <-done
	if r.err != nil || r.code != 200 || !strings.Contains(r.body, `"records":2`) {
		t.Fatalf("the request in flight at SIGTERM: %d %s %v", r.code, r.body, r.err)
	}
	if err := s.exit(); err != nil {
		t.Fatalf("the server exited with %v", err)
	}
	s.mu.Lock()
	logs := strings.Join(s.logs, "\n")
	s.mu.Unlock()
	if !strings.Contains(logs, "drained; closing the database") {
		t.Errorf("no drain in the log:\n%s", logs)
	}
	if strings.Contains(logs, token) {
		t.Errorf("the log shows a token:\n%s", logs)
	}
	// What the drained request imported was committed.
	if out := run(t, "--db", db, "list", "entities"); !strings.Contains(out, "Second Person") {
		t.Errorf("after the drain: %s", out)
	}
}

// TestTwoServersOnePostgres: a recusal committed through one server is
// enforced by the next check through another.
func TestTwoServersOnePostgres(t *testing.T) {
	db := testdb.PostgresURL(t)
	run(t, "--db", db, "import", "--no-screen", filepath.Join("..", "..", "refcase", "sessions-2017.jsonl"))
	admin := run(t, "--db", db, "token", "--as", "admin:root", "--for", "ethics:oge")
	system := run(t, "--db", db, "token", "--as", "admin:root", "--for", "service:case-system")
	a, b := serve(t, db), serve(t, db)
	check := "/v1/check?person=rosenstein&action=participate&matter=m-pharma"
	for _, s := range []*server{a, b} {
		if code, body := call(t, "GET", s.url+check, system, ""); code != 200 || !strings.Contains(body, `"allow":true`) {
			t.Fatalf("before: %d %s", code, body)
		}
	}
	code, body := call(t, "POST", a.url+"/v1/recusals", admin,
		`{"person":"rosenstein","effective":"2017-01-01","matters":["m-pharma"],"scope_text":"the opioid investigation","basis":"test"}`)
	if code != 201 {
		t.Fatalf("recusal through the first server: %d %s", code, body)
	}
	if code, body := call(t, "GET", b.url+check, system, ""); code != 200 || !strings.Contains(body, `"allow":false`) {
		t.Errorf("the next check through the second server: %d %s", code, body)
	}
}

// TestVersion: the program says its version and the Go release it was built
// with.
func TestVersion(t *testing.T) {
	out := run(t, "version")
	if !strings.HasPrefix(out, "impartial ") || !strings.Contains(out, "(go1.") {
		t.Errorf("version: %q", out)
	}
}
