package service_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/internal/testdb"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// TestAuditTrail: every change and every read of a confidential matter is in
// the trail, and editing, deleting or inserting an entry is detected.
func TestAuditTrail(t *testing.T) {
	for _, tamper := range []struct {
		name, sql, want string
	}{
		{"edit", `UPDATE audit_events SET detail = 'nothing to see' WHERE seq = 2`, "audit entry 2 was altered"},
		{"delete", `DELETE FROM audit_events WHERE seq = 2`, "audit entry 2 is missing"},
		{"relink", `UPDATE audit_events SET prev = 'x' WHERE seq = 3`, "audit entry 3 does not follow entry 2"},
	} {
		t.Run(tamper.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, s impartial.Store) {
				ctx := context.Background()
				svc := service.New(s, service.WithClock(clock))
				importRef(t, svc)
				if err := svc.RecordRecusal(ctx, refcase.Ethics, refcase.Recusal()); err != nil {
					t.Fatal(err)
				}
				if _, err := svc.Matter(ctx, refcase.Ethics, "m-russia-2016"); err != nil {
					t.Fatal(err)
				}
				sessions := impartial.Actor{ID: "sessions", Role: impartial.Covered}
				if _, err := svc.Matter(ctx, sessions, "m-russia-2016"); !impartial.IsNotFound(err) {
					t.Errorf("a covered person reading the confidential matter: %v, want not found", err)
				}
				n, err := svc.VerifyAudit(ctx)
				if err != nil || n != 3 {
					t.Fatalf("verify: %d entries, %v; want 3 intact", n, err)
				}
				trail, err := svc.AuditTrail(ctx, impartial.Actor{ID: "ig", Role: impartial.Auditor}, 0, 0)
				if err != nil {
					t.Fatal(err)
				}
				var actions []string
				for _, e := range trail {
					actions = append(actions, e.Action+" "+e.Record)
				}
				if got := strings.Join(actions, "; "); got != "import sessions-2017.jsonl; record recusal recusal-2017-03-02; read matter m-russia-2016" {
					t.Errorf("trail: %s", got)
				}
				// Tamper with the table directly, as someone with database
				// access could.
				raw := s.(interface{ DB() *sql.DB }).DB()
				if _, err := raw.ExecContext(ctx, tamper.sql); err != nil {
					t.Fatal(err)
				}
				if _, err := svc.VerifyAudit(ctx); err == nil || !strings.Contains(err.Error(), tamper.want) {
					t.Errorf("after %s: %v, want %q", tamper.name, err, tamper.want)
				}
			})
		})
	}
}
