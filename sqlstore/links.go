package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/impartial/impartial"
)

// The link summaries of migration 019 (entity_links), written in the
// transactions that write what they summarise, like the kinship distances
// (derived.go): per entity, the types of the relationships recorded from it
// and to it, whether it took part in a contact, whether an event names it,
// and whether a relationship or contact links it to a covered person. What
// Adjacent with coveredOnly finds for an entity that no event names and
// nothing links to a covered person is only those types and the contact
// flag, so a one-shot screen takes them from here (LinkSummaries) instead of
// probing the entity: at a company with 19,000 holders, one read by primary
// key per holder instead of three indexed scans.
//
// Every bit is only ever set — by a write that adds a relationship,
// contact, event or coverage — never cleared by one that removes them, so a
// summary says at least what is true: a type too many or a link to a
// covered person that is gone makes a screen read more, never find less.
// The link to a covered person is set in settleLinks, after the
// transaction's writes are sent and under the dialect's KinLock (as the
// kinship distances are lowered), so that of two writers at once — one
// adding a relationship to B, the other making B covered — the second to
// take the lock reads what the first committed.

func init() { backfills["019_entity_links.sql"] = backfillLinks }

// linkTypeOrder gives each relationship type its bit in entity_links.outs
// and ins. A type not listed sets linkOther, which makes the summary say
// nothing (the entity is probed).
var linkTypeOrder = []impartial.RelType{impartial.Position, impartial.Employment, impartial.Campaign,
	impartial.Candidate, impartial.Family, impartial.Household, impartial.Holding, impartial.Ownership,
	impartial.Membership, impartial.Client, impartial.Representation, impartial.Business}

// The bits of entity_links.flags.
const (
	linkContact = 1 << iota // took part in a contact
	linkCovered             // linked to a covered person by a relationship or contact
	linkEvent               // named by an event
	linkOther               // has a relationship of a type not in linkTypeOrder
)

// linkRow is what a transaction sets in one entity's summary.
type linkRow struct{ outs, ins, flags int }

// linkWork is what a transaction wrote that sets bits in the summaries.
type linkWork struct {
	rows     map[string]*linkRow
	ends     [][2]string // the ends of the relationships written
	contacts [][]string  // the participants of the contacts written
	covered  []string    // entities written with a coverage
}

func (t *tx) links() *linkWork {
	if t.link == nil {
		t.link = &linkWork{rows: map[string]*linkRow{}}
	}
	return t.link
}

func (w *linkWork) row(id string) *linkRow {
	r := w.rows[id]
	if r == nil {
		r = &linkRow{}
		w.rows[id] = r
	}
	return r
}

// typeBit returns the bit of type typ in outs and ins, or 0 with ok false
// for a type not in linkTypeOrder.
func typeBit(typ impartial.RelType) (int, bool) {
	i := slices.Index(linkTypeOrder, typ)
	if i < 0 {
		return 0, false
	}
	return 1 << i, true
}

// linkRelationship notes a relationship written.
func (t *tx) linkRelationship(r *impartial.Relationship) {
	w := t.links()
	from, to := w.row(r.From), w.row(r.To)
	if b, ok := typeBit(r.Type); ok {
		from.outs |= b
		to.ins |= b
	} else {
		from.flags |= linkOther
		to.flags |= linkOther
	}
	w.ends = append(w.ends, [2]string{r.From, r.To})
}

// linkContactOf notes a contact written.
func (t *tx) linkContactOf(c *impartial.Contact) {
	w := t.links()
	for _, p := range c.Participants {
		w.row(p).flags |= linkContact
	}
	w.contacts = append(w.contacts, slices.Clone(c.Participants))
}

// linkEventOf notes an event written.
func (t *tx) linkEventOf(e *impartial.Event) {
	w := t.links()
	for _, id := range e.Entities() {
		w.row(id).flags |= linkEvent
	}
}

// linkCoverage notes an entity written with a coverage.
func (t *tx) linkCoverage(e *impartial.Entity) {
	if e.Coverage != nil {
		w := t.links()
		w.covered = append(w.covered, e.ID)
	}
}

// derivedLock takes the dialect's KinLock once per transaction, after
// sending everything the transaction holds: see settleKin.
func (t *tx) derivedLock(ctx context.Context) error {
	if t.d.KinLock == "" || t.derivedLocked {
		return nil
	}
	if err := t.Flush(ctx); err != nil {
		return err
	}
	if _, err := t.tx.ExecContext(ctx, t.d.KinLock); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	t.derivedLocked = true
	return nil
}

// settleLinks writes the summaries' bits the transaction set, with the
// links to covered persons: of the ends of the relationships and the
// participants of the contacts written, those a covered one is linked to,
// and everything linked to an entity written with a coverage.
func (t *tx) settleLinks(ctx context.Context) error {
	w := t.link
	t.link = nil
	if w == nil {
		return nil
	}
	if err := t.derivedLock(ctx); err != nil {
		return fmt.Errorf("settle link summaries: %w", err)
	}
	var ends []string
	for _, e := range w.ends {
		ends = append(ends, e[0], e[1])
	}
	for _, c := range w.contacts {
		ends = append(ends, c...)
	}
	covered, err := t.coveredAmong(ctx, ends)
	if err != nil {
		return fmt.Errorf("settle link summaries: %w", err)
	}
	for _, e := range w.ends {
		if covered[e[0]] {
			w.row(e[1]).flags |= linkCovered
		}
		if covered[e[1]] {
			w.row(e[0]).flags |= linkCovered
		}
	}
	for _, c := range w.contacts {
		if slices.ContainsFunc(c, func(p string) bool { return covered[p] }) {
			for _, p := range c {
				w.row(p).flags |= linkCovered
			}
		}
	}
	if len(w.covered) > 0 {
		near, err := t.linkedTo(ctx, w.covered)
		if err != nil {
			return fmt.Errorf("settle link summaries: %w", err)
		}
		for _, id := range near {
			w.row(id).flags |= linkCovered
		}
	}
	ids := make([]string, 0, len(w.rows))
	for id := range w.rows {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		r := w.rows[id]
		if err := t.exec(ctx, upsertLinks, id, r.outs, r.ins, r.flags); err != nil {
			return fmt.Errorf("settle link summaries: %w", err)
		}
	}
	return nil
}

const upsertLinks = `INSERT INTO entity_links (id, outs, ins, flags) VALUES (?, ?, ?, ?)
	ON CONFLICT (id) DO UPDATE SET outs = entity_links.outs | excluded.outs,
	ins = entity_links.ins | excluded.ins, flags = entity_links.flags | excluded.flags`

// coveredAmong returns which of ids are covered entities, as the
// transaction sees them now.
func (t *tx) coveredAmong(ctx context.Context, ids []string) (map[string]bool, error) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := map[string]bool{}
	scan := func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		out[id] = true
		return nil
	}
	if len(ids) > 20*maxIn {
		// An import's thousands: every covered id, by the partial index,
		// costs less than a look-up of each.
		all := map[string]bool{}
		err := t.each(ctx, `SELECT id FROM entities WHERE cov_regime IS NOT NULL`, nil, func(rows *sql.Rows) error {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			all[id] = true
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read the covered persons: %w", err)
		}
		for _, id := range ids {
			if all[id] {
				out[id] = true
			}
		}
		return out, nil
	}
	for rest := ids; len(rest) > 0; {
		n := min(len(rest), maxIn)
		args := anys(rest[:n])
		rest = rest[n:]
		if err := t.each(ctx, `SELECT id FROM entities WHERE cov_regime IS NOT NULL AND id IN (`+placeholders(n)+`)`, args, scan); err != nil {
			return nil, fmt.Errorf("read the coverage of %d entities: %w", n, err)
		}
	}
	return out, nil
}

// linkedTo returns the entities a relationship or contact links to any of
// ids (ids among them where they are linked to each other).
func (t *tx) linkedTo(ctx context.Context, ids []string) ([]string, error) {
	var out []string
	scan := func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		out = append(out, id)
		return nil
	}
	for rest := ids; len(rest) > 0; {
		n := min(len(rest), maxIn)
		args := anys(rest[:n])
		rest = rest[n:]
		in := placeholders(n)
		for _, q := range []string{
			`SELECT to_id FROM relationships WHERE from_id IN (` + in + `)`,
			`SELECT from_id FROM relationships WHERE to_id IN (` + in + `)`,
			`SELECT entity_id FROM contact_participants WHERE contact_id IN
				(SELECT contact_id FROM contact_participants WHERE entity_id IN (` + in + `))`,
		} {
			if err := t.each(ctx, q, args, scan); err != nil {
				return nil, fmt.Errorf("read what is linked to %d covered persons: %w", n, err)
			}
		}
	}
	return out, nil
}

// LinkSummaries: see impartial.NeighbourhoodReader.
func (t *tx) LinkSummaries(ctx context.Context, ids []string) (map[string]*impartial.LinkTypes, error) {
	out := map[string]*impartial.LinkTypes{}
	for rest := ids; len(rest) > 0; {
		n := min(len(rest), maxIn)
		args := anys(rest[:n])
		rest = rest[n:]
		err := t.each(ctx, `SELECT id, outs, ins, flags FROM entity_links WHERE id IN (`+placeholders(n)+`)`, args, func(rows *sql.Rows) error {
			var id string
			var outs, ins, flags int
			if err := rows.Scan(&id, &outs, &ins, &flags); err != nil {
				return err
			}
			if flags&(linkCovered|linkEvent|linkOther) != 0 {
				return nil
			}
			l := &impartial.LinkTypes{Contact: flags&linkContact != 0}
			for i, typ := range linkTypeOrder {
				if outs&(1<<i) != 0 {
					l.From = append(l.From, typ)
				}
				if ins&(1<<i) != 0 {
					l.To = append(l.To, typ)
				}
			}
			slices.Sort(l.From)
			slices.Sort(l.To)
			out[id] = l
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read the link summaries of %d entities: %w", n, err)
		}
	}
	return out, nil
}

// backfillLinks fills in the link summaries of an existing database from
// every relationship, contact, event and coverage.
func backfillLinks(ctx context.Context, sqlTx *sql.Tx, d *Dialect) error {
	rows := map[string]*linkRow{}
	row := func(id string) *linkRow {
		r := rows[id]
		if r == nil {
			r = &linkRow{}
			rows[id] = r
		}
		return r
	}
	covered := map[string]bool{}
	if err := eachRow(ctx, sqlTx, `SELECT id FROM entities WHERE cov_regime IS NOT NULL`, func(rs *sql.Rows) error {
		var id string
		if err := rs.Scan(&id); err != nil {
			return err
		}
		covered[id] = true
		return nil
	}); err != nil {
		return err
	}
	if err := eachRow(ctx, sqlTx, `SELECT from_id, to_id, type FROM relationships`, func(rs *sql.Rows) error {
		var f, to string
		var typ impartial.RelType
		if err := rs.Scan(&f, &to, &typ); err != nil {
			return err
		}
		from, dst := row(f), row(to)
		if b, ok := typeBit(typ); ok {
			from.outs |= b
			dst.ins |= b
		} else {
			from.flags |= linkOther
			dst.flags |= linkOther
		}
		if covered[to] {
			from.flags |= linkCovered
		}
		if covered[f] {
			dst.flags |= linkCovered
		}
		return nil
	}); err != nil {
		return err
	}
	parts := map[string][]string{}
	if err := eachRow(ctx, sqlTx, `SELECT contact_id, entity_id FROM contact_participants`, func(rs *sql.Rows) error {
		var c, e string
		if err := rs.Scan(&c, &e); err != nil {
			return err
		}
		parts[c] = append(parts[c], e)
		row(e).flags |= linkContact
		return nil
	}); err != nil {
		return err
	}
	for _, ps := range parts {
		if slices.ContainsFunc(ps, func(p string) bool { return covered[p] }) {
			for _, p := range ps {
				row(p).flags |= linkCovered
			}
		}
	}
	if err := eachRow(ctx, sqlTx, `SELECT entity_id FROM event_entities`, func(rs *sql.Rows) error {
		var e string
		if err := rs.Scan(&e); err != nil {
			return err
		}
		row(e).flags |= linkEvent
		return nil
	}); err != nil {
		return err
	}
	// Many rows a statement: at 1,000,000 entities a statement each is a
	// round trip each on PostgreSQL.
	const per = 200
	ids := make([]string, 0, len(rows))
	for id := range rows {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for len(ids) > 0 {
		n := min(len(ids), per)
		args := make([]any, 0, 4*n)
		for _, id := range ids[:n] {
			r := rows[id]
			args = append(args, id, r.outs, r.ins, r.flags)
		}
		ids = ids[n:]
		q := `INSERT INTO entity_links (id, outs, ins, flags) VALUES ` + strings.Repeat(`(?, ?, ?, ?), `, n-1) + `(?, ?, ?, ?)`
		if _, err := sqlTx.ExecContext(ctx, d.rebind(q), args...); err != nil {
			return err
		}
	}
	return nil
}

// eachRow runs q in the migration's transaction and calls fn for each row.
func eachRow(ctx context.Context, sqlTx *sql.Tx, q string, fn func(*sql.Rows) error) error {
	rows, err := sqlTx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
