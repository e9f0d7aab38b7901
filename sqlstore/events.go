package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/impartial/impartial"
)

// Events are kept whole as JSON (body), with the columns they are looked up
// by: the holding a trade is of, and in event_entities the entities a
// corporate action names.

func scanEvent(rows *sql.Rows) (*impartial.Event, error) {
	var e impartial.Event
	if err := rows.Scan(jsonCol{&e}); err != nil {
		return nil, err
	}
	e.Normalize()
	return &e, nil
}

func (t *tx) Event(ctx context.Context, id string) (*impartial.Event, error) {
	list, err := collect(ctx, t, scanEvent, `SELECT body FROM events WHERE id = ?`, id)
	return one(list, err, "event", id)
}

func (t *tx) Events(ctx context.Context, f impartial.EventFilter) ([]*impartial.Event, error) {
	q := `SELECT body FROM events WHERE id > ?`
	args := []any{f.After}
	if f.Holding != "" {
		q += ` AND holding = ?`
		args = append(args, f.Holding)
	}
	if f.Entity != "" {
		q += ` AND id IN (SELECT event_id FROM event_entities WHERE entity_id = ?)`
		args = append(args, f.Entity)
	}
	q += fmt.Sprintf(` ORDER BY id LIMIT %d`, limit(f.Page))
	list, err := collect(ctx, t, scanEvent, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return list, nil
}

func (t *tx) PutEvent(ctx context.Context, e *impartial.Event) error {
	t.noteChange("event", e.ID)
	body, err := jsonArg(e)
	if err != nil {
		return err
	}
	d, _ := dateArgs(e.Date)
	err = t.exec(ctx, `INSERT INTO events (id, kind, on_date, holding, body) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, on_date = excluded.on_date,
		holding = excluded.holding, body = excluded.body`,
		e.ID, string(e.Kind), d, e.Holding, body)
	if err == nil {
		err = t.exec(ctx, `DELETE FROM event_entities WHERE event_id = ?`, e.ID)
	}
	for _, id := range e.Entities() {
		if err == nil {
			err = t.exec(ctx, `INSERT INTO event_entities (event_id, entity_id) VALUES (?, ?)`, e.ID, id)
		}
	}
	if err != nil {
		return fmt.Errorf("put %s: %w", e.Label(), err)
	}
	t.linkEventOf(e)
	return nil
}
