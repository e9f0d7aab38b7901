package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// raw sends GET path with token and returns the status and body as sent.
func raw(t *testing.T, client *http.Client, base, token, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestCheckRevealsNoConfidentialMatter: for a caller who may not know of a
// confidential matter, every answer of the check route about it — whatever
// the person (unknown, covered, empty), the action (valid or not) — is byte
// for byte the answer about a matter that does not exist (with the id in it
// swapped).
func TestCheckRevealsNoConfidentialMatter(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		srv, tok := setup(t, s)
		svc := service.New(s)
		callers := map[string]string{"covered sessions": tok["sessions"]}
		for name, a := range map[string]impartial.Actor{
			"matter owner":       {ID: "rosenstein", Role: impartial.MatterOwner},
			"covered, no entity": {ID: "rosenstein", Role: impartial.Covered},
		} {
			token, err := svc.IssueToken(context.Background(), refcase.Ethics, a, name)
			if err != nil {
				t.Fatal(err)
			}
			callers[name] = token
		}
		const secret, missing = "m-russia-2016", "m-nope-x-2016" // the same length
		persons := []string{"nobody", "sessions", "rosenstein", "", strings.Repeat("p", 201)}
		actions := []string{"", "view", "participate", "assign", "bogus"}
		n := 0
		for name, token := range callers {
			for _, p := range persons {
				for _, a := range actions {
					q := func(m string) string {
						v := url.Values{"matter": {m}}
						if p != "" {
							v.Set("person", p)
						}
						if a != "" {
							v.Set("action", a)
						}
						return "/v1/check?" + v.Encode()
					}
					c1, b1 := raw(t, srv.Client(), srv.URL, token, q(secret))
					c2, b2 := raw(t, srv.Client(), srv.URL, token, q(missing))
					n++
					if c1 != c2 || b1 != strings.ReplaceAll(b2, missing, secret) {
						t.Errorf("%s, person %.12q, action %q: the confidential matter answers\n %d %s\nbut a missing one\n %d %s",
							name, p, a, c1, b1, c2, b2)
					}
				}
			}
		}
		t.Logf("%d pairs of requests compared", n)
	})
}
