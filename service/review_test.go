package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// TestNoStaleAllowAfterManyChanges: a check whose cache lags far behind the
// revision (many unrelated wall changes, then a recusal) must still deny.
func TestNoStaleAllowAfterManyChanges(t *testing.T) {
	for _, n := range []int{1500, 12000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s, _ := testdb.SQLite(t)
			ctx := context.Background()
			svc := service.New(s, service.WithClock(clock))
			importRef(t, svc)
			if d := mustCheck(t, svc, system, "sessions", impartial.Participate, "m-pharma"); !d.Allow {
				t.Fatalf("precondition: %+v", d)
			}
			if err := s.Update(ctx, func(tx impartial.Tx) error {
				for i := range n {
					if _, err := tx.AppendWallChange(ctx, impartial.WallChange{At: clock(), Kind: "matter", Matter: fmt.Sprint("other-", i)}); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			r := &impartial.Recusal{ID: "r-pharma", Person: "sessions", Effective: impartial.MustDate("2017-04-01"),
				Matters: []string{"m-pharma"}, ScopeText: "the opioid matter"}
			if err := svc.RecordRecusal(ctx, refcase.Ethics, r); err != nil {
				t.Fatal(err)
			}
			if d := mustCheck(t, svc, system, "sessions", impartial.Participate, "m-pharma"); d.Allow || d.Recusal != "r-pharma" {
				t.Errorf("after %d changes and a recusal: %+v", n, d)
			}
		})
	}
}

func TestDetermineCannotAuthorizeTheUnwaivable(t *testing.T) {
	s, _ := testdb.SQLite(t)
	ctx := context.Background()
	svc := service.New(s, service.WithClock(clock))
	importRef(t, svc)
	err := svc.Determine(ctx, refcase.Ethics, &impartial.Determination{Person: "sessions", Matter: "m-pharma",
		Rule: "455b4-financial", Decision: impartial.DecideAuthorize, Reasons: "the parties agree"})
	if err == nil || !strings.Contains(err.Error(), "cannot be waived") {
		t.Fatalf("authorizing a 455(b)(4) ground by determination: %v", err)
	}
	var n int
	s.View(ctx, func(tx impartial.ReadTx) error {
		c, err := tx.Counts(ctx)
		n = c["permission"] + c["determination"]
		return err
	})
	if n != 0 {
		t.Errorf("a refused determination left %d records", n)
	}
}

func TestRecusalIsNeverRewritten(t *testing.T) {
	s, _ := testdb.SQLite(t)
	ctx := context.Background()
	svc := service.New(s, service.WithClock(clock))
	importRef(t, svc)
	if err := svc.RecordRecusal(ctx, refcase.Ethics, refcase.Recusal()); err != nil {
		t.Fatal(err)
	}
	again := refcase.Recusal()
	again.ScopeText = "something else"
	if err := svc.RecordRecusal(ctx, refcase.Ethics, again); impartial.KindOf(err) != impartial.Conflict {
		t.Errorf("re-recording a recusal id: %v, want a conflict", err)
	}
}
