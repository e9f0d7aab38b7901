package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/service"
)

// TestDeferredImportScoped: an import that defers its re-screening (import
// --defer-screen) still works out what the work may affect, as the
// immediate path does before it screens: a merger then denies only the
// checks on the pair it may change, each saying the work is pending, and
// the others answer as before — not every check until a worker runs.
func TestDeferredImportScoped(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }))
		importMergerCase(t, svc)
		merger := mergerLine
		if _, err := svc.Import(ctx, strings.NewReader(merger), "late.jsonl", service.ImportOptions{Screen: true, Defer: true}); err != nil {
			t.Fatal(err)
		}
		pending, err := svc.PendingWork(ctx, impartial.Actor{ID: "e", Role: impartial.Ethics})
		if err != nil || len(pending) != 1 || pending[0].All || !pending[0].Scoped {
			t.Fatalf("pending work after a deferred import: %+v, %v; want one entry, scoped", pending, err)
		}
		// Only the judge's holding reaches Sub Widgets, a party to case-1.
		type pair struct{ person, matter string }
		for _, tc := range []struct {
			pair
			pending bool
		}{
			{pair{"judge", "case-1"}, true},
			{pair{"judge", "case-2"}, false},
			{pair{"judge2", "case-1"}, false},
			{pair{"judge2", "case-2"}, false},
		} {
			d := mustCheck(t, svc, system, tc.person, impartial.Participate, tc.matter)
			if got := d.Pending != 0; got != tc.pending {
				t.Errorf("%s on %s: pending %v, want %v (%+v)", tc.person, tc.matter, got, tc.pending, d)
			}
			if tc.pending && (d.Allow || !strings.Contains(d.Reason, "1 person-matter pair(s)")) {
				t.Errorf("%s on %s, the pair the merger may change: %+v, want a pending deny naming one pair", tc.person, tc.matter, d)
			}
			if !tc.pending && !d.Allow {
				t.Errorf("%s on %s is out of the merger's reach: %+v, want allow", tc.person, tc.matter, d)
			}
		}
	})
}

// importMergerCase imports two judges, one holding shares of Parent
// Holdings, and two matters, one with Sub Widgets as a party: a merger
// of Parent into Sub Widgets (mergerLine) then reaches one pair only.
func importMergerCase(t *testing.T, svc *service.Service) {
	t.Helper()
	imp(t, svc,
		`{"record":"entity","id":"judge","kind":"person","name":"Judith Bench","coverage":{"regime":"judiciary","start":"2010-01-01"}}`,
		`{"record":"entity","id":"judge2","kind":"person","name":"Jonas Court","coverage":{"regime":"judiciary","start":"2010-01-01"}}`,
		`{"record":"entity","id":"parentco","kind":"company","name":"Parent Holdings Inc.","flags":["publicly_traded"]}`,
		`{"record":"entity","id":"subco","kind":"company","name":"Sub Widgets LLC"}`,
		`{"record":"entity","id":"other","kind":"company","name":"Other Corp."}`,
		`{"record":"relationship","id":"h1","from":"judge","type":"holding","to":"parentco","start":"2015-01-01","amount":{"min":1001,"max":15000}}`,
		`{"record":"matter","id":"case-1","title":"Other Corp. v. Sub Widgets LLC","kind":"civil_case","opened":"2024-01-10","parties":[{"entity":"other","role":"party"},{"entity":"subco","role":"party"}],"team":["judge","judge2"]}`,
		`{"record":"matter","id":"case-2","title":"Unrelated v. Other","kind":"civil_case","opened":"2024-01-10","parties":[{"entity":"other","role":"party"}],"team":["judge","judge2"]}`,
	)
}

// mergerLine is the merger, as a line of a file.
const mergerLine = `{"record":"relationship","id":"merger","from":"parentco","type":"ownership","to":"subco","percent":100,"start":"2024-03-01","source":"merger filing"}`
