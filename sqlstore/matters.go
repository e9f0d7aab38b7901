package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/impartial/impartial"
)

const matterCols = `id, title, kind, opened, opened_prec, closed, closed_prec, confidential, source, note, forum, related, participants`

func scanMatter(rows *sql.Rows) (*impartial.Matter, error) {
	var m impartial.Matter
	s := (&scanner{}).add(&m.ID, &m.Title, &m.Kind).date(&m.Opened).date(&m.Closed).
		add(&m.Confidential, &m.Source, &m.Note, &m.Forum, jsonCol{&m.Related}, jsonCol{&m.Participants})
	if err := s.scan(rows); err != nil {
		return nil, err
	}
	if len(m.Related) == 0 {
		m.Related = nil
	}
	if len(m.Participants) == 0 {
		m.Participants = nil
	}
	return &m, nil
}

func (t *tx) Matter(ctx context.Context, id string) (*impartial.Matter, error) {
	list, err := t.matters(ctx, `SELECT `+matterCols+` FROM matters WHERE id = ?`, id)
	return one(list, err, "matter", id)
}

func (t *tx) Matters(ctx context.Context, f impartial.MatterFilter) ([]*impartial.Matter, error) {
	q := `SELECT ` + matterCols + ` FROM matters WHERE id > ?`
	args := []any{f.After}
	if f.Entity != "" {
		q += ` AND (id IN (SELECT matter_id FROM matter_parties WHERE entity_id = ?)
			OR id IN (SELECT matter_id FROM matter_team WHERE entity_id = ?))`
		args = append(args, f.Entity, f.Entity)
	}
	if f.Topic != "" {
		q += ` AND id IN (SELECT matter_id FROM matter_topics WHERE topic_key = ?)`
		args = append(args, impartial.TopicKey(f.Topic))
	}
	q += fmt.Sprintf(` ORDER BY id LIMIT %d`, limit(f.Page))
	list, err := t.matters(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list matters: %w", err)
	}
	return list, nil
}

// matters runs a query for matters and fills in topics, parties and team with
// one query each for the whole page.
func (t *tx) matters(ctx context.Context, q string, args ...any) ([]*impartial.Matter, error) {
	list, err := collect(ctx, t, scanMatter, q, args...)
	if err != nil || len(list) == 0 {
		return list, err
	}
	byID := make(map[string]*impartial.Matter, len(list))
	ids := make([]any, len(list))
	for i, m := range list {
		byID[m.ID] = m
		ids[i] = m.ID
	}
	in := `WHERE matter_id IN (` + placeholders(len(ids)) + `) ORDER BY matter_id, seq`
	if err := t.each(ctx, `SELECT matter_id, topic FROM matter_topics `+in, ids, func(rows *sql.Rows) error {
		var mid, topic string
		err := rows.Scan(&mid, &topic)
		byID[mid].Topics = append(byID[mid].Topics, topic)
		return err
	}); err != nil {
		return nil, err
	}
	if err := t.each(ctx, `SELECT matter_id, entity_id, name, role, evidence FROM matter_parties `+in, ids, func(rows *sql.Rows) error {
		var mid string
		var eid sql.NullString
		var p impartial.MatterParty
		err := rows.Scan(&mid, &eid, &p.Name, &p.Role, jsonCol{&p.Evidence})
		p.Entity = eid.String
		byID[mid].Parties = append(byID[mid].Parties, p)
		return err
	}); err != nil {
		return nil, err
	}
	if err := t.each(ctx, `SELECT matter_id, entity_id FROM matter_team `+in, ids, func(rows *sql.Rows) error {
		var mid, eid string
		err := rows.Scan(&mid, &eid)
		byID[mid].Team = append(byID[mid].Team, eid)
		return err
	}); err != nil {
		return nil, err
	}
	return list, nil
}

// each runs a query and calls fn for each row, after sending the held
// statements, so that it reads the transaction's writes.
func (t *tx) each(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	if err := t.Flush(ctx); err != nil {
		return err
	}
	return t.eachHeld(ctx, q, args, fn)
}

func (t *tx) PutMatter(ctx context.Context, m *impartial.Matter) error {
	t.noteChange("matter", m.ID)
	o, op := dateArgs(m.Opened)
	c, cp := dateArgs(m.Closed)
	related, err := jsonArg(m.Related)
	if err != nil {
		return err
	}
	parts, err := jsonArg(m.Participants)
	if err != nil {
		return err
	}
	err = t.exec(ctx, `INSERT INTO matters (`+matterCols+`) VALUES (`+placeholders(13)+`)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, kind = excluded.kind,
		opened = excluded.opened, opened_prec = excluded.opened_prec, closed = excluded.closed,
		closed_prec = excluded.closed_prec, confidential = excluded.confidential,
		source = excluded.source, note = excluded.note, forum = excluded.forum, related = excluded.related,
		participants = excluded.participants`,
		m.ID, m.Title, string(m.Kind), o, op, c, cp, m.Confidential, m.Source, m.Note, m.Forum, related, parts)
	for _, table := range []string{"matter_topics", "matter_parties", "matter_team"} {
		if err == nil {
			err = t.exec(ctx, `DELETE FROM `+table+` WHERE matter_id = ?`, m.ID)
		}
	}
	for i, topic := range m.Topics {
		if err == nil {
			err = t.exec(ctx, `INSERT INTO matter_topics (matter_id, seq, topic, topic_key) VALUES (?, ?, ?, ?)`,
				m.ID, i, topic, impartial.TopicKey(topic))
		}
	}
	for i, p := range m.Parties {
		if err == nil {
			var ev any
			if p.Evidence != nil {
				if ev, err = jsonArg(p.Evidence); err != nil {
					break
				}
			}
			err = t.exec(ctx, `INSERT INTO matter_parties (matter_id, seq, entity_id, name, role, evidence) VALUES (?, ?, ?, ?, ?, ?)`,
				m.ID, i, nullIfEmpty(p.Entity), p.Name, string(p.Role), ev)
		}
	}
	for i, id := range m.Team {
		if err == nil {
			err = t.exec(ctx, `INSERT INTO matter_team (matter_id, seq, entity_id) VALUES (?, ?, ?)`, m.ID, i, id)
		}
	}
	if err != nil {
		return fmt.Errorf("put %s: %w", m.Label(), err)
	}
	return nil
}
