package service_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// TestTokenLifecycle: tokens are issued only for ids that exist, can expire,
// and are listed, revoked and expired by admins only; a revocation by one
// process is honoured by another within a second.
func TestTokenLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		var mu sync.Mutex
		now := time.Date(2017, 6, 1, 12, 0, 0, 0, time.UTC)
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		svc := service.New(s, service.WithClock(clock))
		importRef(t, svc)
		admin := impartial.Actor{ID: "root", Role: impartial.Admin}
		for _, tc := range []struct {
			name    string
			caller  impartial.Actor
			actor   impartial.Actor
			expires time.Time
			kind    impartial.ErrorKind
			want    string
		}{
			{"covered, no entity", refcase.Ethics, impartial.Actor{ID: "nobody", Role: impartial.Covered}, time.Time{}, impartial.Invalid, `no entity "nobody"`},
			{"covered, not covered", refcase.Ethics, impartial.Actor{ID: "kislyak", Role: impartial.Covered}, time.Time{}, impartial.Invalid, "is not a covered person"},
			{"matter owner, no entity", refcase.Ethics, impartial.Actor{ID: "ghost", Role: impartial.MatterOwner}, time.Time{}, impartial.Invalid, `no entity "ghost"`},
			{"expired already", refcase.Ethics, impartial.Actor{ID: "cs", Role: impartial.System}, now.Add(-time.Hour), impartial.Invalid, "is not in the future"},
			{"covered issuing", impartial.Actor{ID: "sessions", Role: impartial.Covered}, impartial.Actor{ID: "cs", Role: impartial.System}, time.Time{}, impartial.Forbidden, "only an admin or ethics official"},
		} {
			_, err := svc.IssueTokenUntil(ctx, tc.caller, tc.actor, "t", tc.expires)
			if impartial.KindOf(err) != tc.kind || err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want %v %q", tc.name, err, tc.kind, tc.want)
			}
		}
		short, err := svc.IssueTokenUntil(ctx, refcase.Ethics, impartial.Actor{ID: "sessions", Role: impartial.Covered}, "an hour", now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		long, err := svc.IssueToken(ctx, refcase.Ethics, impartial.Actor{ID: "cs", Role: impartial.System}, "case system")
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{short, long} {
			if _, err := svc.Authenticate(ctx, tok); err != nil {
				t.Fatalf("a fresh token: %v", err)
			}
		}
		mu.Lock()
		now = now.Add(2 * time.Hour)
		mu.Unlock()
		if _, err := svc.Authenticate(ctx, short); impartial.KindOf(err) != impartial.Forbidden {
			t.Errorf("a token past its expiry: %v, want refused", err)
		}
		if _, err := svc.Tokens(ctx, refcase.Ethics, impartial.Page{}); impartial.KindOf(err) != impartial.Forbidden {
			t.Errorf("an ethics official listing tokens: %v", err)
		}
		list, err := svc.Tokens(ctx, admin, impartial.Page{})
		if err != nil || len(list) != 2 {
			t.Fatalf("tokens: %+v, %v", list, err)
		}
		states := map[string]string{}
		var csID string
		for _, tk := range list {
			states[tk.For.ID] = tk.State
			if tk.For.ID == "cs" {
				csID = tk.ID
			}
		}
		if states["sessions"] != "expired" || states["cs"] != "valid" {
			t.Errorf("states: %v", states)
		}
		// Another process, its cache warm with the token.
		other := service.New(s, service.WithClock(clock))
		if _, err := other.Authenticate(ctx, long); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RevokeToken(ctx, refcase.Ethics, csID); impartial.KindOf(err) != impartial.Forbidden {
			t.Errorf("an ethics official revoking: %v", err)
		}
		if _, err := svc.RevokeToken(ctx, admin, "0123"); impartial.KindOf(err) != impartial.Invalid {
			t.Errorf("revoking a malformed id: %v", err)
		}
		if _, err := svc.RevokeToken(ctx, admin, "0000000000000000"); !impartial.IsNotFound(err) {
			t.Errorf("revoking an unknown id: %v", err)
		}
		if info, err := svc.RevokeToken(ctx, admin, csID); err != nil || info.State != "revoked" {
			t.Fatalf("revoke: %+v, %v", info, err)
		}
		if _, err := svc.Authenticate(ctx, long); impartial.KindOf(err) != impartial.Forbidden {
			t.Errorf("revoked, the same process: %v", err)
		}
		time.Sleep(1100 * time.Millisecond) // the other process's cache lifetime, and a margin
		if _, err := other.Authenticate(ctx, long); impartial.KindOf(err) != impartial.Forbidden {
			t.Errorf("revoked, another process a second later: %v", err)
		}
		// Expire by admin.
		tok3, err := svc.IssueToken(ctx, refcase.Ethics, impartial.Actor{ID: "cs2", Role: impartial.System}, "x")
		if err != nil {
			t.Fatal(err)
		}
		list, _ = svc.Tokens(ctx, admin, impartial.Page{})
		for _, tk := range list {
			if tk.For.ID == "cs2" {
				if info, err := svc.ExpireToken(ctx, admin, tk.ID, time.Time{}); err != nil || info.State != "expired" {
					t.Errorf("expire now: %+v, %v", info, err)
				}
			}
		}
		if _, err := svc.Authenticate(ctx, tok3); impartial.KindOf(err) != impartial.Forbidden {
			t.Errorf("expired by an admin: %v", err)
		}
	})
}
