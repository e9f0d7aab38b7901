// Package service is impartial's application layer: the one place that owns
// transactions, the clock and the acting user. The CLI, the HTTP API and the
// web pages call it; it calls the pure packages (domain, dataset, screening)
// and the store.
package service

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/rules"
)

// Service runs impartial's use cases against one store.
type Service struct {
	store impartial.Store
	now   func() time.Time
	log   *slog.Logger
	walls *wallCache
	// catching shares bringing the wall cache up to date between checks.
	catching catchUp
	// revisions shares reads of the wall revision between concurrent checks.
	revisions *revisionReader
	// rescreenMu serialises triggered re-screens.
	rescreenMu sync.Mutex
	// tokens caches authenticated API tokens for a short while.
	tokens *tokenCache
	// reads counts checks of confidential matters until they are audited;
	// journalDir is where they are journaled meanwhile (WithReadJournal).
	reads      *readAudit
	journalDir string

	// ws is the working set, when the service keeps one (serve).
	ws atomic.Pointer[workingSet]
	// loaded runs after each load of the working set (WithLoaded).
	loaded func()

	rulesOnce sync.Once
	rules     *rules.Set
	rulesErr  error
}

// Option configures a Service.
type Option func(*Service)

// WithClock replaces the wall clock, for tests and replays.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithLogger sets where the service logs.
func WithLogger(l *slog.Logger) Option { return func(s *Service) { s.log = l } }

// WithLoaded sets a function that runs each time the working set has been
// loaded, before the service reports ready: serve uses it to give back to
// the operating system what loading left behind, so that the memory of a
// ready server is what it keeps.
func WithLoaded(fn func()) Option { return func(s *Service) { s.loaded = fn } }

// New returns a Service on store.
func New(store impartial.Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, log: slog.New(slog.DiscardHandler), walls: newWallCache()}
	for _, o := range opts {
		o(s)
	}
	s.revisions = newRevisionReader(store)
	s.tokens = newTokenCache()
	s.reads = newReadAudit(s.journalDir)
	return s
}

// WithRules sets the rulebooks (default: the shipped ones).
func WithRules(set *rules.Set) Option {
	return func(s *Service) { s.rulesOnce.Do(func() { s.rules = set }) }
}

// ruleSet returns the service's rulebooks, loading the shipped ones on first
// use.
func (s *Service) ruleSet() (*rules.Set, error) {
	s.rulesOnce.Do(func() { s.rules, s.rulesErr = rules.Default() })
	return s.rules, s.rulesErr
}
