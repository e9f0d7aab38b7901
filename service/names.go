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
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = h.ID
		}
		// the hits' entities in one read, not one each: at a million
		// entities the reads were a third of a search's time in serve
		var ents []*impartial.Entity
		err := s.store.View(ctx, func(tx impartial.ReadTx) error {
			var err error
			ents, err = tx.EntitiesByID(ctx, ids)
			return err
		})
		if err != nil {
			return nil, err
		}
		byID := make(map[string]*impartial.Entity, len(ents))
		for _, e := range ents {
			byID[e.ID] = e
		}
		for _, h := range hits {
			if e, ok := byID[h.ID]; ok { // deleted since: left out
				out = append(out, NameHit{Entity: e, Score: h.Score, Decision: h.Result.Decision, Explanation: h.Result.Explain()})
			}
		}
		return out, nil
	}
	// A one-shot command reads the entities the query can find.
	schema := names.Schema("")
	if kind != "" {
		schema = screen.NameSchema(kind)
	}
	return s.keyedSearch(ctx, query, schema, limit)
}

// Scan reads text of any size from r and calls fn with each mention of a
// known entity, in order, with byte offsets from the start of the text;
// nothing is dropped however long the text. A place that names any of
// several entities is one mention with their count, first candidates and
// why (scan.Explain). It returns the bytes read. A
// long-running service scans with its working set's automaton; a one-shot
// command with one holding the entities each chunk of text may mention,
// read through the entity keys.
func (s *Service) Scan(ctx context.Context, r io.Reader, fn func(scan.Mention) error) (int64, error) {
	n, _, err := s.ScanNamed(ctx, r, fn)
	return n, err
}

// ScanNamed is Scan that also returns the primary names of the entities
// mentioned, from the automaton the text was scanned with: a long text
// mentions hundreds of thousands of entities, and a one-shot command
// would otherwise read each from the store again to name it.
func (s *Service) ScanNamed(ctx context.Context, r io.Reader, fn func(scan.Mention) error) (int64, func(id string) string, error) {
	var ix *scan.Index
	n, err := s.scanWith(ctx, r, func(in *scan.Index, m scan.Mention) error {
		ix = in
		return fn(m)
	})
	if err != nil {
		return n, nil, err
	}
	return n, func(id string) string {
		if ix == nil {
			return ""
		}
		name, _ := ix.EntityName(id)
		return name
	}, nil
}

// scanWith is Scan calling fn with the automaton each mention was found
// with, which holds the mentioned entity's names.
func (s *Service) scanWith(ctx context.Context, r io.Reader, fn func(*scan.Index, scan.Mention) error) (int64, error) {
	ws, err := s.workingSet(ctx)
	if err != nil {
		return 0, err
	}
	var n int64
	ix := ws.scanIndex()
	each := func(m scan.Mention) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if m.Ambiguous() {
			m.Why = scan.Explain(m)
		}
		return fn(ix, m)
	}
	if ix != nil {
		n, err = ix.ScanReader(r, each)
	} else {
		err = s.store.View(ctx, func(tx impartial.ReadTx) error {
			f := newKeyedFiller(tx)
			ix = f.ix
			n, err = f.ix.ScanReaderFilling(r, func(text string) error { return f.fill(ctx, text) }, each)
			return err
		})
	}
	if err != nil {
		return n, fmt.Errorf("scan: %w", err)
	}
	return n, nil
}

// scanText returns the mentions in text, the ambiguous ones explained,
// and the automaton they were found with.
func (s *Service) scanText(ctx context.Context, text string) ([]scan.Mention, *scan.Index, error) {
	ws, err := s.workingSet(ctx)
	if err != nil {
		return nil, nil, err
	}
	ix := ws.scanIndex()
	if ix == nil {
		err = s.store.View(ctx, func(tx impartial.ReadTx) error {
			f := newKeyedFiller(tx)
			ix = f.ix
			return f.fill(ctx, text)
		})
		if err != nil {
			return nil, nil, fmt.Errorf("scan: %w", err)
		}
	}
	ms := ix.Scan(text)
	for i := range ms {
		if ms[i].Ambiguous() {
			ms[i].Why = scan.Explain(ms[i])
		}
	}
	return ms, ix, nil
}

// EntityNames returns the primary names of the entities with the ids (an
// id with no entity is left out).
//
// A service with a working set answers from its graph, brought up to the
// newest commit, without reading the store: a scanned article mentions
// dozens of entities (a common surname, hundreds), and reading each was
// most of a scan's time in a server (8 ms of a 4 KB article's 11 at a
// million entities). Each id is read once.
func (s *Service) EntityNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	ws, err := s.workingSet(ctx)
	if err != nil {
		return nil, err
	}
	if ws != nil {
		g := ws.graph.Load()
		for _, id := range ids {
			if name, ok := g.EntityName(id); ok {
				out[id] = name
			}
		}
		return out, nil
	}
	err = s.store.View(ctx, func(tx impartial.ReadTx) error {
		for _, id := range ids {
			if _, done := out[id]; done {
				continue
			}
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
