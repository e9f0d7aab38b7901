package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/refcase"
	"github.com/impartial/impartial/service"
)

// demoSection prints one part of the demo. Sections run in order; each new
// capability (screening, recusals, walls) adds its own.
type demoSection struct {
	title string
	print func(ctx context.Context, w io.Writer, svc *service.Service) error
}

func demoSections() []demoSection {
	return []demoSection{
		{"Who is who", demoPeople},
		{"Jeff Sessions on the record (impartial show person sessions)", demoTimeline},
		{"The matters", demoMatters},
	}
}

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := e.flags("demo", "[--db DB]",
		"Load the reference case, the March 2017 recusal of the U.S. Attorney General from investigations\n"+
			"relating to the 2016 campaign, into a demo database (by default demo.db in the user's data\n"+
			"directory, reused on later runs) and walk through it.")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"demo takes no arguments"}
	}
	if e.db == "" {
		e.db = filepath.Join(dataDir(), "demo.db")
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	rep, err := svc.Import(ctx, refcase.Open(), refcase.FileName, service.ImportOptions{})
	if err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintf(w, "impartial demo: the reference case\n")
	fmt.Fprintf(w, "database: %s\n", displayDB(e.db))
	if rep.Changed() {
		fmt.Fprintf(w, "loaded %s: %d records (created %s)\n", refcase.FileName, rep.Records, formatCounts(rep.Created))
	} else {
		fmt.Fprintf(w, "%s already loaded: %d records, unchanged\n", refcase.FileName, rep.Records)
	}
	fmt.Fprintln(w, "\nOn 2 March 2017 the U.S. Attorney General recused himself from \"any pending or future\n"+
		"investigations relating in any way to the 2016 campaign\", having served that campaign as\n"+
		"principal adviser and surrogate. These are the facts impartial holds about it.")
	for i, s := range demoSections() {
		fmt.Fprintf(w, "\n%d. %s\n%s\n", i+1, s.title, strings.Repeat("─", min(78, len([]rune(s.title))+3)))
		if err := s.print(ctx, w, svc); err != nil {
			return fmt.Errorf("demo: %s: %w", s.title, err)
		}
	}
	fmt.Fprintf(w, "\nExplore further: impartial --db %s show person kislyak | list matters | export\n", displayDB(e.db))
	return nil
}

func demoPeople(ctx context.Context, w io.Writer, svc *service.Service) error {
	return svc.Store().View(ctx, func(tx impartial.ReadTx) error {
		people, err := tx.Entities(ctx, impartial.EntityFilter{Kind: impartial.Person})
		if err != nil {
			return err
		}
		for _, p := range people {
			if c := p.Coverage; c != nil {
				fmt.Fprintf(w, "  %-20s covered (%s regime, %s since %s): screened for conflicts\n", p.Name, c.Regime, c.Position, c.Start)
			}
		}
		for _, p := range people {
			if p.Coverage == nil {
				fmt.Fprintf(w, "  %-20s not covered: never screened, only matched as a party or contact\n", p.Name)
			}
		}
		return nil
	})
}

func demoTimeline(ctx context.Context, w io.Writer, svc *service.Service) error {
	p, err := svc.Profile(ctx, "sessions")
	if err != nil {
		return err
	}
	printProfile(w, p)
	return nil
}

func demoMatters(ctx context.Context, w io.Writer, svc *service.Service) error {
	return svc.Store().View(ctx, func(tx impartial.ReadTx) error {
		matters, err := tx.Matters(ctx, impartial.MatterFilter{})
		if err != nil {
			return err
		}
		names := map[string]string{}
		for _, m := range matters {
			for _, p := range m.Parties {
				if e, err := tx.Entity(ctx, p.Entity); err == nil {
					names[p.Entity] = e.Name
				}
			}
			for _, id := range m.Team {
				if e, err := tx.Entity(ctx, id); err == nil {
					names[id] = e.Name
				}
			}
		}
		for i, m := range matters {
			if i > 0 {
				fmt.Fprintln(w)
			}
			printMatter(w, m, names)
		}
		return nil
	})
}
