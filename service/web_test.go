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

var (
	sessions = impartial.Actor{ID: "sessions", Role: impartial.Covered}
	owner    = impartial.Actor{ID: "rosenstein", Role: impartial.MatterOwner}
	auditor  = impartial.Actor{ID: "ig", Role: impartial.Auditor}
)

// succeeds stands for no error in tables of error kinds.
const succeeds = impartial.ErrorKind(255)

// screenedRef loads the reference case and screens it as of 1 June 2017.
func screenedRef(t *testing.T, s impartial.Store) *service.Service {
	t.Helper()
	svc := service.New(s, service.WithClock(clock))
	importRef(t, svc)
	if _, err := svc.Screen(context.Background(), refcase.Ethics, service.ScreenRequest{All: true, AsOf: impartial.MustDate("2017-06-01"), Save: true}); err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestReadModelsNeedToKnow: every read model behind the pages applies the
// roles, and a covered person asking about a confidential matter, or about
// someone else, is told exactly what he would be told of one that does not
// exist.
func TestReadModelsNeedToKnow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := screenedRef(t, s)
		tests := []struct {
			name   string
			caller impartial.Actor
			read   func(impartial.Actor) error
			want   impartial.ErrorKind // succeeds for success
		}{
			{"queue, ethics", refcase.Ethics, func(a impartial.Actor) error { _, err := svc.Queue(ctx, a, service.FindingQuery{}); return err }, succeeds},
			{"queue, auditor", auditor, func(a impartial.Actor) error { _, err := svc.Queue(ctx, a, service.FindingQuery{}); return err }, succeeds},
			{"queue, covered", sessions, func(a impartial.Actor) error { _, err := svc.Queue(ctx, a, service.FindingQuery{}); return err }, impartial.Forbidden},
			{"queue, matter owner", owner, func(a impartial.Actor) error { _, err := svc.Queue(ctx, a, service.FindingQuery{}); return err }, impartial.Forbidden},
			{"queue, bad outcome", refcase.Ethics, func(a impartial.Actor) error {
				_, err := svc.Queue(ctx, a, service.FindingQuery{Outcome: "clear"})
				return err
			}, impartial.Invalid},
			{"finding, covered", sessions, func(a impartial.Actor) error {
				_, err := svc.Finding(ctx, a, "sessions", "m-russia-2016", "doj-45.2-political")
				return err
			}, impartial.Forbidden},
			{"finding, missing", refcase.Ethics, func(a impartial.Actor) error {
				_, err := svc.Finding(ctx, a, "sessions", "m-pharma", "doj-45.2-political")
				return err
			}, impartial.NotFound},
			{"confidential matter, covered", sessions, func(a impartial.Actor) error { _, err := svc.MatterOverview(ctx, a, "m-russia-2016"); return err }, impartial.NotFound},
			{"confidential matter, matter owner off its team", owner, func(a impartial.Actor) error { _, err := svc.MatterOverview(ctx, a, "m-russia-2016"); return err }, impartial.NotFound},
			{"open matter, covered", sessions, func(a impartial.Actor) error { _, err := svc.MatterOverview(ctx, a, "m-pharma"); return err }, succeeds},
			{"another person, covered", sessions, func(a impartial.Actor) error { _, err := svc.PersonOverview(ctx, a, "rosenstein"); return err }, impartial.NotFound},
			{"himself, covered", sessions, func(a impartial.Actor) error { _, err := svc.PersonOverview(ctx, a, "sessions"); return err }, succeeds},
			{"a person, matter owner", owner, func(a impartial.Actor) error { _, err := svc.PersonOverview(ctx, a, "sessions"); return err }, impartial.Forbidden},
			{"statement, covered", sessions, func(a impartial.Actor) error {
				_, err := svc.StatementOverview(ctx, a, "testimony-2017-01-10")
				return err
			}, impartial.Forbidden},
			{"recusals, covered", sessions, func(a impartial.Actor) error { _, err := svc.AllRecusals(ctx, a); return err }, impartial.Forbidden},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.read(tt.caller)
				if got := impartial.KindOf(err); (err == nil) != (tt.want == succeeds) || (err != nil && got != tt.want) {
					t.Errorf("got %v (%s), want %q", err, got, tt.want)
				}
			})
		}
		// Indistinguishable from missing: the same message, the id aside.
		_, secret := svc.MatterOverview(ctx, sessions, "m-russia-2016")
		_, missing := svc.MatterOverview(ctx, sessions, "m-nope")
		if a, b := strings.ReplaceAll(secret.Error(), "m-russia-2016", "X"), strings.ReplaceAll(missing.Error(), "m-nope", "X"); a != b {
			t.Errorf("confidential: %q, missing: %q", a, b)
		}
		_, other := svc.PersonOverview(ctx, sessions, "rosenstein")
		_, nobody := svc.PersonOverview(ctx, sessions, "nobody")
		if a, b := strings.ReplaceAll(other.Error(), "rosenstein", "X"), strings.ReplaceAll(nobody.Error(), "nobody", "X"); a != b {
			t.Errorf("another person: %q, nobody: %q", a, b)
		}
		// Nor does he learn who works on a matter he is not on.
		sc, err := svc.MatterOverview(ctx, sessions, "m-special-counsel")
		if err != nil {
			t.Fatal(err)
		}
		if len(sc.Matter.Team) != 0 || sc.Names["rosenstein"] != "" {
			t.Errorf("a covered person sees the team of a matter he is not on: %v %v", sc.Matter.Team, sc.Names)
		}
		if sc, err = svc.MatterOverview(ctx, refcase.Ethics, "m-special-counsel"); err != nil || len(sc.Matter.Team) != 1 {
			t.Errorf("an ethics official does not see the team: %v %v", sc, err)
		}
		// The matters a covered person may know of leave out the
		// confidential one.
		list, err := svc.VisibleMatters(ctx, sessions)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range list {
			ids = append(ids, m.ID)
		}
		if got, want := strings.Join(ids, " "), "m-pharma m-special-counsel"; got != want {
			t.Errorf("visible matters of a covered person: %q, want %q", got, want)
		}
	})
}

func TestQueueFilters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := screenedRef(t, s)
		tests := []struct {
			q    service.FindingQuery
			want []string // person/matter/rule/outcome, strictest first
		}{
			{service.FindingQuery{Matter: "m-russia-2016"}, []string{
				"sessions m-russia-2016 doj-45.2-political recuse",
				"sessions m-russia-2016 doj-45.2-contacts review"}},
			{service.FindingQuery{Rule: "doj-45.2-contacts"}, []string{
				"sessions m-russia-2016 doj-45.2-contacts review",
				"sessions m-special-counsel doj-45.2-contacts review"}},
			{service.FindingQuery{Outcome: impartial.OutcomeRecuse, Regime: impartial.DOJ, Person: "sessions"}, []string{
				"sessions m-russia-2016 doj-45.2-political recuse",
				"sessions m-special-counsel doj-45.2-political recuse"}},
			{service.FindingQuery{Regime: impartial.Judiciary}, nil},
		}
		for _, tt := range tests {
			q, err := svc.Queue(ctx, refcase.Ethics, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range q.Items {
				got = append(got, strings.Join([]string{it.Person, it.Matter, it.Rule, string(it.Outcome)}, " "))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("%+v:\ngot  %q\nwant %q", tt.q, got, tt.want)
			}
		}
		// A recusal in force that covers the matter is named on the item.
		if err := svc.RecordRecusal(ctx, refcase.Ethics, refcase.Recusal()); err != nil {
			t.Fatal(err)
		}
		q, err := svc.Queue(ctx, refcase.Ethics, service.FindingQuery{Person: "sessions"})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range q.Items {
			if it.Recusal != "recusal-2017-03-02" {
				t.Errorf("%s on %s: covered by %q, want the recusal of 2 March 2017", it.Rule, it.Matter, it.Recusal)
			}
		}
		// A decision takes the finding out of the queue.
		if err := svc.Determine(ctx, refcase.Ethics, &impartial.Determination{Person: "sessions", Matter: "m-russia-2016", Rule: "doj-45.2-contacts",
			Decision: impartial.DecideNoConflict, Reasons: "official-capacity meetings"}); err != nil {
			t.Fatal(err)
		}
		q, err = svc.Queue(ctx, refcase.Ethics, service.FindingQuery{Matter: "m-russia-2016"})
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Items) != 1 || q.Items[0].Rule != "doj-45.2-political" {
			t.Errorf("after deciding the contacts finding, the queue holds %+v", q.Items)
		}
		q, err = svc.Queue(ctx, refcase.Ethics, service.FindingQuery{Matter: "m-russia-2016", Decided: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Items) != 2 {
			t.Errorf("with decided findings: %d items, want 2", len(q.Items))
		}
	})
}

// TestDisclose: a covered person's disclosure is recorded as reported and
// re-screens, and the receipt names no matter.
func TestDisclose(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := screenedRef(t, s)
		bad := []struct {
			name   string
			caller impartial.Actor
			d      service.Disclosure
			want   impartial.ErrorKind
			field  string
		}{
			{"ethics official", refcase.Ethics, service.Disclosure{Kind: service.DiscloseHolding, Name: "Acme"}, impartial.Forbidden, ""},
			{"no name", sessions, service.Disclosure{Kind: service.DiscloseHolding}, impartial.Invalid, "name"},
			{"bad kind", sessions, service.Disclosure{Kind: "gift", Name: "Acme"}, impartial.Invalid, "kind"},
			{"contact without date", sessions, service.Disclosure{Kind: service.DiscloseContact, Name: "Sergey Kislyak"}, impartial.Invalid, "date"},
			{"bad position type", sessions, service.Disclosure{Kind: service.DisclosePosition, Name: "Acme", Type: impartial.Family}, impartial.Invalid, "type"},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.Disclose(ctx, tt.caller, tt.d)
				var e *impartial.Error
				if impartial.KindOf(err) != tt.want || (tt.field != "" && !(asError(err, &e) && e.Field == tt.field)) {
					t.Errorf("got %v, want %s on %q", err, tt.want, tt.field)
				}
			})
		}
		before, err := svc.Queue(ctx, refcase.Ethics, service.FindingQuery{Matter: "m-pharma"})
		if err != nil {
			t.Fatal(err)
		}
		if len(before.Items) != 0 {
			t.Fatalf("before the disclosure, m-pharma has findings: %+v", before.Items)
		}
		rc, err := svc.Disclose(ctx, sessions, service.Disclosure{Kind: service.DiscloseHolding, Name: "Gulfport Pharma LLC",
			Amount: &impartial.Amount{Min: 15001, Max: 50000}, Start: impartial.MustDate("2017-05-01")})
		if err != nil {
			t.Fatal(err)
		}
		if rc.NewEntity != "" {
			t.Errorf("the holding was recorded against a new entity %q, not the known Gulfport Pharma LLC", rc.NewEntity)
		}
		after, err := svc.Queue(ctx, refcase.Ethics, service.FindingQuery{Matter: "m-pharma", Person: "sessions"})
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Items) == 0 {
			t.Fatalf("the disclosed holding in a party did not re-screen the matter")
		}
		p, err := svc.PersonOverview(ctx, sessions, "sessions")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range p.Profile.Events {
			if e.ID == rc.Record && e.Status == impartial.Reported {
				found = true
			}
		}
		if !found {
			t.Errorf("the disclosure %s is not on his record as reported", rc.Record)
		}
		// A name nobody knows is recorded as a new entity.
		rc, err = svc.Disclose(ctx, sessions, service.Disclosure{Kind: service.DisclosePosition, Name: "Mobile Rotary Club", Type: impartial.Membership, Role: "member"})
		if err != nil {
			t.Fatal(err)
		}
		if rc.NewEntity == "" {
			t.Errorf("an unknown organisation was matched to a known one")
		}
	})
}

func asError(err error, e **impartial.Error) bool {
	for err != nil {
		if x, ok := err.(*impartial.Error); ok {
			*e = x
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

func TestSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		now := clock()
		svc := service.New(s, service.WithClock(func() time.Time { return now }))
		importRef(t, svc)
		token, err := svc.IssueToken(ctx, refcase.Ethics, sessions, "test")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.SignIn(ctx, "imp_nope"); impartial.KindOf(err) != impartial.Forbidden {
			t.Errorf("sign in with an unknown token: %v", err)
		}
		session, actor, err := svc.SignIn(ctx, token)
		if err != nil || actor != sessions {
			t.Fatalf("sign in: %v %v", actor, err)
		}
		tests := []struct {
			name    string
			session string
			after   time.Duration
			ok      bool
		}{
			{"fresh session", session, 0, true},
			{"the API token itself", token, 0, false},
			{"unknown", "imp_nope", 0, false},
			{"not a token", "nope", 0, false},
			{"seven hours on", session, 7 * time.Hour, true},
			{"nine hours on", session, 9 * time.Hour, false},
		}
		for _, tt := range tests {
			now = clock().Add(tt.after)
			got, err := svc.SessionActor(ctx, tt.session, 8*time.Hour)
			if (err == nil) != tt.ok || (tt.ok && got != sessions) || (!tt.ok && impartial.KindOf(err) != impartial.Forbidden) {
				t.Errorf("%s: %v %v", tt.name, got, err)
			}
		}
		now = clock()
		if err := svc.SignOut(ctx, session); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SessionActor(ctx, session, 8*time.Hour); err == nil {
			t.Errorf("a signed-out session still works")
		}
		// Signing out with an API token leaves the token working.
		if err := svc.SignOut(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Authenticate(ctx, token); err != nil {
			t.Errorf("signing out with the API token revoked it: %v", err)
		}
	})
}
