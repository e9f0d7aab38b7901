package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/impartial/impartial"
)

// Store is an impartial.Store on a SQL database.
type Store struct {
	read, write *sql.DB
	d           *Dialect

	revMu   sync.Mutex
	revStmt *sql.Stmt

	// readStmts and writeStmts keep each pool's statements prepared across
	// transactions (stmtcache.go).
	readStmts, writeStmts *stmtCache

	// watch, when set, tells cheaply whether anything was committed since
	// a moment; the revision read at that moment is then still current.
	watch    ChangeWatch
	watchMu  sync.Mutex
	watchRev int64
	watchAt  Stamp
	watchOK  bool
}

// Stamp is a snapshot of a database's commit state: equal stamps mean that
// nothing was committed in between.
type Stamp [12]uint32

// ChangeWatch reads the commit state without a query or a lock. Stamp
// returns false when the state cannot be read at this instant.
type ChangeWatch interface {
	Stamp() (Stamp, bool)
	Close() error
}

// UnchangedRevision returns the wall revision last read if the change watch
// shows that nothing has been committed since that read, and false
// otherwise (or without a watch). It neither queries nor blocks: a wall
// check calls it first and reads the revision only when it says false.
func (s *Store) UnchangedRevision() (int64, bool) {
	if s.watch == nil {
		return 0, false
	}
	stamp, ok := s.watch.Stamp()
	if !ok {
		return 0, false
	}
	s.watchMu.Lock()
	defer s.watchMu.Unlock()
	if s.watchOK && s.watchAt == stamp {
		return s.watchRev, true
	}
	return 0, false
}

// SetWatch installs a change watch; the store closes it.
func (s *Store) SetWatch(w ChangeWatch) { s.watch = w }

// revisionStmt returns the prepared revision read, preparing it (again,
// after a failure) when there is none.
func (s *Store) revisionStmt() (*sql.Stmt, error) {
	s.revMu.Lock()
	defer s.revMu.Unlock()
	if s.revStmt == nil {
		st, err := s.read.PrepareContext(context.Background(), wallRevisionSQL)
		if err != nil {
			return nil, err
		}
		s.revStmt = st
	}
	return s.revStmt, nil
}

const wallRevisionSQL = `SELECT COALESCE(MAX(seq), 0) FROM wall_changes`

// WallRevision reads the newest committed wall revision with a statement
// prepared once on the reader pool.
func (s *Store) WallRevision(ctx context.Context) (int64, error) {
	st, err := s.revisionStmt()
	if err != nil {
		return 0, unavailable("read wall revision", err)
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	// The fast path: if nothing has been committed since a revision was
	// read (its stamp, taken before that read, is unchanged), it is still
	// the newest.
	var stamp Stamp
	stamped := false
	if s.watch != nil {
		stamp, stamped = s.watch.Stamp()
		if stamped {
			s.watchMu.Lock()
			if s.watchOK && s.watchAt == stamp {
				rev := s.watchRev
				s.watchMu.Unlock()
				return rev, nil
			}
			s.watchMu.Unlock()
		}
	}
	var n int64
	if err := st.QueryRowContext(ctx).Scan(&n); err != nil {
		return 0, unavailable("read wall revision", err)
	}
	if stamped {
		s.watchMu.Lock()
		s.watchAt, s.watchRev, s.watchOK = stamp, n, true
		s.watchMu.Unlock()
	}
	return n, nil
}

// New returns a Store that reads through read and writes through write (the
// same pool on PostgreSQL; on SQLite a pool of readers and a single writer, so
// that writers queue instead of failing with "database is locked"). It does
// not migrate: call Migrate first.
func New(read, write *sql.DB, d *Dialect) *Store {
	s := &Store{read: read, write: write, d: d, readStmts: newStmtCache(read), writeStmts: newStmtCache(write)}
	if write == read {
		s.writeStmts = s.readStmts
	}
	return s
}

// Close closes both pools.
func (s *Store) Close() error {
	var err error
	s.readStmts.close()
	if s.writeStmts != s.readStmts {
		s.writeStmts.close()
	}
	if s.revStmt != nil {
		err = s.revStmt.Close()
	}
	err = errors.Join(err, s.read.Close())
	if s.write != s.read {
		err = errors.Join(err, s.write.Close())
	}
	if s.watch != nil {
		// Last: the watch keeps the shared-memory file open while any
		// connection of this process may use it.
		err = errors.Join(err, s.watch.Close())
	}
	return err
}

// DB returns the writer pool, for the adapters' own queries.
func (s *Store) DB() *sql.DB { return s.write }

// View runs fn in a read-only transaction.
func (s *Store) View(ctx context.Context, fn func(impartial.ReadTx) error) error {
	opts := &sql.TxOptions{}
	if s.d.ReadOnlySnapshot {
		opts = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	sqlTx, err := s.read.BeginTx(ctx, opts)
	if err != nil {
		return unavailable("begin read", err)
	}
	defer sqlTx.Rollback()
	return fn(&tx{tx: sqlTx, d: s.d, shared: s.readStmts})
}

// Update runs fn in a read-write transaction and commits if fn returns nil.
func (s *Store) Update(ctx context.Context, fn func(impartial.Tx) error) error {
	var conn *sql.Conn
	if s.d.CopyFrom != nil {
		// The connection itself, for bulk loads in the transaction.
		c, err := s.write.Conn(ctx)
		if err != nil {
			return unavailable("begin write", err)
		}
		defer c.Close()
		conn = c
	}
	var sqlTx *sql.Tx
	var err error
	var opts *sql.TxOptions
	if s.d.ReadCommittedWrites {
		opts = &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	if conn != nil {
		sqlTx, err = conn.BeginTx(ctx, opts)
	} else {
		sqlTx, err = s.write.BeginTx(ctx, opts)
	}
	if err != nil {
		return unavailable("begin write", err)
	}
	defer sqlTx.Rollback()
	t := &tx{tx: sqlTx, d: s.d, conn: conn, shared: s.writeStmts}
	defer t.wait() // before the rollback: statements may still be being sent
	if err := fn(t); err != nil {
		return err
	}
	if err := t.appendChanges(ctx); err != nil {
		return err
	}
	if err := t.settleKin(ctx); err != nil {
		return err
	}
	if err := t.settleLinks(ctx); err != nil {
		return err
	}
	if err := t.Flush(ctx); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if err := t.saveTotals(ctx); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		if terr := s.d.translate(err); terr != err {
			return terr // a deferred constraint, checked at commit
		}
		return unavailable("commit", err)
	}
	return nil
}

func unavailable(op string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w", op, err)
	}
	return &impartial.Error{Kind: impartial.Unavailable, Msg: op, Err: err}
}

// tx is one transaction. Its methods implement impartial.Tx.
type tx struct {
	tx *sql.Tx
	d  *Dialect
	// conn is the transaction's connection when the dialect bulk-loads
	// (Dialect.CopyFrom); nil otherwise, and in read transactions.
	conn *sql.Conn
	// stmts holds the statements prepared in this transaction by query
	// text: parsing SQL dominated the cost of a large import, where the same
	// few inserts run millions of times. They close with the transaction.
	stmts map[string]*sql.Stmt
	// shared is the pool's statements, prepared across transactions; nil
	// for a transaction that prepares its own.
	shared *stmtCache
	// batching holds inserts and deletes to send them merged (batch.go).
	batching bool
	held     []held
	flushErr error
	keyed    map[string]bool // entities whose keys are held (keys.go)
	keys     *keyWork        // entities whose keys are to be filed at the flush
	// heldIDs are the records ("kind\x00id") the held statements write.
	// noted are the kinds noteChange has seen in batch mode, which is not
	// reset at a send: a kind's records are all written through one Put
	// that notes each, so for a noted kind heldIDs says exactly which are
	// held, and Existing sends the held statements first only if it asks
	// about one of them; of a kind never noted (statements, recusals, ...)
	// it cannot tell, and sends them first.
	heldIDs map[string]bool
	noted   map[string]bool
	// sending is closed when the statements Send started are sent, with
	// sendErr their error.
	sending chan struct{}
	sendErr error
	// absent holds the entity ids Existing found not stored and not
	// written since: nothing is filed under them (keys.go).
	absent map[string]bool
	// wallLocked: the wall lock is taken (walls.go).
	wallLocked bool
	// aliasDelta is what the transaction changed the alias total by.
	aliasDelta int64
	// changes are the records written, for the record change feed.
	changes   []impartial.RecordChange
	changeAll bool
	// covered holds the covered entities' ids once a neighbourhood read
	// needed them (neighbourhood.go).
	covered map[string]bool
	// kin holds what the transaction wrote that can lower kinship
	// distances, settled before it commits (derived.go).
	kin *kinWork
	// link holds what the transaction wrote that sets bits in the link
	// summaries, settled before it commits (links.go).
	link *linkWork
	// derivedLocked: the dialect's KinLock is taken (derivedLock).
	derivedLocked bool
}

// stmt returns q prepared in the transaction, preparing it on first use.
func (t *tx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	bound := t.d.rebind(q)
	var st *sql.Stmt
	if shared := t.shared.get(bound); shared != nil {
		st = t.tx.StmtContext(ctx, shared)
	} else {
		var err error
		if st, err = t.tx.PrepareContext(ctx, bound); err != nil {
			return nil, err
		}
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = st
	return st, nil
}

func (t *tx) exec(ctx context.Context, q string, args ...any) error {
	if t.batching {
		if batchable(q) {
			t.held = append(t.held, held{q, args})
			return nil
		}
		if err := t.Flush(ctx); err != nil {
			return err
		}
	}
	st, err := t.stmt(ctx, q)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return t.d.translate(err)
}

func (t *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if err := t.Flush(ctx); err != nil {
		return nil, err
	}
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	return rows, t.d.translate(err)
}

func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	// A failed flush fails the transaction (Update returns its error), so
	// what this row reads does not matter then.
	t.Flush(ctx)
	st, err := t.stmt(ctx, q)
	if err != nil {
		return t.tx.QueryRowContext(ctx, t.d.rebind(q), args...) // reports the same error on Scan
	}
	return st.QueryRowContext(ctx, args...)
}

// collect runs a query and scans each row with scan.
func collect[T any](ctx context.Context, t *tx, scan func(*sql.Rows) (T, error), q string, args ...any) ([]T, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// one returns the single record a query finds, or a NotFound error naming it.
func one[T any](list []T, err error, what, id string) (T, error) {
	var zero T
	if err != nil {
		return zero, fmt.Errorf("read %s %q: %w", what, id, err)
	}
	if len(list) == 0 {
		return zero, &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf("no %s with id %q", what, id)}
	}
	return list[0], nil
}

// limit is the page size a listing asked for: 1000 when it did not say,
// and at most MaxPage.
func limit(p impartial.Page) int {
	if p.Limit <= 0 {
		return 1000
	}
	return min(p.Limit, impartial.MaxPage)
}

// listing builds a page of a listing ordered by id: SELECT cols FROM table
// WHERE id > after, plus an equality test for each (column, value) pair whose
// value is set.
func listing(cols, table string, p impartial.Page, eq ...string) (string, []any) {
	q := `SELECT ` + cols + ` FROM ` + table + ` WHERE id > ?`
	args := []any{p.After}
	for i := 0; i+1 < len(eq); i += 2 {
		if eq[i+1] != "" {
			q += ` AND ` + eq[i] + ` = ?`
			args = append(args, eq[i+1])
		}
	}
	return q + fmt.Sprintf(` ORDER BY id LIMIT %d`, limit(p)), args
}

// dateArgs returns the column values of a date: its first day and precision,
// or two NULLs when unknown.
func dateArgs(d impartial.Date) (any, any) {
	if d.IsZero() {
		return nil, nil
	}
	return d.First().Format(time.DateOnly), int64(d.Precision())
}

// dateCol scans a date and its precision column.
type dateCol struct {
	dst  *impartial.Date
	day  any
	prec sql.NullInt64
}

func (c *dateCol) targets() []any { return []any{&c.day, &c.prec} }

func (c *dateCol) finish() error {
	if c.day == nil || !c.prec.Valid {
		*c.dst = impartial.Date{}
		return nil
	}
	var t time.Time
	switch v := c.day.(type) {
	case time.Time:
		t = v
	case string:
		p, err := time.Parse(time.DateOnly, v[:min(len(v), 10)])
		if err != nil {
			return fmt.Errorf("date column %q: %w", v, err)
		}
		t = p
	case []byte:
		p, err := time.Parse(time.DateOnly, string(v[:min(len(v), 10)]))
		if err != nil {
			return fmt.Errorf("date column %q: %w", v, err)
		}
		t = p
	default:
		return fmt.Errorf("date column: unexpected %T", v)
	}
	switch impartial.Precision(c.prec.Int64) {
	case impartial.YearPrecision:
		*c.dst = impartial.Year(t.Year())
	case impartial.MonthPrecision:
		*c.dst = impartial.Month(t.Year(), t.Month())
	default:
		*c.dst = impartial.Day(t.Year(), t.Month(), t.Day())
	}
	return nil
}

// scanner gathers a row's destinations, including dates that take two
// columns, and finishes the dates after Scan.
type scanner struct {
	targets []any
	dates   []*dateCol
}

func (s *scanner) add(dst ...any) *scanner { s.targets = append(s.targets, dst...); return s }

func (s *scanner) date(dst *impartial.Date) *scanner {
	c := &dateCol{dst: dst}
	s.dates = append(s.dates, c)
	s.targets = append(s.targets, c.targets()...)
	return s
}

func (s *scanner) scan(rows *sql.Rows) error {
	if err := rows.Scan(s.targets...); err != nil {
		return err
	}
	for _, d := range s.dates {
		if err := d.finish(); err != nil {
			return err
		}
	}
	return nil
}

// jsonCol scans a JSON column into dst.
type jsonCol struct{ dst any }

func (j jsonCol) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("json column: unexpected %T", src)
	}
	if string(b) == "[]" {
		// Most lists are empty: what json.Unmarshal makes of one (an empty,
		// non-nil slice), without parsing it.
		if v := reflect.ValueOf(j.dst); v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Slice {
			v.Elem().Set(reflect.MakeSlice(v.Elem().Type(), 0, 0))
			return nil
		}
	}
	return json.Unmarshal(b, j.dst)
}

// jsonArg encodes v for a JSON column; nil slices are stored as [].
func jsonArg(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if string(b) == "null" {
		return "[]", nil
	}
	return string(b), nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// anys returns head followed by ss, as the arguments of a query that lists
// ss (an IN list after head's parameters).
func anys(ss []string, head ...any) []any {
	out := make([]any, len(head), len(head)+len(ss))
	copy(out, head)
	for _, s := range ss {
		out = append(out, s)
	}
	return out
}
