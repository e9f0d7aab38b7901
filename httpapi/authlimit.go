package httpapi

import (
	"net/http"
	"time"
)

// AuthLimiter limits failed authentications per client address, as the API
// does for its tokens, for other front doors that take a token: the web
// pages' sign-in form. Its memory is bounded (maxAddresses).
type AuthLimiter struct{ l *failLimiter }

// NewAuthLimiter returns a limiter of failBurst failures per address,
// refilling one per failRefill.
func NewAuthLimiter() *AuthLimiter { return &AuthLimiter{newFailLimiter(time.Now)} }

// Blocked reports whether the request's address has used up its failures,
// and when it may try again.
func (a *AuthLimiter) Blocked(r *http.Request) (bool, time.Duration) {
	return a.l.blocked(clientAddr(r))
}

// Fail counts a failed authentication from the request's address.
func (a *AuthLimiter) Fail(r *http.Request) { a.l.fail(clientAddr(r)) }

// ClientAddr is the address a request came from, without its port.
func ClientAddr(r *http.Request) string { return clientAddr(r) }
