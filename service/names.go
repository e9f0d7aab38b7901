package service

import (
	"context"
	"fmt"
	"io"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/names"
	"github.com/impartial/impartial/scan"
	"github.com/impartial/impartial/screen"
)

// entities reads every entity, or only the covered ones.
func entities(ctx context.Context, tx impartial.ReadTx, coveredOnly bool) ([]*impartial.Entity, error) {
	return all(func(p impartial.Page) ([]*impartial.Entity, error) {
		return tx.Entities(ctx, impartial.EntityFilter{Page: p, CoveredOnly: coveredOnly})
	}, func(e *impartial.Entity) string { return e.ID })
}

// NameIndex builds the name index of every entity in the store (their
// names, aliases and identifiers) and returns the entities by id.
func (s *Service) NameIndex(ctx context.Context) (*names.Index, map[string]*impartial.Entity, error) {
	var ents []*impartial.Entity
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		ents, err = entities(ctx, tx, false)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("build name index: %w", err)
	}
	idx, err := screen.NewNameIndex(ents)
	if err != nil {
		return nil, nil, fmt.Errorf("build name index: %w", err)
	}
	byID := make(map[string]*impartial.Entity, len(ents))
	for _, e := range ents {
		byID[e.ID] = e
	}
	return idx, byID, nil
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
	ws, err := s.workingSet(ctx)
	if err != nil {
		return nil, err
	}
	if ws != nil {
		schema := names.Schema("")
		if kind != "" {
			schema = screen.NameSchema(kind)
		}
		if limit <= 0 {
			limit = 10
		}
		hits := ws.search(query, schema, limit)
		out := make([]NameHit, 0, len(hits))
		err := s.store.View(ctx, func(tx impartial.ReadTx) error {
			for _, h := range hits {
				e, err := tx.Entity(ctx, h.ID)
				if impartial.IsNotFound(err) {
					continue
				}
				if err != nil {
					return err
				}
				out = append(out, NameHit{Entity: e, Score: h.Score, Decision: h.Result.Decision, Explanation: h.Result.Explain()})
			}
			return nil
		})
		return out, err
	}
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
		out = append(out, NameHit{Entity: e, Score: h.Score, Decision: h.Result.Decision, Explanation: h.Result.Explain()})
	}
	return out, nil
}

// scanIndex returns the document-scan automaton over every entity's names.
func (s *Service) scanIndex(ctx context.Context) (*scan.Index, error) {
	if ws, err := s.workingSet(ctx); err != nil || ws != nil {
		if err != nil {
			return nil, err
		}
		return ws.scan.Load(), nil
	}
	var ents []*impartial.Entity
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		ents, err = entities(ctx, tx, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("build the scan index: %w", err)
	}
	return scan.NewIndex(ents), nil
}

// Scan reads text of any size from r and calls fn with each mention of a
// known entity, in order, with byte offsets from the start of the text;
// nothing is dropped however long the text. It returns the bytes read.
func (s *Service) Scan(ctx context.Context, r io.Reader, fn func(scan.Mention) error) (int64, error) {
	ix, err := s.scanIndex(ctx)
	if err != nil {
		return 0, err
	}
	n, err := ix.ScanReader(r, func(m scan.Mention) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return fn(m)
	})
	if err != nil {
		return n, fmt.Errorf("scan: %w", err)
	}
	return n, nil
}

// EntityNames returns the primary names of the entities with the ids (an
// id with no entity is left out).
func (s *Service) EntityNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		for _, id := range ids {
			e, err := tx.Entity(ctx, id)
			if impartial.IsNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			out[id] = e.Name
		}
		return nil
	})
	return out, err
}
