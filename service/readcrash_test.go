package service_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/postgres"
	"github.com/impartial/impartial/service"
	"github.com/impartial/impartial/sqlite"
	"github.com/impartial/impartial/sqlstore"
)

// TestConfidentialChecksSurviveKill checks a confidential matter over and
// over in a child process that flushes the counts to the trail every few
// milliseconds, kills it (SIGKILL) at a random moment, and then counts what
// the trail holds once a new process has opened the database: every check
// the child answered must be accounted for — with the read journal, and
// without one (each check then waits for its commit). Before the journal,
// the checks counted since the last flush were lost.
func TestConfidentialChecksSurviveKill(t *testing.T) {
	if env := os.Getenv("IMPARTIAL_READS_CHILD"); env != "" {
		readsChild(env)
		return
	}
	if testing.Short() {
		t.Skip("kills processes")
	}
	stores := []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "reads.db") }},
		{"postgres", func(t *testing.T) string { return testdb.PostgresURL(t) }},
	}
	for _, st := range stores {
		for _, journaled := range []bool{true, false} {
			name := st.name + "/sync"
			if journaled {
				name = st.name + "/journal"
			}
			t.Run(name, func(t *testing.T) {
				db := st.db(t)
				journal := ""
				if journaled {
					journal = filepath.Join(t.TempDir(), "journal")
				}
				svc, closeStore := openReads(t, db, journal)
				importRef(t, svc)
				closeStore()
				rng := rand.New(rand.NewPCG(12, uint64(len(name))))
				answered := 0
				for range 3 {
					n := killReadsChild(t, db, journal, 50*time.Millisecond+time.Duration(rng.Int64N(int64(300*time.Millisecond))))
					answered += n
				}
				svc, closeStore = openReads(t, db, journal)
				defer closeStore()
				ctx := context.Background()
				if err := svc.FlushReads(ctx); err != nil {
					t.Fatal(err)
				}
				var trail []impartial.AuditEvent
				for after := int64(0); ; {
					page, err := svc.AuditTrail(ctx, impartial.Actor{ID: "ig", Role: impartial.Auditor}, after, impartial.MaxPage)
					if err != nil {
						t.Fatal(err)
					}
					if len(page) == 0 {
						break
					}
					trail = append(trail, page...)
					after = page[len(page)-1].Seq
				}
				got := auditedChecks(trail, "m-russia-2016")
				if got < answered {
					t.Errorf("the children answered %d checks of the confidential matter; the trail accounts for %d", answered, got)
				}
				if journaled {
					left, _ := filepath.Glob(filepath.Join(journal, "*"))
					if len(left) != 0 {
						t.Errorf("journal files left after recovery: %v", left)
					}
				}
				if _, err := svc.VerifyAudit(ctx); err != nil {
					t.Error(err)
				}
				t.Logf("3 kills: %d checks answered, %d accounted for in the trail", answered, got)
			})
		}
	}
}

// openReads opens the database with a service keeping its journal in dir.
func openReads(t *testing.T, db, journal string) (*service.Service, func()) {
	t.Helper()
	s, err := openDB(db)
	if err != nil {
		t.Fatal(err)
	}
	return service.New(s, service.WithClock(clock), service.WithReadJournal(journal)), func() { s.Close() }
}

func openDB(db string) (*sqlstore.Store, error) {
	if strings.HasPrefix(db, "postgres") {
		return postgres.Open(context.Background(), db)
	}
	return sqlite.Open(context.Background(), db)
}

// killReadsChild runs a child that checks until killed after delay, and
// returns how many checks it reported answered.
func killReadsChild(t *testing.T, db, journal string, delay time.Duration) int {
	t.Helper()
	cmd, out := startChild(t, "TestConfidentialChecksSurviveKill", "IMPARTIAL_READS_CHILD="+db+"\n"+journal)
	// The clock starts at the first answer: opening the database and the
	// first check's reads take longer on some machines than others.
	sc := bufio.NewScanner(out)
	if !sc.Scan() || sc.Text() != "1" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the child answered no check")
	}
	time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
	n := 1
	for sc.Scan() {
		if v, err := strconv.Atoi(sc.Text()); err == nil {
			n = v
		}
	}
	cmd.Wait()
	return n
}

// readsChild checks the confidential matter until killed, writing the
// number of checks answered after each, while the counts are flushed every
// few milliseconds.
func readsChild(env string) {
	db, journal, _ := strings.Cut(env, "\n")
	s, err := openDB(db)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	svc := service.New(s, service.WithClock(clock), service.WithReadJournal(journal))
	go svc.Work(context.Background(), 5*time.Millisecond)
	w := bufio.NewWriterSize(os.Stdout, 64)
	for n, failed := 1, 0; ; {
		d, err := svc.Check(context.Background(), system, "sessions", impartial.View, "m-russia-2016")
		if err != nil && transient(err) && failed < 10 {
			// The store did not answer in time (on a loaded machine the
			// first check, which reads the person and the matter, took
			// over checkTimeout): not an answer, so not counted, and
			// asked again. Exiting here left the parent with no answer
			// to time the kill from, and the test failed.
			failed++
			continue
		}
		if err != nil || d.Reason == "" {
			fmt.Fprintln(os.Stderr, "check:", err)
			os.Exit(1)
		}
		// Reported only once answered: what the parent counts is what a
		// caller could have received.
		fmt.Fprintln(w, n)
		w.Flush()
		n, failed = n+1, 0
	}
}
