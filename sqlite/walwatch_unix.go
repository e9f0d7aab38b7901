//go:build linux || darwin || freebsd

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/impartial/impartial/sqlstore"
)

// walHeaderWords is the size of one copy of SQLite's wal-index header
// (WalIndexHdr, 48 bytes) in 32-bit words. The header sits at the start of
// the database's -shm file, twice: a writer updates the second copy, then the
// first, on every commit, and every commit increments its change counter.
const walHeaderWords = 12

// walWatch tells whether any process has committed to the database since a
// given moment, by reading the wal-index header that SQLite keeps in shared
// memory, without a query or a lock. It holds a connection open for its
// lifetime so that SQLite never truncates the shared-memory file under it.
type walWatch struct {
	conn *sql.Conn
	// file stays open for the watch's life: on Unix, closing any descriptor
	// of a file drops every lock the process holds on it, SQLite's own
	// included.
	file *os.File
	mu   sync.RWMutex // Close waits for readers before unmapping
	mem  []byte
}

// newWalWatch maps the -shm file of the database at path read-only. It
// returns nil where that cannot be done; callers then query.
func newWalWatch(ctx context.Context, read, write *sql.DB, path string) sqlstore.ChangeWatch {
	conn, err := read.Conn(ctx)
	if err != nil {
		return nil
	}
	// A read on the connection makes SQLite create and initialise the
	// wal-index before it is mapped.
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		conn.Close()
		return nil
	}
	f, err := os.Open(path + "-shm")
	if err != nil {
		conn.Close()
		return nil
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, 4*2*walHeaderWords, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		conn.Close()
		f.Close()
		return nil
	}
	w := &walWatch{conn: conn, file: f, mem: mem}
	if !w.live(ctx, write) {
		w.Close()
		return nil
	}
	return w
}

// live proves that the mapping shows commits: it commits a tiny change and
// checks that the header moved. Were the wal-index kept elsewhere (another
// VFS, exclusive locking), the watch would see nothing and must not be used.
func (w *walWatch) live(ctx context.Context, db *sql.DB) bool {
	before, ok := w.Stamp()
	if !ok {
		return false
	}
	if _, err := db.ExecContext(ctx, `UPDATE wal_probe SET n = n + 1`); err != nil {
		return false
	}
	after, ok := w.Stamp()
	return ok && after != before
}

// Stamp returns the wal-index header as it is now, and false if a writer is
// updating it at this instant or it is not initialised. Equal stamps mean no
// commit happened in between.
func (w *walWatch) Stamp() (sqlstore.Stamp, bool) {
	var a, b sqlstore.Stamp
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.mem == nil {
		return a, false
	}
	words := (*[2 * walHeaderWords]uint32)(unsafe.Pointer(&w.mem[0]))
	for i := range walHeaderWords {
		a[i] = atomic.LoadUint32(&words[i])
	}
	for i := range walHeaderWords {
		b[i] = atomic.LoadUint32(&words[walHeaderWords+i])
	}
	// Word 3 holds isInit and the page size: zero until SQLite has
	// initialised the header.
	if a != b || a[3] == 0 {
		return a, false
	}
	return a, true
}

// Close releases the connection, then unmaps the header and closes the
// file. The store calls it after its pools are closed, so that no SQLite
// connection of this process still relies on the file's locks.
func (w *walWatch) Close() error {
	err := w.conn.Close()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.mem != nil {
		err = errors.Join(err, syscall.Munmap(w.mem), w.file.Close())
		w.mem = nil
	}
	return err
}
