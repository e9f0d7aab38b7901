package service

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/impartial/impartial"
)

// The read journal makes the accounting of checks of confidential matters
// survive a crash without a database write on the check path: each such
// check appends one line to a file of this process's own before its answer
// is released (a write(2) of some 60 bytes: the kernel holds it even if the
// process is killed the next instant), and the counts kept in memory are
// written to the trail as before, each second by the server, at the end by
// a command. Once a batch is committed, the journal file that holds exactly
// its lines is deleted. A process that dies leaves its file behind, still
// named and no longer locked; the next flush of any process using the same
// directory writes its lines to the trail and deletes it.
//
// Why not write the trail before each answer: on SQLite every write waits
// for the one write lock, which an import holds for seconds, and on
// PostgreSQL a commit costs a round trip and a flush of its log; either would
// put a database write on the path of every confidential check. A service
// with no journal directory does exactly that, though (group commit: a check
// waits for the transaction that writes its count), so that no
// configuration leaves reads unaccounted for.
//
// What the journal does not survive: the loss of the machine's disk or power
// before the kernel writes it out (as SQLite with synchronous=NORMAL can
// lose its last commits), or a directory no process ever opens again. A
// crash between a batch's commit and the deletion of its file counts its
// checks twice: too many, never too few.

const journalExt = ".reads"

// readJournal is the file this process appends confidential checks to.
type readJournal struct {
	dir string
	// f is the file being appended to (nil until the first check after a
	// rotation), locked for as long as this process has it open.
	f *os.File
	// retired are rotated files whose lines are in counts not yet
	// committed: they are deleted with the next batch that commits.
	retired []*os.File
	buf     []byte
}

// WithReadJournal keeps the journal of confidential checks in dir (created
// when first needed), so that a check need not wait for a database write and
// a crash still loses none. Every process on one database should use the
// same directory, so that one recovers what another left.
func WithReadJournal(dir string) Option {
	return func(s *Service) {
		if dir != "" && lockSupported {
			s.journalDir = dir
		}
	}
}

// append writes one check to the journal, opening a new file if need be.
// Called with the readAudit's mu held.
func (j *readJournal) append(at time.Time, caller impartial.Actor, matter string) error {
	if j.f == nil {
		f, err := j.create()
		if err != nil {
			return err
		}
		j.f = f
	}
	b := j.buf[:0]
	b = strconv.AppendInt(b, at.UnixNano(), 10)
	b = append(b, '\t')
	b = strconv.AppendQuote(b, string(caller.Role))
	b = append(b, '\t')
	b = strconv.AppendQuote(b, caller.ID)
	b = append(b, '\t')
	b = strconv.AppendQuote(b, matter)
	b = append(b, '\n')
	j.buf = b
	if _, err := j.f.Write(b); err != nil {
		return fmt.Errorf("write the read journal %s: %w", j.f.Name(), err)
	}
	return nil
}

// create opens a new journal file, named so that no two processes share
// one, and locks it.
//
// The file is created under a name recovery also reads (NAME.reads.new),
// locked, and only then renamed to NAME.reads. Created under its final name,
// it was unlocked for a moment after its creation, and a recovery running
// then (another process's, or this one's own flush) took it for a file left
// behind: locked it, found it empty, and deleted it, so that the lines this
// process went on appending went to a deleted file and were lost — an
// answered check of a confidential matter missing from the trail
// (TestConfidentialChecksSurviveKill found one in 140,773). Now a recovery
// that deletes the new file first makes the rename fail, and create tries
// again with another name; a new file left by a crash before its rename is
// empty, and recovery deletes it.
func (j *readJournal) create() (*os.File, error) {
	if err := os.MkdirAll(j.dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the read journal directory: %w", err)
	}
	var last error
	for range 3 {
		var r [6]byte
		if _, err := rand.Read(r[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(j.dir, fmt.Sprintf("%d-%d-%s%s", time.Now().UnixNano(), os.Getpid(), hex.EncodeToString(r[:]), journalExt))
		f, err := os.OpenFile(name+newExt, os.O_CREATE|os.O_EXCL|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, fmt.Errorf("create the read journal: %w", err)
		}
		ok, err := tryLock(f)
		switch {
		case err == nil && !ok:
			err = fmt.Errorf("locked by a recovery")
		case err == nil:
			if err = os.Rename(name+newExt, name); err == nil {
				// An *os.File keeps the name it was opened by; the rest
				// of the journal deletes files by it.
				var g *os.File
				if g, err = withName(f, name); err == nil {
					return g, nil
				}
			}
		}
		f.Close()
		os.Remove(name + newExt)
		last = fmt.Errorf("lock the read journal %s: %v", name, err)
	}
	return nil, last
}

// newExt marks a journal file being created (create says why).
const newExt = ".new"

// rotate detaches the current file: the lines in it are the batch being
// flushed. Called with mu held.
func (j *readJournal) rotate() *os.File {
	f := j.f
	j.f = nil
	return f
}

// discard deletes files whose lines are committed to the trail.
func discard(files []*os.File) {
	for _, f := range files {
		if f == nil {
			continue
		}
		os.Remove(f.Name())
		f.Close()
	}
}

// close releases the current file, keeping it on disk if it holds lines not
// yet committed (the next process recovers them).
func (j *readJournal) close() {
	for _, f := range append(j.retired, j.f) {
		if f != nil {
			f.Close()
		}
	}
	j.f, j.retired = nil, nil
}

// recoverJournals writes to the trail the checks in journal files that
// their processes left behind (not locked: the process is gone), one entry
// per caller and matter, and deletes each file once its entries commit.
func (s *Service) recoverJournals(ctx context.Context) error {
	if s.journalDir == "" {
		return nil
	}
	names, err := filepath.Glob(filepath.Join(s.journalDir, "*"+journalExt))
	if err != nil {
		return err
	}
	// Files a crash left before their rename (create): empty, deleted like
	// any file left behind.
	fresh, err := filepath.Glob(filepath.Join(s.journalDir, "*"+journalExt+newExt))
	if err != nil {
		return err
	}
	names = append(names, fresh...)
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	var errs []error
	for _, name := range names {
		if err := s.recoverJournal(ctx, name); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("recover confidential reads left in the journal: %v", errs)
	}
	return nil
}

func (s *Service) recoverJournal(ctx context.Context, name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if os.IsNotExist(err) {
		return nil // another process recovered it
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if ok, err := tryLock(f); err != nil || !ok {
		return err // its process is alive (this one's own files included)
	}
	// Locked by us now; another process may have recovered and deleted it
	// between the open and the lock.
	if _, err := os.Stat(name); os.IsNotExist(err) {
		return nil
	}
	counts, err := readJournalFile(f)
	if err != nil {
		return fmt.Errorf("read the journal %s: %w", name, err)
	}
	base := filepath.Base(name)
	if len(counts) > 0 {
		err = s.store.Update(ctx, func(tx impartial.Tx) error {
			return s.auditCounts(ctx, tx, counts, "; recovered from the read journal "+base+" of a process that ended before writing them")
		})
		if err != nil {
			return fmt.Errorf("audit the confidential reads in the journal %s: %w", base, err)
		}
	}
	s.log.Info("recovered confidential checks from a read journal left behind", "file", base, "pairs", len(counts))
	return os.Remove(name)
}

// unreadable is the matter recorded for a journal line that cannot be read
// (written only in part, or damaged): it is still counted as a check.
const unreadable = "(unreadable journal line)"

// readJournalFile counts the checks in a journal file by caller and matter.
func readJournalFile(f *os.File) (map[readKey]*readCount, error) {
	counts := map[readKey]*readCount{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		k, at, ok := parseJournalLine(string(line))
		if !ok {
			k = readKey{actor: impartial.Actor{ID: "unknown", Role: impartial.System}, matter: unreadable}
		}
		c := counts[k]
		if c == nil {
			c = &readCount{first: at, last: at}
			counts[k] = c
		}
		c.n++
		if at.Before(c.first) {
			c.first = at
		}
		if at.After(c.last) {
			c.last = at
		}
	}
	return counts, sc.Err()
}

func parseJournalLine(line string) (readKey, time.Time, bool) {
	f := strings.Split(line, "\t")
	if len(f) != 4 {
		return readKey{}, time.Time{}, false
	}
	ns, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return readKey{}, time.Time{}, false
	}
	var v [3]string
	for i := range v {
		if v[i], err = strconv.Unquote(f[i+1]); err != nil {
			return readKey{}, time.Time{}, false
		}
	}
	return readKey{actor: impartial.Actor{Role: impartial.Role(v[0]), ID: v[1]}, matter: v[2]}, time.Unix(0, ns).UTC(), true
}
