package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/impartial/impartial"
)

// Derived tables of migration 018, written in the transactions that write
// what they derive from: the kinship distances (entity_kin) and the
// identifiers (entity_identifiers) that a one-shot screen of one matter
// reads (package service, neighbourhood.go).
//
// A kinship distance is kept as a lower bound, like the screening graph's
// distances: a transaction that adds a family or household relationship or
// a coverage lowers the distances around it before it commits (settleKin),
// and one that removes them leaves the distances as they are. A distance
// too low only makes a screen read more; one too high would make it miss a
// relative, and no write makes one. Upkeep is then bounded by the
// relationships within KinReach of what was written.

func init() { backfills["018_kin_identifiers.sql"] = backfillDerived }

// kinTypes are the relationship types kinship distances are measured over.
var kinTypes = []any{string(impartial.Family), string(impartial.Household)}

// kinWork is what a transaction wrote that can lower kinship distances.
type kinWork struct {
	edges   [][2]string // family and household relationships written
	covered []string    // entities written with a coverage
}

func isKin(t impartial.RelType) bool { return t == impartial.Family || t == impartial.Household }

// kinEdge notes a relationship written, if it can lower distances.
func (t *tx) kinEdge(r *impartial.Relationship) {
	if !isKin(r.Type) {
		return
	}
	if t.kin == nil {
		t.kin = &kinWork{}
	}
	t.kin.edges = append(t.kin.edges, [2]string{r.From, r.To})
}

// putDerived writes e's identifiers and notes its coverage. In batch mode
// the statements are held; an entity written twice between flushes flushes
// first (as its keys do), and every insert is held after its entity's
// delete, so that the merged deletes, sent first, remove only old rows.
func (t *tx) putDerived(ctx context.Context, e *impartial.Entity) error {
	t.linkCoverage(e)
	if e.Coverage != nil {
		if t.kin == nil {
			t.kin = &kinWork{}
		}
		t.kin.covered = append(t.kin.covered, e.ID)
	}
	if t.batching && t.keyed[e.ID] {
		if err := t.Flush(ctx); err != nil {
			return err
		}
	}
	rows := identifierRows(e.ID, e.Identifiers)
	if len(rows) == 0 && t.batching && t.absent[e.ID] {
		return nil // not stored before: nothing to remove
	}
	if err := t.exec(ctx, `DELETE FROM entity_identifiers WHERE entity = ?`, e.ID); err != nil {
		return fmt.Errorf("put the identifiers of %s: %w", e.Label(), err)
	}
	for _, r := range rows {
		if err := t.exec(ctx, insertIdentifier, r...); err != nil {
			return fmt.Errorf("put the identifiers of %s: %w", e.Label(), err)
		}
	}
	return nil
}

const insertIdentifier = `INSERT INTO entity_identifiers (scheme, value, entity) VALUES (?, ?, ?)`

// identifierKey is how an identifier is filed: its scheme in lower case and
// its canonical value.
func identifierKey(id impartial.Identifier) (string, string) {
	scheme := strings.ToLower(strings.TrimSpace(id.Scheme))
	return scheme, impartial.CanonicalIdentifier(scheme, id.Value)
}

// identifierRows returns the rows filing entity under ids, each once.
func identifierRows(entity string, ids []impartial.Identifier) [][]any {
	var out [][]any
	seen := map[[2]string]bool{}
	for _, id := range ids {
		s, v := identifierKey(id)
		if seen[[2]string{s, v}] {
			continue
		}
		seen[[2]string{s, v}] = true
		out = append(out, []any{s, v, entity})
	}
	return out
}

// IdentifiedEntities: see impartial.NeighbourhoodReader.
func (t *tx) IdentifiedEntities(ctx context.Context, ids []impartial.Identifier) ([]string, error) {
	var out []string
	for _, id := range ids {
		s, v := identifierKey(id)
		err := t.each(ctx, `SELECT entity FROM entity_identifiers WHERE scheme = ? AND value = ?`, []any{s, v}, func(rows *sql.Rows) error {
			var e string
			if err := rows.Scan(&e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read the entities with identifier %s %s: %w", id.Scheme, id.Value, err)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// KinDistances: see impartial.NeighbourhoodReader.
func (t *tx) KinDistances(ctx context.Context, ids []string) (map[string]int, error) {
	out := map[string]int{}
	for rest := ids; len(rest) > 0; {
		n := min(len(rest), maxIn)
		args := anys(rest[:n])
		rest = rest[n:]
		err := t.each(ctx, `SELECT id, d FROM entity_kin WHERE id IN (`+placeholders(n)+`)`, args, func(rows *sql.Rows) error {
			var id string
			var d int
			if err := rows.Scan(&id, &d); err != nil {
				return err
			}
			out[id] = d
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read the kinship distances of %d entities: %w", n, err)
		}
	}
	return out, nil
}

// kinNeighbours returns the entities linked to any of ids by a family or
// household relationship, by the id they are linked to.
func (t *tx) kinNeighbours(ctx context.Context, ids []string) (map[string][]string, error) {
	out := map[string][]string{}
	for rest := ids; len(rest) > 0; {
		n := min(len(rest), maxIn)
		args := anys(rest[:n], kinTypes...)
		rest = rest[n:]
		for _, end := range []string{"from_id", "to_id"} {
			q := `SELECT from_id, to_id FROM relationships WHERE type IN (?, ?) AND ` + end + ` IN (` + placeholders(n) + `)`
			err := t.each(ctx, q, args, func(rows *sql.Rows) error {
				var f, to string
				if err := rows.Scan(&f, &to); err != nil {
					return err
				}
				if end == "from_id" {
					out[f] = append(out[f], to)
				} else {
					out[to] = append(out[to], f)
				}
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("read the relatives of %d entities: %w", n, err)
			}
		}
	}
	return out, nil
}

// settleKin lowers the kinship distances that what the transaction wrote
// can lower: a breadth-first relaxation from the covered persons written
// (distance 0) and the ends of the relationships written, in rounds of one
// relationship, reading the relatives of the entities lowered and the
// distances they hold, until nothing within KinReach is lowered.
func (t *tx) settleKin(ctx context.Context) error {
	w := t.kin
	t.kin = nil
	if w == nil {
		return nil
	}
	// Everything this transaction holds is sent first, so that once it has
	// the lock it writes only the distances (and the link summaries), which
	// no writer without the lock touches: a writer waiting for the lock
	// holds no row this one still has to write.
	if err := t.derivedLock(ctx); err != nil {
		return fmt.Errorf("settle kinship distances: %w", err)
	}
	far := impartial.KinReach + 1
	known := map[string]int{} // distances read or set
	read := func(ids []string) error {
		var need []string
		for _, id := range ids {
			if _, ok := known[id]; !ok {
				need = append(need, id)
			}
		}
		slices.Sort(need)
		need = slices.Compact(need)
		got, err := t.KinDistances(ctx, need)
		if err != nil {
			return err
		}
		for _, id := range need {
			if d, ok := got[id]; ok {
				known[id] = d
			} else {
				known[id] = far
			}
		}
		return nil
	}
	var ends []string
	for _, e := range w.edges {
		ends = append(ends, e[0], e[1])
	}
	if err := read(append(ends, w.covered...)); err != nil {
		return fmt.Errorf("settle kinship distances: %w", err)
	}
	front := map[string]int{}
	lower := func(id string, d int) {
		if d >= far || d >= known[id] {
			return
		}
		if cur, ok := front[id]; ok && cur <= d {
			return
		}
		front[id] = d
	}
	for _, c := range w.covered {
		lower(c, 0)
	}
	for _, e := range w.edges {
		lower(e[0], known[e[1]]+1)
		lower(e[1], known[e[0]]+1)
	}
	changed := map[string]int{}
	for len(front) > 0 {
		var grow []string
		for id, d := range front {
			known[id], changed[id] = d, d
			if d+1 < far {
				grow = append(grow, id)
			}
		}
		front = map[string]int{}
		if len(grow) == 0 {
			break
		}
		slices.Sort(grow)
		nb, err := t.kinNeighbours(ctx, grow)
		if err != nil {
			return fmt.Errorf("settle kinship distances: %w", err)
		}
		var others []string
		for _, list := range nb {
			others = append(others, list...)
		}
		if err := read(others); err != nil {
			return fmt.Errorf("settle kinship distances: %w", err)
		}
		for _, id := range grow {
			for _, o := range nb[id] {
				lower(o, known[id]+1)
			}
		}
	}
	ids := make([]string, 0, len(changed))
	for id := range changed {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if err := t.exec(ctx, `INSERT INTO entity_kin (id, d) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET d = CASE WHEN excluded.d < entity_kin.d THEN excluded.d ELSE entity_kin.d END`, id, changed[id]); err != nil {
			return fmt.Errorf("settle kinship distances: %w", err)
		}
	}
	return nil
}

// backfillDerived fills in the derived tables of an existing database: the
// identifiers of every entity that records any, and the kinship distances
// by a breadth-first search from every covered person over every family
// and household relationship.
func backfillDerived(ctx context.Context, sqlTx *sql.Tx, d *Dialect) error {
	ins, err := sqlTx.PrepareContext(ctx, d.rebind(insertIdentifier))
	if err != nil {
		return err
	}
	defer ins.Close()
	rows, err := sqlTx.QueryContext(ctx, `SELECT id, identifiers FROM entities WHERE identifiers <> '[]'`)
	if err != nil {
		return err
	}
	var filed [][]any
	for rows.Next() {
		var id string
		var raw []byte
		if err := rows.Scan(&id, &raw); err != nil {
			rows.Close()
			return err
		}
		var ids []impartial.Identifier
		if err := json.Unmarshal(raw, &ids); err != nil {
			rows.Close()
			return fmt.Errorf("entity %q: identifiers: %w", id, err)
		}
		filed = append(filed, identifierRows(id, ids)...)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, r := range filed {
		if _, err := ins.ExecContext(ctx, r...); err != nil {
			return err
		}
	}
	adj := map[string][]string{}
	rows, err = sqlTx.QueryContext(ctx, d.rebind(`SELECT from_id, to_id FROM relationships WHERE type IN (?, ?)`), kinTypes...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var f, to string
		if err := rows.Scan(&f, &to); err != nil {
			rows.Close()
			return err
		}
		adj[f] = append(adj[f], to)
		adj[to] = append(adj[to], f)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	dist := map[string]int{}
	var queue []string
	rows, err = sqlTx.QueryContext(ctx, `SELECT id FROM entities WHERE cov_regime IS NOT NULL`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		dist[id] = 0
		queue = append(queue, id)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		if dist[x] >= impartial.KinReach {
			continue
		}
		for _, y := range adj[x] {
			if _, ok := dist[y]; !ok {
				dist[y] = dist[x] + 1
				queue = append(queue, y)
			}
		}
	}
	kin, err := sqlTx.PrepareContext(ctx, d.rebind(`INSERT INTO entity_kin (id, d) VALUES (?, ?)`))
	if err != nil {
		return err
	}
	defer kin.Close()
	for id, n := range dist {
		if _, err := kin.ExecContext(ctx, id, n); err != nil {
			return err
		}
	}
	return nil
}
