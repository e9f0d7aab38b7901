package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/impartial/impartial"
)

// The neighbourhood reads: what touches a few entities, through the indexes
// on relationships' ends, contact participants and event entities, so that a
// one-shot command screens one matter without reading every record.

// Adjacent returns the relationships from or to any of ids (with
// coveredOnly, those whose other end is a covered person), the contacts any
// of them took part in, and the events that name any of them or trade a
// holding returned.
func (t *tx) Adjacent(ctx context.Context, ids []string, coveredOnly bool) (*impartial.Adjacency, error) {
	out := &impartial.Adjacency{}
	rels := map[string]*impartial.Relationship{}
	contacts := map[string]*impartial.Contact{}
	events := map[string]*impartial.Event{}
	for rest := ids; len(rest) > 0; {
		n := min(len(rest), maxIn)
		args := anys(rest[:n])
		batch := rest[:n]
		rest = rest[n:]
		in := placeholders(n)
		var list []*impartial.Relationship
		if coveredOnly {
			if out.Links == nil {
				out.Links = map[string]*impartial.LinkTypes{}
			}
			for _, id := range batch {
				out.Links[id] = &impartial.LinkTypes{}
			}
			l, err := t.coveredLinks(ctx, args, in, out.Links)
			if err != nil {
				return nil, fmt.Errorf("read the links to covered persons of %d entities: %w", n, err)
			}
			list = l
		} else {
			for _, q := range adjacentQueries(in) {
				l, err := collect(ctx, t, scanRelationship, q, args...)
				if err != nil {
					return nil, fmt.Errorf("read the relationships of %d entities: %w", n, err)
				}
				list = append(list, l...)
			}
		}
		for _, r := range list {
			rels[r.ID] = r
		}
		cs, err := t.contactsOf(ctx, batch, args, in, coveredOnly, out.Links)
		if err != nil {
			return nil, fmt.Errorf("read the contacts of %d entities: %w", n, err)
		}
		for _, c := range cs {
			contacts[c.ID] = c
		}
		evs, err := collect(ctx, t, scanEvent, `SELECT body FROM events
			WHERE id IN (SELECT event_id FROM event_entities WHERE entity_id IN (`+in+`))`, args...)
		if err != nil {
			return nil, fmt.Errorf("read the events of %d entities: %w", n, err)
		}
		for _, e := range evs {
			events[e.ID] = e
		}
	}
	var holdings []string
	for id, r := range rels {
		if r.Type == impartial.Holding {
			holdings = append(holdings, id)
		}
	}
	slices.Sort(holdings)
	for len(holdings) > 0 {
		n := min(len(holdings), maxIn)
		args := anys(holdings[:n])
		holdings = holdings[n:]
		evs, err := collect(ctx, t, scanEvent, `SELECT body FROM events WHERE holding IN (`+placeholders(n)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("read the trades of %d holdings: %w", n, err)
		}
		for _, e := range evs {
			events[e.ID] = e
		}
	}
	out.Relationships = sortedValues(rels, func(r *impartial.Relationship) string { return r.ID })
	out.Contacts = sortedValues(contacts, func(c *impartial.Contact) string { return c.ID })
	out.Events = sortedValues(events, func(e *impartial.Event) string { return e.ID })
	return out, nil
}

// adjacentQueries returns the queries for the relationships from and to the
// entities in the placeholder list in: a query per end, so that each uses
// that end's index.
func adjacentQueries(in string) []string {
	return []string{
		`SELECT ` + relCols + ` FROM relationships WHERE from_id IN (` + in + `)`,
		`SELECT ` + relCols + ` FROM relationships WHERE to_id IN (` + in + `)`,
	}
}

// coveredIDs returns the ids of the covered entities, read once per
// transaction through their partial index: a few thousand, against which
// the links of a hub's thousands of holders are tested in memory rather
// than by a look-up of each other end's record.
func (t *tx) coveredIDs(ctx context.Context) (map[string]bool, error) {
	if t.covered != nil {
		return t.covered, nil
	}
	covered := map[string]bool{}
	err := t.each(ctx, `SELECT id FROM entities WHERE cov_regime IS NOT NULL`, nil, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		covered[id] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the covered persons: %w", err)
	}
	t.covered = covered
	return covered, nil
}

// coveredLinks returns the relationships linking any of the entities
// (args, placeholders in) to a covered person — the ends of all their
// relationships, tested in memory, then the records of those that pass —
// noting in links the types each has recorded.
func (t *tx) coveredLinks(ctx context.Context, args []any, in string, links map[string]*impartial.LinkTypes) ([]*impartial.Relationship, error) {
	covered, err := t.coveredIDs(ctx)
	if err != nil {
		return nil, err
	}
	var ids []any
	for _, from := range []bool{true, false} {
		q := `SELECT id, from_id, to_id, type FROM relationships WHERE to_id IN (` + in + `)`
		if from {
			q = `SELECT id, from_id, to_id, type FROM relationships WHERE from_id IN (` + in + `)`
		}
		if err := t.each(ctx, q, args, func(rows *sql.Rows) error {
			var id, f, to string
			var typ impartial.RelType
			if err := rows.Scan(&id, &f, &to, &typ); err != nil {
				return err
			}
			self, other := to, f
			if from {
				self, other = f, to
			}
			if l := links[self]; l != nil {
				if from {
					l.From = addType(l.From, typ)
				} else {
					l.To = addType(l.To, typ)
				}
			}
			if covered[other] {
				ids = append(ids, id)
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(ids, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	ids = slices.Compact(ids)
	var out []*impartial.Relationship
	for len(ids) > 0 {
		n := min(len(ids), maxIn)
		list, err := collect(ctx, t, scanRelationship, `SELECT `+relCols+` FROM relationships WHERE id IN (`+placeholders(n)+`)`, ids[:n]...)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
		ids = ids[n:]
	}
	return out, nil
}

// contactsOf returns the contacts any of batch (args, placeholders in) took
// part in; with coveredOnly, those in which one of them met a covered
// person other than itself.
func (t *tx) contactsOf(ctx context.Context, batch []string, args []any, in string, coveredOnly bool, links map[string]*impartial.LinkTypes) ([]*impartial.Contact, error) {
	of := `SELECT contact_id FROM contact_participants WHERE entity_id IN (` + in + `)`
	if !coveredOnly {
		return t.contacts(ctx, `SELECT `+contactCols+` FROM contacts WHERE id IN (`+of+`)`, args...)
	}
	cov, err := t.coveredIDs(ctx)
	if err != nil {
		return nil, err
	}
	covered := map[string][]string{} // contact → its covered participants
	err = t.each(ctx, `SELECT contact_id, entity_id FROM contact_participants WHERE contact_id IN (`+of+`)`, args, func(rows *sql.Rows) error {
		var c, e string
		if err := rows.Scan(&c, &e); err != nil {
			return err
		}
		if cov[e] {
			covered[c] = append(covered[c], e)
		}
		if l := links[e]; l != nil {
			l.Contact = true
		}
		return nil
	})
	if err != nil || len(covered) == 0 {
		return nil, err
	}
	var ids []any
	for c := range covered {
		ids = append(ids, c)
	}
	var list []*impartial.Contact
	for len(ids) > 0 {
		n := min(len(ids), maxIn)
		cs, err := t.contacts(ctx, `SELECT `+contactCols+` FROM contacts WHERE id IN (`+placeholders(n)+`)`, ids[:n]...)
		if err != nil {
			return nil, err
		}
		list = append(list, cs...)
		ids = ids[n:]
	}
	// Kept where a participant among batch met a covered participant other
	// than itself.
	return slices.DeleteFunc(list, func(c *impartial.Contact) bool {
		for _, p := range c.Participants {
			if !slices.Contains(batch, p) {
				continue
			}
			for _, q := range covered[c.ID] {
				if q != p {
					return false
				}
			}
		}
		return true
	}), nil
}

// addType adds t to the sorted set ts.
func addType(ts []impartial.RelType, t impartial.RelType) []impartial.RelType {
	i, ok := slices.BinarySearch(ts, t)
	if ok {
		return ts
	}
	return slices.Insert(ts, i, t)
}

func sortedValues[T any](m map[string]T, id func(T) string) []T {
	out := make([]T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b T) int { return strings.Compare(id(a), id(b)) })
	return out
}

// RelatedTo returns the matters that record the matter id as the same or
// substantially related. The links are kept as JSON on the matter that
// records them, so this reads the links of every matter that has any —
// found by the partial index matters_related (migration 018): most have
// none, and the others are not read.
func (t *tx) RelatedTo(ctx context.Context, id string) ([]*impartial.Matter, error) {
	var ids []any
	err := t.each(ctx, `SELECT id, related FROM matters WHERE related <> '[]'`, nil, func(rows *sql.Rows) error {
		var mid string
		var raw []byte
		if err := rows.Scan(&mid, &raw); err != nil {
			return err
		}
		var links []impartial.MatterLink
		if err := json.Unmarshal(raw, &links); err != nil {
			return fmt.Errorf("matter %q: related: %w", mid, err)
		}
		if slices.ContainsFunc(links, func(l impartial.MatterLink) bool { return l.Matter == id }) {
			ids = append(ids, mid)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the matters related to %q: %w", id, err)
	}
	var out []*impartial.Matter
	for len(ids) > 0 {
		n := min(len(ids), maxIn)
		list, err := t.matters(ctx, `SELECT `+matterCols+` FROM matters WHERE id IN (`+placeholders(n)+`) ORDER BY id`, ids[:n]...)
		if err != nil {
			return nil, fmt.Errorf("read the matters related to %q: %w", id, err)
		}
		out = append(out, list...)
		ids = ids[n:]
	}
	return out, nil
}
