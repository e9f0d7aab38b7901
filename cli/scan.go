package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/impartial/impartial/scan"
)

func runScan(ctx context.Context, e *env, args []string) error {
	fs := e.flags("scan", "FILE|- [--json]",
		"Find mentions of known entities in a text (a news report, a filing, an intake form), with byte offsets,\n"+
			"across spellings, scripts and possessives, to suggest parties, contacts and relationships.\n"+
			"Text of any size is read in chunks and every mention is printed as it is found, then a summary.")
	asJSON := fs.Bool("json", false, "print JSON for programs: an array of mentions")
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
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	var order []string
	counts := map[string]int{}
	n := 0
	if *asJSON {
		fmt.Fprint(w, "[")
	}
	_, err = svc.Scan(ctx, r, func(m scan.Mention) error {
		if counts[m.Entity] == 0 {
			order = append(order, m.Entity)
		}
		counts[m.Entity]++
		n++
		if *asJSON {
			b, err := json.Marshal(m)
			if err != nil {
				return err
			}
			if n > 1 {
				fmt.Fprint(w, ",")
			}
			fmt.Fprintf(w, "\n  %s", b)
			return nil
		}
		_, err := fmt.Fprintf(w, "  %6d-%-6d %-16s %-8s %q\n", m.Start, m.End, m.Entity, m.How, m.Surface)
		return err
	})
	if err != nil {
		return err
	}
	if *asJSON {
		_, err := fmt.Fprint(w, "\n]\n")
		return err
	}
	names, err := svc.EntityNames(ctx, order)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d mention(s) of %d known entit(ies):\n", n, len(order))
	for _, id := range order {
		fmt.Fprintf(w, "  %-40s %d\n", fmt.Sprintf("%s (%s)", names[id], id), counts[id])
	}
	return nil
}
