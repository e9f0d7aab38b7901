// Package httpapi is impartial's HTTP JSON API over the whole product:
// records and imports, screening and the findings queue, determinations,
// recusals and authorizations, the wall check other systems call before they
// show a document or assign a case, reconciliation, document scan and the
// audit trail; and the operations endpoints (/healthz, /readyz, /metrics).
//
// Every route is one row of the route table (routes.go): its method and
// path, the roles it admits, its parameters, body and response types, and
// its handler. The server registers the table and /openapi.json is generated
// from it, so the document cannot drift from the code; the roles in each
// summary are the service's own role sets, which the service enforces.
// Handlers only translate HTTP to service calls: authorization and
// need-to-know stay in the service, the one path to the data. Errors are
// RFC 9457 problem documents, mapped from the domain's error kinds in one
// place (status, in problem.go).
package httpapi

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/service"
)

// API serves the HTTP API on one service.
type API struct {
	svc     *service.Service
	log     *slog.Logger
	mux     *http.ServeMux
	routes  []route
	metrics *metrics
	openapi []byte
	ready   []namedCheck
	// auditKey signs audit checkpoints, when the operator gave one.
	auditKey ed25519.PrivateKey
	// fails limits failed authentications per client address.
	fails *failLimiter
}

type namedCheck struct {
	name string
	fn   func(context.Context) error
}

// Option configures the API.
type Option func(*API)

// WithReadyCheck adds a check that /readyz runs: fn returns nil when the
// part it checks (say, an in-memory working set) is ready, or an error that
// says what it is waiting for.
func WithReadyCheck(name string, fn func(context.Context) error) Option {
	return func(a *API) { a.ready = append(a.ready, namedCheck{name, fn}) }
}

// WithAuditKey lets POST /v1/audit/checkpoint sign checkpoints of the
// audit trail with the operator's Ed25519 key.
func WithAuditKey(key ed25519.PrivateKey) Option {
	return func(a *API) { a.auditKey = key }
}

// New returns the API's handler.
func New(svc *service.Service, log *slog.Logger, opts ...Option) *API {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &API{svc: svc, log: log, mux: http.NewServeMux(), fails: newFailLimiter(time.Now)}
	for _, o := range opts {
		o(a)
	}
	a.routes = a.table()
	a.metrics = newMetrics(svc)
	for i := range a.routes {
		rt := &a.routes[i]
		a.mux.Handle(rt.Method+" "+rt.Path, a.wrap(rt))
	}
	a.openapi = mustJSON(a.document())
	a.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, &Problem{Type: "https://impartial.example/problems/not-found", Title: "Not Found", Status: http.StatusNotFound,
			Detail: "no route " + r.Method + " " + r.URL.Path + "; /openapi.json lists the routes"})
	})
	return a
}

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

// Routes returns "METHOD PATH" of every route the API serves.
func (a *API) Routes() []string {
	out := make([]string, len(a.routes))
	for i, rt := range a.routes {
		out[i] = rt.Method + " " + rt.Path
	}
	return out
}

// handler serves one route for an authenticated caller (the zero Actor on a
// route without a token).
type handler func(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error

// statusWriter remembers the status a handler wrote, for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// wrap runs a route: body limit, authentication, the handler, the problem
// document of its error, one log line and the request metrics.
func (a *API) wrap(rt *route) http.Handler {
	limit := rt.MaxBody
	if limit == 0 {
		limit = defaultMaxBody
	}
	params := pathParams(rt.Path)
	rm := a.metrics.forRoute(rt.Method + " " + rt.Path)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		a.metrics.inFlight.Inc()
		defer a.metrics.inFlight.Dec()
		sw := &statusWriter{ResponseWriter: w}
		r.Body = http.MaxBytesReader(sw, r.Body, limit)
		var caller impartial.Actor
		err := func() error {
			if rt.Roles != nil {
				var err error
				if caller, err = a.authenticate(sw, r); err != nil {
					return err
				}
			}
			if err := checkQuery(r, rt.Query); err != nil {
				return err
			}
			for _, p := range params {
				if err := checkID(p, r.PathValue(p)); err != nil {
					return err
				}
			}
			return rt.h(sw, r, caller)
		}()
		if err != nil {
			a.fail(sw, r, err)
		}
		elapsed := time.Since(start)
		code := sw.code
		if code == 0 {
			code = http.StatusOK
		}
		rm.observe(code, elapsed)
		// A 503 is the server saying it is not ready, or a check failing
		// closed (logged with its cause as an error where it happens).
		level := slog.LevelInfo
		switch {
		case code == http.StatusServiceUnavailable:
			level = slog.LevelWarn
		case code >= 500:
			level = slog.LevelError
		}
		if !a.log.Enabled(r.Context(), level) {
			return
		}
		// The record is made here rather than by Logger.LogAttrs, which
		// would capture the caller's program counter for a source that the
		// request log never shows (a stack walk per request).
		rec := slog.NewRecord(start.Add(elapsed), level, "request", 0)
		rec.AddAttrs(slog.String("method", r.Method), slog.String("route", rt.Path), slog.String("path", r.URL.Path),
			slog.Int("status", code), slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000))
		if caller.ID != "" {
			rec.AddAttrs(slog.String("caller", caller.ID), slog.String("role", string(caller.Role)))
		}
		a.log.Handler().Handle(r.Context(), rec)
	})
}

// pathParams returns the names of a path's {wildcards}.
func pathParams(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "}"))
		}
	}
	return out
}

// authenticate returns the actor of the request's bearer token. An address
// that has failed too often is refused before its token is looked at.
func (a *API) authenticate(w http.ResponseWriter, r *http.Request) (impartial.Actor, error) {
	addr := clientAddr(r)
	if blocked, wait := a.fails.blocked(addr); blocked {
		secs := int(wait/time.Second) + 1
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		a.log.Warn("request refused: too many failed authentications", "addr", addr, "method", r.Method, "path", r.URL.Path)
		return impartial.Actor{}, &httpError{code: http.StatusTooManyRequests,
			msg: fmt.Sprintf("too many failed authentications from this address; try again in %d s", secs)}
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		a.fails.fail(addr)
		a.log.Warn("authentication failed: no token", "addr", addr, "method", r.Method, "path", r.URL.Path)
		w.Header().Set("WWW-Authenticate", `Bearer realm="impartial"`)
		return impartial.Actor{}, &httpError{code: http.StatusUnauthorized, field: "Authorization", msg: "send an API token as 'Authorization: Bearer TOKEN'"}
	}
	caller, err := a.svc.Authenticate(r.Context(), token)
	if err != nil {
		if impartial.KindOf(err) == impartial.Forbidden {
			a.fails.fail(addr)
			a.log.Warn("authentication failed: unknown, expired or revoked token", "addr", addr, "method", r.Method, "path", r.URL.Path)
			w.Header().Set("WWW-Authenticate", `Bearer realm="impartial", error="invalid_token"`)
			return impartial.Actor{}, &httpError{code: http.StatusUnauthorized, field: "Authorization", msg: err.Error()}
		}
		return impartial.Actor{}, err
	}
	return caller, nil
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	code, p := problemOf(err)
	if code == http.StatusInternalServerError {
		a.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeProblem(w, p)
}

// orEmpty returns s, or an empty slice for nil, so that clients read [] and
// not null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}
