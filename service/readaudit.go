package service

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/impartial/impartial"
)

// Wall checks are hot, and a check about a confidential matter is a read of
// it that the trail must account for, crash or not. They are counted in
// memory per caller and matter and written as one audit entry per pair (with
// the count and the span of time) on every flush: by the server each second,
// by a command at its end. What makes each check durable before its answer
// is released is the read journal (readjournal.go) when the service has one;
// without one, the check waits until a flush has committed its count (group
// commit: checks arriving while a flush runs are written by the next one).
// A check that cannot be accounted for either way denies.

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
	// gen numbers the batch counts is gathering; committed is one past the
	// newest batch written to the trail (guarded by flushMu).
	gen, committed uint64
	journal        *readJournal // nil: no journal, checks wait for the commit
	// flushMu serialises flushes.
	flushMu sync.Mutex
}

func newReadAudit(journalDir string) *readAudit {
	r := &readAudit{counts: map[readKey]*readCount{}}
	if journalDir != "" {
		r.journal = &readJournal{dir: journalDir}
	}
	return r
}

// noteRead accounts for a check by caller of a confidential matter before
// its answer is released: written to the journal, or else committed to the
// trail. It returns false when the read cannot be accounted for: the check
// must then deny.
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
	if r.journal != nil {
		if err := r.journal.append(now, caller, matter); err != nil {
			r.mu.Unlock()
			s.log.Error("a confidential check could not be journaled, so it denies", "err", err)
			return false
		}
	}
	k := readKey{caller, matter}
	c := r.counts[k]
	if c == nil {
		c = &readCount{first: now}
		r.counts[k] = c
	}
	c.n++
	c.last = now
	gen := r.gen
	journaled := r.journal != nil
	r.mu.Unlock()
	if journaled {
		return true
	}
	if err := s.flushThrough(ctx, gen); err != nil {
		s.log.Error("confidential reads could not be audited; checks on confidential matters deny", "err", err)
		return false
	}
	return true
}

// flushThrough returns once batch gen is in the trail, flushing it unless a
// flush that took it has committed meanwhile.
func (s *Service) flushThrough(ctx context.Context, gen uint64) error {
	r := s.reads
	r.flushMu.Lock()
	defer r.flushMu.Unlock()
	if r.committed > gen {
		return nil
	}
	return s.flushLocked(ctx)
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
// trail, one entry per caller and matter, in one transaction, and then those
// that processes which died left in the journal. On failure the counts are
// kept for the next flush.
func (s *Service) FlushReads(ctx context.Context) error {
	r := s.reads
	r.flushMu.Lock()
	err := s.flushLocked(ctx)
	r.flushMu.Unlock()
	if err != nil {
		return err
	}
	return s.recoverJournals(ctx)
}

// CloseReads flushes and lets go of the journal: a file with lines that
// could not be committed stays for the next process to recover.
func (s *Service) CloseReads(ctx context.Context) error {
	err := s.FlushReads(ctx)
	r := s.reads
	r.flushMu.Lock()
	defer r.flushMu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.journal != nil {
		r.journal.close()
	}
	return err
}

func (s *Service) flushLocked(ctx context.Context) error {
	r := s.reads
	r.mu.Lock()
	if len(r.counts) == 0 {
		// Nothing counted: the map stays the one checks add to, so it is
		// not looked at again outside the lock.
		r.mu.Unlock()
		return nil
	}
	batch := r.counts
	gen := r.gen
	var files []*os.File
	r.counts = map[readKey]*readCount{}
	r.gen++
	if r.journal != nil {
		// The files holding exactly this batch's lines (and those of
		// earlier batches that failed, merged back into it).
		files = append(r.journal.retired, r.journal.rotate())
		r.journal.retired = nil
	}
	r.mu.Unlock()
	err := s.store.Update(ctx, func(tx impartial.Tx) error { return s.auditCounts(ctx, tx, batch, "") })
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
		if r.journal != nil {
			r.journal.retired = append(r.journal.retired, files...)
		}
		r.mu.Unlock()
		return fmt.Errorf("audit confidential reads: %w", err)
	}
	r.committed = gen + 1
	discard(files)
	return nil
}

// auditCounts writes counted checks to the trail in tx, one entry per
// caller and matter, in a stable order.
func (s *Service) auditCounts(ctx context.Context, tx impartial.Tx, batch map[readKey]*readCount, note string) error {
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
	for _, k := range keys {
		c := batch[k]
		if err := s.audit(ctx, tx, k.actor, "check confidential matter", k.matter, fmt.Sprintf("%d check(s) from %s to %s%s",
			c.n, c.first.Format(time.RFC3339Nano), c.last.Format(time.RFC3339Nano), note)); err != nil {
			return err
		}
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
