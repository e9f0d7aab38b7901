package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/impartial/impartial"
)

const statementCols = `id, by_id, kind, on_date, on_prec, forum, sworn, question_by, question, text,
	assertions, source, note`

func scanStatement(rows *sql.Rows) (*impartial.Statement, error) {
	var s impartial.Statement
	var forum, qby sql.NullString
	sc := (&scanner{}).add(&s.ID, &s.By, &s.Kind).date(&s.Date).add(&forum, &s.Sworn, &qby,
		&s.Question, &s.Text, jsonCol{&s.Assertions}, &s.Source, &s.Note)
	if err := sc.scan(rows); err != nil {
		return nil, err
	}
	s.Forum, s.QuestionBy = forum.String, qby.String
	if len(s.Assertions) == 0 {
		s.Assertions = nil
	}
	return &s, nil
}

func (t *tx) Statement(ctx context.Context, id string) (*impartial.Statement, error) {
	list, err := collect(ctx, t, scanStatement, `SELECT `+statementCols+` FROM statements WHERE id = ?`, id)
	return one(list, err, "statement", id)
}

func (t *tx) Statements(ctx context.Context, f impartial.StatementFilter) ([]*impartial.Statement, error) {
	q, args := listing(statementCols, "statements", f.Page, "by_id", f.By)
	list, err := collect(ctx, t, scanStatement, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list statements: %w", err)
	}
	return list, nil
}

func (t *tx) PutStatement(ctx context.Context, s *impartial.Statement) error {
	as, err := jsonArg(s.Assertions)
	if err != nil {
		return err
	}
	d, dp := dateArgs(s.Date)
	err = t.exec(ctx, `INSERT INTO statements (`+statementCols+`) VALUES (`+placeholders(13)+`)
		ON CONFLICT (id) DO UPDATE SET by_id = excluded.by_id, kind = excluded.kind,
		on_date = excluded.on_date, on_prec = excluded.on_prec, forum = excluded.forum,
		sworn = excluded.sworn, question_by = excluded.question_by, question = excluded.question,
		text = excluded.text, assertions = excluded.assertions, source = excluded.source, note = excluded.note`,
		s.ID, s.By, string(s.Kind), d, dp, nullIfEmpty(s.Forum), s.Sworn, nullIfEmpty(s.QuestionBy),
		s.Question, s.Text, as, s.Source, s.Note)
	if err != nil {
		return fmt.Errorf("put %s: %w", s.Label(), err)
	}
	return nil
}

const correctionCols = `id, statement_id, on_date, on_prec, form, text, source`

func scanCorrection(rows *sql.Rows) (*impartial.Correction, error) {
	var c impartial.Correction
	s := (&scanner{}).add(&c.ID, &c.Statement).date(&c.Date).add(&c.Form, &c.Text, &c.Source)
	if err := s.scan(rows); err != nil {
		return nil, err
	}
	return &c, nil
}

func (t *tx) Correction(ctx context.Context, id string) (*impartial.Correction, error) {
	list, err := collect(ctx, t, scanCorrection, `SELECT `+correctionCols+` FROM corrections WHERE id = ?`, id)
	return one(list, err, "correction", id)
}

func (t *tx) Corrections(ctx context.Context, f impartial.CorrectionFilter) ([]*impartial.Correction, error) {
	q, args := listing(correctionCols, "corrections", f.Page, "statement_id", f.Statement)
	list, err := collect(ctx, t, scanCorrection, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list corrections: %w", err)
	}
	return list, nil
}

func (t *tx) PutCorrection(ctx context.Context, c *impartial.Correction) error {
	d, dp := dateArgs(c.Date)
	err := t.exec(ctx, `INSERT INTO corrections (`+correctionCols+`) VALUES (`+placeholders(7)+`)
		ON CONFLICT (id) DO UPDATE SET statement_id = excluded.statement_id, on_date = excluded.on_date,
		on_prec = excluded.on_prec, form = excluded.form, text = excluded.text, source = excluded.source`,
		c.ID, c.Statement, d, dp, c.Form, c.Text, c.Source)
	if err != nil {
		return fmt.Errorf("put %s: %w", c.Label(), err)
	}
	return nil
}
