package service

import (
	"context"
	"fmt"
	"io"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
)

// Export writes every record in the dataset format, from one consistent
// snapshot, in the order import needs (entities before what refers to them).
func (s *Service) Export(ctx context.Context, caller impartial.Actor, w io.Writer) (int, error) {
	if err := mayExport(caller); err != nil {
		return 0, err
	}
	if err := s.auditRead(ctx, caller, "export", "", "every record"); err != nil {
		return 0, err
	}
	out, err := dataset.NewWriter(w)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	n := 0
	err = s.store.View(ctx, func(tx impartial.ReadTx) error {
		return runSteps(exportSteps(ctx, tx, out, &n))
	})
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

type recordWriter interface{ Write(dataset.Record) error }

// pageOut returns a step that writes one page of records after a given id
// and returns the last id written, or "" when there were none.
func pageOut[T dataset.Record](out recordWriter, n *int, list func(impartial.Page) ([]T, error), idOf func(T) string) func(string) (string, error) {
	return func(after string) (string, error) {
		page, err := list(impartial.Page{After: after, Limit: 1000})
		if err != nil || len(page) == 0 {
			return "", err
		}
		for _, rec := range page {
			if err := out.Write(rec); err != nil {
				return "", err
			}
			*n++
		}
		return idOf(page[len(page)-1]), nil
	}
}

// ftmOut adapts the FtM writer to the export's steps.
type ftmOut struct{ w *dataset.FtMWriter }

func (f ftmOut) Write(rec dataset.Record) error {
	_, err := f.w.Write(rec)
	return err
}

// ExportFtM writes every entity and relationship as FollowTheMoney JSON
// lines (docs/format.md), from one consistent snapshot, ordered by id so
// that the same records always give the same bytes. Contacts, matters and
// statements have no FtM schema and are not written.
func (s *Service) ExportFtM(ctx context.Context, caller impartial.Actor, w io.Writer) (int, error) {
	if err := mayExport(caller); err != nil {
		return 0, err
	}
	fw := dataset.NewFtMWriter(w)
	out := ftmOut{fw}
	n := 0
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		return runSteps(exportSteps(ctx, tx, out, &n)[:2]) // entities and relationships
	})
	if err == nil {
		err = fw.Flush()
	}
	if err != nil {
		return n, fmt.Errorf("export FtM: %w", err)
	}
	return n, nil
}

func runSteps(steps []func(after string) (string, error)) error {
	for _, step := range steps {
		after := ""
		for {
			next, err := step(after)
			if err != nil {
				return err
			}
			if next == "" {
				break
			}
			after = next
		}
	}
	return nil
}

// exportSteps returns the steps that write every record, entities first,
// then relationships, then what refers to them.
func exportSteps(ctx context.Context, tx impartial.ReadTx, out recordWriter, n *int) []func(after string) (string, error) {
	return []func(after string) (string, error){
		pageOut(out, n, func(p impartial.Page) ([]*impartial.Entity, error) {
			return tx.Entities(ctx, impartial.EntityFilter{Page: p})
		}, func(e *impartial.Entity) string { return e.ID }),
		pageOut(out, n, func(p impartial.Page) ([]*impartial.Relationship, error) {
			return tx.Relationships(ctx, impartial.RelationshipFilter{Page: p})
		}, func(r *impartial.Relationship) string { return r.ID }),
		pageOut(out, n, func(p impartial.Page) ([]*impartial.Contact, error) {
			return tx.Contacts(ctx, impartial.ContactFilter{Page: p})
		}, func(c *impartial.Contact) string { return c.ID }),
		pageOut(out, n, func(p impartial.Page) ([]*impartial.Matter, error) {
			return tx.Matters(ctx, impartial.MatterFilter{Page: p})
		}, func(m *impartial.Matter) string { return m.ID }),
		pageOut(out, n, func(p impartial.Page) ([]*impartial.Statement, error) {
			return tx.Statements(ctx, impartial.StatementFilter{Page: p})
		}, func(s *impartial.Statement) string { return s.ID }),
		pageOut(out, n, func(p impartial.Page) ([]*impartial.Correction, error) {
			return tx.Corrections(ctx, impartial.CorrectionFilter{Page: p})
		}, func(c *impartial.Correction) string { return c.ID }),
		pageOut(out, n, func(p impartial.Page) ([]*impartial.Event, error) {
			return tx.Events(ctx, impartial.EventFilter{Page: p})
		}, func(e *impartial.Event) string { return e.ID }),
	}
}
