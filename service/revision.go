package service

import (
	"context"
	"sync"

	"github.com/impartial/impartial"
)

// revisionReader shares reads of the committed wall revision between checks
// that arrive together, without ever giving a check a revision read before it
// arrived: a check may use a read only if the read started after the check
// did, so it still sees every recusal committed before the check began.
// Under load this turns a read per check into a read per batch of checks.
type revisionReader struct {
	store impartial.Store

	mu      sync.Mutex
	arrived uint64   // tickets handed out
	last    *revRead // the newest completed read
	running *revRead // the read in flight, if any
}

// revRead is one read of the revision: it is fresh for every check whose
// ticket is at most from.
type revRead struct {
	from uint64
	rev  int64
	err  error
	done chan struct{}
}

func newRevisionReader(s impartial.Store) *revisionReader { return &revisionReader{store: s} }

// read returns a revision read that started after this call began.
func (r *revisionReader) read(ctx context.Context) (int64, error) {
	r.mu.Lock()
	r.arrived++
	ticket := r.arrived
	for {
		if r.last != nil && r.last.from >= ticket && r.last.err == nil {
			rev := r.last.rev
			r.mu.Unlock()
			return rev, nil
		}
		if run := r.running; run != nil {
			r.mu.Unlock()
			select {
			case <-run.done:
			case <-ctx.Done():
				return 0, ctx.Err()
			}
			r.mu.Lock()
			if run.from >= ticket {
				if run.err != nil {
					r.mu.Unlock()
					return 0, run.err
				}
				r.mu.Unlock()
				return run.rev, nil
			}
			continue // that read began before this check: wait for or start a later one
		}
		run := &revRead{from: r.arrived, done: make(chan struct{})}
		r.running = run
		r.mu.Unlock()
		// The read serves every check waiting on it, so it must not fail
		// because one of them gave up.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), checkTimeout)
		run.rev, run.err = r.store.WallRevision(rctx)
		cancel()
		r.mu.Lock()
		r.running = nil
		if run.err == nil && (r.last == nil || run.from > r.last.from) {
			r.last = run
		}
		close(run.done)
		if run.err != nil {
			r.mu.Unlock()
			return 0, run.err
		}
		r.mu.Unlock()
		return run.rev, nil
	}
}
