package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/impartial/impartial/scan"
)

func runScan(ctx context.Context, e *env, args []string) error {
	fs := e.flags("scan", "FILE|- [--json]",
		"Find mentions of known entities in a text (a news report, a filing, an intake form), with byte offsets,\n"+
			"across spellings, scripts and possessives, to suggest parties, contacts and relationships.")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give one file to scan, or - for standard input"}
	}
	var r io.Reader = e.stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	text, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return err
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	ix, names, err := svc.ScanIndex(ctx)
	if err != nil {
		return err
	}
	ms := ix.Scan(string(text))
	if *asJSON {
		return writeJSON(e.stdout, orEmpty(ms))
	}
	order, counts := scan.Summary(ms)
	fmt.Fprintf(e.stdout, "%d mention(s) of %d known entit(ies):\n", len(ms), len(order))
	for _, id := range order {
		fmt.Fprintf(e.stdout, "  %-40s %d\n", fmt.Sprintf("%s (%s)", names[id], id), counts[id])
	}
	fmt.Fprintln(e.stdout)
	for _, m := range ms {
		fmt.Fprintf(e.stdout, "  %6d-%-6d %-16s %-8s %q\n", m.Start, m.End, m.Entity, m.How, m.Surface)
	}
	return nil
}
