package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/httpapi"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func call(t *testing.T, srv *httptest.Server, method, token, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestTokenRoutes: admins issue, list, expire and revoke tokens over the
// API; others are refused; failed authentications are logged with the
// address, and past 20 of them the address is refused with 429, valid token
// or not.
func TestTokenRoutes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s)
		if _, err := svc.Import(ctx, refcase.Open(), refcase.FileName, service.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		admin, err := svc.IssueToken(ctx, impartial.Actor{ID: "root", Role: impartial.Admin}, impartial.Actor{ID: "root", Role: impartial.Admin}, "admin")
		if err != nil {
			t.Fatal(err)
		}
		ethics, err := svc.IssueToken(ctx, refcase.Ethics, refcase.Ethics, "ethics")
		if err != nil {
			t.Fatal(err)
		}
		logs := &syncBuf{}
		api := httpapi.New(svc, slog.New(slog.NewTextHandler(logs, nil)))
		// The limiter's clock stands still unless the test moves it: on a
		// loaded machine the 20 failures below took over a second, the
		// bucket refilled meanwhile, and the count came out wrong.
		var clockMu sync.Mutex
		failClock := time.Now()
		httpapi.SetFailClock(api, func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return failClock })
		srv := httptest.NewServer(api)
		defer srv.Close()

		code, body := call(t, srv, "POST", admin, "/v1/tokens", `{"for":"service:case-system","label":"cases","expires":"720h"}`)
		var issued struct{ Token string }
		if code != 201 || json.Unmarshal([]byte(body), &issued) != nil || !strings.HasPrefix(issued.Token, "imp_") {
			t.Fatalf("issue: %d %s", code, body)
		}
		if code, body := call(t, srv, "POST", admin, "/v1/tokens", `{"for":"covered:nobody"}`); code != 400 || !strings.Contains(body, `no entity \"nobody\"`) {
			t.Errorf("issue for no entity: %d %s", code, body)
		}
		if code, body := call(t, srv, "POST", admin, "/v1/tokens", `{"for":"service:x","expires":"soon"}`); code != 400 || !strings.Contains(body, `field \"expires\"`) {
			t.Errorf("issue with a bad expiry: %d %s", code, body)
		}
		if code, _ := call(t, srv, "GET", ethics, "/v1/tokens", ""); code != 403 {
			t.Errorf("an ethics official listing tokens: %d", code)
		}
		code, body = call(t, srv, "GET", admin, "/v1/tokens", "")
		var list struct{ Tokens []service.TokenInfo }
		if code != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list.Tokens) != 3 {
			t.Fatalf("list: %d %s", code, body)
		}
		if strings.Contains(body, issued.Token) || strings.Contains(body, "imp_") {
			t.Errorf("the listing shows a token: %s", body)
		}
		var id string
		for _, tk := range list.Tokens {
			if tk.For.ID == "case-system" {
				id = tk.ID
				if tk.ExpiresAt.IsZero() {
					t.Errorf("issued with an expiry, listed without: %+v", tk)
				}
			}
		}
		if code, _ := call(t, srv, "GET", issued.Token, "/v1/check?person=sessions&matter=m-pharma", ""); code != 200 {
			t.Errorf("the new token: %d", code)
		}
		if code, _ := call(t, srv, "POST", ethics, "/v1/tokens/"+id+"/revoke", ""); code != 403 {
			t.Errorf("an ethics official revoking: %d", code)
		}
		if code, body := call(t, srv, "POST", admin, "/v1/tokens/"+id+"/revoke", ""); code != 200 || !strings.Contains(body, `"state":"revoked"`) {
			t.Errorf("revoke: %d %s", code, body)
		}
		if code, _ := call(t, srv, "GET", issued.Token, "/v1/check?person=sessions&matter=m-pharma", ""); code != 401 {
			t.Errorf("the revoked token: %d, want 401", code)
		}
		if !strings.Contains(logs.String(), "authentication failed") || !strings.Contains(logs.String(), "addr=127.0.0.1") {
			t.Errorf("failed authentication not logged with its address:\n%s", logs)
		}
		// 20 failures are answered 401 (one already spent above), then 429.
		for i := 1; i < 20; i++ {
			if code, _ := call(t, srv, "GET", "imp_guess", "/v1/check?person=sessions&matter=m-pharma", ""); code != 401 {
				t.Fatalf("failure %d: %d, want 401", i+1, code)
			}
		}
		for _, tok := range []string{"imp_guess", admin} {
			code, _ := call(t, srv, "GET", tok, "/v1/check?person=sessions&matter=m-pharma", "")
			if code != 429 {
				t.Errorf("after 20 failures: %d, want 429", code)
			}
		}
		// A second later one attempt has been refilled: a good token is
		// answered, and one more failure empties the bucket again.
		clockMu.Lock()
		failClock = failClock.Add(time.Second)
		clockMu.Unlock()
		if code, _ := call(t, srv, "GET", admin, "/v1/check?person=sessions&matter=m-pharma", ""); code != 200 {
			t.Errorf("a second after 20 failures, a good token: %d, want 200", code)
		}
		for i, want := range []int{401, 429} {
			if code, _ := call(t, srv, "GET", "imp_guess", "/v1/check?person=sessions&matter=m-pharma", ""); code != want {
				t.Errorf("a second after 20 failures, failure %d: %d, want %d", i+1, code, want)
			}
		}
	})
}
