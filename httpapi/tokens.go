package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/service"
)

// tokenRoutes are the token administration routes: admins list, revoke and
// expire API tokens; admins and ethics officials issue them.
func (a *API) tokenRoutes() []route {
	admins := []impartial.Role{impartial.Admin}
	return []route{
		{Method: "GET", Path: "/v1/tokens", Summary: "API tokens issued: who for, when, expiry and state; never the tokens themselves.",
			Roles: admins, Query: with(pageParams), Status: 200, Resp: tokenList{}, h: a.listTokens},
		{Method: "POST", Path: "/v1/tokens", Summary: "Issue an API token for a user or system (for: ROLE:ID; expires: RFC 3339 or a duration); it is shown once, only its hash is stored. Only an admin issues admin tokens.",
			Roles: service.Deciders, Body: tokenRequest{}, Status: 201, Resp: tokenIssued{}, h: a.issueToken},
		{Method: "POST", Path: "/v1/tokens/{id}/revoke", Summary: "Revoke a token: refused by every server within a second.",
			Roles: admins, Status: 200, Resp: service.TokenInfo{}, h: a.revokeToken},
		{Method: "POST", Path: "/v1/tokens/{id}/expire", Summary: "Expire a token now or at a moment (at: RFC 3339 or a duration; body optional).",
			Roles: admins, Body: expireRequest{}, Status: 200, Resp: service.TokenInfo{}, h: a.expireToken},
	}
}

type tokenList struct {
	Tokens []service.TokenInfo `json:"tokens"`
	Next   string              `json:"next"`
}

type tokenRequest struct {
	For     string `json:"for"` // ROLE:ID
	Label   string `json:"label,omitempty"`
	Expires string `json:"expires,omitempty"` // RFC 3339 or a duration
}

type tokenIssued struct {
	Token string `json:"token"`
}

type expireRequest struct {
	At string `json:"at,omitempty"` // RFC 3339 or a duration from now; empty: now
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	list, err := a.svc.Tokens(r.Context(), caller, impartial.Page{After: after, Limit: limit + 1})
	if err != nil {
		return err
	}
	p := idPage(list, limit, func(t service.TokenInfo) string { return t.ID })
	writeJSON(w, http.StatusOK, tokenList{Tokens: p.Items, Next: p.Next})
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
	var req tokenRequest
	if err := decodeJSON(r, &req); err != nil {
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
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, tokenIssued{Token: token})
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
	var req expireRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &req); err != nil {
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
