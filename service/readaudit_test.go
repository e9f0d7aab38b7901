package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// TestConfidentialReadsAudited: checks of a confidential matter (journaled,
// counted, then written one entry per caller and matter with the count), the
// change feed and both walls listings leave entries naming the confidential
// matter; reads of public matters through checks leave none.
func TestConfidentialReadsAudited(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(clock), service.WithReadJournal(t.TempDir()))
		importRef(t, svc)
		if err := svc.RecordRecusal(ctx, refcase.Ethics, refcase.Recusal()); err != nil {
			t.Fatal(err)
		}
		for range 7 {
			mustCheck(t, svc, system, "sessions", impartial.View, "m-russia-2016")
		}
		for range 3 {
			mustCheck(t, svc, system, "sessions", impartial.View, "m-pharma")
		}
		// A covered person who may not know of it reads nothing.
		mustCheck(t, svc, impartial.Actor{ID: "sessions", Role: impartial.Covered}, "sessions", impartial.View, "m-russia-2016")
		if n := svc.PendingReads(); n != 7 {
			t.Errorf("counted %d confidential checks, want 7", n)
		}
		if err := svc.FlushReads(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.WallFeed(ctx, system, 0, 100); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.WalledFrom(ctx, refcase.Ethics, "sessions"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Walled(ctx, refcase.Ethics, "m-russia-2016"); err != nil {
			t.Fatal(err)
		}
		trail, err := svc.AuditTrail(ctx, impartial.Actor{ID: "ig", Role: impartial.Auditor}, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range trail {
			if strings.HasPrefix(e.Action, "check") || strings.HasPrefix(e.Action, "read") {
				got = append(got, e.Actor.ID+" "+e.Action+" "+e.Record+": "+e.Detail)
			}
		}
		want := []string{
			"case-system check confidential matter m-russia-2016: 7 check(s)",
			"case-system read wall feed after 0: confidential matters: m-russia-2016",
			"doj-ethics read walls of person sessions: confidential matters: m-russia-2016",
			"doj-ethics read walls of matter m-russia-2016: confidential",
		}
		if len(got) != len(want) {
			t.Fatalf("audited reads:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("entry %d: %q, want %q…", i, got[i], want[i])
			}
		}
		if _, err := svc.VerifyAudit(ctx); err != nil {
			t.Error(err)
		}
	})
}

// TestConfidentialReadsWithoutJournal: a service with no journal commits each
// confidential check's count before the check answers, so nothing is left
// counted in memory; public matters leave no entry.
func TestConfidentialReadsWithoutJournal(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(clock))
		importRef(t, svc)
		for range 3 {
			mustCheck(t, svc, system, "sessions", impartial.View, "m-russia-2016")
			mustCheck(t, svc, system, "sessions", impartial.View, "m-pharma")
		}
		if n := svc.PendingReads(); n != 0 {
			t.Errorf("%d confidential checks answered but not yet in the trail, want 0", n)
		}
		trail, err := svc.AuditTrail(ctx, impartial.Actor{ID: "ig", Role: impartial.Auditor}, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := auditedChecks(trail, "m-russia-2016"); got != 3 {
			t.Errorf("the trail accounts for %d checks of m-russia-2016, want 3", got)
		}
		if got := auditedChecks(trail, "m-pharma"); got != 0 {
			t.Errorf("the trail accounts for %d checks of the public m-pharma, want 0", got)
		}
	})
}

// auditedChecks adds up the checks of matter the trail accounts for.
func auditedChecks(trail []impartial.AuditEvent, matter string) int {
	n := 0
	for _, e := range trail {
		if e.Action != "check confidential matter" || e.Record != matter {
			continue
		}
		var k int
		if _, err := fmt.Sscanf(e.Detail, "%d check(s)", &k); err == nil {
			n += k
		}
	}
	return n
}
