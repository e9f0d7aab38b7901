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
// are queued and their keys derived on other processors while the import
// goes on (keyWork), and filed at the flush (flushKeys). An entity written
// twice between flushes flushes first.
//
// The table has one index, its primary key (key, entity): the entity's
// Alias row lists its other keys, through which they are removed, so that
// filing a key costs one index entry. An entity the transaction knows not
// to be stored (Existing said so, and it has not been written since) has
// nothing filed, so nothing is read or removed for it: in an import of new
// records that was a query per flush for nothing.
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
	fresh := t.absent[e.ID]
	delete(t.absent, e.ID)
	if t.keys == nil {
		t.keys = &keyWork{}
	}
	t.keys.add(&c, fresh)
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

const insertKey = `INSERT INTO entity_keys (k, entity, n, others) VALUES (?, ?, ?, ?)`

// keyRows returns the inserts that file the entity under keys, listing the
// others in the Alias row, and counts its aliases into the total.
func (t *tx) keyRows(id string, keys []namekeys.Key) []held {
	others := make([]string, 0, len(keys))
	for _, k := range keys[1:] {
		others = append(others, k.K)
	}
	t.aliasDelta += int64(keys[0].N)
	out := make([]held, 0, len(keys))
	out = append(out, held{insertKey, []any{keys[0].K, id, keys[0].N, strings.Join(others, keySep)}})
	for _, k := range keys[1:] {
		out = append(out, held{insertKey, []any{k.K, id, k.N, ""}})
	}
	return out
}

// unfile removes what the entities are filed under and their aliases from
// the total. It queries the transaction directly: a flush calls it before
// sending what it holds (the inserts that file them again).
func (t *tx) unfile(ctx context.Context, ids []string) error {
	var ks, es []string // the rows to remove: key, entity
	for len(ids) > 0 {
		n := min(len(ids), maxIn)
		var rows *sql.Rows
		var err error
		if t.d.Arrays {
			rows, err = t.tx.QueryContext(ctx, t.d.rebind(`SELECT e.entity, e.n, e.others FROM unnest(?::text[]) AS u(id)
				JOIN entity_keys e ON e.k = ? AND e.entity = u.id`), ids[:n], namekeys.Alias)
		} else {
			rows, err = t.tx.QueryContext(ctx, t.d.rebind(`SELECT entity, n, others FROM entity_keys WHERE k = ? AND entity IN (`+placeholders(n)+`)`), anys(ids[:n], namekeys.Alias)...)
		}
		if err != nil {
			return fmt.Errorf("read filed keys: %w", t.d.translate(err))
		}
		for rows.Next() {
			var id, others string
			var c int64
			if err := rows.Scan(&id, &c, &others); err != nil {
				rows.Close()
				return fmt.Errorf("read filed keys: %w", err)
			}
			t.aliasDelta -= c
			ks, es = append(ks, namekeys.Alias), append(es, id)
			if others != "" {
				for _, k := range strings.Split(others, keySep) {
					ks, es = append(ks, k), append(es, id)
				}
			}
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("read filed keys: %w", err)
		}
		ids = ids[n:]
	}
	if len(ks) == 0 {
		return nil
	}
	if t.d.Arrays {
		// One statement, one index probe per row (as above).
		_, err := t.tx.ExecContext(ctx, t.d.rebind(`DELETE FROM entity_keys e USING unnest(?::text[], ?::text[]) AS u(k, id)
			WHERE e.k = u.k AND e.entity = u.id`), ks, es)
		if err != nil {
			return fmt.Errorf("remove filed keys: %w", t.d.translate(err))
		}
		return nil
	}
	del, err := t.stmt(ctx, `DELETE FROM entity_keys WHERE k = ? AND entity = ?`)
	if err != nil {
		return fmt.Errorf("remove filed keys: %w", t.d.translate(err))
	}
	for i := range ks {
		if _, err := del.ExecContext(ctx, ks[i], es[i]); err != nil {
			return fmt.Errorf("remove filed keys: %w", t.d.translate(err))
		}
	}
	return nil
}

// flushKeys waits for the keys of kw's entities, removes what those that
// may be stored were filed under, and files them again: loaded in bulk
// where the dialect can, else returned as inserts to run. Send calls it
// first, on its goroutine.
func (t *tx) flushKeys(ctx context.Context, kw *keyWork) ([]held, error) {
	ents, fresh, keys := kw.take()
	if len(ents) == 0 {
		return nil, nil
	}
	var ids []string
	for i, e := range ents {
		if !fresh[i] {
			ids = append(ids, e.ID)
		}
	}
	if err := t.unfile(ctx, ids); err != nil {
		return nil, err
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
	if t.conn != nil && t.d.CopyFrom != nil {
		args := make([][]any, len(rows))
		for i, r := range rows {
			args[i] = r.args
		}
		err := t.conn.Raw(func(dc any) error {
			return t.d.CopyFrom(ctx, dc, "entity_keys", []string{"k", "entity", "n", "others"}, args)
		})
		if err != nil {
			return nil, fmt.Errorf("put entity keys: %w", t.d.translate(err))
		}
		return nil, nil
	}
	return rows, nil
}

// keyChunk is how many queued entities one worker derives the keys of.
const keyChunk = 64

// keyWork derives the keys of queued entities on other processors while
// the transaction goes on: each full chunk of keyChunk entities is handed
// to a goroutine (at most GOMAXPROCS at once), and take waits for them and
// derives the rest. What it holds is bounded by what a flush holds.
type keyWork struct {
	chunks []*keyChunkWork // the last one is being filled
	wg     sync.WaitGroup
	sem    chan struct{}
}

type keyChunkWork struct {
	ents  []*impartial.Entity
	fresh []bool
	keys  [][]namekeys.Key // written by the chunk's worker
}

func (w *keyWork) add(e *impartial.Entity, fresh bool) {
	if len(w.chunks) == 0 || len(w.chunks[len(w.chunks)-1].ents) == keyChunk {
		w.chunks = append(w.chunks, &keyChunkWork{ents: make([]*impartial.Entity, 0, keyChunk), fresh: make([]bool, 0, keyChunk)})
	}
	c := w.chunks[len(w.chunks)-1]
	c.ents, c.fresh = append(c.ents, e), append(c.fresh, fresh)
	if len(c.ents) < keyChunk {
		return
	}
	if w.sem == nil {
		w.sem = make(chan struct{}, runtime.GOMAXPROCS(0))
	}
	select {
	case w.sem <- struct{}{}:
	default:
		c.keys = deriveKeys(c.ents) // every worker busy: here, now
		return
	}
	w.wg.Add(1)
	go func() {
		defer func() { <-w.sem; w.wg.Done() }()
		c.keys = deriveKeys(c.ents)
	}()
}

// take waits for the workers, derives the keys not handed out and returns
// the entities, whether each is known not to be stored, and their keys,
// leaving the queue empty.
func (w *keyWork) take() ([]*impartial.Entity, []bool, [][]namekeys.Key) {
	w.wg.Wait()
	var ents []*impartial.Entity
	var fresh []bool
	var keys [][]namekeys.Key
	for _, c := range w.chunks {
		if c.keys == nil {
			c.keys = deriveKeys(c.ents) // the last, not full
		}
		ents, fresh, keys = append(ents, c.ents...), append(fresh, c.fresh...), append(keys, c.keys...)
	}
	w.chunks = nil
	return ents, fresh, keys
}

func deriveKeys(ents []*impartial.Entity) [][]namekeys.Key {
	keys := make([][]namekeys.Key, len(ents))
	for i, e := range ents {
		keys[i] = namekeys.Of(e)
	}
	return keys
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
		err := t.each(ctx, `SELECT k, SUM(n) FROM entity_keys WHERE k IN (`+placeholders(n)+`) GROUP BY k`, anys(keys[:n]), func(rows *sql.Rows) error {
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
		q := `SELECT DISTINCT entity FROM entity_keys WHERE k IN (` + placeholders(n) + `) ORDER BY entity`
		if limit > 0 {
			q += fmt.Sprintf(` LIMIT %d`, limit)
		}
		err := t.each(ctx, q, anys(keys[:n]), func(rows *sql.Rows) error {
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
		list, err := collect(ctx, t, scanEntity, `SELECT `+entityCols+` FROM entities WHERE id IN (`+placeholders(n)+`)`, anys(ids[:n])...)
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
