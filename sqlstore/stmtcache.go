package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// stmtCache keeps the statements run on one pool prepared for every
// transaction on it, not only the one that first ran them. A transaction
// used to prepare each statement it ran, and preparing costs more than
// running: on SQLite (a pure-Go build of its C code) the parse and plan of
// the handful of queries a wall check makes after a commit took about a
// millisecond of CPU, under the lock that other checks wait on, so every
// recusal recorded put a millisecond's stall into the checks around it.
// A transaction now takes the pool's statement (sql.Tx.StmtContext), which
// database/sql prepares once per connection and reuses.
//
// The pool's statement is prepared in the background, by one goroutine that
// holds no connection while it waits for one: a transaction preparing it on
// the pool itself would wait for a second connection while holding one, which
// on a pool of one connection (SQLite's writer) never comes. Until it is
// ready, transactions prepare the statement themselves, as before.
//
// Only statements with few parameters are kept, at most maxCachedStmts of
// them: the queries whose text grows with their arguments (IN lists, batched
// inserts) are not worth keeping and would otherwise grow the cache without
// bound.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
	// queued holds the statements asked for and not yet prepared; a
	// worker runs while it is not empty.
	queued  []string
	asked   map[string]bool
	working bool
	closed  bool
	done    sync.WaitGroup
}

const (
	maxCachedStmts  = 256
	maxCachedParams = 16
)

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}, asked: map[string]bool{}}
}

// get returns the pool's statement for q (already rebound for the dialect),
// or nil when it is not prepared yet; then it is queued to be.
func (c *stmtCache) get(q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.m[q]; st != nil || c.closed {
		return st
	}
	if c.asked[q] || len(c.asked) >= maxCachedStmts || params(q) > maxCachedParams {
		return nil
	}
	c.asked[q] = true
	c.queued = append(c.queued, q)
	if !c.working {
		c.working = true
		c.done.Add(1)
		go c.work()
	}
	return nil
}

// params counts a statement's parameters in either dialect's notation.
func params(q string) int { return strings.Count(q, "?") + strings.Count(q, "$") }

func (c *stmtCache) work() {
	defer c.done.Done()
	for {
		c.mu.Lock()
		if len(c.queued) == 0 || c.closed {
			c.working = false
			c.mu.Unlock()
			return
		}
		q := c.queued[0]
		c.queued = c.queued[1:]
		c.mu.Unlock()
		st, err := c.db.PrepareContext(context.Background(), q)
		c.mu.Lock()
		switch {
		case err != nil:
			// Not kept: transactions go on preparing it themselves.
		case c.closed:
			st.Close()
		default:
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}

// close closes the statements; it runs before the pool closes.
func (c *stmtCache) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.done.Wait()
	for _, st := range c.m {
		st.Close()
	}
}
