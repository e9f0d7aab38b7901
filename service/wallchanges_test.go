package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// TestPartialReimportLiftsNoWall: re-importing a matter without the topic a
// recusal covers it by, or without its confidential flag, is refused and
// names what it would lift; nothing changes, and the wall holds. With
// AllowWallChanges it is imported and the report names the change.
func TestPartialReimportLiftsNoWall(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(clock))
		importRef(t, svc)
		if err := svc.RecordRecusal(ctx, refcase.Ethics, refcase.Recusal()); err != nil {
			t.Fatal(err)
		}
		noTopic := `{"record":"matter","id":"m-russia-2016","title":"Investigation into Russian interference in the 2016 presidential election","kind":"criminal_investigation","opened":"2016-07-31","confidential":true,"parties":[{"entity":"russia","role":"subject"}]}`
		public := `{"record":"matter","id":"m-russia-2016","title":"Investigation into Russian interference in the 2016 presidential election","kind":"criminal_investigation","opened":"2016-07-31","topics":["2016 presidential campaign","Russian interference","hacking of Clinton campaign emails"],"parties":[{"entity":"russia","role":"subject"},{"entity":"trump-campaign","role":"directly_affected"},{"entity":"clinton-campaign","role":"victim"}]}`
		for _, tc := range []struct{ name, line, want string }{
			{"topics dropped", noTopic, `recusal "recusal-2017-03-02" of sessions would no longer cover matter "m-russia-2016"`},
			{"confidentiality dropped", public, `matter "m-russia-2016" would no longer be confidential`},
		} {
			_, err := svc.Import(ctx, strings.NewReader(tc.line), "partial.jsonl", service.ImportOptions{Screen: true})
			if impartial.KindOf(err) != impartial.Invalid || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "--allow-wall-changes") {
				t.Errorf("%s: %v, want refused naming %q", tc.name, err, tc.want)
			}
			m, err := svc.Matter(ctx, refcase.Ethics, "m-russia-2016")
			if err != nil || !m.Confidential || len(m.Topics) != 3 {
				t.Errorf("%s: the stored matter changed: %+v, %v", tc.name, m, err)
			}
			if d := mustCheck(t, svc, system, "sessions", impartial.Participate, "m-russia-2016"); d.Allow || d.Recusal == "" {
				t.Errorf("%s: the wall must hold: %+v", tc.name, d)
			}
		}
		rep, err := svc.Import(ctx, strings.NewReader(noTopic), "partial.jsonl", service.ImportOptions{AllowWallChanges: true})
		if err != nil || len(rep.WallChanges) != 1 || !strings.Contains(rep.WallChanges[0], `recusal "recusal-2017-03-02"`) {
			t.Fatalf("allowed: %+v, %v", rep, err)
		}
		if d := mustCheck(t, svc, system, "sessions", impartial.Participate, "m-russia-2016"); d.Recusal != "" {
			t.Errorf("the recusal no longer covers the matter once allowed: %+v", d)
		}
	})
}
