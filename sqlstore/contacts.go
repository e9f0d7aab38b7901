package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/impartial/impartial"
)

const contactCols = `id, on_date, on_prec, place, context, capacity, capacity_detail, reported_by,
	reported_on, reported_prec, status, status_detail, source, note`

func scanContact(rows *sql.Rows) (*impartial.Contact, error) {
	var c impartial.Contact
	var by sql.NullString
	s := (&scanner{}).add(&c.ID).date(&c.Date).add(&c.Place, &c.Context, &c.Capacity, &c.CapacityDetail, &by).
		date(&c.ReportedOn).add(&c.Status, &c.StatusDetail, &c.Source, &c.Note)
	if err := s.scan(rows); err != nil {
		return nil, err
	}
	c.ReportedBy = by.String
	return &c, nil
}

func (t *tx) Contact(ctx context.Context, id string) (*impartial.Contact, error) {
	list, err := t.contacts(ctx, `SELECT `+contactCols+` FROM contacts WHERE id = ?`, id)
	return one(list, err, "contact", id)
}

func (t *tx) Contacts(ctx context.Context, f impartial.ContactFilter) ([]*impartial.Contact, error) {
	q := `SELECT ` + contactCols + ` FROM contacts WHERE id > ?`
	args := []any{f.After}
	if f.Entity != "" {
		q += ` AND id IN (SELECT contact_id FROM contact_participants WHERE entity_id = ?)`
		args = append(args, f.Entity)
	}
	q += fmt.Sprintf(` ORDER BY id LIMIT %d`, limit(f.Page))
	list, err := t.contacts(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	return list, nil
}

// contacts runs a query for contacts and fills in their participants with
// one more query for the whole page.
func (t *tx) contacts(ctx context.Context, q string, args ...any) ([]*impartial.Contact, error) {
	list, err := collect(ctx, t, scanContact, q, args...)
	if err != nil || len(list) == 0 {
		return list, err
	}
	byID := make(map[string]*impartial.Contact, len(list))
	ids := make([]any, len(list))
	for i, c := range list {
		byID[c.ID] = c
		ids[i] = c.ID
	}
	rows, err := t.query(ctx, `SELECT contact_id, entity_id FROM contact_participants
		WHERE contact_id IN (`+placeholders(len(ids))+`) ORDER BY contact_id, seq`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, eid string
		if err := rows.Scan(&cid, &eid); err != nil {
			return nil, err
		}
		byID[cid].Participants = append(byID[cid].Participants, eid)
	}
	return list, rows.Err()
}

func (t *tx) PutContact(ctx context.Context, c *impartial.Contact) error {
	t.noteChange("contact", c.ID)
	d, dp := dateArgs(c.Date)
	r, rp := dateArgs(c.ReportedOn)
	err := t.exec(ctx, `INSERT INTO contacts (`+contactCols+`) VALUES (`+placeholders(14)+`)
		ON CONFLICT (id) DO UPDATE SET on_date = excluded.on_date, on_prec = excluded.on_prec,
		place = excluded.place, context = excluded.context, capacity = excluded.capacity,
		capacity_detail = excluded.capacity_detail, reported_by = excluded.reported_by,
		reported_on = excluded.reported_on, reported_prec = excluded.reported_prec,
		status = excluded.status, status_detail = excluded.status_detail,
		source = excluded.source, note = excluded.note`,
		c.ID, d, dp, c.Place, c.Context, string(c.Capacity), c.CapacityDetail, nullIfEmpty(c.ReportedBy),
		r, rp, string(c.Status), c.StatusDetail, c.Source, c.Note)
	if err == nil {
		err = t.exec(ctx, `DELETE FROM contact_participants WHERE contact_id = ?`, c.ID)
	}
	for i, p := range c.Participants {
		if err != nil {
			break
		}
		err = t.exec(ctx, `INSERT INTO contact_participants (contact_id, seq, entity_id) VALUES (?, ?, ?)`, c.ID, i, p)
	}
	if err != nil {
		return fmt.Errorf("put %s: %w", c.Label(), err)
	}
	t.linkContactOf(c)
	return nil
}
