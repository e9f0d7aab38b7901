package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/impartial/impartial"
)

const entityCols = `id, kind, name, aliases, identifiers, flags, cov_regime, cov_position,
	cov_start, cov_start_prec, cov_end, cov_end_prec, source, note, birth_dates, nationalities,
	cov_forum, cov_appointee, cov_pledge, cov_pledge_prec`

func scanEntity(rows *sql.Rows) (*impartial.Entity, error) {
	var e impartial.Entity
	var regime sql.NullString
	var cov impartial.Coverage
	s := (&scanner{}).add(&e.ID, &e.Kind, &e.Name, jsonCol{&e.Aliases}, jsonCol{&e.Identifiers},
		jsonCol{&e.Flags}, &regime, &cov.Position).date(&cov.Start).date(&cov.End).add(&e.Source, &e.Note,
		jsonCol{&e.BirthDates}, jsonCol{&e.Nationalities}).add(&cov.Forum, &cov.Appointee).date(&cov.Pledge)
	if err := s.scan(rows); err != nil {
		return nil, err
	}
	if regime.Valid {
		cov.Regime = impartial.Regime(regime.String)
		e.Coverage = &cov
	}
	e.Normalize()
	return &e, nil
}

func (t *tx) Entity(ctx context.Context, id string) (*impartial.Entity, error) {
	list, err := collect(ctx, t, scanEntity, `SELECT `+entityCols+` FROM entities WHERE id = ?`, id)
	return one(list, err, "entity", id)
}

func (t *tx) Entities(ctx context.Context, f impartial.EntityFilter) ([]*impartial.Entity, error) {
	q := `SELECT ` + entityCols + ` FROM entities WHERE id > ?`
	args := []any{f.After}
	if f.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, string(f.Kind))
	}
	if f.CoveredOnly {
		q += ` AND cov_regime IS NOT NULL`
	}
	q += fmt.Sprintf(` ORDER BY id LIMIT %d`, limit(f.Page))
	list, err := collect(ctx, t, scanEntity, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list entities: %w", err)
	}
	return list, nil
}

func (t *tx) PutEntity(ctx context.Context, e *impartial.Entity) error {
	t.noteChange("entity", e.ID)
	t.covered = nil // its coverage may change
	aliases, err := jsonArg(e.Aliases)
	if err != nil {
		return err
	}
	ids, err := jsonArg(e.Identifiers)
	if err != nil {
		return err
	}
	flags, err := jsonArg(e.Flags)
	if err != nil {
		return err
	}
	births, err := jsonArg(e.BirthDates)
	if err != nil {
		return err
	}
	nats, err := jsonArg(e.Nationalities)
	if err != nil {
		return err
	}
	var regime, position any
	var cov impartial.Coverage
	position = ""
	if e.Coverage != nil {
		cov = *e.Coverage
		regime, position = string(cov.Regime), cov.Position
	}
	cs, csp := dateArgs(cov.Start)
	ce, cep := dateArgs(cov.End)
	cpl, cplp := dateArgs(cov.Pledge)
	err = t.exec(ctx, `INSERT INTO entities (`+entityCols+`) VALUES (`+placeholders(20)+`)
		ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
		aliases = excluded.aliases, identifiers = excluded.identifiers, flags = excluded.flags,
		cov_regime = excluded.cov_regime, cov_position = excluded.cov_position,
		cov_start = excluded.cov_start, cov_start_prec = excluded.cov_start_prec,
		cov_end = excluded.cov_end, cov_end_prec = excluded.cov_end_prec,
		source = excluded.source, note = excluded.note,
		birth_dates = excluded.birth_dates, nationalities = excluded.nationalities,
		cov_forum = excluded.cov_forum, cov_appointee = excluded.cov_appointee,
		cov_pledge = excluded.cov_pledge, cov_pledge_prec = excluded.cov_pledge_prec`,
		e.ID, string(e.Kind), e.Name, aliases, ids, flags, regime, position, cs, csp, ce, cep, e.Source, e.Note, births, nats,
		cov.Forum, cov.Appointee, cpl, cplp)
	if err != nil {
		return fmt.Errorf("put %s: %w", e.Label(), err)
	}
	if err := t.putDerived(ctx, e); err != nil {
		return err
	}
	return t.putKeys(ctx, e)
}

// tables maps record names to their tables.
var tables = []struct{ name, table string }{
	{"entity", "entities"}, {"relationship", "relationships"}, {"contact", "contacts"},
	{"matter", "matters"}, {"statement", "statements"}, {"correction", "corrections"},
	{"recusal", "recusals"}, {"permission", "permissions"}, {"determination", "determinations"},
	{"event", "events"},
}

func (t *tx) Exists(ctx context.Context, record, id string) (bool, error) {
	for _, tb := range tables {
		if tb.name == record {
			var n int
			err := t.queryRow(ctx, `SELECT COUNT(*) FROM `+tb.table+` WHERE id = ?`, id).Scan(&n)
			if err != nil {
				return false, fmt.Errorf("look up %s %q: %w", record, id, err)
			}
			return n > 0, nil
		}
	}
	return false, fmt.Errorf("look up %s %q: no such kind of record", record, id)
}

func (t *tx) Counts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, tb := range tables {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM `+tb.table).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", tb.table, err)
		}
		out[tb.name] = n
	}
	return out, nil
}
