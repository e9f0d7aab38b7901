package service

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/namekeys"
	"github.com/impartial/impartial/names"
	"github.com/impartial/impartial/scan"
	"github.com/impartial/impartial/screen"
)

// Name search and document scan for a service without a working set (a
// one-shot command): the entities a query can find are looked up in the
// store's entity keys (package namekeys explains why) and the same name
// index or scan automaton is built over them alone.

// keyedWalk is how many entities filed under one term are read: the name
// index reads at most that many postings of a term's kind (names' maxWalk),
// in the order of the entities' ids, as a full index built from the store
// holds them.
const keyedWalk = 8000

// keyedLoad is how many of the entities found are read and indexed: those
// with the most retrieval evidence. The index compares at most 40 in full,
// the best by that evidence, which cannot exceed the bound these are
// chosen by.
const keyedLoad = 400

// keyedIndex returns a name index over the entities a search for query can
// retrieve, ranking with the statistics of every entity in the store.
//
// It follows the index's retrieval: the query's words in order of their
// frequency, each standing for the terms it may reach; a word after rarer
// ones that the index uses only to credit the entities already found (it
// is common, or far more frequent than all found so far) adds none. Of the
// entities found, those with the most evidence (the sum of the inverse
// frequencies of the words they were found by, which bounds what the index
// credits them with) are read, the earlier id first among equals, as the
// index prefers the earlier alias.
func keyedIndex(ctx context.Context, tx impartial.ReadTx, query string, schema names.Schema) (*names.Index, map[string]*impartial.Entity, error) {
	words := names.QueryKeys(query, schema)
	// A word in an abjad script also stands for the terms with its
	// consonants: those of the entities filed under its consonant key.
	for i, w := range words {
		if w.Cons == "" {
			continue
		}
		ids, err := tx.KeyedEntities(ctx, []string{namekeys.Cons + w.Cons}, keyedWalk)
		if err != nil {
			return nil, nil, err
		}
		ents, err := tx.EntitiesByID(ctx, ids)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range ents {
			for _, ks := range names.AliasKeys(e.Names(), namekeys.Schema(e.Kind)) {
				for _, k := range ks {
					if names.ConsonantKey(k) == w.Cons && !slices.Contains(words[i].Terms, k) {
						words[i].Terms = append(words[i].Terms, k)
					}
				}
			}
		}
	}
	var all []string
	for _, w := range words {
		for _, k := range w.Terms {
			all = append(all, namekeys.Name+k)
		}
	}
	slices.Sort(all)
	all = slices.Compact(all)
	counts, err := tx.KeyCounts(ctx, all)
	if err != nil {
		return nil, nil, err
	}
	aliases, err := tx.KeyTotal(ctx)
	if err != nil {
		return nil, nil, err
	}
	df := make(map[string]int, len(counts))
	type word struct {
		terms []string
		df    int
	}
	ws := make([]word, 0, len(words))
	for _, w := range words {
		var ww word
		for _, k := range w.Terms {
			if n, ok := counts[namekeys.Name+k]; ok {
				ww.terms = append(ww.terms, k)
				ww.df += n
				df[k] = n
			}
		}
		if len(ww.terms) > 0 {
			ws = append(ws, ww)
		}
	}
	slices.SortStableFunc(ws, func(a, b word) int { return a.df - b.df })
	common := max(aliases/20, 5000)
	evidence := map[string]float64{}
	prior := 0
	for k, w := range ws {
		skip := k > 0 && (w.df > common || prior*len(w.terms)*24 < w.df)
		prior += w.df
		if skip {
			continue
		}
		idf := math.Log(1 + float64(max(aliases, 1))/float64(w.df))
		found := map[string]bool{}
		for _, t := range w.terms {
			got, err := tx.KeyedEntities(ctx, []string{namekeys.Name + t}, keyedWalk)
			if err != nil {
				return nil, nil, err
			}
			for _, id := range got {
				found[id] = true
			}
		}
		for id := range found {
			evidence[id] += idf
		}
	}
	type cand struct {
		id string
		ev float64
	}
	cands := make([]cand, 0, len(evidence))
	for id, ev := range evidence {
		cands = append(cands, cand{id, ev})
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.ev != b.ev {
			return cmp.Compare(b.ev, a.ev)
		}
		return strings.Compare(a.id, b.id)
	})
	ids := make([]string, 0, min(len(cands), keyedLoad))
	for _, c := range cands[:min(len(cands), keyedLoad)] {
		ids = append(ids, c.id)
	}
	slices.Sort(ids)
	ents, err := tx.EntitiesByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	ix, err := screen.NewNameIndex(ents)
	if err != nil {
		return nil, nil, err
	}
	ix.SetCorpus(aliases, df)
	ix.BuildTypoTables() // as an index over every entity has them
	byID := make(map[string]*impartial.Entity, len(ents))
	for _, e := range ents {
		byID[e.ID] = e
	}
	return ix, byID, nil
}

// keyedSearch searches names through the entity keys.
func (s *Service) keyedSearch(ctx context.Context, query string, schema names.Schema, limit int) ([]NameHit, error) {
	var out []NameHit
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		ix, ents, err := keyedIndex(ctx, tx, query, schema)
		if err != nil {
			return err
		}
		for _, h := range ix.Search(query, schema, limit) {
			out = append(out, NameHit{Entity: ents[h.ID], Score: h.Score, Decision: h.Result.Decision, Explanation: h.Result.Explain()})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search names: %w", err)
	}
	return out, nil
}

// keyedFiller fills a scan index, as text is read, with the entities whose
// names may be mentioned in it.
type keyedFiller struct {
	tx   impartial.ReadTx
	ix   *scan.Index
	seen map[string]bool // keys looked up
	have map[string]bool // entities put
}

func newKeyedFiller(tx impartial.ReadTx) *keyedFiller {
	return &keyedFiller{tx: tx, ix: scan.NewEmptyIndex(0), seen: map[string]bool{}, have: map[string]bool{}}
}

func (f *keyedFiller) fill(ctx context.Context, text string) error {
	// The names of more than one word the text can mention first, in an
	// index of their own: which one-word names the scanner looks up
	// depends on where those are found.
	pairs, err := f.lookUp(ctx, scan.TextKeys(text))
	if err != nil {
		return err
	}
	multi := scan.NewEmptyIndex(len(pairs))
	multi.PutAll(pairs)
	singles, err := f.lookUp(ctx, multi.SingleKeys(text))
	if err != nil {
		return err
	}
	// Into the scan's index in the order of their ids, as an index over
	// every entity lists names that several share.
	ents := append(pairs, singles...)
	slices.SortFunc(ents, func(a, b *impartial.Entity) int { return strings.Compare(a.ID, b.ID) })
	ents = slices.CompactFunc(ents, func(a, b *impartial.Entity) bool { return a.ID == b.ID })
	for _, e := range ents {
		f.have[e.ID] = true
	}
	f.ix.PutAll(ents)
	return nil
}

// lookUp returns the entities filed under the scan heads that were not
// looked up before and are not in the index yet.
func (f *keyedFiller) lookUp(ctx context.Context, heads []string) ([]*impartial.Entity, error) {
	var keys []string
	for _, k := range heads {
		if k = namekeys.Scan + k; !f.seen[k] {
			f.seen[k] = true
			keys = append(keys, k)
		}
	}
	ids, err := f.tx.KeyedEntities(ctx, keys, 0)
	if err != nil {
		return nil, err
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return f.have[id] })
	return f.tx.EntitiesByID(ctx, ids)
}
