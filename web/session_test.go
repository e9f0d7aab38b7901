package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/refcase"
)

var admin = impartial.Actor{ID: "root", Role: impartial.Admin}

// tokenID is the id a listing shows for token (the start of its hash).
func tokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])[:16]
}

// TestSessionEndsWithToken: a browser session signed in with an API token
// lasts no longer than the token: revoking the token, or making it expire,
// ends the session at the next page, though the session itself was neither
// revoked nor old; a token that expires later gives a session that expires
// with it.
func TestSessionEndsWithToken(t *testing.T) {
	s := startSite(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		end  func(id string) error
	}{
		{"revoked", func(id string) error { _, err := s.svc.RevokeToken(ctx, admin, id); return err }},
		{"expired", func(id string) error { _, err := s.svc.ExpireToken(ctx, admin, id, time.Time{}); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token, err := s.svc.IssueTokenUntil(ctx, refcase.Ethics, refcase.Ethics, "web session test", time.Now().AddDate(10, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			c := s.client(t)
			c.signIn(token)
			if got := c.get("/ui/findings"); got.code != http.StatusOK {
				t.Fatalf("signed in: status %d, want 200", got.code)
			}
			if err := tc.end(tokenID(token)); err != nil {
				t.Fatal(err)
			}
			got := c.get("/ui/findings")
			if got.code != http.StatusSeeOther || !strings.HasPrefix(got.head.Get("Location"), "/ui/signin") {
				t.Errorf("after the token was %s: status %d, location %q; want the sign-in page", tc.name, got.code, got.head.Get("Location"))
			}
		})
	}
	// The session's own expiry is the token's.
	until := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	token, err := s.svc.IssueTokenUntil(ctx, refcase.Ethics, refcase.Ethics, "web session test", until)
	if err != nil {
		t.Fatal(err)
	}
	s.client(t).signIn(token)
	list, err := s.svc.Tokens(ctx, admin, impartial.Page{Limit: impartial.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	sessions := 0
	for _, ti := range list {
		if ti.Label == "web session" && ti.ExpiresAt.Equal(until) {
			sessions++
		}
	}
	if sessions != 1 {
		t.Errorf("%d sessions expire with the token at %s, want 1: %+v", sessions, until, list)
	}
}

// TestSignInRateLimited: failed sign-ins from one address are limited as
// failed API authentications are (20, then one a second): past them, even a
// valid token is refused with 429 and Retry-After before it is looked at;
// the API keeps its own count.
func TestSignInRateLimited(t *testing.T) {
	s := startSite(t)
	c := s.client(t)
	try := func(token string) page {
		p := c.get("/ui/signin")
		return c.post("/ui/signin", url.Values{"csrf": {csrf(t, p)}, "token": {token}}, nil)
	}
	for i := range 20 {
		if got := try("imp_wrong" + strconv.Itoa(i)); got.code != http.StatusUnauthorized {
			t.Fatalf("failed sign-in %d: status %d, want 401", i+1, got.code)
		}
	}
	got := try(s.ethics)
	secs, err := strconv.Atoi(got.head.Get("Retry-After"))
	if got.code != http.StatusTooManyRequests || err != nil || secs < 1 || !strings.Contains(got.body, "Too many failed sign-ins") {
		t.Errorf("after 20 failures: status %d, Retry-After %q, want 429 saying when to try again", got.code, got.head.Get("Retry-After"))
	}
	// The API's own limiter is apart: a good token still works there.
	req, _ := http.NewRequest(http.MethodGet, s.url+"/v1/check?person=sessions&matter=m-pharma", nil)
	req.Header.Set("Authorization", "Bearer "+s.ethics)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the API after the form's failures: status %d, want 200", resp.StatusCode)
	}
}
