package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/httpapi"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
	"github.com/impartial/impartial/web"
)

// site is a real server on 127.0.0.1, wired as `impartial serve` wires it
// (the pages with the JSON API behind them), on a SQLite database loaded
// with the reference case and screened as of 1 June 2017.
type site struct {
	url      string
	svc      *service.Service
	ethics   string // an ethics official's API token
	sessions string // Jeff Sessions' API token (covered)
}

var sessionsActor = impartial.Actor{ID: "sessions", Role: impartial.Covered}

func startSite(t *testing.T) *site {
	t.Helper()
	ctx := context.Background()
	store, _ := testdb.SQLite(t)
	start := time.Now()
	// The service's clock starts on 1 June 2017, after the Special Counsel
	// was appointed, and runs.
	clock := func() time.Time { return time.Date(2017, 6, 1, 12, 0, 0, 0, time.UTC).Add(time.Since(start)) }
	svc := service.New(store, service.WithClock(clock))
	if _, err := svc.Import(ctx, refcase.Open(), refcase.FileName, service.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Screen(ctx, refcase.Ethics, service.ScreenRequest{All: true, AsOf: impartial.MustDate("2017-06-01"), Save: true}); err != nil {
		t.Fatal(err)
	}
	s := &site{svc: svc}
	var err error
	if s.ethics, err = svc.IssueToken(ctx, refcase.Ethics, refcase.Ethics, "web test"); err != nil {
		t.Fatal(err)
	}
	if s.sessions, err = svc.IssueToken(ctx, refcase.Ethics, sessionsActor, "web test"); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: web.New(svc, web.Options{Next: httpapi.New(svc, nil)}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	s.url = "http://" + ln.Addr().String()
	return s
}

// client is a browser-like HTTP client: it keeps cookies and does not
// follow redirects, so that tests see them.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func (s *site) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: s.url, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type page struct {
	code int
	head http.Header
	body string
}

func (c *client) do(req *http.Request) page {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return page{code: resp.StatusCode, head: resp.Header, body: string(b)}
}

func (c *client) get(path string) page {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

func (c *client) post(path string, form url.Values, header map[string]string) page {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return c.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf returns the CSRF token of the first form on the page.
func csrf(t *testing.T, p page) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no CSRF field on the page:\n%s", p.body)
	}
	return m[1]
}

// signIn signs the client in with token through the sign-in form.
func (c *client) signIn(token string) {
	c.t.Helper()
	p := c.get("/ui/signin")
	got := c.post("/ui/signin", url.Values{"csrf": {csrf(c.t, p)}, "token": {token}, "next": {"/ui/"}}, nil)
	if got.code != http.StatusSeeOther {
		c.t.Fatalf("sign in: status %d, want 303\n%s", got.code, got.body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := startSite(t)
	c := s.client(t)
	p := c.get("/ui/signin")
	tests := []struct{ header, want string }{
		{"Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
		{"X-Frame-Options", "DENY"},
		{"X-Content-Type-Options", "nosniff"},
		{"Cache-Control", "no-store"},
	}
	for _, tt := range tests {
		if got := p.head.Get(tt.header); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.header, got, tt.want)
		}
	}
	if strings.Contains(p.body, "<script>") || strings.Contains(p.body, " style=") {
		t.Errorf("the page has inline script or style, which the policy would block")
	}
	// The session cookie is HttpOnly and SameSite=Strict (Secure needs TLS).
	got := c.post("/ui/signin", url.Values{"csrf": {csrf(t, p)}, "token": {s.ethics}}, nil)
	var session *http.Cookie
	for _, ck := range (&http.Response{Header: got.head}).Cookies() {
		if ck.Name == "impartial_session" {
			session = ck
		}
	}
	if session == nil {
		t.Fatalf("no session cookie after signing in: %v", got.head)
	}
	if !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.Value == s.ethics {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict, and a session rather than the API token itself", session)
	}
}

func TestSignIn(t *testing.T) {
	s := startSite(t)
	tests := []struct {
		name     string
		token    string
		wantCode int
		wantBody string
	}{
		{"unknown token", "imp_nope", http.StatusUnauthorized, "unknown, expired or revoked"},
		{"empty token", "", http.StatusBadRequest, "Enter your access token"},
		{"ethics official", s.ethics, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := s.client(t)
			p := c.get("/ui/signin")
			got := c.post("/ui/signin", url.Values{"csrf": {csrf(t, p)}, "token": {tt.token}}, nil)
			if got.code != tt.wantCode || !strings.Contains(got.body, tt.wantBody) {
				t.Errorf("status %d, want %d with %q:\n%s", got.code, tt.wantCode, tt.wantBody, got.body)
			}
		})
	}
	t.Run("sign-in form without its token", func(t *testing.T) {
		c := s.client(t)
		c.get("/ui/signin")
		if got := c.post("/ui/signin", url.Values{"token": {s.ethics}}, nil); got.code != http.StatusForbidden {
			t.Errorf("status %d, want 403", got.code)
		}
	})
	t.Run("signed out pages go to sign-in", func(t *testing.T) {
		got := s.client(t).get("/ui/findings?person=sessions")
		if got.code != http.StatusSeeOther || got.head.Get("Location") != "/ui/signin?next=%2Fui%2Ffindings%3Fperson%3Dsessions" {
			t.Errorf("status %d, location %q", got.code, got.head.Get("Location"))
		}
	})
	t.Run("sign out revokes the session", func(t *testing.T) {
		c := s.client(t)
		c.signIn(s.ethics)
		p := c.get("/ui/findings")
		if p.code != http.StatusOK {
			t.Fatalf("queue: %d", p.code)
		}
		u, _ := url.Parse(s.url + "/ui/")
		kept := c.http.Jar.Cookies(u)
		if got := c.post("/ui/signout", url.Values{"csrf": {csrf(t, p)}}, nil); got.code != http.StatusSeeOther {
			t.Fatalf("sign out: %d\n%s", got.code, got.body)
		}
		// The cookie is gone from the jar; the session itself must be dead
		// too, for whoever kept a copy.
		if cks := c.http.Jar.Cookies(u); len(cks) != 0 {
			t.Errorf("cookies after sign out: %v", cks)
		}
		thief := s.client(t)
		thief.http.Jar.SetCookies(u, kept)
		if got := thief.get("/ui/findings"); got.code != http.StatusSeeOther {
			t.Errorf("the signed-out session still opens the queue: status %d", got.code)
		}
	})
}

func TestCSRF(t *testing.T) {
	s := startSite(t)
	c := s.client(t)
	c.signIn(s.ethics)
	finding := "/ui/findings/sessions/m-russia-2016/doj-45.2-political"
	p := c.get(finding)
	if p.code != http.StatusOK {
		t.Fatalf("finding page: %d\n%s", p.code, p.body)
	}
	token := csrf(t, p)
	form := func(csrf string) url.Values {
		return url.Values{"csrf": {csrf}, "decision": {"no_conflict"}, "reasons": {"forged"}}
	}
	tests := []struct {
		name   string
		form   url.Values
		header map[string]string
		want   int
	}{
		{"no token", form(""), nil, http.StatusForbidden},
		{"wrong token", form("AAAA"), nil, http.StatusForbidden},
		{"right token, another site's origin", form(token), map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.post(finding+"/determine", tt.form, tt.header)
			if got.code != tt.want || !strings.Contains(got.body, "refused") {
				t.Errorf("status %d, want %d and a refusal:\n%s", got.code, tt.want, got.body)
			}
		})
	}
	d, err := s.svc.Finding(context.Background(), refcase.Ethics, "sessions", "m-russia-2016", "doj-45.2-political")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Determinations) != 0 {
		t.Errorf("a refused form recorded %d determinations", len(d.Determinations))
	}
	// With the token, the same form is accepted.
	if got := c.post(finding+"/determine", url.Values{"csrf": {token}, "recommendation": {"recuse"}, "review_reasons": {"campaign adviser"}}, nil); got.code != http.StatusSeeOther {
		t.Errorf("with the token: status %d\n%s", got.code, got.body)
	}
}

func TestQueue(t *testing.T) {
	s := startSite(t)
	c := s.client(t)
	c.signIn(s.ethics)
	tests := []struct {
		query   string
		want    []string
		notWant []string
	}{
		{"", []string{"Jeff Sessions", "28 CFR 45.2(a), (c)(1)", "principal adviser → Donald J. Trump for President, Inc. → directly affected in the matter", "Special Counsel investigation"}, nil},
		{"?rule=doj-45.2-contacts", []string{"met Sergey I. Kislyak"}, []string{"principal adviser →"}},
		{"?matter=m-pharma", []string{"No findings wait"}, []string{"Jeff Sessions</a>"}},
		{"?regime=judiciary", []string{"No findings wait"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			p := c.get("/ui/findings" + tt.query)
			if p.code != http.StatusOK {
				t.Fatalf("status %d\n%s", p.code, p.body)
			}
			for _, w := range tt.want {
				if !strings.Contains(p.body, w) {
					t.Errorf("queue lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(p.body, w) {
					t.Errorf("queue has %q", w)
				}
			}
		})
	}
	if p := c.get("/ui/findings?outcome=clear"); p.code != http.StatusBadRequest || !strings.Contains(p.body, "outcome") {
		t.Errorf("a bad outcome filter: status %d\n%s", p.code, p.body)
	}
	// A covered person may not read the queue.
	cov := s.client(t)
	cov.signIn(s.sessions)
	if p := cov.get("/ui/findings"); p.code != http.StatusForbidden {
		t.Errorf("covered person reading the queue: status %d, want 403", p.code)
	}
}

// TestCoveredPerson: what Jeff Sessions can and cannot open. A page about a
// confidential matter, or about someone else, is the page about one that
// does not exist, status and all.
func TestCoveredPerson(t *testing.T) {
	s := startSite(t)
	if err := s.svc.RecordRecusal(context.Background(), refcase.Ethics, refcase.Recusal()); err != nil {
		t.Fatal(err)
	}
	c := s.client(t)
	c.signIn(s.sessions)
	same := []struct{ secret, missing, id1, id2 string }{
		{"/ui/matters/m-russia-2016", "/ui/matters/m-nope", "m-russia-2016", "m-nope"},
		{"/ui/persons/rosenstein", "/ui/persons/nobody", "rosenstein", "nobody"},
		{"/ui/recusals/someone-elses", "/ui/recusals/nope", "someone-elses", "nope"},
	}
	for _, tt := range same {
		a, b := c.get(tt.secret), c.get(tt.missing)
		if a.code != http.StatusNotFound || a.code != b.code || strings.ReplaceAll(a.body, tt.id1, "X") != strings.ReplaceAll(b.body, tt.id2, "X") {
			t.Errorf("%s (%d) and %s (%d) differ:\n%s\n---\n%s", tt.secret, a.code, tt.missing, b.code, a.body, b.body)
		}
	}
	tests := []struct {
		path    string
		code    int
		want    []string
		notWant []string
	}{
		{"/ui/me", http.StatusOK, []string{"any pending or future investigations relating in any way to the 2016 campaign", "the Deputy Attorney General", "I have read this recusal"},
			[]string{"m-russia-2016", "Russian interference", "m-special-counsel", "Special Counsel", "political relationship"}},
		{"/ui/persons/sessions", http.StatusOK, []string{"Timeline", "principal adviser", "read and acknowledge"}, []string{"m-russia-2016", "Russian interference in the 2016", "Findings"}},
		{"/ui/recusals/recusal-2017-03-02", http.StatusSeeOther, nil, nil},
		{"/ui/statements/testimony-2017-01-10", http.StatusForbidden, nil, nil},
		{"/ui/matters", http.StatusOK, []string{"Investigation of opioid distribution"}, []string{"m-russia-2016"}},
		{"/ui/matters/m-special-counsel", http.StatusOK, []string{"Parties and roles"}, []string{"Rosenstein", "Team", "Walled off", "Findings"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p := c.get(tt.path)
			if p.code != tt.code {
				t.Fatalf("status %d, want %d\n%s", p.code, tt.code, p.body)
			}
			for _, w := range tt.want {
				if !strings.Contains(p.body, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(p.body, w) {
					t.Errorf("reveals %q", w)
				}
			}
		})
	}
	// Acknowledging someone else's recusal is refused as if it did not
	// exist; his own is recorded.
	me := c.get("/ui/me")
	token := csrf(t, me)
	if p := c.post("/ui/me/recusals/nope/acknowledge", url.Values{"csrf": {token}}, nil); p.code != http.StatusNotFound {
		t.Errorf("acknowledging a missing recusal: %d", p.code)
	}
	if p := c.post("/ui/me/recusals/recusal-2017-03-02/acknowledge", url.Values{"csrf": {token}}, nil); p.code != http.StatusSeeOther {
		t.Errorf("acknowledging his recusal: %d\n%s", p.code, p.body)
	}
	if p := c.get("/ui/me"); !strings.Contains(p.body, "Acknowledged on") {
		t.Errorf("the acknowledgment does not show")
	}
	// A bad disclosure names the field and records nothing.
	bad := []struct {
		form url.Values
		want string
	}{
		{url.Values{"kind": {"holding"}, "name": {""}}, "name"},
		{url.Values{"kind": {"holding"}, "name": {"Acme"}, "start": {"2017-13-01"}}, "start"},
		{url.Values{"kind": {"holding"}, "name": {"Acme"}, "amount_min": {"lots"}}, "amount_min"},
		{url.Values{"kind": {"contact"}, "name": {"Acme"}}, "date"},
	}
	for _, tt := range bad {
		tt.form.Set("csrf", token)
		p := c.post("/ui/me/disclose", tt.form, nil)
		if p.code != http.StatusBadRequest || !strings.Contains(p.body, tt.want) {
			t.Errorf("%v: status %d, want 400 naming %q:\n%s", tt.form, p.code, tt.want, p.body)
		}
	}
}

// TestSecureOverTLS: over TLS the cookies are Secure and the site asks for
// HTTPS from then on.
func TestSecureOverTLS(t *testing.T) {
	s := startSite(t)
	ts := httptest.NewTLSServer(web.New(s.svc, web.Options{}))
	defer ts.Close()
	resp, err := ts.Client().Get(ts.URL + "/ui/signin")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cks := resp.Cookies()
	if len(cks) == 0 {
		t.Fatal("no sign-in cookie")
	}
	for _, ck := range cks {
		if !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode {
			t.Errorf("cookie %s over TLS: Secure %v HttpOnly %v SameSite %v", ck.Name, ck.Secure, ck.HttpOnly, ck.SameSite)
		}
	}
	if got := resp.Header.Get("Strict-Transport-Security"); got == "" {
		t.Errorf("no Strict-Transport-Security over TLS")
	}
}
