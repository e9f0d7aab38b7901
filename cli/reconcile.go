package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/impartial/impartial/reconcile"
)

func runReconcile(ctx context.Context, e *env, args []string) error {
	fs := e.flags("reconcile", "[--statement ID] [--json]",
		"Check statements on the record (testimony, questionnaires, disclosure forms) against the recorded facts:\n"+
			"each assertion contradicted by a recorded contact or relationship is a discrepancy, with the facts that\n"+
			"contradict it and the correction that resolved it, if any.")
	as := actorFlag(fs)
	id := fs.String("statement", "", "one statement (default: all)")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	actor, svc, done, err := e.open(ctx, *as)
	if err != nil {
		return err
	}
	defer done()
	ds, err := svc.Reconcile(ctx, actor, *id)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, orEmpty(ds))
	}
	printDiscrepancies(e.stdout, ds)
	return nil
}

func printDiscrepancies(w io.Writer, ds []reconcile.Discrepancy) {
	if len(ds) == 0 {
		fmt.Fprintln(w, "  no discrepancies: no recorded fact contradicts a statement")
	}
	for _, d := range ds {
		status := "DISCREPANCY, NOT CORRECTED"
		if d.Resolved {
			status = "DISCREPANCY, RESOLVED"
		}
		fmt.Fprintf(w, "  %s — %s\n", status, d.Statement)
		fmt.Fprintf(w, "  Asserted: %q\n", d.Asserted)
		for _, ev := range d.Evidence {
			fmt.Fprintf(w, "    contradicted: %s\n", ev.Why)
		}
		if d.Resolved {
			fmt.Fprintf(w, "  Resolved by correction %s of %s: %q\n", d.Correction, d.CorrectedOn, d.CorrectionText)
		}
	}
}
