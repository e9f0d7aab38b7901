// Package namekeys derives the keys an entity is filed under in the store's
// entity_keys table, and the keys a name search or a document scan looks up
// there.
//
// Why a derived table: a one-shot CLI command at 1,000,000 entities spent a
// minute reading every entity and building the name index or the scan
// automaton for one query. Both structures retrieve by terms — the name
// index by the skeletons of distinctive words (names.AliasKeys), the
// automaton by the first words of names (scan.HeadKeys) — so the store
// files each entity under those terms, in the transaction that writes the
// entity (nothing can commit an entity without its keys, and a migration
// fills them in for existing databases). A command then reads only the
// entities a query can retrieve and builds the same structure over them: the
// same code ranks, compares and scans, so the answers are those of the
// structure over everything (tested against it). The alternative, a
// persisted snapshot of the in-memory structures refreshed from the record
// change feed, would need a second on-disk format with its own invalidation
// and would be stale for a moment after every commit; the table is in the
// database, in the same snapshot as the records, on both databases.
package namekeys

import (
	"slices"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/names"
	"github.com/impartial/impartial/scan"
)

// Key prefixes: what a key stands for.
const (
	Name  = "n:" // a name-index term
	Alias = "a:" // the entity's aliases: their total is the corpus size
	Scan  = "s:" // a scan-automaton name head
	Cons  = "c:" // a name-index term's consonant key, once per entity
)

// Schema maps an entity kind to the names package's schema.
func Schema(k impartial.EntityKind) names.Schema {
	switch k {
	case impartial.Person:
		return names.Person
	case impartial.Company:
		return names.Company
	}
	return names.Organization
}

// Key is one key an entity is filed under, with how many of its aliases
// it stands for (1 for the keys not counted per alias).
type Key struct {
	K string
	N int
}

// Of returns the keys e is filed under, each once: its aliases' name-index
// terms with how many aliases each is posted for (the index posts each
// alias), its number of aliases under Alias, its terms' consonant keys and
// its scan heads. The Alias key comes first.
func Of(e *impartial.Entity) []Key {
	out := []Key{{Alias, 0}} // first, with a count of 0 for an entity without names
	at := map[string]int{Alias: 0}
	add := func(k string) {
		if i, ok := at[k]; ok {
			out[i].N++
			return
		}
		at[k] = len(out)
		out = append(out, Key{k, 1})
	}
	var cons []string
	for _, ks := range names.AliasKeys(e.Names(), Schema(e.Kind)) {
		add(Alias)
		for _, k := range ks {
			add(Name + k)
			if c := names.ConsonantKey(k); c != "" && !slices.Contains(cons, c) {
				cons = append(cons, c)
			}
		}
	}
	for _, c := range cons {
		add(Cons + c)
	}
	for _, k := range scan.HeadKeys(e) {
		add(Scan + k)
	}
	return out
}
