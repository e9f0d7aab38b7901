package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/impartial/impartial"
)

const auditCols = `seq, at, actor_id, actor_role, action, record, detail, prev, hash`

func scanAudit(rows *sql.Rows) (impartial.AuditEvent, error) {
	var e impartial.AuditEvent
	err := rows.Scan(&e.Seq, &e.At, &e.Actor.ID, &e.Actor.Role, &e.Action, &e.Record, &e.Detail, &e.Prev, &e.Hash)
	e.At = e.At.UTC()
	return e, err
}

func (t *tx) AuditEvents(ctx context.Context, after int64, n int) ([]impartial.AuditEvent, error) {
	list, err := collect(ctx, t, scanAudit, fmt.Sprintf(`SELECT `+auditCols+` FROM audit_events WHERE seq > ? ORDER BY seq LIMIT %d`,
		limit(impartial.Page{Limit: n})), after)
	if err != nil {
		return nil, fmt.Errorf("read the audit trail: %w", err)
	}
	return list, nil
}

func (t *tx) LastAudit(ctx context.Context) (*impartial.AuditEvent, error) {
	if t.d.WallLock != "" {
		// The same lock as the wall feed: appends to either are serialised.
		if err := t.wait(); err != nil {
			return nil, err
		}
		if _, err := t.tx.ExecContext(ctx, t.d.WallLock); err != nil {
			return nil, fmt.Errorf("lock the audit trail: %w", err)
		}
	}
	list, err := collect(ctx, t, scanAudit, `SELECT `+auditCols+` FROM audit_events ORDER BY seq DESC LIMIT 1`)
	if err != nil {
		return nil, fmt.Errorf("read the audit trail: %w", err)
	}
	if len(list) == 0 {
		return nil, nil
	}
	return &list[0], nil
}

func (t *tx) PutAudit(ctx context.Context, e *impartial.AuditEvent) error {
	err := t.exec(ctx, `INSERT INTO audit_events (`+auditCols+`) VALUES (`+placeholders(9)+`)`,
		e.Seq, e.At.UTC(), e.Actor.ID, string(e.Actor.Role), e.Action, e.Record, e.Detail, e.Prev, e.Hash)
	if err != nil {
		return fmt.Errorf("append audit entry %d: %w", e.Seq, err)
	}
	if err := t.wait(); err != nil {
		return err
	}
	res, err := t.tx.ExecContext(ctx, t.d.rebind(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`), e.Seq, e.Hash)
	if err != nil {
		return fmt.Errorf("record audit head %d: %w", e.Seq, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return &impartial.Error{Kind: impartial.Conflict, Msg: fmt.Sprintf(
			"append audit entry %d: the record of the trail's head is gone, so the trail was tampered with; nothing is written until an auditor has looked (audit verify)", e.Seq)}
	}
	return nil
}

func (t *tx) AuditHead(ctx context.Context) (impartial.AuditHead, error) {
	list, err := collect(ctx, t, func(rows *sql.Rows) (impartial.AuditHead, error) {
		var h impartial.AuditHead
		return h, rows.Scan(&h.Seq, &h.Hash)
	}, `SELECT seq, hash FROM audit_head WHERE id = 1`)
	return one(list, err, "audit head", "1")
}
