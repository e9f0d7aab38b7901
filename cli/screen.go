package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/service"
)

func runScreen(ctx context.Context, e *env, args []string) error {
	fs := e.flags("screen", "(--matter ID | --person ID | --all) [--as-of DATE] [--rulebook NAME|FILE] [--json] [--no-save]",
		"Screen covered persons against matters under the rulebooks of their regimes, as of a date, and explain\n"+
			"every finding: the rule and its citation, and each path with the dates and sources of its steps.\n"+
			"The findings are stored with the rulebook version that produced them, replacing those held for\n"+
			"what was screened (unless --no-save). --all re-screens every open matter, e.g. after a rulebook change.")
	as := actorFlag(fs)
	var req service.ScreenRequest
	fs.StringVar(&req.Matter, "matter", "", "screen every covered person against this matter")
	fs.StringVar(&req.Person, "person", "", "screen this covered person against every open matter")
	fs.BoolVar(&req.All, "all", false, "screen every open matter")
	asOf := fs.String("as-of", "", "the date the facts are taken as of, YYYY-MM-DD (default today)")
	fs.StringVar(&req.Rulebook, "rulebook", "", "a shipped rulebook's name or a rulebook file, in place of the shipped one for its regimes")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	noSave := fs.Bool("no-save", false, "do not store the findings")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	actor, err := parseActor(*as)
	if err != nil {
		return err
	}
	if req.AsOf, err = impartial.ParseDate(*asOf); err != nil {
		return usageError{"--as-of: " + err.Error()}
	}
	req.Save = !*noSave
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	rep, err := svc.Screen(ctx, actor, req)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, map[string]any{"as_of": rep.AsOf, "findings": orEmpty(rep.Findings()), "warnings": orEmpty(rep.Warnings)})
	}
	printScreen(e.stdout, rep)
	return nil
}

// printScreen prints, matter by matter, every covered person's outcome: the
// findings explained in full, and the persons with none as clear.
func printScreen(w io.Writer, rep *service.ScreenReport) {
	findings := rep.Findings()
	fmt.Fprintf(w, "Screened as of %s: %d matter(s), %d covered person(s), %d finding(s).\n", rep.AsOf, len(rep.Matters), len(rep.Covered), len(findings))
	for _, m := range rep.Matters {
		fmt.Fprintf(w, "\n%s (%s)\n", m.Title, m.ID)
		for _, p := range rep.Covered {
			var mine []impartial.Finding
			for _, f := range findings {
				if f.Person == p.ID && f.Matter == m.ID {
					mine = append(mine, f)
				}
			}
			if len(mine) == 0 {
				fmt.Fprintf(w, "  %s: CLEAR (no rule in force links them to any party of the matter)\n", p.Name)
				continue
			}
			for _, f := range mine {
				for i, line := range strings.Split(strings.TrimSpace(f.Explain()), "\n") {
					if i == 0 {
						fmt.Fprintf(w, "  %s\n", line)
					} else {
						fmt.Fprintf(w, "    %s\n", line)
					}
				}
			}
		}
	}
	for _, warn := range rep.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
}
