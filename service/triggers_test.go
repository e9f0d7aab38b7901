package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

func imp(t *testing.T, svc *service.Service, lines ...string) *service.ImportReport {
	t.Helper()
	rep, err := svc.Import(context.Background(), strings.NewReader(strings.Join(lines, "\n")), "t.jsonl", service.ImportOptions{Screen: true})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func findings(t *testing.T, s impartial.Store, person, matter string) []string {
	t.Helper()
	var out []string
	err := s.View(context.Background(), func(tx impartial.ReadTx) error {
		fs, err := tx.Findings(context.Background(), impartial.FindingFilter{Person: person, Matter: matter})
		for _, f := range fs {
			out = append(out, f.Rule+"="+string(f.Outcome))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTriggers: a merger that makes a judge's holding the parent of a party
// re-screens that matter alone, and the finding walls the judge at once.
func TestTriggers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }))
		rep := imp(t, svc,
			`{"record":"entity","id":"judge","kind":"person","name":"Judith Bench","coverage":{"regime":"judiciary","start":"2010-01-01"}}`,
			`{"record":"entity","id":"parentco","kind":"company","name":"Parent Holdings Inc.","flags":["publicly_traded"]}`,
			`{"record":"entity","id":"subco","kind":"company","name":"Sub Widgets LLC"}`,
			`{"record":"entity","id":"other","kind":"company","name":"Other Corp."}`,
			`{"record":"relationship","id":"h1","from":"judge","type":"holding","to":"parentco","start":"2015-01-01","amount":{"min":1001,"max":15000}}`,
			`{"record":"matter","id":"case-1","title":"Other Corp. v. Sub Widgets LLC","kind":"civil_case","opened":"2024-01-10","parties":[{"entity":"other","role":"party"},{"entity":"subco","role":"party"}],"team":["judge"]}`,
			`{"record":"matter","id":"case-2","title":"Unrelated v. Other","kind":"civil_case","opened":"2024-01-10","parties":[{"entity":"other","role":"party"}],"team":["judge"]}`,
		)
		if rep.Screened == nil || rep.Screened.All {
			t.Fatalf("first import screened %+v", rep.Screened)
		}
		if got := findings(t, s, "judge", "case-1"); len(got) != 0 {
			t.Fatalf("before the merger: %v", got)
		}
		if d := mustCheck(t, svc, system, "judge", impartial.Participate, "case-1"); !d.Allow {
			t.Fatalf("before the merger the judge may sit: %+v", d)
		}
		// The merger: Parent Holdings acquires Sub Widgets.
		rep = imp(t, svc, `{"record":"relationship","id":"merger","from":"parentco","type":"ownership","to":"subco","percent":100,"start":"2024-03-01","source":"merger filing"}`)
		if sc := rep.Screened; sc == nil || sc.All || sc.Matters+sc.Persons+sc.Pairs == 0 {
			t.Fatalf("the merger re-screened %+v; want only what it affects", rep.Screened)
		}
		got := findings(t, s, "judge", "case-1")
		if len(got) != 1 || !strings.HasPrefix(got[0], "455b4-financial=recuse") {
			t.Fatalf("after the merger: %v, want a 455(b)(4) recusal finding", got)
		}
		if got := findings(t, s, "judge", "case-2"); len(got) != 0 {
			t.Errorf("the unrelated case: %v", got)
		}
		d := mustCheck(t, svc, system, "judge", impartial.Participate, "case-1")
		if d.Allow || d.Finding != "455b4-financial" || !strings.Contains(d.Reason, "28 USC 455(b)(4)") {
			t.Errorf("after the merger the wall must deny citing the finding: %+v", d)
		}
		// 455(b) cannot be waived; divestiture cures it.
		err := svc.Authorize(ctx, refcase.Ethics, &impartial.Permission{ID: "w", Kind: impartial.Waiver, Person: "judge", Matter: "case-1", Rules: []string{"455b4-financial"}, Reason: "parties consent"})
		if err == nil || !strings.Contains(err.Error(), "cannot be waived") {
			t.Errorf("waiver of 455(b)(4): %v", err)
		}
		if err := svc.Authorize(ctx, refcase.Ethics, &impartial.Permission{ID: "div", Kind: impartial.Divestiture, Person: "judge", Matter: "case-1",
			Rules: []string{"455b4-financial"}, Granted: impartial.MustDate("2024-05-01"), Reason: "shares sold 2024-05-01"}); err != nil {
			t.Fatal(err)
		}
		if got := findings(t, s, "judge", "case-1"); len(got) != 1 || got[0] != "455b4-financial=permitted" {
			t.Errorf("after divestiture: %v, want permitted", got)
		}
		if d := mustCheck(t, svc, system, "judge", impartial.Participate, "case-1"); !d.Allow {
			t.Errorf("after divestiture the judge may sit: %+v", d)
		}
	})
}

// TestParticipationTriggers: recording that a lawyer was counsel to a former
// client in an old matter re-screens the new matter linked to it as
// substantially related, and the 1.9(a) finding walls the lawyer at once.
func TestParticipationTriggers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		svc := service.New(s, service.WithClock(func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }))
		oldMatter := `{"record":"matter","id":"m-lease","title":"Harbor Foods lease dispute","kind":"engagement","opened":"2015-02-01","closed":"2017-06-30"%s}`
		imp(t, svc,
			`{"record":"entity","id":"firm","kind":"organization","name":"Reyes & Wu LLP"}`,
			`{"record":"entity","id":"dan","kind":"person","name":"Dan Reyes","coverage":{"regime":"law_firm","start":"2010-01-01","forum":"firm"}}`,
			`{"record":"entity","id":"harbor","kind":"company","name":"Harbor Foods Inc."}`,
			`{"record":"entity","id":"pier","kind":"company","name":"Pier Nine Logistics"}`,
			`{"record":"relationship","id":"r-dan-firm","from":"dan","type":"employment","to":"firm","role":"partner","start":"2012-01-01"}`,
			strings.Replace(oldMatter, "%s", "", 1),
			`{"record":"matter","id":"m-new","title":"Pier Nine v. Harbor Foods","kind":"engagement","opened":"2024-03-01","forum":"firm","parties":[{"entity":"pier","role":"client"},{"entity":"harbor","role":"adverse"}],"related":[{"matter":"m-lease","relation":"substantially_related","source":"intake memo"}]}`,
		)
		if got := findings(t, s, "dan", "m-new"); len(got) != 0 {
			t.Fatalf("before his participation is recorded: %v", got)
		}
		rep := imp(t, svc, strings.Replace(oldMatter, "%s", `,"participants":[{"person":"dan","capacity":"counsel","on_behalf_of":"harbor","substantial":true,"status":"confirmed","source":"engagement letter"}]`, 1))
		if sc := rep.Screened; sc == nil || sc.All || sc.Matters < 2 {
			t.Fatalf("recording the participation re-screened %+v; want the old matter and the one related to it", rep.Screened)
		}
		got := findings(t, s, "dan", "m-new")
		if len(got) != 1 || got[0] != "aba-1.9-former-client=recuse" {
			t.Fatalf("after his participation is recorded: %v, want a 1.9(a) recusal", got)
		}
		if d := mustCheck(t, svc, system, "dan", impartial.Participate, "m-new"); d.Allow || d.Finding != "aba-1.9-former-client" {
			t.Errorf("the wall must deny citing 1.9(a): %+v", d)
		}
	})
}

// TestCorporateActionTriggers: an acquisition imported as an event re-screens
// the matter whose party it connects to the judge's holding, through the
// outbox, and the wall denies at once; a later sale imported as a trade lifts
// the finding.
func TestCorporateActionTriggers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		svc := service.New(s, service.WithClock(func() time.Time { return time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC) }))
		imp(t, svc,
			`{"record":"entity","id":"judge","kind":"person","name":"Judith Bench","coverage":{"regime":"judiciary","start":"2010-01-01"}}`,
			`{"record":"entity","id":"tidewater","kind":"company","name":"Tidewater Foods Inc.","flags":["publicly_traded"]}`,
			`{"record":"entity","id":"consolidated","kind":"company","name":"Consolidated Provisions Corp."}`,
			`{"record":"entity","id":"harbor","kind":"company","name":"Harbor Cold Chain LLC"}`,
			`{"record":"relationship","id":"h1","from":"judge","type":"holding","to":"tidewater","start":"2015-01-01","shares":400}`,
			`{"record":"relationship","id":"own","from":"consolidated","type":"ownership","to":"harbor","percent":100,"start":"2015-01-01"}`,
			`{"record":"matter","id":"case-1","title":"Growers v. Harbor Cold Chain","kind":"civil_case","opened":"2024-01-10","parties":[{"entity":"harbor","role":"party"}],"team":["judge"]}`,
		)
		if got := findings(t, s, "judge", "case-1"); len(got) != 0 {
			t.Fatalf("before the acquisition: %v", got)
		}
		rep := imp(t, svc, `{"record":"event","id":"acq","kind":"acquisition","date":"2024-04-15","entity":"tidewater","into":"consolidated","ratio":0.5,"source":"8-K"}`)
		if sc := rep.Screened; sc == nil || sc.All || sc.Matters+sc.Pairs == 0 {
			t.Fatalf("the acquisition re-screened %+v; want what it connects", rep.Screened)
		}
		if got := findings(t, s, "judge", "case-1"); len(got) != 1 || got[0] != "455b4-financial=recuse" {
			t.Fatalf("after the acquisition: %v, want a 455(b)(4) recusal", got)
		}
		if d := mustCheck(t, svc, system, "judge", impartial.Participate, "case-1"); d.Allow {
			t.Errorf("after the acquisition the wall must deny: %+v", d)
		}
		imp(t, svc, `{"record":"event","id":"sale","kind":"trade","date":"2024-05-01","holding":"h1","action":"sell","all":true,"source":"transaction report"}`)
		if got := findings(t, s, "judge", "case-1"); len(got) != 0 {
			t.Errorf("after the sale: %v, want none", got)
		}
		// A trade must be of a holding.
		_, err := svc.Import(context.Background(), strings.NewReader(`{"record":"event","id":"bad","kind":"trade","date":"2024-05-02","holding":"own","action":"buy","shares":5}`), "bad.jsonl", service.ImportOptions{Screen: true})
		if err == nil || !strings.Contains(err.Error(), `relationship "own" is of type ownership, not a holding`) {
			t.Errorf("a trade of an ownership: %v", err)
		}
	})
}
