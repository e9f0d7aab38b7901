package service

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/impartial/impartial"
)

// Wall checks are hot, and a check about a confidential matter is a read of
// it that the trail must account for. They are counted in memory per caller
// and matter and written as one audit entry per pair (with the count and the
// span of time) on every flush: by the server each second, by a command at
// its end. If the counts cannot be written and the buffer is full, checks on
// confidential matters deny rather than go unaccounted.

// maxReadKeys bounds the buffer: past it a check flushes before it answers.
const maxReadKeys = 10000

type readKey struct {
	actor  impartial.Actor
	matter string
}

type readCount struct {
	n           int
	first, last time.Time
}

// readAudit is the buffer of confidential reads not yet in the trail.
type readAudit struct {
	mu     sync.Mutex
	counts map[readKey]*readCount
	// flushMu serialises flushes.
	flushMu sync.Mutex
}

func newReadAudit() *readAudit { return &readAudit{counts: map[readKey]*readCount{}} }

// noteRead counts a check by caller of a confidential matter. It returns
// false when the read cannot be accounted for (the buffer is full and cannot
// be flushed): the check must then deny.
func (s *Service) noteRead(ctx context.Context, caller impartial.Actor, matter string) bool {
	now := s.stamp()
	r := s.reads
	r.mu.Lock()
	full := len(r.counts) >= maxReadKeys
	r.mu.Unlock()
	if full {
		if err := s.FlushReads(ctx); err != nil {
			s.log.Error("confidential reads could not be audited; checks on confidential matters deny", "err", err)
			return false
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	k := readKey{caller, matter}
	c := r.counts[k]
	if c == nil {
		c = &readCount{first: now}
		r.counts[k] = c
	}
	c.n++
	c.last = now
	return true
}

// PendingReads returns how many checks of confidential matters are counted
// but not yet written to the trail.
func (s *Service) PendingReads() int {
	s.reads.mu.Lock()
	defer s.reads.mu.Unlock()
	n := 0
	for _, c := range s.reads.counts {
		n += c.n
	}
	return n
}

// FlushReads writes the counted checks of confidential matters to the
// trail, one entry per caller and matter, in one transaction. On failure
// the counts are kept for the next flush.
func (s *Service) FlushReads(ctx context.Context) error {
	r := s.reads
	r.flushMu.Lock()
	defer r.flushMu.Unlock()
	r.mu.Lock()
	batch := r.counts
	r.counts = map[readKey]*readCount{}
	r.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	keys := make([]readKey, 0, len(batch))
	for k := range batch {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b readKey) int {
		if a.matter != b.matter {
			return compare(a.matter, b.matter)
		}
		return compare(a.actor.String(), b.actor.String())
	})
	err := s.store.Update(ctx, func(tx impartial.Tx) error {
		for _, k := range keys {
			c := batch[k]
			if err := s.audit(ctx, tx, k.actor, "check confidential matter", k.matter, fmt.Sprintf("%d check(s) from %s to %s",
				c.n, c.first.Format(time.RFC3339Nano), c.last.Format(time.RFC3339Nano))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		// Put the counts back, merged with those noted meanwhile.
		r.mu.Lock()
		for k, c := range batch {
			if d := r.counts[k]; d != nil {
				d.n += c.n
				d.first = c.first
			} else {
				r.counts[k] = c
			}
		}
		r.mu.Unlock()
		return fmt.Errorf("audit confidential reads: %w", err)
	}
	return nil
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
