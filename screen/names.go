package screen

import (
	"github.com/impartial/impartial"
	"github.com/impartial/impartial/namekeys"
	"github.com/impartial/impartial/names"
)

// IndexMatcher matches party names against a names.Index of the known
// entities: the NameMatcher the service plugs in.
type IndexMatcher struct {
	Index *names.Index
	// Limit is how many candidates to consider per name; 0 means 5.
	Limit int
}

// MatchName returns the index's hits that reach the names package's match
// threshold, with its score and explanation.
func (m IndexMatcher) MatchName(name string) []NameCandidate {
	limit := m.Limit
	if limit <= 0 {
		limit = 5
	}
	var out []NameCandidate
	for _, h := range m.Index.Search(name, names.LegalEntity, limit) {
		if !h.Result.Match {
			continue
		}
		out = append(out, NameCandidate{Entity: h.ID, Matched: h.Result.B, Score: h.Score, Explanation: h.Result.Explain()})
	}
	return out
}

// NameSchema maps an entity kind to the names package's schema.
func NameSchema(k impartial.EntityKind) names.Schema {
	return namekeys.Schema(k)
}

// NewNameIndex indexes the names, aliases and identifiers of entities.
func NewNameIndex(entities []*impartial.Entity) (*names.Index, error) {
	ix := names.NewIndex()
	for _, e := range entities {
		ids := make([]names.Identifier, len(e.Identifiers))
		for i, id := range e.Identifiers {
			ids[i] = names.Identifier{Scheme: id.Scheme, Value: id.Value}
		}
		if err := ix.Add(e.ID, NameSchema(e.Kind), e.Names(), ids); err != nil {
			return nil, err
		}
	}
	return ix, nil
}
