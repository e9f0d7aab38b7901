package service_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
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
		{"delete the last", `DELETE FROM audit_events WHERE seq = 7`, "the trail ends at entry 6, but its head records entry 7: entries 7 to 7 were deleted"},
		{"delete the last five", `DELETE FROM audit_events WHERE seq > 2`, "the trail ends at entry 2, but its head records entry 7: entries 3 to 7 were deleted"},
		{"delete all", `DELETE FROM audit_events`, "the trail ends at entry 0, but its head records entry 7"},
		{"delete the head", `DELETE FROM audit_head`, "the record of the trail's head is gone"},
		{"append", `INSERT INTO audit_events (seq, at, actor_id, actor_role, action, prev, hash) SELECT 8, at, 'x', 'admin', 'forged', hash, 'h' FROM audit_events WHERE seq = 7`, "audit entry 8 was altered"},
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
				check, err := svc.VerifyAudit(ctx)
				if err != nil || check.Entries != 3 || check.Head.Seq != 3 {
					t.Fatalf("verify: %+v, %v; want 3 intact", check, err)
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
				for range 4 {
					if _, err := svc.Matter(ctx, refcase.Ethics, "m-russia-2016"); err != nil {
						t.Fatal(err)
					}
				}
				if check, err := svc.VerifyAudit(ctx); err != nil || check.Entries != 7 {
					t.Fatalf("verify: %+v, %v; want 7 intact", check, err)
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

// TestAuditCheckpoint: someone who can write the database rewrites an entry
// and re-hashes the chain and its head after it: plain verify cannot tell,
// but a signed checkpoint taken before does, and so it does for a trail cut
// back to before the checkpoint with its head rewritten to match.
func TestAuditCheckpoint(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s impartial.Store) {
		ctx := context.Background()
		svc := service.New(s, service.WithClock(clock))
		importRef(t, svc)
		for range 3 {
			if _, err := svc.Matter(ctx, refcase.Ethics, "m-russia-2016"); err != nil {
				t.Fatal(err)
			}
		}
		_, key, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Checkpoint(ctx, impartial.Actor{ID: "sessions", Role: impartial.Covered}, key); impartial.KindOf(err) != impartial.Forbidden {
			t.Errorf("a covered person checkpointing: %v", err)
		}
		cp, err := svc.Checkpoint(ctx, impartial.Actor{ID: "ig", Role: impartial.Auditor}, key)
		if err != nil || cp.Seq != 4 {
			t.Fatalf("checkpoint: %+v, %v", cp, err)
		}
		if err := cp.VerifySignature(key.Public().(ed25519.PublicKey)); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Matter(ctx, refcase.Ethics, "m-russia-2016"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.VerifyAudit(ctx, *cp); err != nil {
			t.Fatalf("an extended chain holds its checkpoint: %v", err)
		}
		raw := s.(interface{ DB() *sql.DB }).DB()
		forge := func(from int64, edit func(*impartial.AuditEvent)) {
			t.Helper()
			trail, err := svc.AuditTrail(ctx, impartial.Actor{ID: "ig", Role: impartial.Auditor}, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			prev := ""
			for i := range trail {
				e := &trail[i]
				if e.Seq >= from {
					if e.Seq == from {
						edit(e)
					}
					e.Prev = prev
					e.Hash = e.ChainHash()
					if _, err := raw.ExecContext(ctx, "UPDATE audit_events SET detail = $1, prev = $2, hash = $3 WHERE seq = $4", e.Detail, e.Prev, e.Hash, e.Seq); err != nil {
						t.Fatal(err)
					}
				}
				prev = e.Hash
			}
			if _, err := raw.ExecContext(ctx, "UPDATE audit_head SET hash = $1", prev); err != nil {
				t.Fatal(err)
			}
		}
		forge(2, func(e *impartial.AuditEvent) { e.Detail = "nothing confidential" })
		if _, err := svc.VerifyAudit(ctx); err != nil {
			t.Fatalf("a chain re-hashed whole is what plain verify cannot tell: %v", err)
		}
		if _, err := svc.VerifyAudit(ctx, *cp); err == nil || !strings.Contains(err.Error(), "audit entry 4 is not the one checkpointed") {
			t.Errorf("rewritten chain against the checkpoint: %v", err)
		}
		// Cut back to entry 3, head rewritten to match.
		if _, err := raw.ExecContext(ctx, "DELETE FROM audit_events WHERE seq > 3"); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.ExecContext(ctx, "UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_events WHERE seq = 3)"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.VerifyAudit(ctx); err != nil {
			t.Fatalf("truncated with the head rewritten: plain verify cannot tell: %v", err)
		}
		if _, err := svc.VerifyAudit(ctx, *cp); err == nil || !strings.Contains(err.Error(), "the trail ends at entry 3, before entry 4 checkpointed") {
			t.Errorf("truncated chain against the checkpoint: %v", err)
		}
		// A checkpoint file edited to match the forgery fails its signature.
		bad := *cp
		bad.Hash = "00" + bad.Hash[2:]
		if err := bad.VerifySignature(nil); err == nil || !strings.Contains(err.Error(), "the file was altered") {
			t.Errorf("edited checkpoint: %v", err)
		}
		_, other, _ := ed25519.GenerateKey(rand.Reader)
		if err := cp.VerifySignature(other.Public().(ed25519.PublicKey)); err == nil || !strings.Contains(err.Error(), "trusted key") {
			t.Errorf("checkpoint against another key: %v", err)
		}
	})
}
