// Package service is impartial's application layer: the one place that owns
// transactions, the clock and the acting user. The CLI, the HTTP API and the
// web pages call it; it calls the pure packages (domain, dataset, screening)
// and the store.
package service

import (
	"log/slog"
	"time"

	"github.com/impartial/impartial"
)

// Service runs impartial's use cases against one store.
type Service struct {
	store impartial.Store
	now   func() time.Time
	log   *slog.Logger
}

// Option configures a Service.
type Option func(*Service)

// WithClock replaces the wall clock, for tests and replays.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithLogger sets where the service logs.
func WithLogger(l *slog.Logger) Option { return func(s *Service) { s.log = l } }

// New returns a Service on store.
func New(store impartial.Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Store returns the store the service runs on.
func (s *Service) Store() impartial.Store { return s.store }
