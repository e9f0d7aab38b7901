package service

import (
	"context"
	"fmt"

	"github.com/impartial/impartial"
)

// ReadyCheck is one readiness check: its name, whether it passed, and what it
// found, in words.
type ReadyCheck struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// schemaReporter is a store that can say whether its schema is current.
type schemaReporter interface {
	Schema(ctx context.Context) (have, want int, err error)
}

// Readiness reports whether the service can answer: the store is reachable
// and its schema current, and re-screening work is drained. It is for a load
// balancer's probe, so it runs no audit and needs no caller.
func (s *Service) Readiness(ctx context.Context) []ReadyCheck {
	var out []ReadyCheck
	rev, err := s.store.WallRevision(ctx)
	if err != nil {
		out = append(out, ReadyCheck{Name: "store", Detail: "unreachable: " + err.Error()})
	} else {
		out = append(out, ReadyCheck{Name: "store", OK: true, Detail: fmt.Sprintf("reachable at wall revision %d", rev)})
	}
	if sr, ok := s.store.(schemaReporter); ok {
		have, want, err := sr.Schema(ctx)
		switch {
		case err != nil:
			out = append(out, ReadyCheck{Name: "migrations", Detail: "cannot read the schema version: " + err.Error()})
		case have != want:
			out = append(out, ReadyCheck{Name: "migrations", Detail: fmt.Sprintf("schema version %d, this binary needs %d", have, want)})
		default:
			out = append(out, ReadyCheck{Name: "migrations", OK: true, Detail: fmt.Sprintf("schema version %d is current", have)})
		}
	}
	var pending []impartial.Rescreen
	err = s.store.View(ctx, func(tx impartial.ReadTx) error {
		var err error
		pending, err = tx.PendingRescreens(ctx, maxPendingRead)
		return err
	})
	switch {
	case err != nil:
		out = append(out, ReadyCheck{Name: "rescreens", Detail: "cannot read pending re-screens: " + err.Error()})
	default:
		// Pending work does not make the server unready: checks it may
		// affect deny until it is done, and this server completes it. It is
		// reported so that an operator sees a backlog.
		n := fmt.Sprint(len(pending))
		if len(pending) == maxPendingRead {
			n = "at least " + n
		}
		out = append(out, ReadyCheck{Name: "rescreens", OK: true, Detail: n + " pending; checks they may affect deny until done"})
	}
	if ws := s.ws.Load(); ws != nil {
		select {
		case <-ws.loaded:
			if ws.err != nil {
				out = append(out, ReadyCheck{Name: "working set", Detail: "failed to load: " + ws.err.Error()})
			} else {
				out = append(out, ReadyCheck{Name: "working set", OK: true, Detail: fmt.Sprintf("loaded, at record revision %d", ws.rev.Load())})
			}
		default:
			out = append(out, ReadyCheck{Name: "working set", Detail: "loading"})
		}
	}
	return out
}

// CacheSizes returns how many entries each of the service's caches holds,
// for metrics.
func (s *Service) CacheSizes() map[string]int {
	out := map[string]int{}
	s.walls.mu.Lock()
	out["wall_persons"] = len(s.walls.persons)
	out["wall_matters"] = len(s.walls.matters) + len(s.walls.missing)
	s.walls.mu.Unlock()
	s.tokens.mu.Lock()
	out["tokens"] = len(s.tokens.m)
	s.tokens.mu.Unlock()
	return out
}

// PendingRescreens counts re-screening work not yet done (at most
// maxPendingRead), for metrics.
func (s *Service) PendingRescreens(ctx context.Context) (int, error) {
	n := 0
	err := s.store.View(ctx, func(tx impartial.ReadTx) error {
		work, err := tx.PendingRescreens(ctx, maxPendingRead)
		n = len(work)
		return err
	})
	return n, err
}
