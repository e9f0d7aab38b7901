package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/impartial/impartial"
)

// tokenRoutes adds the token administration routes: admins list, issue,
// revoke and expire API tokens (issuing is also open to ethics officials).
func (a *API) tokenRoutes() {
	a.mux.HandleFunc("GET /v1/tokens", a.auth(a.listTokens))
	a.mux.HandleFunc("POST /v1/tokens", a.auth(a.issueToken))
	a.mux.HandleFunc("POST /v1/tokens/{id}/revoke", a.auth(a.revokeToken))
	a.mux.HandleFunc("POST /v1/tokens/{id}/expire", a.auth(a.expireToken))
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	list, err := a.svc.Tokens(r.Context(), caller, impartial.Page{After: r.URL.Query().Get("after"), Limit: impartial.MaxPage})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": orEmpty(list)})
	return nil
}

// maxBody bounds the JSON bodies the token routes read.
const maxBody = 16 << 10

// decodeBody reads a small JSON object into v, refusing unknown fields.
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return impartial.FieldError("request", "body", "is not the JSON object this route takes: %v", err)
	}
	return nil
}

// parseWhen reads a moment as RFC 3339 or as a duration from now ("720h").
func parseWhen(field, s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(d), nil
	}
	return time.Time{}, impartial.FieldError("request", field, "%q is neither an RFC 3339 time nor a positive duration such as 720h", s)
}

func (a *API) issueToken(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	var req struct {
		For     string `json:"for"` // ROLE:ID
		Label   string `json:"label"`
		Expires string `json:"expires"` // RFC 3339 or a duration
	}
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	role, id, ok := strings.Cut(req.For, ":")
	if !ok {
		return impartial.FieldError("request", "for", "%q: want ROLE:ID, e.g. service:case-system", req.For)
	}
	expires, err := parseWhen("expires", req.Expires, time.Now())
	if err != nil {
		return err
	}
	token, err := a.svc.IssueTokenUntil(r.Context(), caller, impartial.Actor{ID: id, Role: impartial.Role(role)}, req.Label, expires)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]string{"token": token})
	return nil
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	info, err := a.svc.RevokeToken(r.Context(), caller, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, info)
	return nil
}

func (a *API) expireToken(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	var req struct {
		At string `json:"at"` // RFC 3339 or a duration from now; empty: now
	}
	if r.ContentLength != 0 {
		if err := decodeBody(r, &req); err != nil {
			return err
		}
	}
	at, err := parseWhen("at", req.At, time.Now())
	if err != nil {
		return err
	}
	info, err := a.svc.ExpireToken(r.Context(), caller, r.PathValue("id"), at)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, info)
	return nil
}
