package service

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
)

// TestCheckBounds: ids longer than the format allows, or not valid UTF-8,
// or with a NUL, are refused as invalid before any lookup; and asking about
// many unknown matters leaves the wall cache no bigger than its bound.
func TestCheckBounds(t *testing.T) {
	s, _ := testdb.SQLite(t)
	ctx := context.Background()
	svc := New(s)
	if _, err := svc.Import(ctx, refcase.Open(), refcase.FileName, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ person, matter, want string }{
		{"sessions", strings.Repeat("m", 201), `field "matter": is longer than 200 characters`},
		{strings.Repeat("p", 201), "m-pharma", `field "person": is longer than 200 characters`},
		{"sessions", "m\xffx", `field "matter": "m\xffx" is not valid UTF-8`},
		{"sessions", "m\x00x", `field "matter": "m\x00x" contains a NUL character`},
	} {
		d, err := svc.Check(ctx, system, tc.person, impartial.View, tc.matter)
		if impartial.KindOf(err) != impartial.Invalid || !strings.Contains(err.Error(), tc.want) || d.Allow {
			t.Errorf("check %.20q %.20q: %+v, %v; want invalid: %s", tc.person, tc.matter, d, err, tc.want)
		}
	}
	svc.walls.limit = 100
	for i := range 1000 {
		if d, err := svc.Check(ctx, system, "sessions", impartial.View, fmt.Sprintf("unknown-%d-%s", i, strings.Repeat("x", 150))); err != nil || d.Allow {
			t.Fatalf("unknown matter: %+v, %v", d, err)
		}
	}
	if n := len(svc.walls.missing); n > 100 {
		t.Errorf("after 1000 unknown matters the cache holds %d, want at most 100", n)
	}
}

// TestCoveredRevision: the wall revision counts changes to confidential
// matters, so a covered caller is not shown it; a system is.
func TestCoveredRevision(t *testing.T) {
	s, _ := testdb.SQLite(t)
	ctx := context.Background()
	svc := New(s)
	if _, err := svc.Import(ctx, refcase.Open(), refcase.FileName, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	covered := impartial.Actor{ID: "sessions", Role: impartial.Covered}
	for _, tc := range []struct {
		caller  impartial.Actor
		visible bool
	}{{system, true}, {covered, false}, {impartial.Actor{ID: "rosenstein", Role: impartial.MatterOwner}, false}} {
		d, err := svc.Check(ctx, tc.caller, tc.caller.ID, impartial.View, "m-special-counsel")
		if tc.caller.Role == impartial.System {
			d, err = svc.Check(ctx, tc.caller, "sessions", impartial.View, "m-special-counsel")
		}
		if err != nil {
			t.Fatal(err)
		}
		if (d.Revision > 0) != tc.visible {
			t.Errorf("%s sees revision %d; want it shown: %v", tc.caller, d.Revision, tc.visible)
		}
	}
}
