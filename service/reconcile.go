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
	return s.ReconcilePage(ctx, caller, id, DiscrepancyCursor{}, 0)
}

// DiscrepancyCursor is a position in the discrepancies, which are listed by
// statement id and, within a statement, by assertion: the zero cursor is
// the start; otherwise the discrepancies after assertion Assertion of
// statement Statement.
type DiscrepancyCursor struct {
	Statement string
	Assertion int
}

// after reports whether d comes after the cursor.
func (c DiscrepancyCursor) after(d reconcile.Discrepancy) bool {
	if c.Statement == "" {
		return true
	}
	return d.Statement > c.Statement || d.Statement == c.Statement && d.Assertion > c.Assertion
}

// reconcileRead is how many statements ReconcilePage reads from the store
// at a time.
const reconcileRead = 100

// ReconcilePage is one page of Reconcile: the discrepancies after the
// cursor, at most limit of them (0: all). Statements are read from the
// store in id order, a store page at a time from the cursor's statement,
// and checked only as far as the page needs.
func (s *Service) ReconcilePage(ctx context.Context, caller impartial.Actor, id string, after DiscrepancyCursor, limit int) ([]reconcile.Discrepancy, error) {
	if !caller.Decides() && caller.Role != impartial.Auditor {
		return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "only ethics officials and auditors reconcile statements"}
	}
	var out []reconcile.Discrepancy
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		one := func(st *impartial.Statement) (bool, error) {
			return s.reconcileStatements(ctx, tx, []*impartial.Statement{st}, after, limit, &out)
		}
		if id != "" {
			st, err := tx.Statement(ctx, id)
			if err != nil {
				return err
			}
			_, err = one(st)
			return err
		}
		// The cursor's own statement first: its later assertions may still
		// be due (unless it has been deleted since).
		if after.Statement != "" {
			st, err := tx.Statement(ctx, after.Statement)
			if err != nil && !impartial.IsNotFound(err) {
				return err
			}
			if err == nil {
				if full, err := one(st); err != nil || full {
					return err
				}
			}
		}
		for pos := after.Statement; ; {
			page, err := tx.Statements(ctx, impartial.StatementFilter{Page: impartial.Page{After: pos, Limit: reconcileRead}})
			if err != nil {
				return err
			}
			if full, err := s.reconcileStatements(ctx, tx, page, after, limit, &out); err != nil || full {
				return err
			}
			if len(page) < reconcileRead {
				return nil
			}
			pos = page[len(page)-1].ID
		}
	})
	if err != nil {
		return nil, fmt.Errorf("reconcile: %w", err)
	}
	return out, nil
}

// reconcileStatements appends to out the discrepancies of stmts after the
// cursor, in order, and reports whether out holds limit of them (limit > 0).
func (s *Service) reconcileStatements(ctx context.Context, tx impartial.ReadTx, stmts []*impartial.Statement, after DiscrepancyCursor, limit int, out *[]reconcile.Discrepancy) (bool, error) {
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
				return false, err
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
				return false, err
			}
			f.Contacts = append(f.Contacts, cs...)
		}
		if err := nameAll(ctx, tx, f); err != nil {
			return false, err
		}
		corr, err := tx.Corrections(ctx, impartial.CorrectionFilter{Statement: st.ID})
		if err != nil {
			return false, err
		}
		// Check answers in assertion order, the order of the cursor.
		for _, d := range reconcile.Check(st, corr, f) {
			if !after.after(d) {
				continue
			}
			*out = append(*out, d)
			if limit > 0 && len(*out) == limit {
				return true, nil
			}
		}
	}
	return false, nil
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
