package cli

import (
	"context"
	"fmt"
)

func runAudit(ctx context.Context, e *env, args []string) error {
	fs := e.flags("audit", "list [--after N] [--json] | verify",
		"The audit trail: who did or read what, when. Entries are hash-chained: verify recomputes the chain and\n"+
			"names the first entry that was edited, removed or inserted (exit status 1).")
	as := fs.String("as", "auditor:cli", "who is reading, as ROLE:ID")
	after := fs.Int64("after", 0, "with list: entries after this sequence number")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"say list or verify"}
	}
	actor, svc, done, err := e.open(ctx, *as)
	if err != nil {
		return err
	}
	defer done()
	switch pos[0] {
	case "verify":
		n, err := svc.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "audit trail verified: %d entries, every hash and link intact\n", n)
		return nil
	case "list":
		events, err := svc.AuditTrail(ctx, actor, *after, 1000)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, events)
		}
		for _, ev := range events {
			fmt.Fprintf(e.stdout, "%d %s %s %s %s %s\n", ev.Seq, ev.At.Format("2006-01-02T15:04:05Z"), ev.Actor, ev.Action, ev.Record, ev.Detail)
		}
		return nil
	}
	return usageError{fmt.Sprintf("%q: say list or verify", pos[0])}
}
