package httpapi

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// failLimiter limits failed authentications per client address: each
// address has a bucket of failBurst attempts that refills at one per
// failRefill. While an address's bucket is empty every request from it is
// refused with 429 before its token is looked at, so that tokens cannot be
// guessed at speed. Successful requests cost nothing.
type failLimiter struct {
	mu      sync.Mutex
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

const (
	failBurst  = 20
	failRefill = time.Second
	// maxAddresses bounds the limiter's memory.
	maxAddresses = 10000
)

func newFailLimiter(now func() time.Time) *failLimiter {
	return &failLimiter{now: now, buckets: map[string]*bucket{}}
}

// refill brings b up to now.
func (b *bucket) refill(now time.Time) {
	b.tokens = min(failBurst, b.tokens+float64(now.Sub(b.at))/float64(failRefill))
	b.at = now
}

// blocked reports whether addr has used up its failures, and how long until
// it may try again.
func (l *failLimiter) blocked(addr string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[addr]
	if b == nil {
		return false, 0
	}
	b.refill(l.now())
	if b.tokens >= 1 {
		return false, 0
	}
	return true, time.Duration((1 - b.tokens) * float64(failRefill))
}

// fail counts a failed authentication from addr.
func (l *failLimiter) fail(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[addr]
	if b == nil {
		if len(l.buckets) >= maxAddresses {
			// Forget the addresses that have recovered; if none has, start
			// afresh rather than grow.
			for a, x := range l.buckets {
				if x.refill(now); x.tokens >= failBurst {
					delete(l.buckets, a)
				}
			}
			if len(l.buckets) >= maxAddresses {
				l.buckets = map[string]*bucket{}
			}
		}
		b = &bucket{tokens: failBurst, at: now}
		l.buckets[addr] = b
	}
	b.refill(now)
	b.tokens = max(0, b.tokens-1)
}

// clientAddr is the address a request came from: its host part, so that
// the ports of one client count together.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// reset forgets every address's failures.
func (l *failLimiter) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buckets = map[string]*bucket{}
}
