package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/impartial/impartial"
)

const findingCols = `person_id, matter_id, rule, outcome, rulebook, rulebook_version, as_of, as_of_prec, computed_at, body`

func scanFinding(rows *sql.Rows) (*impartial.StoredFinding, error) {
	var f impartial.StoredFinding
	var person, matter, rule, outcome, book, version string
	var asOf impartial.Date
	s := (&scanner{}).add(&person, &matter, &rule, &outcome, &book, &version).date(&asOf).add(&f.ComputedAt, jsonCol{&f.Finding})
	if err := s.scan(rows); err != nil {
		return nil, err
	}
	f.ComputedAt = f.ComputedAt.UTC()
	return &f, nil
}

func (t *tx) Findings(ctx context.Context, f impartial.FindingFilter) ([]*impartial.StoredFinding, error) {
	q := `SELECT ` + findingCols + ` FROM findings WHERE 1 = 1`
	var args []any
	if f.Person != "" {
		q += ` AND person_id = ?`
		args = append(args, f.Person)
	}
	if f.Matter != "" {
		q += ` AND matter_id = ?`
		args = append(args, f.Matter)
	}
	if f.Outcome != "" {
		q += ` AND outcome = ?`
		args = append(args, string(f.Outcome))
	}
	if k := f.After; k != (impartial.FindingKey{}) {
		q += ` AND (matter_id > ? OR (matter_id = ? AND (person_id > ? OR (person_id = ? AND rule > ?))))`
		args = append(args, k.Matter, k.Matter, k.Person, k.Person, k.Rule)
	}
	if !f.ComputedBefore.IsZero() {
		q += ` AND computed_at < ?`
		args = append(args, f.ComputedBefore.UTC())
	}
	q += fmt.Sprintf(` ORDER BY matter_id, person_id, rule LIMIT %d`, limit(impartial.Page{Limit: f.Limit}))
	list, err := collect(ctx, t, scanFinding, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list findings: %w", err)
	}
	return list, nil
}

func (t *tx) DeleteFindings(ctx context.Context, person, matter string) ([]*impartial.StoredFinding, error) {
	where := ` WHERE 1 = 1`
	var args []any
	if person != "" {
		where += ` AND person_id = ?`
		args = append(args, person)
	}
	if matter != "" {
		where += ` AND matter_id = ?`
		args = append(args, matter)
	}
	old, err := collect(ctx, t, scanFinding, `SELECT `+findingCols+` FROM findings`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("delete findings: %w", err)
	}
	if len(old) == 0 {
		return nil, nil
	}
	if err := t.exec(ctx, `DELETE FROM findings`+where, args...); err != nil {
		return nil, fmt.Errorf("delete findings: %w", err)
	}
	return old, nil
}

func (t *tx) PutFinding(ctx context.Context, f *impartial.StoredFinding) error {
	body, err := json.Marshal(f.Finding)
	if err != nil {
		return err
	}
	a, ap := dateArgs(f.AsOf)
	err = t.exec(ctx, `INSERT INTO findings (`+findingCols+`) VALUES (`+placeholders(10)+`)
		ON CONFLICT (person_id, matter_id, rule) DO UPDATE SET outcome = excluded.outcome,
		rulebook = excluded.rulebook, rulebook_version = excluded.rulebook_version, as_of = excluded.as_of,
		as_of_prec = excluded.as_of_prec, computed_at = excluded.computed_at, body = excluded.body`,
		f.Person, f.Matter, f.Rule, string(f.Outcome), f.Rulebook, f.RulebookVersion, a, ap, f.ComputedAt.UTC(), string(body))
	if err != nil {
		return fmt.Errorf("put finding %s × %s × %s: %w", f.Person, f.Matter, f.Rule, err)
	}
	return nil
}
