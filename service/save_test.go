package service

import (
	"context"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/screen"
)

// TestSavePersonScope: re-screening a person against every open matter
// replaces their findings on every open matter — even when only one matter
// was reachable — and keeps those on closed matters.
func TestSavePersonScope(t *testing.T) {
	s, _ := testdb.SQLite(t)
	ctx := context.Background()
	svc := New(s, WithClock(func() time.Time { return time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC) }))
	if _, err := svc.Import(ctx, refcase.Open(), refcase.FileName, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	stale := func(matter string) *impartial.StoredFinding {
		return &impartial.StoredFinding{ComputedAt: svc.stamp(), Finding: impartial.Finding{Person: "sessions", Matter: matter,
			Rule: "x", Rulebook: "b", RulebookVersion: "1", Outcome: impartial.OutcomeRecuse}}
	}
	if err := s.Update(ctx, func(tx impartial.Tx) error {
		for _, m := range []string{"m-pharma", "m-russia-2016"} {
			if err := tx.PutFinding(ctx, stale(m)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	rep := &ScreenReport{}
	rep.add(&screen.Result{Persons: []string{"sessions"}, Matters: []string{"m-special-counsel"}}, scopePerson)
	// m-russia-2016 is taken as closed here: its finding must stay.
	if err := svc.saveFindings(ctx, rep, func(m string) bool { return m == "m-pharma" || m == "m-special-counsel" }); err != nil {
		t.Fatal(err)
	}
	var got []string
	s.View(ctx, func(tx impartial.ReadTx) error {
		fs, err := tx.Findings(ctx, impartial.FindingFilter{Person: "sessions"})
		for _, f := range fs {
			got = append(got, f.Matter)
		}
		return err
	})
	if len(got) != 1 || got[0] != "m-russia-2016" {
		t.Errorf("findings left: %v, want only the closed matter's", got)
	}
}
