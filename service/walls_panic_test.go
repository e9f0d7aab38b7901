package service_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// panicStore panics in the next read transaction once armed.
type panicStore struct {
	impartial.Store
	arm atomic.Bool
}

func (p *panicStore) View(ctx context.Context, fn func(impartial.ReadTx) error) error {
	if p.arm.CompareAndSwap(true, false) {
		panic("injected panic in a read transaction")
	}
	return p.Store.View(ctx, fn)
}

// TestWallCatchUpPanicReleasesChecks: a panic in the shared catch-up's read (one
// that net/http would recover from) leaves the catch-up marked running for
// ever: every later check that finds the cache behind waits on it until its
// own context ends, then fails.
func TestWallCatchUpPanicReleasesChecks(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		ps := &panicStore{Store: s}
		svc := service.New(ps, service.WithClock(clock))
		importRef(t, svc)
		if d := mustCheck(t, svc, system, "rosenstein", impartial.Participate, "m-special-counsel"); !d.Allow {
			t.Fatalf("precondition: %+v", d)
		}
		r := &impartial.Recusal{ID: "r-rosenstein", Person: "rosenstein", Effective: impartial.MustDate("2017-05-30"),
			Matters: []string{"m-special-counsel"}, ScopeText: "the Special Counsel investigation"}
		if err := svc.RecordRecusal(ctx, refcase.Ethics, r); err != nil {
			t.Fatal(err)
		}
		ps.arm.Store(true)
		func() {
			defer func() { t.Logf("recovered: %v", recover()) }()
			svc.Check(ctx, system, "sessions", impartial.Participate, "m-pharma")
		}()
		for i := range 3 {
			cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			start := time.Now()
			d, err := svc.Check(cctx, system, "rosenstein", impartial.Participate, "m-special-counsel")
			cancel()
			if err != nil || d.Recusal != "r-rosenstein" {
				t.Errorf("check %d after the panic: %+v, %v after %v", i, d, err, time.Since(start).Round(time.Millisecond))
			}
		}
	})
}
