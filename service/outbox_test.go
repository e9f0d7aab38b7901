package service_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// TestPendingWorkDenies: an import whose re-screening has not been done (the
// process died after the commit; here, it was deferred) leaves the work in
// the outbox; until it is completed every check it may affect denies, saying
// that screening is pending, and re-running the import does not clear it.
// Completing it stores the findings, and the answers are those of a run that
// never stopped.
func TestPendingWorkDenies(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }))
		imp(t, svc,
			`{"record":"entity","id":"judge","kind":"person","name":"Judith Bench","coverage":{"regime":"judiciary","start":"2010-01-01"}}`,
			`{"record":"entity","id":"parentco","kind":"company","name":"Parent Holdings Inc.","flags":["publicly_traded"]}`,
			`{"record":"entity","id":"subco","kind":"company","name":"Sub Widgets LLC"}`,
			`{"record":"entity","id":"other","kind":"company","name":"Other Corp."}`,
			`{"record":"relationship","id":"h1","from":"judge","type":"holding","to":"parentco","start":"2015-01-01","amount":{"min":1001,"max":15000}}`,
			`{"record":"matter","id":"case-1","title":"Other Corp. v. Sub Widgets LLC","kind":"civil_case","opened":"2024-01-10","parties":[{"entity":"other","role":"party"},{"entity":"subco","role":"party"}],"team":["judge"]}`,
			`{"record":"matter","id":"case-2","title":"Unrelated v. Other","kind":"civil_case","opened":"2024-01-10","parties":[{"entity":"other","role":"party"}],"team":["judge"]}`,
		)
		check := func(matter string) impartial.WallDecision {
			return mustCheck(t, svc, system, "judge", impartial.Participate, matter)
		}
		for _, m := range []string{"case-1", "case-2"} {
			if d := check(m); !d.Allow {
				t.Fatalf("before the merger the judge may sit on %s: %+v", m, d)
			}
		}
		merger := `{"record":"relationship","id":"merger","from":"parentco","type":"ownership","to":"subco","percent":100,"start":"2024-03-01","source":"merger filing"}`
		deferred := func(line string) *service.ImportReport {
			t.Helper()
			rep, err := svc.Import(ctx, strings.NewReader(line), "late.jsonl", service.ImportOptions{Screen: true, Defer: true})
			if err != nil {
				t.Fatal(err)
			}
			return rep
		}
		deferred(merger)
		// Scoped after the commit: the merger reaches case-1 through the
		// judge's holding, and that check denies, saying what is pending;
		// case-2 is out of its reach.
		if d := check("case-1"); d.Allow || d.Pending == 0 || !strings.Contains(d.Reason, "screening pending") || !strings.Contains(d.Reason, `import of "late.jsonl"`) {
			t.Errorf("case-1 with the merger's re-screening pending: %+v, want a deny saying what is pending", d)
		}
		if d := check("case-2"); !d.Allow || d.Pending != 0 {
			t.Errorf("case-2, out of the merger's reach, with its re-screening pending: %+v, want allow", d)
		}
		// A covered person asking about their own access is not told the file.
		if d := mustCheck(t, svc, impartial.Actor{ID: "judge", Role: impartial.Covered}, "judge", impartial.Participate, "case-1"); d.Allow || strings.Contains(d.Reason, "late.jsonl") || !strings.Contains(d.Reason, "screening pending") {
			t.Errorf("covered caller, pending: %+v", d)
		}
		// The same file again changes nothing and leaves the work pending.
		if rep := deferred(merger); rep.Changed() {
			t.Fatalf("re-import changed %+v", rep)
		}
		if d := check("case-1"); d.Allow {
			t.Errorf("after an unchanged re-import the work is still pending, want deny: %+v", d)
		}
		pending, err := svc.PendingWork(ctx, impartial.Actor{ID: "e", Role: impartial.Ethics})
		if err != nil || len(pending) != 1 || pending[0].All || !pending[0].Scoped {
			t.Fatalf("pending work: %+v, %v", pending, err)
		}
		rep, err := svc.CompletePending(ctx)
		if err != nil || rep == nil || len(rep.Work) != 1 {
			t.Fatalf("complete pending: %+v, %v", rep, err)
		}
		if d := check("case-1"); d.Allow || d.Finding != "455b4-financial" {
			t.Errorf("after the work is done, case-1 must deny by the finding: %+v", d)
		}
		if d := check("case-2"); !d.Allow {
			t.Errorf("after the work is done, case-2 is allowed again: %+v", d)
		}
		if rep, err := svc.CompletePending(ctx); err != nil || rep != nil {
			t.Errorf("nothing left pending: %+v, %v", rep, err)
		}
		// A change to one matter denies only that matter while pending.
		deferred(`{"record":"matter","id":"case-2","title":"Unrelated v. Other","kind":"civil_case","opened":"2024-01-10","parties":[{"entity":"other","role":"party"},{"entity":"subco","role":"party"}],"team":["judge"]}`)
		if d := check("case-2"); d.Allow || d.Pending == 0 || !strings.Contains(d.Reason, "1 matter(s)") {
			t.Errorf("case-2 changed, pending: %+v", d)
		}
		if d := check("case-1"); d.Pending != 0 || d.Finding != "455b4-financial" {
			t.Errorf("case-1 is not affected by case-2's work: %+v", d)
		}
		if _, err := svc.CompletePending(ctx); err != nil {
			t.Fatal(err)
		}
		if d := check("case-2"); d.Allow || d.Finding != "455b4-financial" || d.Pending != 0 {
			t.Errorf("case-2 now has Sub Widgets as a party: %+v", d)
		}
	})
}

// TestPendingWorkScoped: work that moves the graph (a merger) is recorded
// as affecting every matter, and until it is scoped every check denies;
// once the graph has said what it can reach (ScopePending, as the worker
// does before it screens), only the pairs it may change deny, each saying
// the work is pending, and the others answer as before; completing the
// work gives a finding's answer.
func TestPendingWorkScoped(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }))
		importMergerCase(t, svc)
		type pair struct{ person, matter string }
		pairs := []pair{{"judge", "case-1"}, {"judge", "case-2"}, {"judge2", "case-1"}, {"judge2", "case-2"}}
		answers := func() map[pair]impartial.WallDecision {
			out := map[pair]impartial.WallDecision{}
			for _, p := range pairs {
				out[p] = mustCheck(t, svc, system, p.person, impartial.Participate, p.matter)
			}
			return out
		}
		for p, d := range answers() {
			if !d.Allow {
				t.Fatalf("before the merger %s may sit on %s: %+v", p.person, p.matter, d)
			}
		}
		merger := mergerLine
		// A deferred import scopes its work after the commit (as
		// TestDeferredImportScoped shows); interrupted right after the
		// commit, it leaves the work unscoped.
		cut, cancel := context.WithCancel(ctx)
		defer cancel()
		late := service.New(s, service.WithClock(func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }),
			service.WithLogger(slog.New(cancelOn{"import", cancel})))
		if _, err := late.Import(cut, strings.NewReader(merger), "late.jsonl", service.ImportOptions{Screen: true, Defer: true}); err == nil ||
			!strings.Contains(err.Error(), "imported and committed") || !strings.Contains(err.Error(), "denies") {
			t.Fatalf("a deferred import interrupted after its commit: %v, want an error saying it is committed and checks deny", err)
		}
		for p, d := range answers() {
			if d.Allow || d.Pending == 0 || !strings.Contains(d.Reason, "every matter") {
				t.Errorf("unscoped work pending, %s on %s: %+v, want a pending deny for every matter", p.person, p.matter, d)
			}
		}
		if err := svc.ScopePending(ctx); err != nil {
			t.Fatal(err)
		}
		pending, err := svc.PendingWork(ctx, impartial.Actor{ID: "e", Role: impartial.Ethics})
		if err != nil || len(pending) != 1 || pending[0].All || !pending[0].Scoped {
			t.Fatalf("pending work after scoping: %+v, %v", pending, err)
		}
		// Only the judge's holding reaches Sub Widgets, a party to case-1.
		want := map[pair]bool{{"judge", "case-1"}: true}
		for p, d := range answers() {
			if got := d.Pending != 0; got != want[p] {
				t.Errorf("scoped work pending, %s on %s: pending %v, want %v (%+v)", p.person, p.matter, got, want[p], d)
			}
			if want[p] && (d.Allow || !strings.Contains(d.Reason, "1 person-matter pair(s)")) {
				t.Errorf("the pair the merger may change: %+v, want a pending deny naming one pair", d)
			}
			if !want[p] && !d.Allow {
				t.Errorf("%s on %s is out of the merger's reach, want allow: %+v", p.person, p.matter, d)
			}
		}
		if _, err := svc.CompletePending(ctx); err != nil {
			t.Fatal(err)
		}
		for p, d := range answers() {
			if d.Pending != 0 || d.Allow == want[p] {
				t.Errorf("after the work, %s on %s: %+v", p.person, p.matter, d)
			}
		}
	})
}

// cancelOn is a log handler that cancels a context when a message is
// logged: here, the import's commit.
type cancelOn struct {
	msg    string
	cancel context.CancelFunc
}

func (h cancelOn) Enabled(context.Context, slog.Level) bool { return true }
func (h cancelOn) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.msg {
		h.cancel()
	}
	return nil
}
func (h cancelOn) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h cancelOn) WithGroup(string) slog.Handler      { return h }

// TestImportInterrupted: an interrupt (Ctrl-C) during the read rolls the
// whole file back and says so; one after the commit says that the data is
// committed and its re-screening pending, and the work is then completed by
// the next caller — never "sql: statement is closed".
func TestImportInterrupted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		svc := service.New(s, service.WithClock(clock), service.WithLogger(slog.New(cancelOn{"import", cancel})))
		_, err := svc.Import(ctx, refcase.Open(), refcase.FileName, service.ImportOptions{Screen: true})
		if err == nil || !strings.Contains(err.Error(), "imported and committed, but re-screening was interrupted") ||
			!strings.Contains(err.Error(), "pending") || strings.Contains(err.Error(), "statement is closed") {
			t.Fatalf("interrupted after the commit: %v", err)
		}
		if d := mustCheck(t, svc, system, "sessions", impartial.Participate, "m-russia-2016"); d.Allow || d.Pending == 0 {
			t.Errorf("after the interrupt: %+v, want a pending deny", d)
		}
		if rep, err := svc.CompletePending(context.Background()); err != nil || rep == nil {
			t.Fatalf("completing: %+v, %v", rep, err)
		}
		if d := mustCheck(t, svc, system, "sessions", impartial.Participate, "m-russia-2016"); d.Allow || d.Pending != 0 || d.Finding == "" {
			t.Errorf("after completing: %+v, want a deny by the finding", d)
		}
		ctx2, cancel2 := context.WithCancel(context.Background())
		svc2 := service.New(s, service.WithClock(clock))
		cancel2()
		_, err = svc2.Import(ctx2, strings.NewReader(`{"record":"entity","id":"x","kind":"person","name":"X"}`), "x.jsonl", service.ImportOptions{Screen: true})
		if err == nil || !strings.Contains(err.Error(), "interrupted; nothing of the file was imported") {
			t.Errorf("interrupted before the commit: %v", err)
		}
	})
}
