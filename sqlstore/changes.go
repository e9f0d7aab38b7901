package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/impartial/impartial"
)

// noteChange remembers that the transaction wrote a record, for the record
// change feed appended at commit (appendChanges).
func (t *tx) noteChange(kind, id string) {
	if t.batching {
		// Which records the held statements write (Existing).
		if t.heldIDs == nil {
			t.heldIDs, t.noted = map[string]bool{}, map[string]bool{}
		}
		t.heldIDs[kind+"\x00"+id] = true
		t.noted[kind] = true
	}
	if t.changeAll {
		return
	}
	if len(t.changes) >= impartial.MaxTrackedRecords {
		t.changes, t.changeAll = nil, true
		return
	}
	t.changes = append(t.changes, impartial.RecordChange{Kind: kind, ID: id})
}

// appendChanges appends what the transaction wrote to the record change
// feed: one row per record, or one "*" row past MaxTrackedRecords.
func (t *tx) appendChanges(ctx context.Context) error {
	if t.changeAll {
		t.changes = []impartial.RecordChange{{Kind: "*"}}
	}
	for _, c := range t.changes {
		if err := t.exec(ctx, `INSERT INTO record_changes (kind, record_id) VALUES (?, ?)`, c.Kind, c.ID); err != nil {
			return fmt.Errorf("append to the record change feed: %w", err)
		}
	}
	t.changes, t.changeAll = nil, false
	return nil
}

func (t *tx) RecordRevision(ctx context.Context) (int64, error) {
	var n int64
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM record_changes`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read record revision: %w", err)
	}
	return n, nil
}

func (t *tx) RecordChanges(ctx context.Context, after int64, n int) ([]impartial.RecordChange, error) {
	list, err := collect(ctx, t, func(rows *sql.Rows) (impartial.RecordChange, error) {
		var c impartial.RecordChange
		err := rows.Scan(&c.Seq, &c.Kind, &c.ID)
		return c, err
	}, fmt.Sprintf(`SELECT seq, kind, record_id FROM record_changes WHERE seq > ? ORDER BY seq LIMIT %d`,
		limit(impartial.Page{Limit: n})), after)
	if err != nil {
		return nil, fmt.Errorf("read record changes: %w", err)
	}
	return list, nil
}
