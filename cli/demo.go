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
		{"What he said on the record (impartial reconcile)", demoReconcile},
		{"Screening (impartial screen --all --as-of 2017-06-01)", demoScreen},
		{"The recusal of 2 March 2017 (impartial recuse)", demoRecusal},
		{"Access checks (impartial check)", demoChecks},
		{"What Jeff Sessions sees (impartial recusals --as covered:sessions)", demoWhatHeSees},
	}
}

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := e.flags("demo", "[--db DB]",
		"Load the reference case, the March 2017 recusal of the U.S. Attorney General from investigations\n"+
			"relating to the 2016 campaign, into a demo database (by default demo.db in the user's data\n"+
			"directory, reused on later runs) and walk through it.")
	if err := parseFlags(fs, args); err != nil {
		return err
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
	page, err := svc.Records(ctx, refcase.Ethics, service.RecordQuery{Kind: "entity", EntityKind: impartial.Person, Limit: impartial.MaxPage})
	if err != nil {
		return err
	}
	var people []*impartial.Entity
	for _, r := range page.Records {
		people = append(people, r.(*impartial.Entity))
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
}

func demoTimeline(ctx context.Context, w io.Writer, svc *service.Service) error {
	p, err := svc.Profile(ctx, refcase.Ethics, "sessions")
	if err != nil {
		return err
	}
	printProfile(w, p)
	return nil
}

func demoMatters(ctx context.Context, w io.Writer, svc *service.Service) error {
	page, err := svc.Records(ctx, refcase.Ethics, service.RecordQuery{Kind: "matter", Limit: impartial.MaxPage})
	if err != nil {
		return err
	}
	var ids []string
	for _, r := range page.Records {
		m := r.(*impartial.Matter)
		ids = append(ids, m.Team...)
		for _, p := range m.Parties {
			ids = append(ids, p.Entity)
		}
	}
	names, err := svc.Names(ctx, refcase.Ethics, ids)
	if err != nil {
		return err
	}
	for i, r := range page.Records {
		if i > 0 {
			fmt.Fprintln(w)
		}
		printMatter(w, r.(*impartial.Matter), names)
	}
	return nil
}

func demoRecusal(ctx context.Context, w io.Writer, svc *service.Service) error {
	r := refcase.Recusal()
	// A second run finds the recusal recorded: a recusal is never rewritten.
	if err := svc.RecordRecusal(ctx, refcase.Ethics, r); err != nil && impartial.KindOf(err) != impartial.Conflict {
		return err
	}
	walled, err := svc.WalledFrom(ctx, refcase.Ethics, r.Person)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  Jeff Sessions, effective %s, recuses from %q.\n", r.Effective, r.ScopeText)
	fmt.Fprintf(w, "  Basis: %s.\n  Acting instead: %s.\n", r.Basis, r.Delegate)
	fmt.Fprintf(w, "  The scope is a topic, resolved at every check, so it covers (impartial walls --person sessions):\n")
	for _, m := range walled {
		fmt.Fprintf(w, "    %-18s opened %s  %s\n", m.Matter, m.Opened, m.Title)
	}
	fmt.Fprintln(w, "  and not m-pharma, which is on another topic: no over-blocking.")
	return nil
}

func demoChecks(ctx context.Context, w io.Writer, svc *service.Service) error {
	system := impartial.Actor{ID: "case-system", Role: impartial.System}
	for _, c := range []struct {
		person string
		action impartial.Action
		matter string
	}{
		{"sessions", impartial.View, "m-special-counsel"},
		{"sessions", impartial.Participate, "m-russia-2016"},
		{"rosenstein", impartial.Participate, "m-special-counsel"},
		{"sessions", impartial.Participate, "m-pharma"},
	} {
		d, err := svc.Check(ctx, system, c.person, c.action, c.matter)
		if err != nil {
			return err
		}
		fmt.Fprint(w, "  ")
		printDecision(w, c.person, string(c.action), c.matter, d)
	}
	return nil
}

func demoWhatHeSees(ctx context.Context, w io.Writer, svc *service.Service) error {
	sessions := impartial.Actor{ID: "sessions", Role: impartial.Covered}
	notices, err := svc.MyRecusals(ctx, sessions)
	if err != nil {
		return err
	}
	printNotices(w, notices)
	d, err := svc.Check(ctx, sessions, "sessions", impartial.View, "m-russia-2016")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  Asking about the confidential matter himself, he is told: %q,\n", d.Reason)
	fmt.Fprintln(w, "  exactly what he would be told of a matter that does not exist.")
	return nil
}

// demoAsOf is the date the demo screens as of: after the Special Counsel
// was appointed, with both covered persons in office.
var demoAsOf = impartial.MustDate("2017-06-01")

func demoScreen(ctx context.Context, w io.Writer, svc *service.Service) error {
	rep, err := svc.Screen(ctx, refcase.Ethics, service.ScreenRequest{All: true, AsOf: demoAsOf, Save: true})
	if err != nil {
		return err
	}
	printScreen(w, rep)
	return nil
}

func demoReconcile(ctx context.Context, w io.Writer, svc *service.Service) error {
	ds, err := svc.Reconcile(ctx, refcase.Ethics, "")
	if err != nil {
		return err
	}
	printDiscrepancies(w, ds)
	return nil
}
