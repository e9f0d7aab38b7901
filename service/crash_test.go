package service_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/postgres"
	"github.com/impartial/impartial/service"
	"github.com/impartial/impartial/sqlite"
	"github.com/impartial/impartial/synth"
)

// crashClock is the day every run of the crash test screens as of.
func crashClock() time.Time { return time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC) }

// genFile writes a synthetic data set without teams (so that only findings
// and recusals deny) and returns its path.
func genFile(t *testing.T, dir string, seed int64, entities int) string {
	t.Helper()
	cfg := synth.DefaultConfig(entities)
	cfg.Seed, cfg.TeamPerMatter, cfg.Covered = seed, 0, entities/40
	path := filepath.Join(dir, fmt.Sprintf("gen-%d.jsonl", seed))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := dataset.NewWriter(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.Generate(context.Background(), cfg, func(rec any) error { return w.Write(rec.(dataset.Record)) }); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return path
}

func importFile(t *testing.T, svc *service.Service, path string, opt service.ImportOptions) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := svc.Import(context.Background(), f, filepath.Base(path), opt); err != nil {
		t.Fatal(err)
	}
}

// wallState checks every covered person against every matter and returns
// the denied pairs and how many were denied because work is pending.
func wallState(t *testing.T, svc *service.Service, s impartial.Store) (denied map[string]bool, pending, checks int) {
	t.Helper()
	ctx := context.Background()
	var persons, matters []string
	err := s.View(ctx, func(tx impartial.ReadTx) error {
		for after := ""; ; {
			es, err := tx.Entities(ctx, impartial.EntityFilter{Page: impartial.Page{After: after, Limit: impartial.MaxPage}, CoveredOnly: true})
			if err != nil || len(es) == 0 {
				break
			}
			for _, e := range es {
				persons = append(persons, e.ID)
			}
			after = es[len(es)-1].ID
		}
		for after := ""; ; {
			ms, err := tx.Matters(ctx, impartial.MatterFilter{Page: impartial.Page{After: after, Limit: impartial.MaxPage}})
			if err != nil {
				return err
			}
			if len(ms) == 0 {
				return nil
			}
			for _, m := range ms {
				matters = append(matters, m.ID)
			}
			after = ms[len(ms)-1].ID
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	denied = map[string]bool{}
	for _, p := range persons {
		for _, m := range matters {
			d, err := checkRetrying(ctx, svc, p, m)
			if err != nil {
				t.Fatalf("check %s %s: %v", p, m, err)
			}
			checks++
			if !d.Allow {
				denied[p+" "+m] = true
			}
			if d.Pending != 0 {
				pending++
			}
		}
	}
	return denied, pending, checks
}

// checkRetrying is a wall check that, when the store could not answer in
// time (a check fails closed after checkTimeout: on a loaded machine under
// the race detector, PostgreSQL sometimes took longer), asks again, up to
// three times: the test compares answers, so it needs one, and a check that
// failed has denied, which is never a stale allow.
func checkRetrying(ctx context.Context, svc *service.Service, person, matter string) (impartial.WallDecision, error) {
	for try := 1; ; try++ {
		d, err := svc.Check(ctx, system, person, impartial.Participate, matter)
		if err == nil || try == 3 || !transient(err) {
			return d, err
		}
		if d.Allow {
			return d, fmt.Errorf("a check that failed allowed: %+v (%v)", d, err)
		}
	}
}

// transient reports whether a check failed because the store did not answer
// (in time), not because of what was asked.
func transient(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || impartial.KindOf(err) == impartial.Unavailable
}

// TestCrashAfterCommit kills an import (SIGKILL, from outside, as a crash or
// power loss would) at random moments after its data commit, while it
// re-screens, and then checks that every pair a clean run denies is denied by
// the killed database — by a finding, or because the re-screening is pending
// — and that once the pending work is completed the answers are exactly the
// clean run's.
func TestCrashAfterCommit(t *testing.T) {
	if env := os.Getenv("IMPARTIAL_CRASH_CHILD"); env != "" {
		crashChild(env)
		return
	}
	if testing.Short() {
		t.Skip("builds data sets and kills processes")
	}
	dir := t.TempDir()
	// Smaller, and fewer kills, under the race detector, which slows
	// every step several times over.
	size, kills := 600, 6
	if raceEnabled {
		size, kills = 300, 3
	}
	base, update := genFile(t, dir, 1, size), genFile(t, dir, 2, size)
	t.Run("sqlite", func(t *testing.T) {
		// The base imported and re-screened once, copied for each run.
		basePath := filepath.Join(dir, "base.db")
		s, err := sqlite.Open(context.Background(), basePath)
		if err != nil {
			t.Fatal(err)
		}
		importFile(t, service.New(s, service.WithClock(crashClock)), base, service.ImportOptions{Screen: true})
		s.Close()
		baseDB, err := os.ReadFile(basePath)
		if err != nil {
			t.Fatal(err)
		}
		crashRuns(t, update, kills, func(name string) string {
			path := filepath.Join(dir, name+".db")
			if err := os.WriteFile(path, baseDB, 0o600); err != nil {
				t.Fatal(err)
			}
			return path
		})
	})
	t.Run("postgres", func(t *testing.T) {
		testdb.PostgresURL(t) // skips when no server is configured
		// A schema of its own for each run, the base imported into it.
		crashRuns(t, update, max(kills/2, 2), func(string) string {
			url := testdb.PostgresURL(t)
			s, err := postgres.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			importFile(t, service.New(s, service.WithClock(crashClock)), base, service.ImportOptions{Screen: true})
			return url
		})
	})
}

// crashRuns imports the update cleanly into one fresh copy of the base, and
// kills its import at random moments after the commit in others, comparing
// the wall checks of each with the clean run's.
func crashRuns(t *testing.T, update string, kills int, fresh func(name string) string) {
	cleanDB := fresh("clean")
	window := crashImport(t, cleanDB, update, -1)
	s, err := openDB(cleanDB)
	if err != nil {
		t.Fatal(err)
	}
	clean, _, checks := wallState(t, service.New(s, service.WithClock(crashClock)), s)
	s.Close()
	if len(clean) == 0 || len(clean) == checks {
		t.Fatalf("the clean run denies %d of %d pairs; the test needs both answers", len(clean), checks)
	}
	t.Logf("clean run: %d of %d pairs denied; the re-screen after the commit took %s", len(clean), checks, window.Round(time.Millisecond))

	rng := rand.New(rand.NewPCG(8, 8))
	var withPending, stale int
	for i := range kills {
		path := fresh(fmt.Sprintf("kill-%d", i))
		delay := time.Duration(rng.Int64N(int64(window)))
		crashImport(t, path, update, delay)
		s, err := openDB(path)
		if err != nil {
			t.Fatal(err)
		}
		svc := service.New(s, service.WithClock(crashClock))
		denied, pending, _ := wallState(t, svc, s)
		if pending > 0 {
			withPending++
		}
		for pair := range clean {
			if !denied[pair] {
				stale++
				t.Errorf("kill %d (%s after the commit): %s is allowed, but a clean run denies it", i, delay, pair)
			}
		}
		if _, err := svc.CompletePending(context.Background()); err != nil {
			t.Fatal(err)
		}
		after, pending, _ := wallState(t, svc, s)
		if pending != 0 || len(after) != len(clean) {
			t.Errorf("kill %d: after completing the pending work %d pairs denied (%d pending), want the clean run's %d", i, len(after), pending, len(clean))
		}
		for pair := range after {
			if !clean[pair] {
				t.Errorf("kill %d: after recovery %s is denied, but a clean run allows it", i, pair)
				break
			}
		}
		s.Close()
	}
	t.Logf("%d kills after the commit (%d left work pending), %d checks each, %d stale allows", kills, withPending, checks, stale)
}

// crashImport runs the update import in a child process and, with delay ≥ 0,
// kills it that long after its data commit. It returns how long the child
// ran after the commit.
func crashImport(t *testing.T, db, file string, delay time.Duration) time.Duration {
	t.Helper()
	cmd, out := startChild(t, "TestCrashAfterCommit", "IMPARTIAL_CRASH_CHILD="+db+"\n"+file)
	sc := bufio.NewScanner(out)
	committed := false
	for sc.Scan() {
		if strings.Contains(sc.Text(), "msg=import") {
			committed = true
			break
		}
	}
	if !committed {
		cmd.Wait()
		t.Fatal("the child did not commit its import")
	}
	at := time.Now()
	if delay >= 0 {
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
	}
	go io.Copy(io.Discard, out)
	err := cmd.Wait()
	if delay < 0 && err != nil {
		t.Fatalf("clean import: %v", err)
	}
	return time.Since(at)
}

// startChild runs this test binary's test in a child process with the
// variable set, its standard output piped to the caller.
func startChild(t *testing.T, test, env string) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out
}

// crashChild imports the file into the database, logging the commit on
// standard output, and exits.
func crashChild(env string) {
	db, file, _ := strings.Cut(env, "\n")
	s, err := openDB(db)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	log := slog.New(slog.NewTextHandler(os.Stdout, nil))
	svc := service.New(s, service.WithClock(crashClock), service.WithLogger(log))
	f, err := os.Open(file)
	if err == nil {
		_, err = svc.Import(context.Background(), f, filepath.Base(file), service.ImportOptions{Screen: true, AllowWallChanges: true})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	s.Close()
	os.Exit(0)
}
