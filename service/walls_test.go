package service_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/postgres"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// after the recusal, at the time of the Special Counsel investigation.
var clock = func() time.Time { return time.Date(2017, 6, 1, 12, 0, 0, 0, time.UTC) }

var system = impartial.Actor{ID: "case-system", Role: impartial.System}

func mustCheck(t *testing.T, svc *service.Service, caller impartial.Actor, person string, action impartial.Action, matter string) impartial.WallDecision {
	t.Helper()
	d, err := svc.Check(context.Background(), caller, person, action, matter)
	if err != nil {
		t.Fatalf("check %s %s %s: %v", person, action, matter, err)
	}
	return d
}

func TestReferenceWalls(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(clock))
		importRef(t, svc)
		before := mustCheck(t, svc, system, "sessions", impartial.View, "m-special-counsel")
		if before.Allow {
			t.Errorf("before the recusal, sessions is not on the Special Counsel's team and must be denied: %+v", before)
		}
		if err := svc.RecordRecusal(ctx, refcase.Ethics, refcase.Recusal()); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			person  string
			action  impartial.Action
			matter  string
			allow   bool
			recusal string
			reason  string
		}{
			{"sessions", impartial.View, "m-special-counsel", false, "recusal-2017-03-02", `topic "2016 presidential campaign" is within the recusal's scope`},
			{"sessions", impartial.Participate, "m-special-counsel", false, "recusal-2017-03-02", "acting instead: the Deputy Attorney General"},
			{"sessions", impartial.Participate, "m-russia-2016", false, "recusal-2017-03-02", "Jeff Sessions is recused (recusal recusal-2017-03-02, effective 2017-03-02"},
			{"rosenstein", impartial.Participate, "m-special-counsel", true, "", "on the matter's team"},
			{"sessions", impartial.Participate, "m-pharma", true, "", "no recusal or unresolved finding applies"},
			{"sessions", impartial.View, "m-nope", false, "", `no matter "m-nope"`},
		}
		for _, tc := range tests {
			d := mustCheck(t, svc, system, tc.person, tc.action, tc.matter)
			if d.Allow != tc.allow || d.Recusal != tc.recusal || !strings.Contains(d.Reason, tc.reason) {
				t.Errorf("check %s %s %s:\n got  %+v\n want allow=%v recusal=%q reason containing %q", tc.person, tc.action, tc.matter, d, tc.allow, tc.recusal, tc.reason)
			}
			if d.Revision < 1 {
				t.Errorf("check %s %s %s: revision %d, want the revision it was evaluated at", tc.person, tc.action, tc.matter, d.Revision)
			}
		}
		walled, err := svc.Walled(ctx, refcase.Ethics, "m-special-counsel")
		if err != nil {
			t.Fatal(err)
		}
		if len(walled) != 1 || walled[0].Person != "sessions" || walled[0].Recusal != "recusal-2017-03-02" {
			t.Errorf("walled from m-special-counsel: %+v", walled)
		}
		if _, err := svc.Walled(ctx, impartial.Actor{ID: "sessions", Role: impartial.Covered}, "m-special-counsel"); impartial.KindOf(err) != impartial.Forbidden {
			t.Errorf("a covered person asking who is walled: got %v, want forbidden", err)
		}
	})
}

func TestNeedToKnow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(clock))
		importRef(t, svc)
		if err := svc.RecordRecusal(ctx, refcase.Ethics, refcase.Recusal()); err != nil {
			t.Fatal(err)
		}
		sessions := impartial.Actor{ID: "sessions", Role: impartial.Covered}
		// Asking about the confidential matter answers exactly as for one that
		// does not exist.
		secret, err1 := svc.Check(ctx, sessions, "sessions", impartial.View, "m-russia-2016")
		ghost, err2 := svc.Check(ctx, sessions, "sessions", impartial.View, "m-russia-2017")
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if secret.Allow || ghost.Allow || strings.Replace(secret.Reason, "m-russia-2016", "X", 1) != strings.Replace(ghost.Reason, "m-russia-2017", "X", 1) ||
			secret.Recusal != ghost.Recusal || secret.Revision != ghost.Revision {
			t.Errorf("confidential matter distinguishable from a missing one:\n %+v\n %+v", secret, ghost)
		}
		// His own recusals: the scope's words, never the matters.
		notices, err := svc.MyRecusals(ctx, sessions)
		if err != nil {
			t.Fatal(err)
		}
		if len(notices) != 1 || notices[0].ScopeText != refcase.Recusal().ScopeText {
			t.Fatalf("notices: %+v", notices)
		}
		all := notices[0].ScopeText + notices[0].PublicStatement + notices[0].Delegate
		for _, leak := range []string{"m-russia-2016", "m-special-counsel", "Investigation into Russian interference", "Special Counsel investigation"} {
			if strings.Contains(all, leak) {
				t.Errorf("sessions' notice reveals %q: %+v", leak, notices[0])
			}
		}
		if !strings.Contains(notices[0].PublicStatement, "should not be taken as confirmation of the existence of any investigation") {
			t.Errorf("public statement confirms nothing? %q", notices[0].PublicStatement)
		}
		if err := svc.Acknowledge(ctx, sessions, notices[0].ID); err != nil {
			t.Fatal(err)
		}
		notices, _ = svc.MyRecusals(ctx, sessions)
		if notices[0].AcknowledgedAt.IsZero() {
			t.Error("acknowledgment not recorded")
		}
		other := impartial.Actor{ID: "rosenstein", Role: impartial.Covered}
		if err := svc.Acknowledge(ctx, other, notices[0].ID); !impartial.IsNotFound(err) {
			t.Errorf("acknowledging someone else's recusal: got %v, want not found", err)
		}
		if _, err := svc.Check(ctx, sessions, "rosenstein", impartial.View, "m-pharma"); impartial.KindOf(err) != impartial.Forbidden {
			t.Errorf("a covered person checking someone else: got %v, want forbidden", err)
		}
		bad := refcase.Recusal()
		bad.ID, bad.Matters, bad.PublicStatement = "r2", []string{"m-russia-2016"}, "Recused from the Investigation into Russian interference in the 2016 presidential election."
		if err := svc.RecordRecusal(ctx, refcase.Ethics, bad); err == nil || !strings.Contains(err.Error(), `names the confidential matter "m-russia-2016"`) {
			t.Errorf("a public statement naming a confidential matter: got %v", err)
		}
	})
}

func TestAuthorizations(t *testing.T) {
	s, _ := testdb.SQLite(t)
	ctx := context.Background()
	svc := service.New(s, service.WithClock(clock))
	importRef(t, svc)
	tests := []struct {
		name string
		p    impartial.Permission
		want string // "" for success
	}{
		{"no matter", impartial.Permission{ID: "a1", Kind: impartial.Authorization, Person: "sessions", Rules: []string{"doj-45.2-political"}}, `field "matter": is required: an authorization covers one matter only`},
		{"no rules", impartial.Permission{ID: "a2", Kind: impartial.Waiver, Person: "sessions", Matter: "m-pharma"}, `field "rules": is required`},
		{"unknown rule", impartial.Permission{ID: "a3", Kind: impartial.Authorization, Person: "sessions", Matter: "m-pharma", Rules: []string{"nope"}}, `no rule "nope"`},
		{"non-waivable", impartial.Permission{ID: "a4", Kind: impartial.Waiver, Person: "sessions", Matter: "m-pharma", Rules: []string{"455b4-financial"}}, "cannot be waived"},
		{"unknown matter", impartial.Permission{ID: "a5", Kind: impartial.Authorization, Person: "sessions", Matter: "m-x", Rules: []string{"doj-45.2-political"}}, `no matter "m-x"`},
		{"ok", impartial.Permission{ID: "a6", Kind: impartial.Authorization, Person: "sessions", Matter: "m-pharma", Rules: []string{"doj-45.2-political"}, Reason: "need"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			err := svc.Authorize(ctx, refcase.Ethics, &p)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
	if err := svc.Authorize(ctx, impartial.Actor{ID: "sessions", Role: impartial.Covered}, &impartial.Permission{ID: "a9", Kind: impartial.Exemption, Person: "sessions"}); impartial.KindOf(err) != impartial.Forbidden {
		t.Errorf("a covered person authorizing: got %v", err)
	}
}

func TestDetermineSupersedes(t *testing.T) {
	s, _ := testdb.SQLite(t)
	ctx := context.Background()
	svc := service.New(s, service.WithClock(clock))
	importRef(t, svc)
	review := &impartial.Determination{Person: "sessions", Matter: "m-pharma", Rule: "doj-45.2-political",
		Recommendation: impartial.DecideRecuse, ReviewReasons: "campaign role"}
	if err := svc.Determine(ctx, refcase.Ethics, review); err != nil {
		t.Fatal(err)
	}
	decide := &impartial.Determination{Person: "sessions", Matter: "m-pharma", Rule: "doj-45.2-political",
		Decision: impartial.DecideRecuse, Reasons: "political relationship"}
	if err := svc.Determine(ctx, refcase.Ethics, decide); err != nil {
		t.Fatal(err)
	}
	if decide.Supersedes != review.ID || decide.Recusal == "" {
		t.Errorf("decision: supersedes %q (want %q), recusal %q", decide.Supersedes, review.ID, decide.Recusal)
	}
	d := mustCheck(t, svc, system, "sessions", impartial.Participate, "m-pharma")
	if d.Allow || d.Recusal != decide.Recusal {
		t.Errorf("after a recuse decision: %+v", d)
	}
	if err := svc.Determine(ctx, refcase.Ethics, &impartial.Determination{Person: "sessions", Matter: "m-pharma",
		Decision: impartial.DecideNoConflict}); err == nil || !strings.Contains(err.Error(), "a decision needs written reasons") {
		t.Errorf("a decision without reasons: %v", err)
	}
}

// TestNoStaleAllowConcurrent commits a recusal while goroutines check; every
// check that starts after the commit returned must deny.
func TestNoStaleAllowConcurrent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(clock))
		importRef(t, svc)
		// rosenstein is allowed on the Special Counsel matter; recuse him.
		if d := mustCheck(t, svc, system, "rosenstein", impartial.Participate, "m-special-counsel"); !d.Allow {
			t.Fatalf("precondition: %+v", d)
		}
		var committed atomic.Bool
		var stale, checks, answeredAfter atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					after := committed.Load()
					d, err := svc.Check(ctx, system, "rosenstein", impartial.Participate, "m-special-counsel")
					checks.Add(1)
					// A check the store could not answer in time (under the
					// race detector on a loaded machine) has failed closed:
					// a deny, never a stale allow. Any other error fails.
					if err != nil && (!transient(err) || d.Allow) {
						t.Error(err, d)
						return
					}
					if after && err == nil {
						answeredAfter.Add(1)
					}
					if after && d.Allow {
						stale.Add(1)
					}
				}
			}()
		}
		time.Sleep(20 * time.Millisecond)
		r := &impartial.Recusal{ID: "r-rosenstein", Person: "rosenstein", Effective: impartial.MustDate("2017-05-30"),
			Matters: []string{"m-special-counsel"}, ScopeText: "the Special Counsel investigation"}
		if err := svc.RecordRecusal(ctx, refcase.Ethics, r); err != nil {
			t.Fatal(err)
		}
		committed.Store(true)
		// At least 50 ms of checks after the commit, and until some have
		// been answered (not failed) after it, so the test shows something.
		time.Sleep(50 * time.Millisecond)
		for deadline := time.Now().Add(time.Minute); answeredAfter.Load() < 10 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		close(stop)
		wg.Wait()
		if answeredAfter.Load() < 10 {
			t.Errorf("only %d checks answered after the commit", answeredAfter.Load())
		}
		if stale.Load() > 0 {
			t.Errorf("%d of %d checks allowed after the recusal was committed", stale.Load(), checks.Load())
		}
		// Another service on the same database (another process, in effect)
		// with a warm cache sees it too.
		if d := mustCheck(t, svc, system, "rosenstein", impartial.Participate, "m-special-counsel"); d.Allow {
			t.Errorf("stale allow: %+v", d)
		}
	})
}

// TestNoStaleAllowTwoProcesses records a recusal from a second process on
// the same PostgreSQL database while this one holds a warm cache.
func TestNoStaleAllowTwoProcesses(t *testing.T) {
	if url := os.Getenv("IMPARTIAL_CHILD_RECUSE"); url != "" {
		// The child: record the recusal and exit.
		s, err := postgres.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		svc := service.New(s, service.WithClock(clock))
		r := &impartial.Recusal{ID: "r-child", Person: "rosenstein", Effective: impartial.MustDate("2017-05-30"),
			Matters: []string{"m-special-counsel"}, ScopeText: "the Special Counsel investigation"}
		if err := svc.RecordRecusal(context.Background(), refcase.Ethics, r); err != nil {
			t.Fatal(err)
		}
		return
	}
	url := testdb.PostgresURL(t)
	ctx := context.Background()
	s, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	svc := service.New(s, service.WithClock(clock))
	importRef(t, svc)
	for range 3 { // warm the cache
		if d := mustCheck(t, svc, system, "rosenstein", impartial.Participate, "m-special-counsel"); !d.Allow {
			t.Fatalf("precondition: %+v", d)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoStaleAllowTwoProcesses$", "-test.count=1")
	cmd.Env = append(os.Environ(), "IMPARTIAL_CHILD_RECUSE="+url)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child process: %v\n%s", err, out)
	}
	d := mustCheck(t, svc, system, "rosenstein", impartial.Participate, "m-special-counsel")
	if d.Allow || d.Recusal != "r-child" {
		t.Errorf("after another process committed a recusal: %+v", d)
	}
}

// viewCounting counts a store's read transactions, and makes each take at
// least slow (as on a large database under load), so that checks arriving
// meanwhile find the cache still behind.
type viewCounting struct {
	impartial.Store
	views atomic.Int64
	slow  atomic.Int64 // a time.Duration
}

func (v *viewCounting) View(ctx context.Context, fn func(impartial.ReadTx) error) error {
	v.views.Add(1)
	time.Sleep(time.Duration(v.slow.Load()))
	return v.Store.View(ctx, fn)
}

// TestCatchUpShared: right after a commit, the checks in flight find the
// cache behind the committed revision; one read transaction brings it up to
// date for all of them (not one each, which on a large database queued every
// check behind a burst of transactions after each recusal), and then they
// answer from it — the recused pair with the recusal, the others as before.
func TestCatchUpShared(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		counted := &viewCounting{Store: s}
		svc := service.New(counted, service.WithClock(clock))
		importRef(t, svc)
		before := mustCheck(t, svc, system, "sessions", impartial.Participate, "m-pharma")
		if d := mustCheck(t, svc, system, "rosenstein", impartial.Participate, "m-special-counsel"); !d.Allow {
			t.Fatalf("precondition: %+v", d)
		}
		r := &impartial.Recusal{ID: "r-rosenstein", Person: "rosenstein", Effective: impartial.MustDate("2017-05-30"),
			Matters: []string{"m-special-counsel"}, ScopeText: "the Special Counsel investigation"}
		if err := svc.RecordRecusal(ctx, refcase.Ethics, r); err != nil {
			t.Fatal(err)
		}
		counted.views.Store(0)
		counted.slow.Store(int64(20 * time.Millisecond))
		const n = 32
		start := make(chan struct{})
		var wg sync.WaitGroup
		answers := make([]impartial.WallDecision, n)
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				answers[i], errs[i] = svc.Check(ctx, system, "sessions", impartial.Participate, "m-pharma")
			}()
		}
		close(start)
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			got, want := answers[i], before
			if got.Revision <= want.Revision {
				t.Errorf("answer %d at revision %d, not after the recusal's (> %d)", i, got.Revision, want.Revision)
			}
			got.Revision, want.Revision = 0, 0
			if got != want {
				t.Errorf("answer %d changed by an unrelated recusal: %+v, was %+v", i, got, want)
			}
		}
		counted.slow.Store(0)
		if v := counted.views.Load(); v > 3 {
			t.Errorf("%d concurrent checks after a commit opened %d read transactions; want one shared (at most 3)", n, v)
		}
		if d := mustCheck(t, svc, system, "rosenstein", impartial.Participate, "m-special-counsel"); d.Allow || d.Recusal != "r-rosenstein" {
			t.Errorf("stale allow after the shared catch-up: %+v", d)
		}
	})
}
