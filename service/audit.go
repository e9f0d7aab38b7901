package service

import (
	"context"
	"fmt"

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

// VerifyAudit recomputes the whole chain and returns how many entries it
// checked, or an error naming the first entry edited, removed or inserted.
func (s *Service) VerifyAudit(ctx context.Context) (int64, error) {
	var checked int64
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		prev, next := "", int64(1)
		for {
			page, err := tx.AuditEvents(ctx, next-1, impartial.MaxPage)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				return nil
			}
			if prev, next, err = impartial.VerifyChain(prev, next, page); err != nil {
				return &impartial.Error{Kind: impartial.Conflict, Msg: "the audit trail does not verify", Err: err}
			}
			checked = next - 1
		}
	})
	if err != nil {
		return checked, fmt.Errorf("verify the audit trail: %w", err)
	}
	return checked, nil
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
