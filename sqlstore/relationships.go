package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/impartial/impartial"
)

const relCols = `id, from_id, to_id, type, role, detail, capacity, start_on, start_prec, end_on, end_prec,
	whose, amount, percent, status, source, note, shares, valued_on, valued_on_prec`

func scanRelationship(rows *sql.Rows) (*impartial.Relationship, error) {
	var r impartial.Relationship
	var amount *impartial.Amount
	var pct, shares sql.NullFloat64
	s := (&scanner{}).add(&r.ID, &r.From, &r.To, &r.Type, &r.Role, &r.Detail, &r.Capacity).
		date(&r.Start).date(&r.End).add(&r.Whose, jsonCol{&amount}, &pct, &r.Status, &r.Source, &r.Note, &shares).date(&r.ValuedOn)
	if err := s.scan(rows); err != nil {
		return nil, err
	}
	r.Amount = amount
	if pct.Valid {
		r.Percent = &pct.Float64
	}
	if shares.Valid {
		r.Shares = &shares.Float64
	}
	return &r, nil
}

func (t *tx) Relationship(ctx context.Context, id string) (*impartial.Relationship, error) {
	list, err := collect(ctx, t, scanRelationship, `SELECT `+relCols+` FROM relationships WHERE id = ?`, id)
	return one(list, err, "relationship", id)
}

func (t *tx) Relationships(ctx context.Context, f impartial.RelationshipFilter) ([]*impartial.Relationship, error) {
	q := `SELECT ` + relCols + ` FROM relationships WHERE id > ?`
	args := []any{f.After}
	if f.Entity != "" {
		q += ` AND (from_id = ? OR to_id = ?)`
		args = append(args, f.Entity, f.Entity)
	}
	q += fmt.Sprintf(` ORDER BY id LIMIT %d`, limit(f.Page))
	list, err := collect(ctx, t, scanRelationship, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list relationships: %w", err)
	}
	return list, nil
}

func (t *tx) PutRelationship(ctx context.Context, r *impartial.Relationship) error {
	t.noteChange("relationship", r.ID)
	var amount, pct, shares any
	if r.Amount != nil {
		a, err := jsonArg(r.Amount)
		if err != nil {
			return err
		}
		amount = a
	}
	if r.Percent != nil {
		pct = *r.Percent
	}
	if r.Shares != nil {
		shares = *r.Shares
	}
	vs, vsp := dateArgs(r.ValuedOn)
	ss, ssp := dateArgs(r.Start)
	es, esp := dateArgs(r.End)
	err := t.exec(ctx, `INSERT INTO relationships (`+relCols+`) VALUES (`+placeholders(20)+`)
		ON CONFLICT (id) DO UPDATE SET from_id = excluded.from_id, to_id = excluded.to_id,
		type = excluded.type, role = excluded.role, detail = excluded.detail, capacity = excluded.capacity,
		start_on = excluded.start_on, start_prec = excluded.start_prec, end_on = excluded.end_on,
		end_prec = excluded.end_prec, whose = excluded.whose, amount = excluded.amount,
		percent = excluded.percent, status = excluded.status, source = excluded.source, note = excluded.note,
		shares = excluded.shares, valued_on = excluded.valued_on, valued_on_prec = excluded.valued_on_prec`,
		r.ID, r.From, r.To, string(r.Type), r.Role, r.Detail, r.Capacity, ss, ssp, es, esp,
		string(r.Whose), amount, pct, string(r.Status), r.Source, r.Note, shares, vs, vsp)
	if err != nil {
		return fmt.Errorf("put %s: %w", r.Label(), err)
	}
	t.kinEdge(r)
	t.linkRelationship(r)
	return nil
}
