package httpapi

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for the log buffer's writer.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogBuffer: request lines wait in the buffer; a warning writes them
// out with it, in order; a full batch is written without waiting for the
// interval (by the buffer's goroutine); Close writes the rest, and nothing
// is lost or reordered.
func TestLogBuffer(t *testing.T) {
	var out lockedBuffer
	// The periodic write never comes within the test: what is written is
	// what the rules above wrote.
	b := NewLogBuffer(&out, time.Hour)
	log := NewBufferedLogger(slog.NewTextHandler(b, &slog.HandlerOptions{ReplaceAttr: dropTime}), b, slog.LevelWarn)

	log.Info("request", "n", 1)
	log.Info("request", "n", 2)
	if got := out.String(); got != "" {
		t.Fatalf("before a warning, got %q written, want nothing yet", got)
	}
	log.Warn("refused", "n", 3)
	want := "level=INFO msg=request n=1\nlevel=INFO msg=request n=2\nlevel=WARN msg=refused n=3\n"
	if got := out.String(); got != want {
		t.Fatalf("after a warning, got\n%s\nwant\n%s", got, want)
	}
	log.With("route", "/v1/check").Error("failed", "n", 4)
	want += "level=ERROR msg=failed route=/v1/check n=4\n"
	if got := out.String(); got != want {
		t.Fatalf("after an error from a derived logger, got\n%s\nwant\n%s", got, want)
	}

	// Enough lines to fill several batches, from several goroutines.
	const writers, each = 4, 3000
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				log.Info("request", "w", w, "i", i)
			}
		}()
	}
	wg.Wait()
	for deadline := time.Now().Add(5 * time.Second); len(out.String()) <= len(want) && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if got := len(out.String()); got <= len(want) {
		t.Errorf("after %d lines, nothing more written (%d bytes); want full batches written", writers*each, got)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	log.Info("after close")
	lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(out.String(), want), "\n"), "\n")
	if got, want := len(lines), writers*each+1; got != want {
		t.Fatalf("got %d lines after the first four, want %d", got, want)
	}
	next := make([]int, writers)
	for _, l := range lines[:len(lines)-1] {
		var w, i int
		if _, err := fmt.Sscanf(l, "level=INFO msg=request w=%d i=%d", &w, &i); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if i != next[w] {
			t.Fatalf("writer %d: got line %d, want %d (lost or out of order)", w, i, next[w])
		}
		next[w]++
	}
	if got := lines[len(lines)-1]; got != "level=INFO msg=\"after close\"" {
		t.Errorf("last line %q, want the line logged after Close", got)
	}
}

func dropTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// gateWriter holds every write until the gate opens.
type gateWriter struct {
	gate chan struct{}
	lockedBuffer
}

func (g *gateWriter) Write(p []byte) (int, error) {
	<-g.gate
	return g.lockedBuffer.Write(p)
}

// TestLogBufferBackpressure: a writer that cannot keep up slows the logger
// once maxBuffered is held (the line that crosses it waits for the write),
// and loses nothing.
func TestLogBufferBackpressure(t *testing.T) {
	w := &gateWriter{gate: make(chan struct{})}
	b := NewLogBuffer(w, time.Hour)
	line := []byte(strings.Repeat("x", 1023) + "\n")
	logged := make(chan int)
	go func() {
		n := 0
		for n*len(line) < 2*maxBuffered {
			b.Write(line)
			n++
		}
		logged <- n
	}()
	select {
	case n := <-logged:
		t.Fatalf("%d lines (%d bytes) logged with the writer stuck; want the logger held once %d bytes are buffered", n, n*len(line), maxBuffered)
	case <-time.After(200 * time.Millisecond):
	}
	close(w.gate)
	n := <-logged
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := len(w.String()), n*len(line); got != want {
		t.Errorf("%d bytes written, want %d", got, want)
	}
}
