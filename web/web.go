// Package web is impartial's web pages for ethics officials, conflicts
// analysts and covered people: the findings queue, each finding with its
// explaining paths drawn as a graph, matters, people's timelines, recusals
// with their printable memo, statements, and what a covered person sees of
// their own recusals.
//
// The pages are rendered on the server (html/template, assets embedded) and
// work without JavaScript; one small script adds keyboard triage to the
// queue. They call the same service methods as the CLI and the JSON API,
// with the signed-in user as the acting user, so roles and need-to-know are
// enforced in one place: a page about a matter the user may not know of is
// the same page as for a matter that does not exist.
//
// Sign-in exchanges an API token (impartial token) for a session cookie
// (HttpOnly, SameSite=Strict, Secure over TLS) that signing out revokes.
// Every form carries a CSRF token derived from the session, every response a
// strict Content-Security-Policy.
package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/httpapi"
	"github.com/impartial/impartial/service"
)

//go:embed templates static
var assets embed.FS

// Prefix is where the pages live; everything else goes to Options.Next.
const Prefix = "/ui/"

// Cookie names.
const (
	sessionCookie = "impartial_session"
	// preCookie carries the CSRF token of the sign-in form, before there is
	// a session to derive one from.
	preCookie = "impartial_signin"
)

// csp is the Content-Security-Policy of every page: nothing but the site's
// own scripts, styles and images, no inline script or style, no framing,
// forms that post only to the site.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// maxForm bounds a form post's body.
const maxForm = 1 << 20

// sessionAge is how long a browser session lasts without signing in again.
const sessionAge = 8 * time.Hour

// Options configures the site.
type Options struct {
	// Log receives the errors that are not the user's.
	Log *slog.Logger
	// Next serves every request outside Prefix (the JSON API); nil answers
	// them 404.
	Next http.Handler
}

// Site serves the pages.
type Site struct {
	svc   *service.Service
	log   *slog.Logger
	next  http.Handler
	mux   *http.ServeMux
	pages *pages
	// signins limits failed sign-ins per address, so that tokens cannot be
	// guessed through the form either.
	signins *httpapi.AuthLimiter
}

// New returns the site on svc.
func New(svc *service.Service, opt Options) *Site {
	s := &Site{svc: svc, log: opt.Log, next: opt.Next, mux: http.NewServeMux(), pages: loadPages(), signins: httpapi.NewAuthLimiter()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.next == nil {
		s.next = http.NotFoundHandler()
	}
	static, _ := fs.Sub(assets, "static")
	s.mux.Handle("GET /ui/static/", http.StripPrefix("/ui/static/", cacheFor(http.FileServerFS(static))))
	s.mux.HandleFunc("GET /ui/signin", s.signInPage)
	s.mux.HandleFunc("POST /ui/signin", s.signIn)
	s.mux.HandleFunc("POST /ui/signout", s.auth(s.signOut))
	s.mux.HandleFunc("GET /ui/{$}", s.auth(s.home))
	s.mux.HandleFunc("GET /ui/findings", s.auth(s.queue))
	s.mux.HandleFunc("GET /ui/findings/{person}/{matter}/{rule}", s.auth(s.finding))
	s.mux.HandleFunc("POST /ui/findings/{person}/{matter}/{rule}/determine", s.auth(s.determine))
	s.mux.HandleFunc("POST /ui/findings/{person}/{matter}/{rule}/recuse", s.auth(s.recuseFromFinding))
	s.routes()
	s.mux.HandleFunc("/ui/", s.auth(func(w http.ResponseWriter, r *http.Request, c *request) error {
		return &impartial.Error{Kind: impartial.NotFound, Msg: "there is no such page"}
	}))
	return s
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/" || r.URL.Path == "/ui" {
		http.Redirect(w, r, Prefix, http.StatusSeeOther)
		return
	}
	if !strings.HasPrefix(r.URL.Path, Prefix) {
		s.next.ServeHTTP(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	if r.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	s.mux.ServeHTTP(w, r)
}

func cacheFor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// request is what a signed-in handler knows of its request.
type request struct {
	actor   impartial.Actor
	session string
	csrf    string
}

type handler func(w http.ResponseWriter, r *http.Request, c *request) error

// auth runs h as the signed-in user. Without a valid session, a page
// request goes to the sign-in page and a form post is refused. Every form
// post must carry the session's CSRF token and, where the browser sends
// one, an Origin of this site.
func (s *Site) auth(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie(sessionCookie)
		var actor impartial.Actor
		if err == nil && ck.Value != "" {
			actor, err = s.svc.SessionActor(r.Context(), ck.Value, sessionAge)
		}
		if err != nil || ck == nil || ck.Value == "" {
			if err != nil && impartial.KindOf(err) != impartial.Forbidden && !errors.Is(err, http.ErrNoCookie) {
				s.fail(w, r, nil, err)
				return
			}
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				s.refuse(w, r, nil, http.StatusForbidden, "You are not signed in, so the form was not accepted. Sign in and try again.")
				return
			}
			http.Redirect(w, r, "/ui/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		c := &request{actor: actor, session: ck.Value, csrf: csrfToken(ck.Value)}
		if r.Method == http.MethodPost {
			if !s.sameOrigin(r) || !validCSRF(r.PostFormValue("csrf"), c.csrf) {
				s.refuse(w, r, c, http.StatusForbidden, "The form was refused: its security token is missing or does not match your session. "+
					"Go back, reload the page and submit it again.")
				return
			}
		}
		if err := h(w, r, c); err != nil {
			s.fail(w, r, c, err)
		}
	}
}

// csrfToken derives a session's CSRF token: a keyed hash of the session
// secret, which a page from another site can neither read nor compute.
func csrfToken(session string) string {
	m := hmac.New(sha256.New, []byte("impartial web csrf v1"))
	m.Write([]byte(session))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func validCSRF(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// sameOrigin reports whether a form post came from this site, as far as the
// browser says: a present Origin header must name this host.
func (s *Site) sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

func (s *Site) setCookie(w http.ResponseWriter, r *http.Request, name, value string, age time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: Prefix, MaxAge: int(age.Seconds()),
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
}

func (s *Site) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: Prefix, MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
}

func randomToken() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

type signInData struct {
	Next  string
	Error string
}

func (s *Site) signInPage(w http.ResponseWriter, r *http.Request) {
	s.showSignIn(w, r, http.StatusOK, "")
}

func (s *Site) showSignIn(w http.ResponseWriter, r *http.Request, code int, msg string) {
	pre := randomToken()
	s.setCookie(w, r, preCookie, pre, 30*time.Minute)
	s.render(w, r, code, "signin", &view{Title: "Sign in", CSRF: csrfToken(pre), Data: signInData{Next: safeNext(r.FormValue("next")), Error: msg}})
}

// safeNext keeps a post-sign-in destination only if it is one of our pages.
func safeNext(next string) string {
	if !strings.HasPrefix(next, Prefix) || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return Prefix
	}
	return next
}

func (s *Site) signIn(w http.ResponseWriter, r *http.Request) {
	ck, err := r.Cookie(preCookie)
	if err != nil || !s.sameOrigin(r) || !validCSRF(r.PostFormValue("csrf"), csrfToken(ck.Value)) {
		s.refuse(w, r, nil, http.StatusForbidden, "The sign-in form was refused: its security token is missing or has expired. Reload the page and sign in again.")
		return
	}
	// Refused before the token is looked at while the address is out of
	// attempts.
	if blocked, wait := s.signins.Blocked(r); blocked {
		secs := int(wait/time.Second) + 1
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		s.showSignIn(w, r, http.StatusTooManyRequests, fmt.Sprintf("Too many failed sign-ins from your address. Try again in %d second(s).", secs))
		return
	}
	token := strings.TrimSpace(r.PostFormValue("token"))
	if token == "" {
		s.showSignIn(w, r, http.StatusBadRequest, "Enter your access token.")
		return
	}
	session, _, err := s.svc.SignIn(r.Context(), token)
	if err != nil {
		if impartial.KindOf(err) == impartial.Forbidden {
			s.signins.Fail(r)
			s.log.Warn("failed sign-in", "addr", httpapi.ClientAddr(r))
			s.showSignIn(w, r, http.StatusUnauthorized, "That access token is unknown, expired or revoked.")
			return
		}
		s.fail(w, r, nil, err)
		return
	}
	s.clearCookie(w, r, preCookie)
	s.setCookie(w, r, sessionCookie, session, sessionAge)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Site) signOut(w http.ResponseWriter, r *http.Request, c *request) error {
	if err := s.svc.SignOut(r.Context(), c.session); err != nil {
		return err
	}
	s.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, "/ui/signin", http.StatusSeeOther)
	return nil
}

func (s *Site) home(w http.ResponseWriter, r *http.Request, c *request) error {
	if c.actor.Role == impartial.Covered {
		http.Redirect(w, r, "/ui/me", http.StatusSeeOther)
		return nil
	}
	if c.actor.Decides() || c.actor.Role == impartial.Auditor {
		http.Redirect(w, r, "/ui/findings", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "message", c.view("impartial", message{Heading: "Signed in",
		Text: "You are signed in as " + c.actor.String() + ". The pages are for ethics officials, auditors and covered persons; " +
			"your role reaches impartial through the JSON API."}))
}

// message is the data of a page that only says something.
type message struct {
	Heading string
	Text    string
}

var headings = map[int]string{
	http.StatusBadRequest:          "That was not accepted",
	http.StatusNotFound:            "Not found",
	http.StatusConflict:            "That was not recorded",
	http.StatusForbidden:           "Not allowed",
	http.StatusServiceUnavailable:  "Try again shortly",
	http.StatusInternalServerError: "Something went wrong",
}

func (s *Site) fail(w http.ResponseWriter, r *http.Request, c *request, err error) {
	code := httpapi.Status(err)
	msg := err.Error()
	if code == http.StatusInternalServerError {
		s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "An internal error occurred; it has been logged."
	}
	s.refuse(w, r, c, code, msg)
}

func (s *Site) refuse(w http.ResponseWriter, r *http.Request, c *request, code int, msg string) {
	v := &view{Title: headings[code]}
	if c != nil {
		v = c.view(headings[code], nil)
	}
	v.Data = message{Heading: headings[code], Text: msg}
	s.render(w, r, code, "message", v)
}
