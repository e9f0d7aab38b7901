package service

import (
	"context"
	"fmt"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/reconcile"
)

// Reconcile checks statements on the record against the recorded facts: one
// statement, or every statement when id is empty. Ethics officials and
// auditors only.
func (s *Service) Reconcile(ctx context.Context, caller impartial.Actor, id string) ([]reconcile.Discrepancy, error) {
	if !caller.Decides() && caller.Role != impartial.Auditor {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "only ethics officials and auditors reconcile statements"}
	}
	var out []reconcile.Discrepancy
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var stmts []*impartial.Statement
		if id != "" {
			st, err := tx.Statement(ctx, id)
			if err != nil {
				return err
			}
			stmts = []*impartial.Statement{st}
		} else {
			var err error
			if stmts, err = all(func(pg impartial.Page) ([]*impartial.Statement, error) {
				return tx.Statements(ctx, impartial.StatementFilter{Page: pg})
			}, func(s *impartial.Statement) string { return s.ID }); err != nil {
				return err
			}
		}
		for _, st := range stmts {
			f := &reconcile.Facts{Names: map[string]string{}}
			related := map[string]bool{st.By: true}
			for _, a := range st.Assertions {
				related[a.About] = true
				if a.Subject != "" {
					related[a.Subject] = true
				}
			}
			seenRel := map[string]bool{}
			for e := range related {
				if e == "" {
					continue
				}
				rels, err := all(func(pg impartial.Page) ([]*impartial.Relationship, error) {
					return tx.Relationships(ctx, impartial.RelationshipFilter{Page: pg, Entity: e})
				}, func(r *impartial.Relationship) string { return r.ID })
				if err != nil {
					return err
				}
				for _, r := range rels {
					if !seenRel[r.ID] {
						seenRel[r.ID] = true
						f.Relationships = append(f.Relationships, r)
					}
				}
				cs, err := all(func(pg impartial.Page) ([]*impartial.Contact, error) {
					return tx.Contacts(ctx, impartial.ContactFilter{Page: pg, Entity: e})
				}, func(c *impartial.Contact) string { return c.ID })
				if err != nil {
					return err
				}
				f.Contacts = append(f.Contacts, cs...)
			}
			if err := nameAll(ctx, tx, f); err != nil {
				return err
			}
			corr, err := tx.Corrections(ctx, impartial.CorrectionFilter{Statement: st.ID})
			if err != nil {
				return err
			}
			out = append(out, reconcile.Check(st, corr, f)...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reconcile: %w", err)
	}
	return out, nil
}

// nameAll fills in the names of every entity the facts mention.
func nameAll(ctx context.Context, tx impartial.ReadTx, f *reconcile.Facts) error {
	var ids []string
	for _, r := range f.Relationships {
		ids = append(ids, r.From, r.To)
	}
	for _, c := range f.Contacts {
		ids = append(ids, c.Participants...)
		ids = append(ids, c.ReportedBy)
	}
	for _, id := range ids {
		if id == "" || f.Names[id] != "" {
			continue
		}
		e, err := tx.Entity(ctx, id)
		if err != nil {
			return err
		}
		f.Names[id] = e.Name
	}
	return nil
}
