//go:build !linux

package main

import "time"

// pacer wakes the dispatcher once per send interval. Elsewhere than Linux
// it is a Go ticker, which may be late by up to a millisecond.
type pacer struct {
	t     *time.Ticker
	start time.Time
	every time.Duration
	seen  int
}

func newPacer(first, interval time.Duration) (*pacer, error) {
	time.Sleep(first)
	return &pacer{t: time.NewTicker(interval), start: time.Now(), every: interval}, nil
}

func (p *pacer) wait() (int, error) {
	<-p.t.C
	n := int(time.Since(p.start)/p.every) + 1
	k := n - p.seen
	p.seen = n
	return k, nil
}

func (p *pacer) stop() { p.t.Stop() }
