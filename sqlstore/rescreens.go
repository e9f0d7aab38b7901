package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/impartial/impartial"
)

func (t *tx) AddRescreen(ctx context.Context, r *impartial.Rescreen) (int64, error) {
	matters, err := jsonArg(r.Matters)
	if err != nil {
		return 0, err
	}
	persons, err := jsonArg(r.Persons)
	if err != nil {
		return 0, err
	}
	pairs, err := jsonArg(r.Pairs)
	if err != nil {
		return 0, err
	}
	var seq int64
	err = t.queryRow(ctx, `INSERT INTO rescreens (at, cause, all_matters, matters, persons, pairs, scoped, changes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`, r.At.UTC(), r.Cause, r.All, matters, persons, pairs, r.Scoped, string(r.Changes)).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("record pending re-screening: %w", err)
	}
	r.Seq = seq
	return seq, nil
}

func (t *tx) FinishRescreens(ctx context.Context, seqs []int64, at time.Time) error {
	for _, seq := range seqs {
		if err := t.exec(ctx, `UPDATE rescreens SET done_at = ? WHERE seq = ? AND done_at IS NULL`, at.UTC(), seq); err != nil {
			return fmt.Errorf("mark re-screening #%d done: %w", seq, err)
		}
	}
	return nil
}

func (t *tx) ScopeRescreens(ctx context.Context, seqs []int64, scope impartial.Rescreen) error {
	var args [3]any
	for i, v := range []any{scope.Matters, scope.Persons, scope.Pairs} {
		a, err := jsonArg(v)
		if err != nil {
			return err
		}
		args[i] = a
	}
	for _, seq := range seqs {
		if err := t.exec(ctx, `UPDATE rescreens SET all_matters = ?, matters = ?, persons = ?, pairs = ?, scoped = ?
			WHERE seq = ? AND done_at IS NULL`, scope.All, args[0], args[1], args[2], true, seq); err != nil {
			return fmt.Errorf("scope re-screening #%d: %w", seq, err)
		}
	}
	return nil
}

func (t *tx) PendingRescreens(ctx context.Context, n int) ([]impartial.Rescreen, error) {
	list, err := collect(ctx, t, func(rows *sql.Rows) (impartial.Rescreen, error) {
		var r impartial.Rescreen
		var changes string
		var done sql.NullTime
		err := rows.Scan(&r.Seq, &r.At, &r.Cause, &r.All, jsonCol{&r.Matters}, jsonCol{&r.Persons}, jsonCol{&r.Pairs}, &r.Scoped, &changes, &done)
		r.At, r.DoneAt = r.At.UTC(), utc(done)
		if changes != "" {
			r.Changes = []byte(changes)
		}
		if len(r.Matters) == 0 {
			r.Matters = nil
		}
		if len(r.Persons) == 0 {
			r.Persons = nil
		}
		if len(r.Pairs) == 0 {
			r.Pairs = nil
		}
		return r, err
	}, fmt.Sprintf(`SELECT seq, at, cause, all_matters, matters, persons, pairs, scoped, changes, done_at FROM rescreens
		WHERE done_at IS NULL ORDER BY seq LIMIT %d`, limit(impartial.Page{Limit: n})))
	if err != nil {
		return nil, fmt.Errorf("read pending re-screenings: %w", err)
	}
	return list, nil
}

func (t *tx) RescreenDoneAfter(ctx context.Context, seq int64) (bool, error) {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM rescreens WHERE seq > ? AND done_at IS NOT NULL`, seq).Scan(&n); err != nil {
		return false, fmt.Errorf("read re-screenings: %w", err)
	}
	return n > 0, nil
}
