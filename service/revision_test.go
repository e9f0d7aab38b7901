package service

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/impartial/impartial"
)

// countingStore counts revision reads and lets the test move the revision.
type countingStore struct {
	impartial.Store
	rev   atomic.Int64
	reads atomic.Int64
}

func (c *countingStore) WallRevision(ctx context.Context) (int64, error) {
	c.reads.Add(1)
	r := c.rev.Load()
	time.Sleep(200 * time.Microsecond) // a round trip
	return r, nil
}

// TestRevisionReaderFreshness: a read never returns a revision older than
// one committed before the read was asked for, and concurrent reads share.
func TestRevisionReaderFreshness(t *testing.T) {
	cs := &countingStore{}
	rr := newRevisionReader(cs)
	ctx := context.Background()
	var wg sync.WaitGroup
	var stale atomic.Int64
	const n = 200
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%10 == 0 {
				cs.rev.Add(1) // a commit
			}
			committed := cs.rev.Load() // everything committed before this read began
			got, err := rr.read(ctx)
			if err != nil {
				t.Error(err)
			}
			if got < committed {
				stale.Add(1)
			}
		}()
	}
	wg.Wait()
	if stale.Load() > 0 {
		t.Errorf("%d reads returned a revision older than one committed before they began", stale.Load())
	}
	if reads := cs.reads.Load(); reads >= n {
		t.Errorf("%d store reads for %d concurrent reads: nothing shared", reads, n)
	}
}
