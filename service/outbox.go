package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/screen"
)

// The outbox makes re-screening durable. A write whose changes require
// re-screening records the work (an impartial.Rescreen) in its own
// transaction, with a wall change so that every wall cache notices; the work
// is marked done in the transaction that stores its findings. A process that
// dies in between leaves the work pending, never lost: the server and every
// command that writes or checks complete pending work first, and until it is
// done, wall checks it may affect deny.

// outboxKind is the wall change kind of work recorded or done.
const outboxKind = "rescreen"

// maxPendingRead is how many pending entries a check or the worker reads at
// once; more than that, and checks deny everything until the backlog shrinks.
const maxPendingRead = 1000

// pendingWork returns the outbox entry for the logged changes, or nil when
// they require no re-screening. Its scope is what the changes may affect as
// far as can be told without the graph: a matter's own change affects that
// matter (and, when its participants or related links change, the matters
// it links to; when its participants change, also the matters that link to
// it, which only the graph knows, so any matter), a permission its matter,
// a change of coverage alone its person; anything that moves the graph (an
// entity, relationship or contact) may reach any matter.
func (c *changeLog) pendingWork(cause string, at time.Time) (*impartial.Rescreen, error) {
	if c.empty() {
		return nil, nil
	}
	r := &impartial.Rescreen{At: at, Cause: cause, All: c.all}
	if !c.all {
		for _, ch := range c.changes {
			switch {
			case ch.Kind == screen.MatterChanged && ch.Participants:
				r.All = true
			case ch.Kind == screen.MatterChanged:
				r.Matters = append(r.Matters, ch.Matter)
				r.Matters = append(r.Matters, ch.Related...)
			case ch.Kind == screen.PermissionChanged && ch.Matter != "":
				r.Matters = append(r.Matters, ch.Matter)
			default:
				r.All = true
			}
		}
		b, err := json.Marshal(c.changes)
		if err != nil {
			return nil, err
		}
		r.Changes = b
	}
	if r.All {
		r.Matters = nil
	}
	slices.Sort(r.Matters)
	r.Matters = slices.Compact(r.Matters)
	return r, nil
}

// recordWork records the logged changes' work in tx, with a wall change
// first (on PostgreSQL that takes the wall lock, so entries commit in the
// order of their numbers). It returns the entry's number, 0 when there is no
// work.
func (s *Service) recordWork(ctx context.Context, tx impartial.Tx, log *changeLog, cause string) (int64, error) {
	r, err := log.pendingWork(cause, s.stamp())
	if err != nil || r == nil {
		return 0, err
	}
	if _, err := tx.AppendWallChange(ctx, impartial.WallChange{At: r.At, Kind: outboxKind, Record: "pending"}); err != nil {
		return 0, err
	}
	return tx.AddRescreen(ctx, r)
}

// changesOf rebuilds the change log of pending entries.
func changesOf(work []impartial.Rescreen) (*changeLog, error) {
	log := &changeLog{}
	for _, w := range work {
		if w.All && len(w.Changes) == 0 {
			log.all, log.changes = true, nil
			return log, nil
		}
		var chs []screen.Change
		if err := json.Unmarshal(w.Changes, &chs); err != nil {
			// Unreadable work is done whole: fail towards more screening.
			log.all, log.changes = true, nil
			return log, nil
		}
		for _, ch := range chs {
			log.add(ch)
		}
	}
	return log, nil
}

// errStaleSnapshot says that work recorded after a re-screening read its
// facts has been completed meanwhile by another process: the re-screening
// must read them again rather than overwrite newer findings.
var errStaleSnapshot = errors.New("newer re-screening work was completed meanwhile")

// CompletePending carries out every pending re-screening, oldest first, and
// marks it done with its findings. It returns what it did (nil when nothing
// was pending). The server calls it continually, every command that writes
// or checks calls it first, and an import calls it for its own work.
func (s *Service) CompletePending(ctx context.Context) (*RescreenReport, error) {
	var total *RescreenReport
	for attempt := 0; ; attempt++ {
		work, err := s.pending(ctx)
		if err != nil {
			return total, fmt.Errorf("complete pending re-screening: %w", err)
		}
		if len(work) == 0 {
			return total, nil
		}
		log, err := changesOf(work)
		if err != nil {
			return total, err
		}
		seqs, wide := workSeqs(work)
		rep, err := s.rescreen(ctx, log, seqs, wide)
		if errors.Is(err, errStaleSnapshot) && attempt < 5 {
			continue
		}
		if err != nil {
			return total, fmt.Errorf("complete pending re-screening #%d..#%d: %w", seqs[0], seqs[len(seqs)-1], err)
		}
		if total == nil {
			total = &RescreenReport{}
		}
		total.add(rep, seqs)
		s.log.Info("re-screened", "work", seqs, "matters", rep.Matters, "persons", rep.Persons, "pairs", rep.Pairs, "all", rep.All)
		if attempt > 100 {
			return total, nil // others keep adding work; the caller comes back
		}
	}
}

// workSeqs returns the entries' numbers, and whether any is recorded as
// affecting every matter without having been scoped.
func workSeqs(work []impartial.Rescreen) (seqs []int64, wide bool) {
	seqs = make([]int64, len(work))
	for i, w := range work {
		seqs[i] = w.Seq
		wide = wide || w.All && !w.Scoped
	}
	return seqs, wide
}

// ScopePending works out, on the relationship graph, what the pending
// re-screening work may affect, and narrows each entry recorded as
// affecting every matter to that, without carrying the work out: from then
// on only checks on the pairs it may change deny. CompletePending does the
// same before it screens; this is for a caller that wants checks answered
// before the screening itself runs (after import --defer-screen, say).
func (s *Service) ScopePending(ctx context.Context) error {
	work, err := s.pending(ctx)
	if err != nil {
		return fmt.Errorf("scope pending re-screening: %w", err)
	}
	seqs, wide := workSeqs(work)
	if !wide {
		return nil
	}
	log, err := changesOf(work)
	if err != nil {
		return err
	}
	s.rescreenMu.Lock()
	defer s.rescreenMu.Unlock()
	_, plan, err := s.planFor(ctx, log)
	if err != nil {
		return fmt.Errorf("scope pending re-screening: %w", err)
	}
	if err := s.scopeWork(ctx, seqs, plan); err != nil {
		return fmt.Errorf("scope pending re-screening: %w", err)
	}
	return nil
}

// finishWork marks work done in tx, after checking that no later work was
// completed since the facts were read (the caller then reads them again).
func (s *Service) finishWork(ctx context.Context, tx impartial.Tx, done []int64) error {
	if len(done) == 0 {
		return nil
	}
	newer, err := tx.RescreenDoneAfter(ctx, slices.Max(done))
	if err != nil {
		return err
	}
	if newer {
		return errStaleSnapshot
	}
	at := s.stamp()
	if err := tx.FinishRescreens(ctx, done, at); err != nil {
		return err
	}
	_, err = tx.AppendWallChange(ctx, impartial.WallChange{At: at, Kind: outboxKind, Record: "done"})
	return err
}

// PendingWork returns the re-screening work not yet done, for the CLI and
// the API to show: ethics officials, auditors and systems only, since the
// entries name what changed.
func (s *Service) PendingWork(ctx context.Context, caller impartial.Actor) ([]impartial.Rescreen, error) {
	if !caller.SeesAllMatters() {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "pending re-screening work is for ethics officials, auditors and systems"}
	}
	return s.pending(ctx)
}

// pending reads the oldest pending entries, up to maxPendingRead.
func (s *Service) pending(ctx context.Context) ([]impartial.Rescreen, error) {
	var out []impartial.Rescreen
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		out, err = tx.PendingRescreens(ctx, maxPendingRead)
		return err
	})
	return out, err
}

// Work completes pending re-screening work until ctx is done: at once, and
// then whenever the wall revision moves (work recorded by any process
// appends a wall change), looking every interval; and it writes the counted
// checks of confidential matters to the audit trail every interval and when
// it stops. The server runs it.
func (s *Service) Work(ctx context.Context, interval time.Duration) {
	seen, retry := int64(-1), true
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		rev, err := s.store.WallRevision(ctx)
		if err == nil && (rev != seen || retry) {
			if _, err = s.CompletePending(ctx); err == nil {
				seen, retry = rev, false
			}
		}
		if err != nil && ctx.Err() == nil {
			retry = true
			s.log.Error("pending re-screening could not be completed; checks it may affect deny until it is", "err", err)
		}
		if err := s.FlushReads(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("confidential reads could not be audited yet; they are kept for the next flush", "err", err)
		}
		select {
		case <-ctx.Done():
			// The last reads, on a context of their own.
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if err := s.CloseReads(fctx); err != nil {
				s.log.Error("confidential reads could not be audited at shutdown; the next process on this database recovers them from the journal", "err", err)
			}
			cancel()
			return
		case <-t.C:
		}
	}
}
