package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/impartial/impartial"
)

type recusalScope struct {
	Matters []string               `json:"matters,omitempty"`
	Topics  []string               `json:"topics,omitempty"`
	Parties []string               `json:"parties,omitempty"`
	Kinds   []impartial.MatterKind `json:"kinds,omitempty"`
}

const recusalCols = `id, person_id, effective, effective_prec, ended, ended_prec, scope, scope_text, basis,
	rules, findings, delegate, public_statement, recorded_by, recorded_at, acknowledged_at, source`

func scanRecusal(rows *sql.Rows) (*impartial.Recusal, error) {
	var r impartial.Recusal
	var sc recusalScope
	var rec, ack sql.NullTime
	s := (&scanner{}).add(&r.ID, &r.Person).date(&r.Effective).date(&r.Ended).add(jsonCol{&sc}, &r.ScopeText,
		&r.Basis, jsonCol{&r.Rules}, jsonCol{&r.Findings}, &r.Delegate, &r.PublicStatement, &r.RecordedBy,
		&rec, &ack, &r.Source)
	if err := s.scan(rows); err != nil {
		return nil, err
	}
	r.Matters, r.Topics, r.Parties, r.Kinds = sc.Matters, sc.Topics, sc.Parties, sc.Kinds
	r.RecordedAt, r.AcknowledgedAt = utc(rec), utc(ack)
	r.Rules, r.Findings = nilIfEmpty(r.Rules), nilIfEmpty(r.Findings)
	return &r, nil
}

func utc(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

func (t *tx) Recusal(ctx context.Context, id string) (*impartial.Recusal, error) {
	list, err := collect(ctx, t, scanRecusal, `SELECT `+recusalCols+` FROM recusals WHERE id = ?`, id)
	return one(list, err, "recusal", id)
}

func (t *tx) Recusals(ctx context.Context, f impartial.RecusalFilter) ([]*impartial.Recusal, error) {
	q, args := listing(recusalCols, "recusals", f.Page, "person_id", f.Person)
	list, err := collect(ctx, t, scanRecusal, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list recusals: %w", err)
	}
	return list, nil
}

func (t *tx) PutRecusal(ctx context.Context, r *impartial.Recusal) error {
	return t.writeRecusal(ctx, r, `
		ON CONFLICT (id) DO UPDATE SET person_id = excluded.person_id, effective = excluded.effective,
		effective_prec = excluded.effective_prec, ended = excluded.ended, ended_prec = excluded.ended_prec,
		scope = excluded.scope, scope_text = excluded.scope_text, basis = excluded.basis, rules = excluded.rules,
		findings = excluded.findings, delegate = excluded.delegate, public_statement = excluded.public_statement,
		recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at,
		acknowledged_at = excluded.acknowledged_at, source = excluded.source`)
}

func (t *tx) AddRecusal(ctx context.Context, r *impartial.Recusal) error {
	return t.writeRecusal(ctx, r, "")
}

// writeRecusal inserts r, with onConflict saying what a recorded id does
// (nothing: the key refuses it).
func (t *tx) writeRecusal(ctx context.Context, r *impartial.Recusal, onConflict string) error {
	scope, err := jsonArg(recusalScope{Matters: r.Matters, Topics: r.Topics, Parties: r.Parties, Kinds: r.Kinds})
	if err != nil {
		return err
	}
	rules, err := jsonArg(r.Rules)
	if err != nil {
		return err
	}
	findings, err := jsonArg(r.Findings)
	if err != nil {
		return err
	}
	e, ep := dateArgs(r.Effective)
	n, np := dateArgs(r.Ended)
	err = t.exec(ctx, `INSERT INTO recusals (`+recusalCols+`) VALUES (`+placeholders(17)+`)`+onConflict,
		r.ID, r.Person, e, ep, n, np, scope, r.ScopeText, r.Basis, rules, findings, r.Delegate, r.PublicStatement,
		r.RecordedBy, nullTime(r.RecordedAt), nullTime(r.AcknowledgedAt), r.Source)
	if err != nil {
		return fmt.Errorf("put %s: %w", r.Label(), err)
	}
	return nil
}

const permissionCols = `id, kind, person_id, matter_id, rules, granted, granted_prec, granted_by,
	start_on, start_prec, end_on, end_prec, reason, source`

func scanPermission(rows *sql.Rows) (*impartial.Permission, error) {
	var p impartial.Permission
	var matter sql.NullString
	s := (&scanner{}).add(&p.ID, &p.Kind, &p.Person, &matter, jsonCol{&p.Rules}).date(&p.Granted).
		add(&p.GrantedBy).date(&p.Start).date(&p.End).add(&p.Reason, &p.Source)
	if err := s.scan(rows); err != nil {
		return nil, err
	}
	p.Matter = matter.String
	p.Rules = nilIfEmpty(p.Rules)
	return &p, nil
}

func (t *tx) Permission(ctx context.Context, id string) (*impartial.Permission, error) {
	list, err := collect(ctx, t, scanPermission, `SELECT `+permissionCols+` FROM permissions WHERE id = ?`, id)
	return one(list, err, "permission", id)
}

func (t *tx) Permissions(ctx context.Context, f impartial.PermissionFilter) ([]*impartial.Permission, error) {
	q, args := listing(permissionCols, "permissions", f.Page, "person_id", f.Person, "matter_id", f.Matter)
	list, err := collect(ctx, t, scanPermission, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list permissions: %w", err)
	}
	return list, nil
}

func (t *tx) PutPermission(ctx context.Context, p *impartial.Permission) error {
	t.noteChange("permission", p.ID)
	rules, err := jsonArg(p.Rules)
	if err != nil {
		return err
	}
	g, gp := dateArgs(p.Granted)
	s, sp := dateArgs(p.Start)
	e, ep := dateArgs(p.End)
	err = t.exec(ctx, `INSERT INTO permissions (`+permissionCols+`) VALUES (`+placeholders(14)+`)
		ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, person_id = excluded.person_id,
		matter_id = excluded.matter_id, rules = excluded.rules, granted = excluded.granted,
		granted_prec = excluded.granted_prec, granted_by = excluded.granted_by, start_on = excluded.start_on,
		start_prec = excluded.start_prec, end_on = excluded.end_on, end_prec = excluded.end_prec,
		reason = excluded.reason, source = excluded.source`,
		p.ID, string(p.Kind), p.Person, nullIfEmpty(p.Matter), rules, g, gp, p.GrantedBy, s, sp, e, ep, p.Reason, p.Source)
	if err != nil {
		return fmt.Errorf("put %s: %w", p.Label(), err)
	}
	return nil
}

const determinationCols = `id, person_id, matter_id, rule, recommendation, review_reasons, reviewed_by, reviewed_at,
	decision, reasons, decided_by, decided_at, recusal_id, permission_id, supersedes`

func scanDetermination(rows *sql.Rows) (*impartial.Determination, error) {
	var d impartial.Determination
	var rev, dec sql.NullTime
	var rec, perm, sup sql.NullString
	if err := rows.Scan(&d.ID, &d.Person, &d.Matter, &d.Rule, &d.Recommendation, &d.ReviewReasons, &d.ReviewedBy,
		&rev, &d.Decision, &d.Reasons, &d.DecidedBy, &dec, &rec, &perm, &sup); err != nil {
		return nil, err
	}
	d.ReviewedAt, d.DecidedAt = utc(rev), utc(dec)
	d.Recusal, d.Permission, d.Supersedes = rec.String, perm.String, sup.String
	return &d, nil
}

func (t *tx) Determination(ctx context.Context, id string) (*impartial.Determination, error) {
	list, err := collect(ctx, t, scanDetermination, `SELECT `+determinationCols+` FROM determinations WHERE id = ?`, id)
	return one(list, err, "determination", id)
}

func (t *tx) Determinations(ctx context.Context, f impartial.DeterminationFilter) ([]*impartial.Determination, error) {
	q, args := listing(determinationCols, "determinations", f.Page, "person_id", f.Person, "matter_id", f.Matter)
	list, err := collect(ctx, t, scanDetermination, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list determinations: %w", err)
	}
	return list, nil
}

// PutDetermination inserts a determination. Determinations are never
// edited; a second put of the same id is a Conflict.
func (t *tx) PutDetermination(ctx context.Context, d *impartial.Determination) error {
	ok, err := t.Exists(ctx, "determination", d.ID)
	if err != nil {
		return err
	}
	if ok {
		return &impartial.Error{Kind: impartial.Conflict, Record: d.Label(), Msg: "already recorded; determinations are superseded, never edited"}
	}
	err = t.exec(ctx, `INSERT INTO determinations (`+determinationCols+`) VALUES (`+placeholders(15)+`)`,
		d.ID, d.Person, d.Matter, d.Rule, string(d.Recommendation), d.ReviewReasons, d.ReviewedBy, nullTime(d.ReviewedAt),
		string(d.Decision), d.Reasons, d.DecidedBy, nullTime(d.DecidedAt), nullIfEmpty(d.Recusal),
		nullIfEmpty(d.Permission), nullIfEmpty(d.Supersedes))
	if err != nil {
		return fmt.Errorf("put %s: %w", d.Label(), err)
	}
	return nil
}

func (t *tx) WallRevision(ctx context.Context) (int64, error) {
	var n int64
	if err := t.queryRow(ctx, wallRevisionSQL).Scan(&n); err != nil {
		return 0, fmt.Errorf("read wall revision: %w", err)
	}
	return n, nil
}

func (t *tx) WallChanges(ctx context.Context, after int64, n int) ([]impartial.WallChange, error) {
	n = limit(impartial.Page{Limit: n})
	list, err := collect(ctx, t, func(rows *sql.Rows) (impartial.WallChange, error) {
		var c impartial.WallChange
		err := rows.Scan(&c.Seq, &c.At, &c.Kind, &c.Person, &c.Matter, &c.Record)
		c.At = c.At.UTC()
		return c, err
	}, fmt.Sprintf(`SELECT seq, at, kind, person_id, matter_id, record FROM wall_changes WHERE seq > ? ORDER BY seq LIMIT %d`, n), after)
	if err != nil {
		return nil, fmt.Errorf("read wall changes: %w", err)
	}
	return list, nil
}

func (t *tx) AppendWallChange(ctx context.Context, c impartial.WallChange) (int64, error) {
	if err := t.wallLock(ctx); err != nil {
		return 0, err
	}
	var seq int64
	err := t.queryRow(ctx, `INSERT INTO wall_changes (at, kind, person_id, matter_id, record)
		VALUES (?, ?, ?, ?, ?) RETURNING seq`, c.At.UTC(), c.Kind, c.Person, c.Matter, c.Record).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("append wall change: %w", err)
	}
	return seq, nil
}

// AppendWallChanges appends changes whose sequence numbers the caller does
// not need, in their order: in batch mode they are sent with the other
// held inserts, as one statement per thousand. An import appends one per
// matter; on PostgreSQL that was two round trips each (the lock and the
// insert), 22,000 for a file of 11,111 matters.
func (t *tx) AppendWallChanges(ctx context.Context, cs []impartial.WallChange) error {
	if len(cs) == 0 {
		return nil
	}
	if err := t.wallLock(ctx); err != nil {
		return err
	}
	for _, c := range cs {
		if err := t.exec(ctx, `INSERT INTO wall_changes (at, kind, person_id, matter_id, record) VALUES (?, ?, ?, ?, ?)`,
			c.At.UTC(), c.Kind, c.Person, c.Matter, c.Record); err != nil {
			return fmt.Errorf("append wall change: %w", err)
		}
	}
	return nil
}

// wallLock takes the dialect's wall lock, once a transaction: it is held
// until the commit.
func (t *tx) wallLock(ctx context.Context) error {
	if t.d.WallLock == "" || t.wallLocked {
		return nil
	}
	if err := t.wait(); err != nil {
		return err
	}
	if _, err := t.tx.ExecContext(ctx, t.d.WallLock); err != nil {
		return fmt.Errorf("append wall change: lock: %w", err)
	}
	t.wallLocked = true
	return nil
}
