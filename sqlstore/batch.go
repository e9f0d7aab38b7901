package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/impartial/impartial"
)

// Batched writes. A bulk import into PostgreSQL was bound by round trips:
// one statement per record and per party, topic or participant, each waiting
// for the server before the next could be sent (2,000 records/s). In a
// transaction put in batch mode the inserts and deletes are held and sent
// as multi-row statements: every held INSERT ... VALUES (...) of the same
// text becomes one INSERT with many rows, every DELETE ... WHERE col = ? of
// the same text one DELETE ... WHERE col IN (...). Statements are grouped by
// text in the order they first appear, so the caller flushes wherever an
// earlier statement must run before a later one of another text, and only
// between records (the importer flushes when the kind of record changes and
// every few hundred records, which also bounds what is held); any read
// flushes first, so a transaction always reads its own writes, and so does
// the commit.

// maxParams bounds the parameters of one merged statement (PostgreSQL
// allows 65,535, SQLite 32,766).
const maxParams = 30000

type held struct {
	q    string
	args []any
}

// Batch puts the transaction in batch mode; see Flush.
func (t *tx) Batch() { t.batching = true }

// Flush sends the held statements and waits for them.
func (t *tx) Flush(ctx context.Context) error {
	if err := t.Send(ctx); err != nil {
		return err
	}
	return t.wait()
}

// Send starts sending the held statements, on another goroutine, and
// returns: the caller goes on (an import reads and checks its next records)
// while the database works. Everything else that uses the connection waits
// for it first (wait), and its error, if any, is the transaction's.
func (t *tx) Send(ctx context.Context) error {
	if err := t.wait(); err != nil {
		return err
	}
	kw := t.keys
	t.keys = nil
	held := t.held
	t.held = nil
	clear(t.keyed)
	clear(t.heldIDs)
	if kw == nil && len(held) == 0 {
		return nil
	}
	done := make(chan struct{})
	t.sending = done
	go func() {
		defer close(done)
		t.sendErr = t.send(ctx, kw, held)
	}()
	return nil
}

// wait waits for the statements being sent, and returns the error of any
// send.
func (t *tx) wait() error {
	if t.sending != nil {
		<-t.sending
		t.sending = nil
		if t.sendErr != nil && t.flushErr == nil {
			t.flushErr = t.sendErr
		}
	}
	return t.flushErr
}

// send files the keys of kw's entities and runs the held statements, merged.
func (t *tx) send(ctx context.Context, kw *keyWork, held []held) error {
	if kw != nil {
		rows, err := t.flushKeys(ctx, kw)
		if err != nil {
			return err
		}
		held = append(held, rows...)
	}
	var order []string
	rows := map[string][][]any{}
	for _, h := range held {
		if _, ok := rows[h.q]; !ok {
			order = append(order, h.q)
		}
		rows[h.q] = append(rows[h.q], h.args)
	}
	for _, q := range order {
		if err := t.execMerged(ctx, q, rows[q]); err != nil {
			return err
		}
	}
	return nil
}

// batchable reports whether a statement can be held and merged.
func batchable(q string) bool {
	if strings.HasPrefix(q, "DELETE FROM ") {
		return strings.HasSuffix(q, " = ?") && strings.Count(q, "?") == 1
	}
	if !strings.HasPrefix(q, "INSERT INTO ") || strings.Contains(q, "RETURNING") {
		return false
	}
	// Upserts are merged only on their id: two rows for one id in a
	// statement would be an error.
	return !strings.Contains(q, "ON CONFLICT") || strings.Contains(q, "ON CONFLICT (id)")
}

// execMerged runs the rows of one statement text as few statements.
func (t *tx) execMerged(ctx context.Context, q string, rows [][]any) error {
	if t.d.InProcess {
		// No round trip to save: the statement prepared once, run per
		// row, costs less than parsing merged ones of every size.
		st, err := t.stmt(ctx, q)
		if err != nil {
			return t.d.translate(err)
		}
		for _, r := range rows {
			if _, err := st.ExecContext(ctx, r...); err != nil {
				return t.d.translate(err)
			}
		}
		return nil
	}
	if strings.HasPrefix(q, "DELETE FROM ") {
		head := strings.TrimSuffix(q, " = ?") + " IN ("
		for len(rows) > 0 {
			n := min(len(rows), 1000)
			args := make([]any, n)
			for i := range n {
				args[i] = rows[i][0]
			}
			if err := t.execN(ctx, head+placeholders(n)+")", n == 1000, args); err != nil {
				return err
			}
			rows = rows[n:]
		}
		return nil
	}
	vi := strings.Index(q, "VALUES (")
	if vi < 0 {
		return fmt.Errorf("batch: cannot merge %q", q)
	}
	end := strings.IndexByte(q[vi:], ')')
	head, tuple, tail := q[:vi+len("VALUES ")], q[vi+len("VALUES "):vi+end+1], q[vi+end+1:]
	upsert := strings.Contains(tail, "ON CONFLICT")
	per := max(1, maxParams/max(1, len(rows[0])))
	per = min(per, 1000)
	for len(rows) > 0 {
		n := min(len(rows), per)
		if upsert {
			seen := make(map[any]bool, n)
			for i := range n {
				if seen[rows[i][0]] {
					n = i // the same id again: in the next statement
					break
				}
				seen[rows[i][0]] = true
			}
		}
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, n*len(rows[0]))
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
			args = append(args, rows[i]...)
		}
		b.WriteString(tail)
		if err := t.execN(ctx, b.String(), n == per, args); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// execN runs a merged statement, prepared once if it is of the full size
// (which recurs), else as it is.
func (t *tx) execN(ctx context.Context, q string, full bool, args []any) error {
	if full {
		st, err := t.stmt(ctx, q)
		if err != nil {
			return err
		}
		_, err = st.ExecContext(ctx, args...)
		return t.d.translate(err)
	}
	_, err := t.tx.ExecContext(ctx, t.d.rebind(q), args...)
	return t.d.translate(err)
}

// Existing returns which of the ids name a stored record of the kind
// ("entity", "relationship", ...), in one query per thousand ids.
func (t *tx) Existing(ctx context.Context, record string, ids []string) (map[string]bool, error) {
	table := ""
	for _, tb := range tables {
		if tb.name == record {
			table = tb.table
		}
	}
	if table == "" {
		return nil, fmt.Errorf("look up %ss: no such kind of record", record)
	}
	out := map[string]bool{}
	all := ids
	if record == "entity" {
		clear(t.absent) // only the last look-up is kept (see putKeys)
	}
	// The held writes need not be sent first unless one is of these ids:
	// an import asks about its next records while the last ones are still
	// held, and sends them after (Send), so that the database writes them
	// while the import checks the next.
	if !t.noted[record] {
		if err := t.Flush(ctx); err != nil {
			return nil, err
		}
	} else {
		for _, id := range ids {
			if t.heldIDs[record+"\x00"+id] {
				if err := t.Flush(ctx); err != nil {
					return nil, err
				}
				break
			}
		}
	}
	if err := t.wait(); err != nil {
		return nil, err
	}
	for len(ids) > 0 {
		n := min(len(ids), 1000)
		err := t.eachHeld(ctx, `SELECT id FROM `+table+` WHERE id IN (`+placeholders(n)+`)`, anys(ids[:n]), func(rows *sql.Rows) error {
			var id string
			err := rows.Scan(&id)
			out[id] = true
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("look up %ss: %w", record, err)
		}
		ids = ids[n:]
	}
	if record == "entity" {
		// The records of one look-up are written before the next one is
		// made, so the set stays as small as a look-ahead.
		if t.absent == nil {
			t.absent = map[string]bool{}
		}
		for _, id := range all {
			if !out[id] {
				t.absent[id] = true
			}
		}
	}
	return out, nil
}

// eachHeld is each without sending the held statements first: the caller
// knows that none of them changes what it reads.
func (t *tx) eachHeld(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return t.d.translate(err)
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return t.d.translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

var _ interface {
	Batch()
	Flush(context.Context) error
	Send(context.Context) error
	Existing(context.Context, string, []string) (map[string]bool, error)
} = (*tx)(nil)

var _ impartial.Tx = (*tx)(nil)
