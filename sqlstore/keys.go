package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/namekeys"
)

// The entity keys (migration 016, package namekeys): written with the
// entity, read by one-shot name searches and scans.

// putKeys replaces the keys of e. Deriving them parses every alias, as
// much work as the rest of writing an entity, so in batch mode the entities
// are held and their keys derived at the flush, on every processor
// (flushKeys). An entity written twice between flushes flushes first.
//
// The table has one index, its primary key (key, entity): the entity's
// Alias row lists its other keys, through which they are removed, so that
// filing a key costs one index entry.
func (t *tx) putKeys(ctx context.Context, e *impartial.Entity) error {
	if !t.batching {
		if err := t.unfile(ctx, []string{e.ID}); err != nil {
			return fmt.Errorf("put the keys of %s: %w", e.Label(), err)
		}
		return t.file(ctx, e.ID, namekeys.Of(e))
	}
	if t.keyed[e.ID] {
		if err := t.Flush(ctx); err != nil {
			return err
		}
	}
	if t.keyed == nil {
		t.keyed = map[string]bool{}
	}
	t.keyed[e.ID] = true
	c := *e // the caller may reuse its record after this returns
	t.keyQueue = append(t.keyQueue, &c)
	return nil
}

// keySep separates the keys listed in an Alias row.
const keySep = "\x1f"

// file files the entity under keys (Of's, the Alias key first).
func (t *tx) file(ctx context.Context, id string, keys []namekeys.Key) error {
	for _, h := range t.keyRows(id, keys) {
		if err := t.exec(ctx, h.q, h.args...); err != nil {
			return fmt.Errorf("put the keys of %s: %w", id, err)
		}
	}
	return nil
}

// keyRows returns the inserts that file the entity under keys, listing the
// others in the Alias row, and counts its aliases into the total.
func (t *tx) keyRows(id string, keys []namekeys.Key) []held {
	const ins = `INSERT INTO entity_keys (k, entity, n, others) VALUES (?, ?, ?, ?)`
	others := make([]string, 0, len(keys))
	for _, k := range keys[1:] {
		others = append(others, k.K)
	}
	t.aliasDelta += int64(keys[0].N)
	out := make([]held, 0, len(keys))
	out = append(out, held{ins, []any{keys[0].K, id, keys[0].N, strings.Join(others, keySep)}})
	for _, k := range keys[1:] {
		out = append(out, held{ins, []any{k.K, id, k.N, ""}})
	}
	return out
}

// unfile removes what the entities are filed under and their aliases from
// the total. It queries the transaction directly: a flush calls it before
// sending what it holds (the inserts that file them again).
func (t *tx) unfile(ctx context.Context, ids []string) error {
	type old struct {
		id     string
		others string
	}
	var olds []old
	for len(ids) > 0 {
		n := min(len(ids), maxIn)
		args := make([]any, 0, n+1)
		args = append(args, namekeys.Alias)
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		rows, err := t.tx.QueryContext(ctx, t.d.rebind(`SELECT entity, n, others FROM entity_keys WHERE k = ? AND entity IN (`+placeholders(n)+`)`), args...)
		if err != nil {
			return fmt.Errorf("read filed keys: %w", t.d.translate(err))
		}
		for rows.Next() {
			var o old
			var c int64
			if err := rows.Scan(&o.id, &c, &o.others); err != nil {
				rows.Close()
				return fmt.Errorf("read filed keys: %w", err)
			}
			t.aliasDelta -= c
			olds = append(olds, o)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("read filed keys: %w", err)
		}
		ids = ids[n:]
	}
	del := t.d.rebind(`DELETE FROM entity_keys WHERE k = ? AND entity = ?`)
	for _, o := range olds {
		keys := []string{namekeys.Alias}
		if o.others != "" {
			keys = append(keys, strings.Split(o.others, keySep)...)
		}
		for _, k := range keys {
			if _, err := t.tx.ExecContext(ctx, del, k, o.id); err != nil {
				return fmt.Errorf("remove filed keys: %w", t.d.translate(err))
			}
		}
	}
	return nil
}

// flushKeys derives the keys of the held entities, in parallel, removes
// what they were filed under, and holds the inserts that file them again.
// Flush calls it first.
func (t *tx) flushKeys(ctx context.Context) error {
	if len(t.keyQueue) == 0 {
		return nil
	}
	ents := t.keyQueue
	t.keyQueue = nil
	keys := make([][]namekeys.Key, len(ents))
	workers := min(runtime.GOMAXPROCS(0), (len(ents)+63)/64)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(ents); i += workers {
				keys[i] = namekeys.Of(ents[i])
			}
		}()
	}
	wg.Wait()
	ids := make([]string, len(ents))
	for i, e := range ents {
		ids[i] = e.ID
	}
	if err := t.unfile(ctx, ids); err != nil {
		return err
	}
	// Held in the order of the index, so that consecutive inserts fall
	// on the same pages of it.
	var rows []held
	for i, e := range ents {
		rows = append(rows, t.keyRows(e.ID, keys[i])...)
	}
	slices.SortFunc(rows, func(a, b held) int {
		if c := strings.Compare(a.args[0].(string), b.args[0].(string)); c != 0 {
			return c
		}
		return strings.Compare(a.args[1].(string), b.args[1].(string))
	})
	t.held = append(t.held, rows...)
	return nil
}

// saveTotals adds what the transaction changed to the alias total, at
// commit, after the last flush.
func (t *tx) saveTotals(ctx context.Context) error {
	if t.aliasDelta == 0 {
		return nil
	}
	_, err := t.tx.ExecContext(ctx, t.d.rebind(`UPDATE entity_key_totals SET n = n + ? WHERE id = 'aliases'`), t.aliasDelta)
	if err != nil {
		return fmt.Errorf("update the alias total: %w", t.d.translate(err))
	}
	t.aliasDelta = 0
	return nil
}

// KeyTotal returns how many aliases are filed: the rows under
// namekeys.Alias, kept as a total.
func (t *tx) KeyTotal(ctx context.Context) (int, error) {
	var n int
	if err := t.queryRow(ctx, `SELECT n FROM entity_key_totals WHERE id = 'aliases'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read the alias total: %w", err)
	}
	return n, nil
}

// maxIn bounds the values of one IN list.
const maxIn = 900

// KeyCounts returns how many aliases are filed under each of keys (for
// keys not counted per alias, how many entities), for the keys filed at all.
func (t *tx) KeyCounts(ctx context.Context, keys []string) (map[string]int, error) {
	out := map[string]int{}
	for len(keys) > 0 {
		n := min(len(keys), maxIn)
		args := make([]any, n)
		for i, k := range keys[:n] {
			args[i] = k
		}
		err := t.each(ctx, `SELECT k, SUM(n) FROM entity_keys WHERE k IN (`+placeholders(n)+`) GROUP BY k`, args, func(rows *sql.Rows) error {
			var k string
			var c int
			if err := rows.Scan(&k, &c); err != nil {
				return err
			}
			out[k] = c
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("count entity keys: %w", err)
		}
		keys = keys[n:]
	}
	return out, nil
}

// KeyedEntities returns the ids of the entities filed under any of keys, in
// id order, the first limit of them (all if limit is 0).
func (t *tx) KeyedEntities(ctx context.Context, keys []string, limit int) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for len(keys) > 0 {
		n := min(len(keys), maxIn)
		args := make([]any, n)
		for i, k := range keys[:n] {
			args[i] = k
		}
		q := `SELECT DISTINCT entity FROM entity_keys WHERE k IN (` + placeholders(n) + `) ORDER BY entity`
		if limit > 0 {
			q += fmt.Sprintf(` LIMIT %d`, limit)
		}
		err := t.each(ctx, q, args, func(rows *sql.Rows) error {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read entities by key: %w", err)
		}
		keys = keys[n:]
	}
	slices.Sort(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// EntitiesByID returns the entities with the ids that exist, in id order.
func (t *tx) EntitiesByID(ctx context.Context, ids []string) ([]*impartial.Entity, error) {
	var out []*impartial.Entity
	for len(ids) > 0 {
		n := min(len(ids), maxIn)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		list, err := collect(ctx, t, scanEntity, `SELECT `+entityCols+` FROM entities WHERE id IN (`+placeholders(n)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("read entities: %w", err)
		}
		out = append(out, list...)
		ids = ids[n:]
	}
	slices.SortFunc(out, func(a, b *impartial.Entity) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// backfillEntityKeys files every existing entity under its keys: the Go
// part of migration 016, in its transaction.
func backfillEntityKeys(ctx context.Context, sqlTx *sql.Tx, d *Dialect) error {
	t := &tx{tx: sqlTx, d: d}
	t.Batch()
	after := ""
	for {
		page, err := t.Entities(ctx, impartial.EntityFilter{Page: impartial.Page{After: after, Limit: impartial.MaxPage}})
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := t.file(ctx, e.ID, namekeys.Of(e)); err != nil {
				return err
			}
		}
		if err := t.Flush(ctx); err != nil {
			return err
		}
		if len(page) < impartial.MaxPage {
			_, err := sqlTx.ExecContext(ctx, d.rebind(`UPDATE entity_key_totals SET n = (SELECT COALESCE(SUM(n), 0) FROM entity_keys WHERE k = ?) WHERE id = 'aliases'`), namekeys.Alias)
			return err
		}
		after = page[len(page)-1].ID
	}
}

// backfills are the Go parts of migrations, run after their SQL in the same
// transaction: derived data the SQL cannot compute.
var backfills = map[string]func(context.Context, *sql.Tx, *Dialect) error{
	"016_entity_keys.sql": backfillEntityKeys,
}
