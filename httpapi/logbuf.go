package httpapi

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// LogBuffer holds log lines and writes them in batches: every interval, as
// soon as a batch reaches batchBytes, on Flush and on Close. A server
// answering 5,000 wall checks a second logs 5,000 request lines a second;
// written one by one, each is a system call on the check's path (and, when
// standard error is a pipe, a wake-up of the reader), which on two cores put
// the request log among the largest costs of a check. Buffered, they cost an
// append under a lock.
//
// Batches are written by the buffer's own goroutine, never by a request:
// the line is logged before the response leaves (net/http sends it when the
// handler returns), so a request that wrote a 64 KB batch to a pipe — and
// waited for the reader to drain it — carried that wait in its latency.
//
// Nothing is dropped: past maxBuffered (a writer that cannot keep up), the
// request that adds a line writes the buffer itself, so a log that cannot
// keep up slows the server rather than losing lines or growing without
// bound. What a crash can lose is the last interval of request lines;
// records that matter more than a request line (warnings and errors) are
// written at once by the handler NewBufferedLogger returns. The audit trail
// is not a log: every audited read and change is committed to the store
// before its answer leaves, whatever happens to these lines.
type LogBuffer struct {
	mu  sync.Mutex
	buf []byte
	// out serializes writes to w, so that batches keep their order while a
	// new batch fills.
	out   sync.Mutex
	w     io.Writer
	spare []byte
	stop  chan struct{}
	done  chan struct{}
	// kick asks the goroutine to write a full batch now.
	kick   chan struct{}
	closed bool
}

const (
	batchBytes  = 64 << 10
	maxBuffered = 4 << 20
)

// NewLogBuffer returns a buffer writing to w at least every interval; Close
// stops it.
func NewLogBuffer(w io.Writer, interval time.Duration) *LogBuffer {
	b := &LogBuffer{w: w, stop: make(chan struct{}), done: make(chan struct{}), kick: make(chan struct{}, 1)}
	go func() {
		defer close(b.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				b.Flush()
			case <-b.kick:
				b.Flush()
			case <-b.stop:
				return
			}
		}
	}()
	return b
}

// Write appends one log line (slog's handlers write each record with one
// call). After Close it writes straight through.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		b.out.Lock()
		defer b.out.Unlock()
		return b.w.Write(p)
	}
	b.buf = append(b.buf, p...)
	n := len(b.buf)
	b.mu.Unlock()
	switch {
	case n >= maxBuffered:
		return len(p), b.Flush()
	case n >= batchBytes:
		select {
		case b.kick <- struct{}{}:
		default: // already asked
		}
	}
	return len(p), nil
}

// Flush writes what is buffered.
func (b *LogBuffer) Flush() error {
	b.out.Lock()
	defer b.out.Unlock()
	b.mu.Lock()
	batch := b.buf
	b.buf = b.spare[:0]
	b.mu.Unlock()
	if len(batch) == 0 {
		b.spare = batch
		return nil
	}
	_, err := b.w.Write(batch)
	// The batch's memory is reused unless it grew well past a batch (a
	// burst).
	if cap(batch) <= 4*batchBytes {
		b.spare = batch[:0]
	} else {
		b.spare = nil
	}
	return err
}

// Close writes what is buffered and stops the periodic writes; later lines
// are written at once.
func (b *LogBuffer) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	b.mu.Unlock()
	close(b.stop)
	<-b.done
	return b.Flush()
}

// NewBufferedLogger returns a logger over h (a handler writing to b) that
// writes out the buffer after every record at level or above, so that
// warnings and errors are on standard error as soon as they are logged, and
// any request lines before them with them, in order.
func NewBufferedLogger(h slog.Handler, b *LogBuffer, level slog.Level) *slog.Logger {
	return slog.New(flushingHandler{Handler: h, b: b, level: level})
}

type flushingHandler struct {
	slog.Handler
	b     *LogBuffer
	level slog.Level
}

func (h flushingHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= h.level {
		if ferr := h.b.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (h flushingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return flushingHandler{Handler: h.Handler.WithAttrs(attrs), b: h.b, level: h.level}
}

func (h flushingHandler) WithGroup(name string) slog.Handler {
	return flushingHandler{Handler: h.Handler.WithGroup(name), b: h.b, level: h.level}
}
