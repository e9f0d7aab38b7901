// Package httpapi is impartial's HTTP JSON API: the wall check other systems
// call before they show a document or assign a case, the wall change feed,
// and what a covered person sees of their own recusals. Every request
// carries a bearer token; errors map to status codes in one place (status)
// and every error body says what was wrong.
package httpapi

import (
	_ "embed"
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

//go:embed openapi.json
var openapi []byte

// API serves the HTTP API on one service.
type API struct {
	svc *service.Service
	log *slog.Logger
	mux *http.ServeMux
	// fails limits failed authentications per client address.
	fails *failLimiter
}

// New returns the API's handler.
func New(svc *service.Service, log *slog.Logger) *API {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &API{svc: svc, log: log, mux: http.NewServeMux(), fails: newFailLimiter(time.Now)}
	a.tokenRoutes()
	a.mux.HandleFunc("GET /openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openapi)
	})
	a.mux.HandleFunc("GET /v1/check", a.auth(a.check))
	a.mux.HandleFunc("GET /v1/walls/feed", a.auth(a.feed))
	a.mux.HandleFunc("GET /v1/matters/{id}/walled", a.auth(a.walledFromMatter))
	a.mux.HandleFunc("GET /v1/persons/{id}/walled", a.auth(a.walledPerson))
	a.mux.HandleFunc("GET /v1/me/recusals", a.auth(a.myRecusals))
	a.mux.HandleFunc("POST /v1/me/recusals/{id}/acknowledge", a.auth(a.acknowledge))
	return a
}

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

type handler func(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error

// auth authenticates the bearer token and runs h as its actor.
func (a *API) auth(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddr(r)
		if blocked, wait := a.fails.blocked(addr); blocked {
			secs := int(wait/time.Second) + 1
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			a.log.Warn("request refused: too many failed authentications", "addr", addr, "method", r.Method, "path", r.URL.Path)
			writeError(w, http.StatusTooManyRequests, fmt.Sprintf("too many failed authentications from this address; try again in %d s", secs))
			return
		}
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			a.fails.fail(addr)
			a.log.Warn("authentication failed: no token", "addr", addr, "method", r.Method, "path", r.URL.Path)
			w.Header().Set("WWW-Authenticate", `Bearer realm="impartial"`)
			writeError(w, http.StatusUnauthorized, "send an API token as 'Authorization: Bearer TOKEN'")
			return
		}
		caller, err := a.svc.Authenticate(r.Context(), token)
		if err != nil {
			if impartial.KindOf(err) == impartial.Forbidden {
				a.fails.fail(addr)
				a.log.Warn("authentication failed: unknown, expired or revoked token", "addr", addr, "method", r.Method, "path", r.URL.Path)
				w.Header().Set("WWW-Authenticate", `Bearer realm="impartial", error="invalid_token"`)
				writeError(w, http.StatusUnauthorized, err.Error())
				return
			}
			a.fail(w, r, err)
			return
		}
		if err := h(w, r, caller); err != nil {
			a.fail(w, r, err)
		}
	}
}

// status maps an error to its HTTP status: the one place that does.
func status(err error) int {
	switch impartial.KindOf(err) {
	case impartial.Invalid:
		return http.StatusBadRequest
	case impartial.NotFound:
		return http.StatusNotFound
	case impartial.Conflict:
		return http.StatusConflict
	case impartial.Forbidden:
		return http.StatusForbidden
	case impartial.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	msg := err.Error()
	if code == http.StatusInternalServerError {
		a.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error; it has been logged"
	}
	writeError(w, code, msg)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
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

func required(r *http.Request, names ...string) error {
	var p impartial.Problems
	for _, n := range names {
		if r.URL.Query().Get(n) == "" {
			p = append(p, impartial.FieldError("request", n, "is required"))
		}
	}
	return p.Err()
}

// check answers GET /v1/check?person=&action=&matter=[&as_of=]. A deny is a 200 with
// allow false; a check that could not be completed is a 503 that also says
// deny, so that a caller reading only "allow" fails closed.
func (a *API) check(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	if err := required(r, "person", "matter"); err != nil {
		return err
	}
	q := r.URL.Query()
	action := q.Get("action")
	if action == "" {
		action = string(impartial.Participate)
	}
	asOf, err := impartial.ParseDate(q.Get("as_of"))
	if err != nil {
		return impartial.FieldError("request", "as_of", "%v", err)
	}
	d, err := a.svc.CheckAsOf(r.Context(), caller, q.Get("person"), impartial.Action(action), q.Get("matter"), asOf)
	if err != nil {
		code := status(err)
		if code == http.StatusInternalServerError {
			code = http.StatusServiceUnavailable
			a.log.Error("check failed closed", "err", err)
		}
		writeJSON(w, code, d)
		return nil
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (a *API) feed(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	after, limit := int64(0), 1000
	if s := r.URL.Query().Get("after"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return impartial.FieldError("request", "after", "%q is not a position (a whole number ≥ 0)", s)
		}
		after = n
	}
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 10000 {
			return impartial.FieldError("request", "limit", "%q is not a number from 1 to 10000", s)
		}
		limit = n
	}
	changes, err := a.svc.WallFeed(r.Context(), caller, after, limit)
	if err != nil {
		return err
	}
	next := after
	if len(changes) > 0 {
		next = changes[len(changes)-1].Seq
	}
	writeJSON(w, http.StatusOK, map[string]any{"changes": orEmpty(changes), "next": next})
	return nil
}

func (a *API) walledFromMatter(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	list, err := a.svc.Walled(r.Context(), caller, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"walled": orEmpty(list)})
	return nil
}

func (a *API) walledPerson(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	list, err := a.svc.WalledFrom(r.Context(), caller, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"matters": orEmpty(list)})
	return nil
}

func (a *API) myRecusals(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	list, err := a.svc.MyRecusals(r.Context(), caller)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"recusals": orEmpty(list)})
	return nil
}

func (a *API) acknowledge(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	if err := a.svc.Acknowledge(r.Context(), caller, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
