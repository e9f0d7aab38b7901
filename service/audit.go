package service

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/impartial/impartial"
)

// system is the actor of what impartial does on its own behalf.
var system = impartial.Actor{ID: "impartial", Role: impartial.System}

// audit appends an entry to the trail in tx, chained to the newest one.
func (s *Service) audit(ctx context.Context, tx impartial.Tx, actor impartial.Actor, action, record, detail string) error {
	last, err := tx.LastAudit(ctx)
	if err != nil {
		return err
	}
	e := &impartial.AuditEvent{Seq: 1, At: s.stamp(), Actor: actor, Action: action, Record: record, Detail: detail}
	if last != nil {
		e.Seq, e.Prev = last.Seq+1, last.Hash
	}
	e.Hash = e.ChainHash()
	return tx.PutAudit(ctx, e)
}

// auditRead records, in its own transaction, that actor read something
// need-to-know, such as a confidential matter.
func (s *Service) auditRead(ctx context.Context, actor impartial.Actor, action, record, detail string) error {
	return s.store.Update(ctx, func(tx impartial.Tx) error { return s.audit(ctx, tx, actor, action, record, detail) })
}

// AuditTrail returns entries after seq, for auditors and ethics officials.
func (s *Service) AuditTrail(ctx context.Context, caller impartial.Actor, after int64, limit int) ([]impartial.AuditEvent, error) {
	if caller.Role != impartial.Auditor && !caller.Decides() {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "only auditors and ethics officials read the audit trail"}
	}
	var out []impartial.AuditEvent
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		out, err = tx.AuditEvents(ctx, after, limit)
		return err
	})
	return out, err
}

// AuditCheck says what verifying the trail found.
type AuditCheck struct {
	Entries int64               // entries checked
	Head    impartial.AuditHead // the recorded head they end at
	// Checkpoints verified: the chain holds each one's entry and extends it.
	Checkpoints []impartial.Checkpoint
}

// VerifyAudit recomputes the whole chain, checks that it ends at the head
// recorded apart from it, and that it still contains and extends every
// checkpoint given (whose signatures the caller has checked). It returns an
// error naming the first entry edited, removed or inserted, a cut-off tail,
// or the checkpoint the trail no longer holds.
func (s *Service) VerifyAudit(ctx context.Context, checkpoints ...impartial.Checkpoint) (*AuditCheck, error) {
	out := &AuditCheck{}
	at := map[int64][]impartial.Checkpoint{}
	for _, c := range checkpoints {
		at[c.Seq] = append(at[c.Seq], c)
	}
	broken := func(err error) error {
		return &impartial.Error{Kind: impartial.Conflict, Msg: "the audit trail does not verify", Err: err}
	}
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		head, err := tx.AuditHead(ctx)
		if impartial.IsNotFound(err) {
			return broken(fmt.Errorf("the record of the trail's head is gone: it was deleted in the database"))
		}
		if err != nil {
			return err
		}
		out.Head = head
		prev, next := "", int64(1)
		for {
			page, err := tx.AuditEvents(ctx, next-1, impartial.MaxPage)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				break
			}
			if prev, next, err = impartial.VerifyChain(prev, next, page); err != nil {
				return broken(err)
			}
			for _, e := range page {
				for _, c := range at[e.Seq] {
					if c.Hash != e.Hash {
						return broken(fmt.Errorf("audit entry %d is not the one checkpointed at %s: the chain up to it was rewritten",
							e.Seq, c.At.Format(time.RFC3339)))
					}
				}
			}
			out.Entries = next - 1
		}
		last := next - 1
		switch {
		case head.Seq > last:
			return broken(fmt.Errorf("the trail ends at entry %d, but its head records entry %d: entries %d to %d were deleted", last, head.Seq, last+1, head.Seq))
		case head.Seq < last:
			return broken(fmt.Errorf("the trail goes on to entry %d past its recorded head, entry %d: entries were added in the database", last, head.Seq))
		case head.Hash != prev:
			return broken(fmt.Errorf("audit entry %d is not the recorded head: the newest entry was replaced", last))
		}
		for _, c := range checkpoints {
			if c.Seq > last {
				return broken(fmt.Errorf("the trail ends at entry %d, before entry %d checkpointed at %s: it was cut short or rewritten",
					last, c.Seq, c.At.Format(time.RFC3339)))
			}
			if c.Seq < 1 && c.Hash != "" {
				return broken(fmt.Errorf("checkpoint of %s names no entry", c.At.Format(time.RFC3339)))
			}
		}
		out.Checkpoints = checkpoints
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("verify the audit trail: %w", err)
	}
	return out, nil
}

// Checkpoint verifies the trail and returns its head signed with key, to be
// kept outside the database: auditors and ethics officials only. A trail
// that does not verify is not checkpointed.
func (s *Service) Checkpoint(ctx context.Context, caller impartial.Actor, key ed25519.PrivateKey) (*impartial.Checkpoint, error) {
	if caller.Role != impartial.Auditor && !caller.Decides() {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "only auditors and ethics officials checkpoint the audit trail"}
	}
	check, err := s.VerifyAudit(ctx)
	if err != nil {
		return nil, err
	}
	c := impartial.SignCheckpoint(key, check.Head, s.stamp())
	return &c, nil
}

// Matter returns a matter to a caller who may know of it; reading a
// confidential one is audited. Others are told it does not exist.
func (s *Service) Matter(ctx context.Context, caller impartial.Actor, id string) (*impartial.Matter, error) {
	var m *impartial.Matter
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		m, err = tx.Matter(ctx, id)
		return err
	})
	notFound := &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf("no matter with id %q", id)}
	if impartial.IsNotFound(err) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	if !caller.MaySee(m) {
		return nil, notFound
	}
	if m.Confidential {
		if err := s.auditRead(ctx, caller, "read matter", m.ID, "confidential"); err != nil {
			return nil, err
		}
	}
	return m, nil
}
