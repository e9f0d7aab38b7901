package service

import (
	"context"
	"fmt"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/names"
	"github.com/impartial/impartial/scan"
	"github.com/impartial/impartial/screen"
)

// NameIndex builds the name index of every entity in the store: their names,
// aliases and identifiers.
func (s *Service) NameIndex(ctx context.Context) (*names.Index, map[string]*impartial.Entity, error) {
	idx := names.NewIndex()
	small := map[string]*impartial.Entity{}
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		after := ""
		for {
			page, err := tx.Entities(ctx, impartial.EntityFilter{Page: impartial.Page{After: after, Limit: 5000}})
			if err != nil {
				return err
			}
			for _, e := range page {
				ids := make([]names.Identifier, len(e.Identifiers))
				for i, id := range e.Identifiers {
					ids[i] = names.Identifier{Scheme: id.Scheme, Value: id.Value}
				}
				if err := idx.Add(e.ID, screen.NameSchema(e.Kind), e.Names(), ids); err != nil {
					return fmt.Errorf("index %s: %w", e.Label(), err)
				}
				if len(small) < 100000 {
					small[e.ID] = e
				}
			}
			if len(page) < 5000 {
				return nil
			}
			after = page[len(page)-1].ID
		}
	})
	if err != nil {
		return nil, nil, fmt.Errorf("build name index: %w", err)
	}
	return idx, small, nil
}

// NameHit is one entity a searched name matched, with the score and the
// matcher's explanation.
type NameHit struct {
	Entity      *impartial.Entity `json:"entity"`
	Score       float64           `json:"score"`
	Decision    string            `json:"decision"`
	Explanation string            `json:"explanation"`
}

// SearchNames finds the entities whose names match query best.
func (s *Service) SearchNames(ctx context.Context, query string, kind impartial.EntityKind, limit int) ([]NameHit, error) {
	idx, ents, err := s.NameIndex(ctx)
	if err != nil {
		return nil, err
	}
	schema := names.Schema("")
	if kind != "" {
		schema = screen.NameSchema(kind)
	}
	var out []NameHit
	for _, h := range idx.Search(query, schema, limit) {
		e := ents[h.ID]
		if e == nil {
			if err := s.store.View(ctx, func(tx impartial.ReadTx) error {
				var err error
				e, err = tx.Entity(ctx, h.ID)
				return err
			}); err != nil {
				return nil, err
			}
		}
		out = append(out, NameHit{Entity: e, Score: h.Score, Decision: h.Result.Decision, Explanation: h.Result.Explain()})
	}
	return out, nil
}

// ScanIndex builds the document-scan index of every entity's names.
func (s *Service) ScanIndex(ctx context.Context) (*scan.Index, map[string]string, error) {
	var ents []*impartial.Entity
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		ents, err = all(func(p impartial.Page) ([]*impartial.Entity, error) {
			return tx.Entities(ctx, impartial.EntityFilter{Page: p})
		}, func(e *impartial.Entity) string { return e.ID })
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("build the scan index: %w", err)
	}
	names := make(map[string]string, len(ents))
	for _, e := range ents {
		names[e.ID] = e.Name
	}
	return scan.NewIndex(ents), names, nil
}
