package service_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/service"
)

// gateStore hands out read transactions of which the next one to read the
// wall revision can be held there (its snapshot already fixed), and whose
// reads of the pending re-screening work can be made to fail (a transient
// error, a cancelled check).
type gateStore struct {
	impartial.Store
	hold     atomic.Bool
	held     chan struct{}
	release  chan struct{}
	failWork atomic.Bool
}

type gateTx struct {
	impartial.ReadTx
	s *gateStore
}

func (g *gateStore) View(ctx context.Context, fn func(impartial.ReadTx) error) error {
	return g.Store.View(ctx, func(tx impartial.ReadTx) error { return fn(&gateTx{ReadTx: tx, s: g}) })
}

func (t *gateTx) WallRevision(ctx context.Context) (int64, error) {
	rev, err := t.ReadTx.WallRevision(ctx)
	if err == nil && t.s.hold.CompareAndSwap(true, false) {
		close(t.s.held)
		<-t.s.release
	}
	return rev, err
}

func (t *gateTx) PendingRescreens(ctx context.Context, limit int) ([]impartial.Rescreen, error) {
	if t.s.failWork.Load() {
		return nil, errors.New("injected: the pending work could not be read")
	}
	return t.ReadTx.PendingRescreens(ctx, limit)
}

// TestWallCacheDeniesWhenPendingReadFromOlderSnapshot: a check whose read transaction
// began before re-screening work was recorded loads the pending work from its
// old snapshot into a cache already at the newer revision (whose own read of
// the pending work failed); later checks then allow from the cache while the
// work is pending.
func TestWallCacheDeniesWhenPendingReadFromOlderSnapshot(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		g := &gateStore{Store: s, held: make(chan struct{}), release: make(chan struct{})}
		svc := service.New(g, service.WithClock(clock))
		importRef(t, svc)
		if _, err := svc.CompletePending(ctx); err != nil {
			t.Fatal(err)
		}
		for range 2 { // warm: the pair cached at the revision after the import
			if d := mustCheck(t, svc, system, "rosenstein", impartial.Participate, "m-special-counsel"); !d.Allow {
				t.Fatalf("precondition: %+v", d)
			}
		}
		// A check of a pair not cached opens a read transaction and is held
		// right after reading the revision (R1).
		g.hold.Store(true)
		aDone := make(chan struct{})
		go func() {
			defer close(aDone)
			svc.Check(ctx, system, "sessions", impartial.Participate, "m-pharma")
		}()
		<-g.held
		// Another process records re-screening work (an import that moves the
		// graph), R2, and is still carrying it out.
		if err := s.Update(ctx, func(tx impartial.Tx) error {
			if _, err := tx.AppendWallChange(ctx, impartial.WallChange{At: clock(), Kind: "rescreen", Record: "pending"}); err != nil {
				return err
			}
			_, err := tx.AddRescreen(ctx, &impartial.Rescreen{At: clock(), All: true, Cause: "another process's import"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// A check now catches the cache up to R2, but the read of the pending
		// work fails: it denies, as it must.
		g.failWork.Store(true)
		if d, err := svc.Check(ctx, system, "rosenstein", impartial.Participate, "m-special-counsel"); err == nil || d.Allow {
			t.Fatalf("with the pending work unreadable: %+v, %v", d, err)
		}
		g.failWork.Store(false)
		// The held check goes on with its snapshot at R1.
		close(g.release)
		<-aDone
		// A fresh service on the same database denies: the work is pending.
		fresh := mustCheck(t, service.New(s, service.WithClock(clock)), system, "rosenstein", impartial.Participate, "m-special-counsel")
		if fresh.Allow || fresh.Pending == 0 {
			t.Fatalf("control: a fresh service does not deny on the pending work: %+v", fresh)
		}
		for i := range 3 {
			d := mustCheck(t, svc, system, "rosenstein", impartial.Participate, "m-special-counsel")
			if d.Allow {
				t.Errorf("check %d after the work was recorded: allowed at revision %d while the work is pending (a fresh service: %+v)", i, d.Revision, fresh)
			}
		}
	})
}
