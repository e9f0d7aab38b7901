package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/httpapi"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

func sqliteStore(t testing.TB) (impartial.Store, string) { return testdb.SQLite(t) }

func setup(t testing.TB, s impartial.Store) (*httptest.Server, map[string]string) {
	t.Helper()
	ctx := context.Background()
	svc := service.New(s, service.WithClock(func() time.Time { return time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC) }))
	if _, err := svc.Import(ctx, refcase.Open(), refcase.FileName, service.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordRecusal(ctx, refcase.Ethics, refcase.Recusal()); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for name, a := range map[string]impartial.Actor{
		"system":   {ID: "case-system", Role: impartial.System},
		"sessions": {ID: "sessions", Role: impartial.Covered},
		"ethics":   {ID: "oge", Role: impartial.Ethics},
	} {
		tok, err := svc.IssueToken(ctx, refcase.Ethics, a, name)
		if err != nil {
			t.Fatal(err)
		}
		tokens[name] = tok
	}
	srv := httptest.NewServer(httpapi.New(svc, nil)) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return srv, tokens
}

func get(t *testing.T, srv *httptest.Server, token, path string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var v map[string]any
	if len(body) > 0 {
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("GET %s: not JSON: %s", path, body)
		}
	}
	return resp.StatusCode, v
}

func TestCheckAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		srv, tok := setup(t, s)
		tests := []struct {
			name, token, path string
			code              int
			allow             bool
			says              string
		}{
			{"recused", tok["system"], "/v1/check?person=sessions&action=view&matter=m-special-counsel", 200, false, "Jeff Sessions is recused"},
			{"team member", tok["system"], "/v1/check?person=rosenstein&matter=m-special-counsel", 200, true, "on the matter's team"},
			{"unrelated matter", tok["system"], "/v1/check?person=sessions&matter=m-pharma", 200, true, "no recusal"},
			{"confidential to covered", tok["sessions"], "/v1/check?person=sessions&action=view&matter=m-russia-2016", 200, false, `no matter "m-russia-2016"`},
			{"missing to covered", tok["sessions"], "/v1/check?person=sessions&action=view&matter=m-russia-2099", 200, false, `no matter "m-russia-2099"`},
			{"bad action", tok["system"], "/v1/check?person=sessions&action=dance&matter=m-pharma", 400, false, `field "action"`},
			{"missing person", tok["system"], "/v1/check?matter=m-pharma", 400, false, `field "person": is required`},
			{"no token", "", "/v1/check?person=sessions&matter=m-pharma", 401, false, "Authorization: Bearer"},
			{"bad token", "imp_nope", "/v1/check?person=sessions&matter=m-pharma", 401, false, "unknown, expired or revoked"},
			{"other person", tok["sessions"], "/v1/check?person=rosenstein&matter=m-pharma", 403, false, "only their own"},
		}
		for _, tc := range tests {
			code, body := get(t, srv, tc.token, tc.path)
			text := fmt.Sprint(body)
			if code != tc.code || (code == 200 && body["allow"] != tc.allow) || !strings.Contains(text, tc.says) {
				t.Errorf("%s: %d %s; want %d allow=%v saying %q", tc.name, code, text, tc.code, tc.allow, tc.says)
			}
		}
	})
}

func TestFeedAndRecusals(t *testing.T) {
	s, _ := testdb.SQLite(t)
	srv, tok := setup(t, s)
	code, body := get(t, srv, tok["ethics"], "/v1/walls/feed?after=0")
	changes, _ := body["changes"].([]any)
	if code != 200 || len(changes) != 4 { // three matters imported, one recusal
		t.Fatalf("feed: %d %v", code, body)
	}
	next := body["next"].(float64)
	code, body = get(t, srv, tok["ethics"], "/v1/walls/feed?after=3")
	if changes, _ := body["changes"].([]any); code != 200 || len(changes) != 1 || body["next"].(float64) != next {
		t.Errorf("feed resumed after 3: %d %v", code, body)
	}
	if code, _ := get(t, srv, tok["ethics"], "/v1/walls/feed?after=x"); code != 400 {
		t.Errorf("bad position: %d", code)
	}
	if code, _ := get(t, srv, tok["sessions"], "/v1/walls/feed"); code != 403 {
		t.Errorf("feed for a covered person: %d", code)
	}
	code, body = get(t, srv, tok["sessions"], "/v1/me/recusals")
	text, _ := json.Marshal(body)
	if code != 200 || !strings.Contains(string(text), "any pending or future investigations") || strings.Contains(string(text), "m-russia") {
		t.Errorf("own recusals: %d %s", code, text)
	}
	code, body = get(t, srv, tok["ethics"], "/v1/matters/m-special-counsel/walled")
	text, _ = json.Marshal(body)
	if code != 200 || !strings.Contains(string(text), `"person":"sessions"`) {
		t.Errorf("walled: %d %s", code, text)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/v1/me/recusals/recusal-2017-03-02/acknowledge", nil)
	req.Header.Set("Authorization", "Bearer "+tok["sessions"])
	resp, err := srv.Client().Do(req)
	if err != nil || resp.StatusCode != 204 {
		t.Errorf("acknowledge: %v %v", err, resp.Status)
	}
	code, _ = get(t, srv, tok["system"], "/openapi.json")
	if code != 200 {
		t.Errorf("openapi: %d", code)
	}
}
