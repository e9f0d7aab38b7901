package httpapi_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
)

// secretTitle is the confidential reference matter's title.
const secretTitle = "Investigation into Russian interference in the 2016 presidential election"

// TestNoRouteRevealsConfidentialMatter walks every GET route of the OpenAPI
// document as a covered person, with each path parameter set to that
// person, to the confidential matter and to a matter that does not exist:
// no answer holds the confidential matter's title, none holds its id unless
// it was asked about, and one about it is the answer about the missing one.
func TestNoRouteRevealsConfidentialMatter(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		srv, tok := setup(t, s)
		_, doc := raw(t, srv.Client(), srv.URL, tok["sessions"], "/openapi.json")
		var spec struct {
			Paths map[string]map[string]any `json:"paths"`
		}
		if err := json.Unmarshal([]byte(doc), &spec); err != nil || len(spec.Paths) == 0 {
			t.Fatalf("openapi.json: %v", err)
		}
		const secret, missing = "m-russia-2016", "m-nope-x-2016"
		param := regexp.MustCompile(`\{[^}]+\}`)
		queries := []string{"", "?person=sessions&matter=" + secret, "?matter=" + secret, "?entity=sessions", "?after=0"}
		n := 0
		for path, ops := range spec.Paths {
			if _, ok := ops["get"]; !ok {
				continue
			}
			for _, value := range []string{"sessions", secret, "matter"} {
				p := param.ReplaceAllString(path, value)
				for _, q := range queries {
					url := p + q
					code, body := raw(t, srv.Client(), srv.URL, tok["sessions"], url)
					n++
					if strings.Contains(body, secretTitle) {
						t.Errorf("GET %s as covered:sessions: %d, the confidential matter's title in\n%s", url, code, body)
					}
					if !strings.Contains(url, secret) {
						if strings.Contains(body, secret) {
							t.Errorf("GET %s as covered:sessions: %d, the confidential matter's id in\n%s", url, code, body)
						}
						continue
					}
					twin := strings.ReplaceAll(url, secret, missing)
					code2, body2 := raw(t, srv.Client(), srv.URL, tok["sessions"], twin)
					body2 = strings.ReplaceAll(body2, missing, secret)
					if code != code2 || stripVolatile(body) != stripVolatile(body2) {
						t.Errorf("GET %s as covered:sessions answers %d\n%s\nbut about a missing matter %d\n%s", url, code, body, code2, body2)
					}
				}
			}
		}
		t.Logf("%d requests as a covered person", n)
	})
}

// stripVolatile removes what differs between two requests made one after
// the other whatever they ask (a request id).
func stripVolatile(s string) string {
	return regexp.MustCompile(`"(request_id|instance|trace)":"[^"]*"`).ReplaceAllString(s, "")
}
