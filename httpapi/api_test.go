package httpapi

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// The roles and the token of each, as the tests call the API.
var testActors = map[string]impartial.Actor{
	"admin":        {ID: "root", Role: impartial.Admin},
	"ethics":       {ID: "oge", Role: impartial.Ethics},
	"covered":      {ID: "sessions", Role: impartial.Covered},
	"matter_owner": {ID: "rosenstein", Role: impartial.MatterOwner},
	"auditor":      {ID: "ig", Role: impartial.Auditor},
	"service":      {ID: "case-system", Role: impartial.System},
}

// exchange is one request and its response, kept to validate the response
// against the OpenAPI document.
type exchange struct {
	method, pattern, path string
	status                int
	media                 string
	body                  []byte
}

// recorder keeps every exchange the tests make.
type recorder struct {
	mu  sync.Mutex
	all []exchange
}

type env struct {
	t      testing.TB
	api    *API
	svc    *service.Service
	store  impartial.Store
	srv    *httptest.Server
	tokens map[string]string
	rec    *recorder
}

// newEnv serves the API over a real store loaded with the reference case,
// with the reference recusal recorded, on 127.0.0.1.
func newEnv(t testing.TB, s impartial.Store) *env {
	t.Helper()
	ctx := context.Background()
	svc := service.New(s, service.WithClock(func() time.Time { return time.Date(2017, 6, 1, 12, 0, 0, 0, time.UTC) }))
	if _, err := svc.Import(ctx, refcase.Open(), refcase.FileName, service.ImportOptions{Screen: true}); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordRecusal(ctx, refcase.Ethics, refcase.Recusal()); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, svc: svc, store: s, tokens: map[string]string{}, rec: &recorder{}}
	for name, a := range testActors {
		tok, err := svc.IssueToken(ctx, impartial.Actor{ID: "root", Role: impartial.Admin}, a, name)
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[name] = tok
	}
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	e.api = New(svc, nil, WithAuditKey(key))
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &captureWriter{ResponseWriter: w}
		e.api.ServeHTTP(cw, r)
		_, pattern := e.api.mux.Handler(r)
		e.rec.mu.Lock()
		e.rec.all = append(e.rec.all, exchange{method: r.Method, pattern: pattern, path: r.URL.Path, status: cw.code,
			media: w.Header().Get("Content-Type"), body: cw.buf.Bytes()})
		e.rec.mu.Unlock()
	}))
	t.Cleanup(e.srv.Close)
	return e
}

type captureWriter struct {
	http.ResponseWriter
	code int
	buf  bytes.Buffer
}

func (c *captureWriter) WriteHeader(code int) {
	if c.code == 0 {
		c.code = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *captureWriter) Write(b []byte) (int, error) {
	if c.code == 0 {
		c.code = 200
	}
	c.buf.Write(b)
	return c.ResponseWriter.Write(b)
}

type response struct {
	code   int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("not a JSON object: %s", r.body)
	}
	return v
}

// do sends one request as role ("" for no token).
func (e *env) do(role, method, path, body string, header ...string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{code: resp.StatusCode, header: resp.Header, body: b}
}

// fixture is a request that exercises a route: the path with its ids, and
// a body the route accepts.
type fixture struct {
	path, body, media string
	header            []string
}

// spareToken issues a token no test uses, for revoking and expiring, and
// returns its listing id.
func (e *env) spareToken(label string) string {
	ctx := context.Background()
	root := impartial.Actor{ID: "root", Role: impartial.Admin}
	if _, err := e.svc.IssueToken(ctx, root, impartial.Actor{ID: "spare", Role: impartial.System}, label); err != nil {
		e.t.Fatal(err)
	}
	list, err := e.svc.Tokens(ctx, root, impartial.Page{})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, t := range list {
		if t.Label == label {
			return t.ID
		}
	}
	e.t.Fatalf("no token %s", label)
	return ""
}

// fixtures has one request for every route; the permission test fails for
// a route without one, so that no route goes untested.
func (e *env) fixtures() map[string]fixture {
	etag := func(path string) string {
		r := e.do("admin", "GET", path, "")
		return r.header.Get("ETag")
	}
	return map[string]fixture{
		"GET /healthz":                          {path: "/healthz"},
		"GET /readyz":                           {path: "/readyz"},
		"GET /metrics":                          {path: "/metrics"},
		"GET /openapi.json":                     {path: "/openapi.json"},
		"GET /v1/version":                       {path: "/v1/version"},
		"POST /v1/tokens":                       {path: "/v1/tokens", body: `{"for":"service:other-system","label":"test","expires":"720h"}`},
		"GET /v1/tokens":                        {path: "/v1/tokens?limit=2"},
		"POST /v1/tokens/{id}/revoke":           {path: "/v1/tokens/" + e.spareToken("to-revoke") + "/revoke"},
		"POST /v1/tokens/{id}/expire":           {path: "/v1/tokens/" + e.spareToken("to-expire") + "/expire", body: `{"at":"8760h"}`},
		"GET /v1/check":                         {path: "/v1/check?person=sessions&action=view&matter=m-special-counsel"},
		"GET /v1/walls/feed":                    {path: "/v1/walls/feed?after=0&limit=2"},
		"GET /v1/matters/{id}/walled":           {path: "/v1/matters/m-special-counsel/walled"},
		"GET /v1/persons/{id}/walled":           {path: "/v1/persons/sessions/walled"},
		"GET /v1/search":                        {path: "/v1/search?q=" + "Jeff+Sessions&limit=3"},
		"POST /v1/scan":                         {path: "/v1/scan?suggest=true", body: "Attorney General Jeff Sessions met Ambassador Kislyak.", media: "text/plain"},
		"POST /v1/scan/accept":                  {path: "/v1/scan/accept", body: `{"text":"On 2016-09-08 Jeff Sessions met Sergey Kislyak in his Senate office.","n":1,"source":"test"}`},
		"POST /v1/import":                       {path: "/v1/import", body: `{"record":"entity","id":"imp-1","kind":"person","name":"Imported Person"}` + "\n", media: "application/x-ndjson"},
		"POST /v1/screenings":                   {path: "/v1/screenings", body: `{"matter":"m-special-counsel","as_of":"2017-06-01"}`},
		"GET /v1/findings":                      {path: "/v1/findings?limit=2"},
		"POST /v1/determinations":               {path: "/v1/determinations", body: `{"person":"sessions","matter":"m-pharma","rule":"doj-45.2-political","recommendation":"no_conflict","review_reasons":"no tie to the parties"}`},
		"GET /v1/determinations":                {path: "/v1/determinations"},
		"POST /v1/recusals":                     {path: "/v1/recusals", body: `{"person":"sessions","effective":"2017-05-01","topics":["opioid distribution"],"scope_text":"any matter concerning opioid distribution","basis":"test"}`},
		"GET /v1/recusals":                      {path: "/v1/recusals?person=sessions"},
		"GET /v1/me/recusals":                   {path: "/v1/me/recusals"},
		"POST /v1/me/recusals/{id}/acknowledge": {path: "/v1/me/recusals/" + refcase.Recusal().ID + "/acknowledge"},
		"POST /v1/authorizations":               {path: "/v1/authorizations", body: `{"kind":"authorization","person":"rosenstein","matter":"m-pharma","reason":"test authorization"}`},
		"GET /v1/authorizations":                {path: "/v1/authorizations"},
		"GET /v1/reconciliation":                {path: "/v1/reconciliation"},
		"GET /v1/audit":                         {path: "/v1/audit?limit=5"},
		"POST /v1/audit/verify":                 {path: "/v1/audit/verify", body: `{"checkpoints":[]}`},
		"POST /v1/audit/checkpoint":             {path: "/v1/audit/checkpoint"},
		"GET /v1/audit/verify":                  {path: "/v1/audit/verify"},

		"GET /v1/entities":                {path: "/v1/entities?limit=5&covered=true"},
		"POST /v1/entities":               {path: "/v1/entities", body: `{"id":"new-person","kind":"person","name":"New Person"}`},
		"GET /v1/entities/{id}":           {path: "/v1/entities/kislyak"},
		"PUT /v1/entities/{id}":           {path: "/v1/entities/heritage", body: `{"id":"heritage","kind":"organization","name":"The Heritage Foundation"}`, header: []string{"If-Match", etag("/v1/entities/heritage")}},
		"POST /v1/entities/{id}/end":      {path: "/v1/entities/rosenstein/end", body: `{"date":"2019-01-02"}`, header: []string{"If-Match", etag("/v1/entities/rosenstein")}},
		"GET /v1/relationships":           {path: "/v1/relationships?entity=sessions"},
		"POST /v1/relationships":          {path: "/v1/relationships", body: `{"id":"r-new","from":"kislyak","type":"membership","to":"heritage"}`},
		"GET /v1/relationships/{id}":      {path: "/v1/relationships/sessions-sasc"},
		"PUT /v1/relationships/{id}":      {path: "/v1/relationships/franken-sjc", body: `{"id":"franken-sjc","from":"franken","type":"position","to":"sjc","role":"member"}`, header: []string{"If-Match", etag("/v1/relationships/franken-sjc")}},
		"POST /v1/relationships/{id}/end": {path: "/v1/relationships/kislyak-ambassador/end", body: `{"date":"2017-07-01"}`, header: []string{"If-Match", etag("/v1/relationships/kislyak-ambassador")}},
		"GET /v1/contacts":                {path: "/v1/contacts"},
		"POST /v1/contacts":               {path: "/v1/contacts", body: `{"id":"c-new","participants":["kislyak","franken"],"date":"2017-02"}`},
		"GET /v1/contacts/{id}":           {path: "/v1/contacts/contact-rnc"},
		"PUT /v1/contacts/{id}":           {path: "/v1/contacts/contact-rnc", body: `{"id":"contact-rnc","participants":["sessions","kislyak"],"date":"2016-07"}`, header: []string{"If-Match", etag("/v1/contacts/contact-rnc")}},
		"GET /v1/matters":                 {path: "/v1/matters"},
		"POST /v1/matters":                {path: "/v1/matters", body: `{"id":"m-new","title":"A new matter","kind":"criminal_investigation","opened":"2017-05-30","team":["rosenstein"],"parties":[{"name":"Gulfport Pharma","role":"subject"}]}`},
		"GET /v1/matters/{id}":            {path: "/v1/matters/m-special-counsel"},
		"PUT /v1/matters/{id}":            {path: "/v1/matters/m-special-counsel", body: `{"id":"m-special-counsel","title":"Special Counsel investigation","kind":"criminal_investigation","opened":"2017-05-17","topics":["2016 presidential campaign"],"team":["rosenstein"]}`, header: []string{"If-Match", etag("/v1/matters/m-special-counsel")}},
		"POST /v1/matters/{id}/close":     {path: "/v1/matters/m-pharma/close", body: `{"date":"2017-12-01"}`, header: []string{"If-Match", etag("/v1/matters/m-pharma")}},
		"POST /v1/matters/{id}/parties":   {path: "/v1/matters/m-special-counsel/parties", body: `{"entity":"kislyak","role":"subject"}`, header: []string{"If-Match", etag("/v1/matters/m-special-counsel")}},
		"DELETE /v1/matters/{id}/parties": {path: "/v1/matters/m-special-counsel/parties?entity=trump-campaign&allow_wall_changes=true", header: []string{"If-Match", etag("/v1/matters/m-special-counsel")}},
		"POST /v1/matters/{id}/topics":    {path: "/v1/matters/m-special-counsel/topics", body: `{"topic":"foreign contacts"}`, header: []string{"If-Match", etag("/v1/matters/m-special-counsel")}},
		"DELETE /v1/matters/{id}/topics":  {path: "/v1/matters/m-special-counsel/topics?topic=2016+presidential+campaign&allow_wall_changes=true", header: []string{"If-Match", etag("/v1/matters/m-special-counsel")}},
		"POST /v1/matters/{id}/team":      {path: "/v1/matters/m-special-counsel/team", body: `{"member":"franken"}`, header: []string{"If-Match", etag("/v1/matters/m-special-counsel")}},
		"DELETE /v1/matters/{id}/team":    {path: "/v1/matters/m-special-counsel/team?member=franken", header: []string{"If-Match", etag("/v1/matters/m-special-counsel")}},
		"GET /v1/statements":              {path: "/v1/statements?by=sessions"},
		"POST /v1/statements":             {path: "/v1/statements", body: `{"id":"s-new","by":"franken","kind":"testimony","date":"2017-01-10","text":"A question."}`},
		"GET /v1/statements/{id}":         {path: "/v1/statements/testimony-2017-01-10"},
		"PUT /v1/statements/{id}":         {path: "/v1/statements/testimony-2017-01-10", body: `{"id":"testimony-2017-01-10","by":"sessions","kind":"testimony","date":"2017-01-10","text":"changed"}`, header: []string{"If-Match", `"0000"`}},
		"GET /v1/corrections":             {path: "/v1/corrections"},
		"POST /v1/corrections":            {path: "/v1/corrections", body: `{"id":"corr-new","statement":"testimony-2017-01-10","date":"2017-03-10","text":"A further correction."}`},
		"GET /v1/corrections/{id}":        {path: "/v1/corrections/correction-2017-03-06"},
		"PUT /v1/corrections/{id}":        {path: "/v1/corrections/correction-2017-03-06", body: `{"id":"correction-2017-03-06","statement":"testimony-2017-01-10","date":"2017-03-06","text":"changed"}`, header: []string{"If-Match", `"0000"`}},
		"GET /v1/events":                  {path: "/v1/events?entity=heritage"},
		"POST /v1/events":                 {path: "/v1/events", body: `{"id":"ev-new","kind":"conversion","date":"2017-05-01","entity":"heritage","into":"trump-campaign"}`},
		"GET /v1/events/{id}":             {path: "/v1/events/ev-none"},
		"PUT /v1/events/{id}":             {path: "/v1/events/ev-none", body: `{"id":"ev-none","kind":"conversion","date":"2017-05-01","entity":"heritage","into":"trump-campaign"}`, header: []string{"If-Match", `"0000"`}},
	}
}

// TestRoutePermissions walks every route with every role and with no token:
// a role the route's summary does not name is refused with 403 before
// anything is written; a role it names is not refused; no token is 401 on
// every /v1 route.
func TestRoutePermissions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		e := newEnv(t, s)
		fx := e.fixtures()
		roles := []string{"admin", "ethics", "covered", "matter_owner", "auditor", "service"}
		for _, rt := range e.api.routes {
			key := rt.Method + " " + rt.Path
			f, ok := fx[key]
			if !ok {
				t.Errorf("%s: no fixture; add one so that its permissions are tested", key)
				continue
			}
			if rt.Roles == nil {
				if r := e.send("", rt.Method, f); r.code >= 400 && r.code != 503 {
					t.Errorf("%s without a token: %d %s", key, r.code, r.body)
				}
				continue
			}
			e.api.fails.reset() // the test fails authentication on purpose, once a route
			if r := e.send("", rt.Method, f); r.code != 401 || !strings.Contains(r.header.Get("Content-Type"), "problem+json") {
				t.Errorf("%s without a token: %d %s, want 401 problem", key, r.code, r.body)
			}
			for _, role := range roles {
				admitted := slices.Contains(rt.Roles, impartial.Role(role))
				before := e.trailLength()
				r := e.send(role, rt.Method, f)
				switch {
				case !admitted && r.code != 403:
					t.Errorf("%s as %s: %d %s; want 403 (the route admits %v)", key, role, r.code, r.body, rt.Roles)
				case !admitted && e.trailLength() != before:
					t.Errorf("%s as %s: refused but the audit trail grew", key, role)
				case admitted && (r.code == 403 || r.code == 401 || r.code >= 500):
					t.Errorf("%s as %s: %d %s; the route admits %v", key, role, r.code, r.body, rt.Roles)
				}
			}
		}
		e.validateAll()
	})
}

func (e *env) send(role, method string, f fixture) response {
	e.t.Helper()
	h := append([]string{}, f.header...)
	if f.media != "" {
		h = append(h, "Content-Type", f.media)
	}
	return e.do(role, method, f.path, f.body, h...)
}

// trailLength is how many audit entries there are: every write appends one.
func (e *env) trailLength() int {
	n := 0
	e.store.View(context.Background(), func(tx impartial.ReadTx) error {
		c, err := tx.Counts(context.Background())
		n = c["audit"]
		if n == 0 {
			evs, _ := tx.AuditEvents(context.Background(), 0, impartial.MaxPage)
			n = len(evs)
		}
		return err
	})
	return n
}

// counts is what the store holds, by kind, plus the audit trail's length.
func (e *env) counts() string {
	var out map[string]int
	e.store.View(context.Background(), func(tx impartial.ReadTx) error {
		var err error
		out, err = tx.Counts(context.Background())
		return err
	})
	return fmt.Sprint(out, e.trailLength())
}

// TestMalformedRequests: bad JSON, wrong types, unknown fields, huge bodies,
// long ids, missing preconditions and wrong media types get a clear 4xx
// problem that names the field, and nothing is written.
func TestMalformedRequests(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		e := newEnv(t, s)
		long := strings.Repeat("x", 201)
		huge := `{"id":"big","kind":"person","name":"` + strings.Repeat("a", 2<<20) + `"}`
		tests := []struct {
			name, method, path, body string
			header                   []string
			code                     int
			field, says              string
		}{
			{"bad JSON", "POST", "/v1/entities", `{"id":"x",`, nil, 400, "", "malformed JSON"},
			{"not an object", "POST", "/v1/entities", `[1,2]`, nil, 400, "", "one JSON object"},
			{"wrong type", "POST", "/v1/entities", `{"id":"x","kind":"person","name":7}`, nil, 400, "name", "is a JSON number, want a string"},
			{"unknown field", "POST", "/v1/entities", `{"id":"x","kind":"person","name":"X","colour":"red"}`, nil, 400, "colour", "is not a field"},
			{"missing field", "POST", "/v1/entities", `{"id":"x","kind":"person"}`, nil, 400, "name", "required"},
			{"wrong record kind", "POST", "/v1/entities", `{"record":"matter","id":"x"}`, nil, 400, "record", "does not match"},
			{"huge body", "POST", "/v1/entities", huge, nil, 413, "", "too large"},
			{"long id in body", "POST", "/v1/entities", `{"id":"` + long + `","kind":"person","name":"X"}`, nil, 400, "id", "longer than 200"},
			{"long id in path", "GET", "/v1/entities/" + long, "", nil, 400, "id", "longer than 200"},
			{"long id in query", "GET", "/v1/check?person=" + long + "&matter=m-pharma", "", nil, 400, "", "longer than 200"},
			{"dangling reference", "POST", "/v1/relationships", `{"id":"r-x","from":"nobody","type":"membership","to":"heritage"}`, nil, 400, "from", "neither stored"},
			{"id taken", "POST", "/v1/entities", `{"id":"sessions","kind":"person","name":"X"}`, nil, 409, "id", "already exists"},
			{"no If-Match", "PUT", "/v1/entities/heritage", `{"id":"heritage","kind":"organization","name":"X"}`, nil, 428, "If-Match", "is required"},
			{"stale If-Match", "PUT", "/v1/entities/heritage", `{"id":"heritage","kind":"organization","name":"X"}`, []string{"If-Match", `"stale"`}, 412, "", "changed since you read it"},
			{"path and body ids differ", "PUT", "/v1/entities/heritage", `{"id":"wapo","kind":"organization","name":"X"}`, []string{"If-Match", `"x"`}, 400, "id", "differs"},
			{"unknown query parameter", "GET", "/v1/findings?outcom=recuse", "", nil, 400, "outcom", "not a parameter"},
			{"bad outcome", "GET", "/v1/findings?outcome=maybe", "", nil, 400, "outcome", "not an outcome"},
			{"bad limit", "GET", "/v1/matters?limit=0", "", nil, 400, "limit", "from 1 to 10000"},
			{"bad date", "POST", "/v1/recusals", `{"person":"sessions","effective":"March 2","scope_text":"x"}`, nil, 400, "", "date"},
			{"wrong media type", "POST", "/v1/entities", `id=x`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "Content-Type", "not accepted"},
			{"trailing data", "POST", "/v1/screenings", `{"all":true} {"all":true}`, nil, 400, "", "one JSON value"},
			{"screen from a file", "POST", "/v1/screenings", `{"all":true,"rulebook":"/etc/passwd"}`, nil, 400, "rulebook", "shipped"},
			{"import with a bad line", "POST", "/v1/import", `{"record":"entity","id":"ok-1","kind":"person","name":"A"}` + "\n" + `{"record":"entity","id":"bad","kind":"planet","name":"B"}` + "\n", []string{"Content-Type", "application/x-ndjson"}, 400, "kind", "planet"},
			{"no route", "GET", "/v1/nothing", "", nil, 404, "", "no route"},
		}
		for _, tc := range tests {
			before := e.counts()
			r := e.do("admin", tc.method, tc.path, tc.body, tc.header...)
			var p Problem
			err := json.Unmarshal(r.body, &p)
			text := string(r.body)
			if tc.path == "/v1/check?person="+long+"&matter=m-pharma" {
				err = nil // the check answers a decision
				p.Status = r.code
			}
			switch {
			case r.code != tc.code:
				t.Errorf("%s: %d %.300s; want %d", tc.name, r.code, text, tc.code)
			case err != nil || p.Status != tc.code:
				t.Errorf("%s: not a problem document: %.300s", tc.name, text)
			case !strings.Contains(strings.ToLower(text), strings.ToLower(tc.says)):
				t.Errorf("%s: %.300s does not say %q", tc.name, text, tc.says)
			case tc.field != "" && !slices.ContainsFunc(p.Errors, func(f FieldProblem) bool { return f.Field == tc.field }):
				t.Errorf("%s: %.300s does not name field %q", tc.name, text, tc.field)
			}
			if after := e.counts(); after != before {
				t.Errorf("%s: something was written: %s → %s", tc.name, before, after)
			}
		}
		// The import's problem names the line.
		r := e.do("admin", "POST", "/v1/import", `{"record":"entity","id":"ok-1","kind":"person","name":"A"}`+"\n"+`{"record":"entity","id":"bad","kind":"planet","name":"B"}`+"\n", "Content-Type", "application/x-ndjson")
		var p Problem
		json.Unmarshal(r.body, &p)
		if len(p.Errors) != 1 || p.Errors[0].Line != 2 || p.Errors[0].Record != `entity "bad"` {
			t.Errorf("import problem: %+v", p.Errors)
		}
		e.validateAll()
	})
}

// TestRecordLifecycle: create, read with ETag, change with If-Match, a
// second change with the old ETag refused, end; listings page with cursors.
func TestRecordLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		e := newEnv(t, s)
		r := e.do("ethics", "POST", "/v1/entities", `{"id":"acme","kind":"company","name":"Acme Widgets LLC"}`)
		if r.code != 201 || r.header.Get("ETag") == "" || r.header.Get("Location") != "/v1/entities/acme" {
			t.Fatalf("create: %d %s %v", r.code, r.body, r.header)
		}
		v1 := r.header.Get("ETag")
		r = e.do("ethics", "GET", "/v1/entities/acme", "")
		if r.code != 200 || r.header.Get("ETag") != v1 {
			t.Fatalf("read: %d %s etag %q want %q", r.code, r.body, r.header.Get("ETag"), v1)
		}
		if r := e.do("ethics", "GET", "/v1/entities/acme", "", "If-None-Match", v1); r.code != 304 {
			t.Errorf("If-None-Match: %d", r.code)
		}
		r = e.do("ethics", "PUT", "/v1/entities/acme", `{"id":"acme","kind":"company","name":"Acme Widgets LLC","aliases":["Acme"]}`, "If-Match", v1)
		v2 := r.header.Get("ETag")
		if r.code != 200 || v2 == v1 {
			t.Fatalf("change: %d %s", r.code, r.body)
		}
		// A second analyst still holding v1 cannot overwrite the change.
		r = e.do("admin", "PUT", "/v1/entities/acme", `{"id":"acme","kind":"company","name":"Acme"}`, "If-Match", v1)
		if r.code != 412 {
			t.Errorf("stale change: %d %s", r.code, r.body)
		}
		if got := e.do("ethics", "GET", "/v1/entities/acme", "").json(t)["aliases"]; fmt.Sprint(got) != "[Acme]" {
			t.Errorf("after the refused change: aliases %v", got)
		}
		// A matter owner opens a matter naming Acme; it is screened.
		r = e.do("matter_owner", "POST", "/v1/matters", `{"id":"m-acme","title":"Acme matter","kind":"civil_case","opened":"2017-05-01","team":["rosenstein"],"parties":[{"entity":"acme","role":"party"}],"confidential":true}`)
		if r.code != 201 {
			t.Fatalf("open matter: %d %s", r.code, r.body)
		}
		// The confidential matter reads as missing to a covered person and
		// to a matter owner not on its team, exactly as a missing one.
		miss := e.do("covered", "GET", "/v1/matters/m-nothing", "")
		conf := e.do("covered", "GET", "/v1/matters/m-acme", "")
		if conf.code != 404 || strings.ReplaceAll(string(conf.body), "m-acme", "m-nothing") != string(miss.body) {
			t.Errorf("confidential matter to a covered person: %d %s vs %s", conf.code, conf.body, miss.body)
		}
		// Paging: every matter once, in id order, with a cursor.
		var ids []string
		path := "/v1/matters?limit=1"
		for range 10 {
			v := e.do("ethics", "GET", path, "").json(t)
			for _, it := range v["items"].([]any) {
				ids = append(ids, it.(map[string]any)["id"].(string))
			}
			next := v["next"].(string)
			if next == "" {
				break
			}
			path = "/v1/matters?limit=1&after=" + next
		}
		if want := []string{"m-acme", "m-pharma", "m-russia-2016", "m-special-counsel"}; !slices.Equal(ids, want) {
			t.Errorf("paged matters: %v, want %v", ids, want)
		}
		covered := e.do("matter_owner", "GET", "/v1/matters", "").json(t)
		if n := len(covered["items"].([]any)); n != 3 {
			t.Errorf("a matter owner lists %d matters, want 3 (not the confidential one off their team)", n)
		}
		// A change that lifts a wall is refused unless allowed, naming it.
		tag := e.do("ethics", "GET", "/v1/matters/m-special-counsel", "").header.Get("ETag")
		lifted := `{"id":"m-special-counsel","title":"Special Counsel","kind":"criminal_investigation","opened":"2017-05-17","team":["rosenstein"]}`
		if r := e.do("ethics", "PUT", "/v1/matters/m-special-counsel", lifted, "If-Match", tag); r.code != 409 || !strings.Contains(string(r.body), "lift walls") {
			t.Errorf("a change lifting a wall: %d %s", r.code, r.body)
		}
		if d := e.do("service", "GET", "/v1/check?person=sessions&matter=m-special-counsel", "").json(t); d["allow"] != false {
			t.Errorf("after the refused change: %v", d)
		}
		if r := e.do("ethics", "PUT", "/v1/matters/m-special-counsel?allow_wall_changes=true", lifted, "If-Match", tag); r.code != 200 {
			t.Errorf("a change lifting a wall, allowed: %d %s", r.code, r.body)
		}
		// Ending a relationship.
		tag = e.do("ethics", "GET", "/v1/relationships/sessions-doj", "").header.Get("ETag")
		r = e.do("ethics", "POST", "/v1/relationships/sessions-doj/end", `{"date":"2018-11-07"}`, "If-Match", tag)
		if r.code != 200 || r.json(t)["end"] != "2018-11-07" {
			t.Errorf("end relationship: %d %s", r.code, r.body)
		}
		e.validateAll()
	})
}

// TestFindingsQueueAndDecisions: the queue filters and pages; a recusal
// recorded through the API denies the next check.
func TestFindingsQueueAndDecisions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		e := newEnv(t, s)
		all := e.do("ethics", "GET", "/v1/findings?limit=10000", "").json(t)["items"].([]any)
		if len(all) == 0 {
			t.Fatal("no findings stored for the reference case")
		}
		var paged []any
		path := "/v1/findings?limit=1"
		for range len(all) + 1 {
			v := e.do("ethics", "GET", path, "").json(t)
			paged = append(paged, v["items"].([]any)...)
			if v["next"] == "" {
				break
			}
			path = "/v1/findings?limit=1&after=" + v["next"].(string)
		}
		if len(paged) != len(all) {
			t.Errorf("paged %d findings, want %d", len(paged), len(all))
		}
		recuse := e.do("ethics", "GET", "/v1/findings?outcome=recuse&person=sessions", "").json(t)["items"].([]any)
		for _, f := range recuse {
			if m := f.(map[string]any); m["outcome"] != "recuse" || m["person"] != "sessions" {
				t.Errorf("filtered queue has %v", m)
			}
		}
		if len(recuse) == 0 {
			t.Errorf("no recuse findings for sessions")
		}
		if old := e.do("ethics", "GET", "/v1/findings?older_than=1000h", "").json(t)["items"].([]any); len(old) != 0 {
			t.Errorf("findings older than 1000h: %d, want 0", len(old))
		}
		// Rosenstein may work on the opioid matter until a recusal is
		// recorded through the API; the next check denies.
		check := "/v1/check?person=rosenstein&action=participate&matter=m-pharma"
		if d := e.do("service", "GET", check, "").json(t); d["allow"] != true {
			t.Fatalf("before: %v", d)
		}
		r := e.do("ethics", "POST", "/v1/recusals", `{"person":"rosenstein","effective":"2017-05-31","matters":["m-pharma"],"scope_text":"the opioid distribution investigation","basis":"test"}`)
		if r.code != 201 {
			t.Fatalf("recuse: %d %s", r.code, r.body)
		}
		if d := e.do("service", "GET", check, "").json(t); d["allow"] != false {
			t.Errorf("after the recusal: %v", d)
		}
		if v := e.do("auditor", "GET", "/v1/audit/verify", "").json(t); v["intact"] != true {
			t.Errorf("verify: %v", v)
		}
		// A scan suggests the meeting a text reports; accepting it records
		// the contact.
		text := "On 2016-09-08 Jeff Sessions met Sergey Kislyak in his Senate office."
		sc := e.do("ethics", "POST", "/v1/scan?suggest=true", text, "Content-Type", "text/plain").json(t)
		if ss, _ := sc["suggestions"].([]any); len(ss) == 0 || len(sc["items"].([]any)) < 2 {
			t.Errorf("scan: %v", sc)
		}
		body, _ := json.Marshal(map[string]any{"text": text, "n": 1, "source": "a test article"})
		if r := e.do("ethics", "POST", "/v1/scan/accept", string(body)); r.code != 201 || !strings.Contains(string(r.body), `"record":"contact"`) {
			t.Errorf("accept: %d %s", r.code, r.body)
		}
		// The metrics count what happened.
		metrics := string(e.do("", "GET", "/metrics", "").body)
		for _, want := range []string{`impartial_wall_checks_total{decision="allow"} 1`, `impartial_wall_checks_total{decision="deny"} 1`,
			`impartial_http_requests_total{route="GET /v1/check",status="200"} 2`, `impartial_http_request_duration_seconds_bucket{route="POST /v1/recusals"`,
			`impartial_rescreens_pending 0`, `impartial_cache_entries{cache="tokens"}`, `impartial_http_requests_in_flight 1`} {
			if !strings.Contains(metrics, want) {
				t.Errorf("metrics lack %s", want)
			}
		}
		// A signed checkpoint of the head, then a verify that the trail
		// still holds it; a checkpoint whose signature was altered is refused.
		r = e.do("auditor", "POST", "/v1/audit/checkpoint", "")
		if r.code != 200 {
			t.Fatalf("checkpoint: %d %s", r.code, r.body)
		}
		cp := string(r.body)
		if v := e.do("auditor", "POST", "/v1/audit/verify", `{"checkpoints":[`+cp+`]}`).json(t); v["intact"] != true || len(v["checkpoints"].([]any)) != 1 {
			t.Errorf("verify with the checkpoint: %v", v)
		}
		var c map[string]any
		json.Unmarshal(r.body, &c)
		c["hash"] = strings.Repeat("0", 64)
		forged, _ := json.Marshal(c)
		if r := e.do("auditor", "POST", "/v1/audit/verify", `{"checkpoints":[`+string(forged)+`]}`); r.code != 400 || !strings.Contains(string(r.body), "checkpoints[0]") {
			t.Errorf("verify with a forged checkpoint: %d %s", r.code, r.body)
		}
		e.validateAll()
	})
}

// TestOpenAPI: the document lists exactly the routes the server serves,
// each route's summary names the roles its table row admits, and every
// documented route is reachable (not answered by the fallback).
func TestOpenAPI(t *testing.T) {
	s, _ := testdb.SQLite(t)
	e := newEnv(t, s)
	r := e.do("", "GET", "/openapi.json", "")
	var doc map[string]any
	if err := json.Unmarshal(r.body, &doc); err != nil || doc["openapi"] != "3.1.0" {
		t.Fatalf("document: %v %.200s", err, r.body)
	}
	var documented []string
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			documented = append(documented, strings.ToUpper(method)+" "+path)
			o := op.(map[string]any)
			summary := o["summary"].(string)
			rt := e.api.route(strings.ToUpper(method), path)
			if rt == nil {
				continue
			}
			want := "No token."
			if rt.Roles != nil {
				want = "Roles: " + strings.Join(roleNames(rt.Roles), ", ") + "."
			}
			if !strings.HasSuffix(summary, want) {
				t.Errorf("%s %s: summary %q does not end %q", method, path, summary, want)
			}
		}
	}
	served := e.api.Routes()
	slices.Sort(documented)
	slices.Sort(served)
	if !slices.Equal(documented, served) {
		t.Errorf("documented routes differ from served ones:\n doc:    %v\n served: %v", documented, served)
	}
	for _, route := range served {
		method, path, _ := strings.Cut(route, " ")
		path = regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(path, "x")
		req := httptest.NewRequest(method, path, nil)
		if _, pattern := e.api.mux.Handler(req); pattern != route {
			t.Errorf("%s is documented but the server answers it with %q", route, pattern)
		}
	}
}

func (a *API) route(method, path string) *route {
	for i := range a.routes {
		if a.routes[i].Method == method && a.routes[i].Path == path {
			return &a.routes[i]
		}
	}
	return nil
}

// validateAll validates every response the test received against the
// OpenAPI document's schema for its route and status.
func (e *env) validateAll() {
	t := e.t
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(e.api.openapi, &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	e.rec.mu.Lock()
	defer e.rec.mu.Unlock()
	checked := 0
	for _, x := range e.rec.all {
		method, path, ok := strings.Cut(x.pattern, " ")
		if !ok || path == "/" {
			continue // the fallback
		}
		op, _ := doc["paths"].(map[string]any)[path].(map[string]any)[strings.ToLower(method)].(map[string]any)
		if op == nil {
			t.Errorf("%s %s answered by %q, which the document lacks", x.method, x.path, x.pattern)
			continue
		}
		resps := op["responses"].(map[string]any)
		resp, ok := resps[fmt.Sprint(x.status)].(map[string]any)
		if !ok {
			resp, ok = resps["default"].(map[string]any)
			if x.status < 400 || !ok {
				t.Errorf("%s %s: status %d is not documented", x.method, x.path, x.status)
				continue
			}
		}
		content, _ := resp["content"].(map[string]any)
		if content == nil {
			if len(x.body) > 0 {
				t.Errorf("%s %s: %d has a body the document does not describe: %.200s", x.method, x.path, x.status, x.body)
			}
			continue
		}
		media, _, _ := strings.Cut(x.media, ";")
		mt, ok := content[media].(map[string]any)
		if !ok {
			t.Errorf("%s %s: %d answered %s, the document says %v", x.method, x.path, x.status, media, keys(content))
			continue
		}
		if !strings.Contains(media, "json") {
			continue
		}
		var v any
		if err := json.Unmarshal(x.body, &v); err != nil {
			t.Errorf("%s %s: not JSON: %.200s", x.method, x.path, x.body)
			continue
		}
		if err := validate(mt["schema"].(map[string]any), v, "$", schemas); err != nil {
			t.Errorf("%s %s → %d: the response does not match the document: %v\n%.400s", x.method, x.path, x.status, err, x.body)
		}
		checked++
	}
	if checked == 0 {
		t.Error("no response was validated")
	}
	t.Logf("%d responses validated against the document", checked)
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// validate checks v against the subset of JSON Schema the document uses.
func validate(s map[string]any, v any, at string, defs map[string]any) error {
	if ref, ok := s["$ref"].(string); ok {
		return validate(defs[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any), v, at, defs)
	}
	var types []string
	switch t := s["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, x := range t {
			types = append(types, x.(string))
		}
	case nil:
		return nil // any value
	}
	got := "null"
	switch x := v.(type) {
	case string:
		got = "string"
	case bool:
		got = "boolean"
	case float64:
		got = "number"
		if x == float64(int64(x)) && slices.Contains(types, "integer") {
			got = "integer"
		}
	case []any:
		got = "array"
	case map[string]any:
		got = "object"
	}
	if !slices.Contains(types, got) {
		return fmt.Errorf("%s: a %s, the document says %v", at, got, types)
	}
	switch x := v.(type) {
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, it := range x {
				if err := validate(items, it, fmt.Sprintf("%s[%d]", at, i), defs); err != nil {
					return err
				}
			}
		}
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := x[r]; !ok {
				return fmt.Errorf("%s: required member %q is missing", at, r)
			}
		}
		for k, val := range x {
			if ps, ok := props[k].(map[string]any); ok {
				if err := validate(ps, val, at+"."+k, defs); err != nil {
					return err
				}
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					return fmt.Errorf("%s: member %q is not in the document", at, k)
				}
			case map[string]any:
				if err := validate(ap, val, at+"."+k, defs); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func asStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			out = append(out, x.(string))
		}
	}
	return out
}
