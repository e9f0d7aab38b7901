package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/service"
)

const article = "On July 20, 2016, then-Sen. Jeff Sessions met Sergey Kislyak at the convention. " +
	"Later, Kislyak visited Sessions in his office."

func TestScanSuggestionsAccept(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s)
		importRef(t, svc)
		ms, ss, err := svc.ScanSuggestions(ctx, impartial.Actor{ID: "analyst", Role: impartial.Ethics}, article)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 4 || len(ss) != 2 || ss[0].Kind != "contact" || ss[0].Date != "2016-07-20" || ss[1].Date != "" {
			t.Fatalf("mentions %v\nsuggestions %+v", ms, ss)
		}
		ethics := impartial.Actor{ID: "analyst", Role: impartial.Ethics}
		for _, tc := range []struct {
			name   string
			caller impartial.Actor
			n      int
			date   string
			kind   impartial.ErrorKind
			want   string
		}{
			{"a covered person may not", impartial.Actor{ID: "sessions", Role: impartial.Covered}, 1, "", impartial.Forbidden, "recording a fact from a scan is for admin, ethics"},
			{"no such suggestion", ethics, 3, "", impartial.Invalid, `field "n": 3 is not a suggestion of this text: it has 2`},
			{"a contact needs a date", ethics, 2, "", impartial.Invalid, `field "date": is required`},
			{"a bad date", ethics, 2, "Sept 8", impartial.Invalid, `field "date"`},
		} {
			_, err := svc.AcceptSuggestion(ctx, tc.caller, article, "article.txt", tc.n, service.AcceptOptions{Date: tc.date})
			if impartial.KindOf(err) != tc.kind || err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want %s containing %q", tc.name, err, tc.kind, tc.want)
			}
		}
		var before int
		s.View(ctx, func(tx impartial.ReadTx) error {
			c, err := tx.Counts(ctx)
			before = c["contact"]
			return err
		})
		a, err := svc.AcceptSuggestion(ctx, ethics, article, "article.txt", 2, service.AcceptOptions{Date: "2016-09-08"})
		if err != nil {
			t.Fatal(err)
		}
		c, ok := a.Record.(*impartial.Contact)
		if !ok || c.Date.String() != "2016-09-08" || strings.Join(c.Participants, ",") != "kislyak,sessions" ||
			!strings.Contains(c.Source, "article.txt, bytes 80-126") || !strings.Contains(c.Note, "by analyst") || a.Import.Created["contact"] != 1 {
			t.Errorf("accepted %+v, import %+v", a.Record, a.Import)
		}
		again, err := svc.AcceptSuggestion(ctx, ethics, article, "article.txt", 2, service.AcceptOptions{Date: "2016-09-08"})
		if err != nil || again.Import.Changed() {
			t.Errorf("accepting twice: %v, changed %v", err, again.Import.Created)
		}
		var after int
		s.View(ctx, func(tx impartial.ReadTx) error {
			c, err := tx.Counts(ctx)
			after = c["contact"]
			return err
		})
		if after != before+1 {
			t.Errorf("contacts %d → %d, want one more", before, after)
		}
		trail, err := svc.AuditTrail(ctx, ethics, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range trail {
			if e.Actor.ID == "analyst" && e.Record == "suggestion 2 of article.txt" {
				found = true
			}
		}
		if !found {
			t.Errorf("no audit event by the analyst for the accepted suggestion")
		}
	})
}
