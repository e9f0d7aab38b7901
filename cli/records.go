package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/service"
)

func runImport(ctx context.Context, e *env, args []string) error {
	fs := e.flags("import", "[--format jsonl|ftm|csv] [--strict] [--map FILE] [--col FIELD=COLUMN]... FILE...", "Import records from files in impartial's JSON Lines format (docs/format.md); - reads standard input.\n"+
		"Each file is imported all or nothing; importing the same file twice changes nothing.\n"+
		"--format ftm reads FollowTheMoney entities (OpenSanctions, Aleph): bad lines are reported with\n"+
		"their line numbers and skipped, unless --strict, which imports all or nothing.\n"+
		"--format csv reads a spreadsheet by a column map (--map FILE or --col flags), all or nothing.")
	noScreen := fs.Bool("no-screen", false, "do not re-screen what the import changed (for bulk loads; run 'screen --all' after)")
	allowWalls := fs.Bool("allow-wall-changes", false, "import even if a matter's record, replacing the stored one whole, lifts a wall\n"+
		"(a recusal no longer covers the matter, or it is no longer confidential); each such change is named")
	deferScreen := fs.Bool("defer-screen", false, "record the re-screening work but leave it to a running server or the next command that writes or checks;\n"+
		"until it is done, wall checks it may affect deny")
	format := fs.String("format", service.FormatJSONL, "the files' format: "+strings.Join(service.Formats, ", "))
	as := actorFlag(fs)
	strict := fs.Bool("strict", false, "ftm: import nothing of a file that has a bad line (jsonl always does)")
	mapFile := fs.String("map", "", "csv: a JSON column map saying which column is what (docs/format.md)")
	var cols []string
	fs.Func("col", "csv: map one field to a column, FIELD=COLUMN or FIELD==CONSTANT (repeatable):\n"+
		"  --col name='Client Name' --col kind==company --col identifiers.lei=LEI --col relationship.from=@entity", func(v string) error {
		cols = append(cols, v)
		return nil
	})
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"name at least one file to import"}
	}
	if *noScreen && *deferScreen {
		return usageError{"--no-screen and --defer-screen contradict each other"}
	}
	e.screenAfterImport, e.deferScreen, e.allowWallChanges = !*noScreen, *deferScreen, *allowWalls
	if !slices.Contains(service.Formats, *format) {
		return usageError{fmt.Sprintf("--format: %q is not an import format (want one of %s)", *format, strings.Join(service.Formats, ", "))}
	}
	e.importFormat, e.importSkipBad = *format, *format == service.FormatFtM && !*strict
	importer, err := parseActor(*as)
	if err != nil {
		return err
	}
	e.importer = importer
	if *format == service.FormatCSV {
		m, err := columnMap(*mapFile, cols)
		if err != nil {
			return err
		}
		e.importColumns = m
	} else if *mapFile != "" || len(cols) > 0 {
		return usageError{"--map and --col apply only to --format csv"}
	}
	boundImportMemory()
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	var failed error
	for _, name := range files {
		if err := e.importFile(ctx, svc, name); err != nil {
			failed = errors.Join(failed, err)
		}
	}
	return failed
}

// importMemoryLimit is the soft limit of the Go heap during an import. An
// import's live heap is small (a few bytes per id), but the collector's
// default lets the heap grow to twice what is live; with a million-entity
// file that doubling took the process past 400 MB.
const importMemoryLimit = 192 << 20

// boundImportMemory sets importMemoryLimit unless GOMEMLIMIT says otherwise.
func boundImportMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(importMemoryLimit)
	}
}

func (e *env) importFile(ctx context.Context, svc *service.Service, name string) error {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	opt := service.ImportOptions{Actor: e.importer, Screen: e.screenAfterImport, Defer: e.deferScreen, AllowWallChanges: e.allowWallChanges, Format: e.importFormat, SkipBad: e.importSkipBad,
		Columns: e.importColumns}
	start := time.Now()
	if isTerminal(e.stderr) {
		opt.ProgressEvery = 10000
		opt.Progress = func(n int) {
			secs := time.Since(start).Seconds()
			fmt.Fprintf(e.stderr, "\r%s: %d records (%.0f/s)   ", name, n, float64(n)/max(secs, 1e-9))
		}
		opt.SurveyProgress = func(n int) {
			fmt.Fprintf(e.stderr, "\r%s: reading, %d lines   ", name, n)
		}
	}
	rep, err := svc.Import(ctx, r, name, opt)
	if opt.Progress != nil {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d records in %s", name, rep.Records, time.Since(start).Round(time.Millisecond))
	for _, part := range []struct {
		verb string
		m    map[string]int
	}{{"created", rep.Created}, {"updated", rep.Updated}, {"unchanged", rep.Unchanged}} {
		if len(part.m) > 0 {
			fmt.Fprintf(e.stdout, "; %s %s", part.verb, formatCounts(part.m))
		}
	}
	fmt.Fprintln(e.stdout)
	printImportDetail(e.stdout, rep)
	if sc := rep.Screened; sc != nil && (sc.All || sc.Matters+sc.Persons+sc.Pairs > 0) {
		fmt.Fprintf(e.stdout, "re-screened what changed, as of today: %s\n", describeRescreen(sc))
	}
	for _, w := range rep.WallChanges {
		fmt.Fprintf(e.stdout, "wall lifted (--allow-wall-changes): %s\n", w)
	}
	return nil
}

// columnMap reads a CSV column map from a JSON file, then applies the --col
// flags over it.
func columnMap(file string, cols []string) (*dataset.ColumnMap, error) {
	m := &dataset.ColumnMap{}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		if m, err = dataset.ParseColumnMap(b); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	for _, c := range cols {
		if err := m.SetColumn(c); err != nil {
			return nil, usageError{"--col " + err.Error()}
		}
	}
	if file == "" && len(cols) == 0 {
		return nil, usageError{"--format csv needs a column map: --map FILE or --col FIELD=COLUMN flags"}
	}
	return m, nil
}

// printImportDetail prints what a format with kinds of source records (FtM
// schemata) gave per kind, what was skipped and why, and the bad lines
// skipped.
func printImportDetail(w io.Writer, rep *service.ImportReport) {
	if len(rep.ByOrigin) > 0 {
		fmt.Fprintln(w, "  by schema:")
		for _, k := range slices.Sorted(maps.Keys(rep.ByOrigin)) {
			c := rep.ByOrigin[k]
			fmt.Fprintf(w, "    %-16s created %d, updated %d, unchanged %d", k, c.Created, c.Updated, c.Unchanged)
			if c.Rejected > 0 {
				fmt.Fprintf(w, ", rejected %d", c.Rejected)
			}
			fmt.Fprintln(w)
		}
	}
	if len(rep.Skipped) > 0 {
		fmt.Fprintln(w, "  skipped (not imported, by design):")
		for _, k := range slices.Sorted(maps.Keys(rep.Skipped)) {
			fmt.Fprintf(w, "    %d × %s\n", rep.Skipped[k], k)
		}
	}
	if rep.RejectedCount > 0 {
		fmt.Fprintf(w, "  %d bad line(s) skipped (use --strict to import nothing of such a file):\n", rep.RejectedCount)
		for _, err := range rep.Rejected {
			fmt.Fprintf(w, "    %v\n", err)
		}
		if rep.RejectedCount > len(rep.Rejected) {
			fmt.Fprintf(w, "    ... and %d more\n", rep.RejectedCount-len(rep.Rejected))
		}
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := e.flags("export", "[--format jsonl|ftm] [--out FILE]", "Write every record in impartial's JSON Lines format, which import reads back.\n"+
		"--format ftm writes entities and relationships as FollowTheMoney entities, which import --format ftm reads back.")
	out := fs.String("out", "-", "file to write; - for standard output")
	format := fs.String("format", service.FormatJSONL, "the format: jsonl or ftm")
	as := actorFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != service.FormatJSONL && *format != service.FormatFtM {
		return usageError{fmt.Sprintf("--format: %q is not an export format (want %s or %s)", *format, service.FormatJSONL, service.FormatFtM)}
	}
	actor, svc, done, err := e.open(ctx, *as)
	if err != nil {
		return err
	}
	defer done()
	w := e.stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	var n int
	switch *format {
	case service.FormatJSONL:
		n, err = svc.Export(ctx, actor, w)
	case service.FormatFtM:
		n, err = svc.ExportFtM(ctx, actor, w)
	}
	if err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(e.stderr, "exported %d records to %s\n", n, *out)
	}
	return nil
}

var listKinds = []string{"entities", "people", "covered", "relationships", "contacts", "matters", "statements"}

func runList(ctx context.Context, e *env, args []string) error {
	fs := e.flags("list", "KIND [--limit N] [--after ID] [--json] [--as ROLE:ID]",
		"List records of one KIND: "+strings.Join(listKinds, ", ")+". Records are ordered by id; --after pages.\n"+
			"Only the matters the acting user may know of are listed; listing a confidential one is audited.")
	limit := fs.Int("limit", 100, "at most this many records")
	after := fs.String("after", "", "list records with ids after this one")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	as := actorFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"say which kind of record to list: " + strings.Join(listKinds, ", ")}
	}
	q := service.RecordQuery{After: *after, Limit: *limit}
	switch pos[0] {
	case "entities":
		q.Kind = "entity"
	case "people":
		q.Kind, q.EntityKind = "entity", impartial.Person
	case "covered":
		q.Kind, q.CoveredOnly = "entity", true
	case "relationships", "contacts", "matters", "statements":
		q.Kind = strings.TrimSuffix(pos[0], "s")
	default:
		return usageError{fmt.Sprintf("%q is not a kind of record to list (want one of %s)", pos[0], strings.Join(listKinds, ", "))}
	}
	actor, svc, done, err := e.open(ctx, *as)
	if err != nil {
		return err
	}
	defer done()
	page, err := svc.Records(ctx, actor, q)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, orEmpty(page.Records))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	defer tw.Flush()
	var rows [][]string
	for i, rec := range page.Records {
		switch x := rec.(type) {
		case *impartial.Entity:
			if i == 0 {
				rows = append(rows, []string{"ID", "KIND", "NAME", "COVERED"})
			}
			cov := ""
			if x.Coverage != nil {
				cov = string(x.Coverage.Regime) + " " + x.Coverage.Position
			}
			rows = append(rows, []string{x.ID, string(x.Kind), x.Name, cov})
		case *impartial.Relationship:
			if i == 0 {
				rows = append(rows, []string{"ID", "FROM", "TYPE", "ROLE", "TO", "FROM", "UNTIL", "STATUS"})
			}
			rows = append(rows, []string{x.ID, x.From, string(x.Type), x.Role, x.To, x.Start.String(), x.End.String(), string(x.Status)})
		case *impartial.Contact:
			if i == 0 {
				rows = append(rows, []string{"ID", "DATE", "PARTICIPANTS", "CAPACITY", "STATUS"})
			}
			rows = append(rows, []string{x.ID, x.Date.String(), strings.Join(x.Participants, ", "), string(x.Capacity), string(x.Status)})
		case *impartial.Matter:
			if i == 0 {
				rows = append(rows, []string{"ID", "KIND", "OPENED", "CLOSED", "CONFIDENTIAL", "TITLE"})
			}
			rows = append(rows, []string{x.ID, string(x.Kind), x.Opened.String(), x.Closed.String(), yesNo(x.Confidential), x.Title})
		case *impartial.Statement:
			if i == 0 {
				rows = append(rows, []string{"ID", "BY", "KIND", "DATE", "SWORN"})
			}
			rows = append(rows, []string{x.ID, x.By, string(x.Kind), x.Date.String(), yesNo(x.Sworn)})
		}
	}
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// orEmpty returns s, or an empty slice for nil, so that programs read [] and
// not null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func runShow(ctx context.Context, e *env, args []string) error {
	fs := e.flags("show", "person|entity|matter ID [--json] [--as ROLE:ID]",
		"Show one record. For a person or other entity: who it is and a dated timeline of its relationships,\n"+
			"contacts, matters, statements and corrections. For a matter: its parties, topics and team.")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	as := actorFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	actor, err := parseActor(*as)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{"say what to show and its id, e.g. 'show person sessions'"}
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	switch pos[0] {
	case "person", "entity", "organization", "company":
		p, err := svc.Profile(ctx, actor, pos[1])
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, p)
		}
		printProfile(e.stdout, p)
		return nil
	case "matter":
		// Through the service: need-to-know applies, and reading a
		// confidential matter is audited.
		m, err := svc.Matter(ctx, actor, pos[1])
		if err != nil {
			return err
		}
		ids := slices.Clone(m.Team)
		for _, p := range m.Parties {
			ids = append(ids, p.Entity)
		}
		names, err := svc.Names(ctx, actor, ids)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, m)
		}
		printMatter(e.stdout, m, names)
		return nil
	}
	return usageError{fmt.Sprintf("cannot show %q: want person, entity or matter", pos[0])}
}

func printProfile(w io.Writer, p *service.Profile) {
	ent := p.Entity
	fmt.Fprintf(w, "%s (%s, id %s)\n", ent.Name, strings.ReplaceAll(string(ent.Kind), "_", " "), ent.ID)
	if len(ent.Aliases) > 0 {
		fmt.Fprintf(w, "  also known as: %s\n", strings.Join(ent.Aliases, "; "))
	}
	for _, id := range ent.Identifiers {
		fmt.Fprintf(w, "  %s: %s\n", id.Scheme, id.Value)
	}
	if c := ent.Coverage; c != nil {
		fmt.Fprintf(w, "  covered: %s regime", c.Regime)
		if c.Position != "" {
			fmt.Fprintf(w, ", %s", c.Position)
		}
		fmt.Fprintln(w)
	} else if ent.Kind == impartial.Person {
		fmt.Fprintln(w, "  not a covered person: never screened, only matched as a party")
	}
	fmt.Fprintln(w, "\nTimeline:")
	for _, ev := range p.Events {
		fmt.Fprintf(w, "  %-23s %s", span(ev.Start, ev.End), ev.Summary)
		var notes []string
		if ev.Status != "" && ev.Status != impartial.Reported {
			notes = append(notes, string(ev.Status))
		}
		if ev.Source != "" {
			notes = append(notes, "source: "+ev.Source)
		}
		if len(notes) > 0 {
			fmt.Fprintf(w, " [%s]", strings.Join(notes, "; "))
		}
		fmt.Fprintln(w)
	}
}

// span formats a period: "2016-03-03 – 2016-11-08", "since 2017-02-09",
// "until 2017-02-08".
func span(start, end impartial.Date) string {
	switch {
	case start.IsZero() && end.IsZero():
		return "(undated)"
	case end.IsZero():
		return start.String()
	case start.IsZero():
		return "until " + end.String()
	case start == end:
		return start.String()
	}
	return start.String() + " – " + end.String()
}

func printMatter(w io.Writer, m *impartial.Matter, names map[string]string) {
	fmt.Fprintf(w, "%s (id %s)\n", m.Title, m.ID)
	fmt.Fprintf(w, "  kind: %s; opened %s", strings.ReplaceAll(string(m.Kind), "_", " "), m.Opened)
	if !m.Closed.IsZero() {
		fmt.Fprintf(w, ", closed %s", m.Closed)
	}
	fmt.Fprintln(w)
	if m.Confidential {
		fmt.Fprintln(w, "  confidential: its existence is need-to-know")
	}
	if len(m.Topics) > 0 {
		fmt.Fprintf(w, "  topics: %s\n", strings.Join(m.Topics, "; "))
	}
	for _, p := range m.Parties {
		who := p.Label()
		switch {
		case p.Entity != "":
			who = fmt.Sprintf("%s (%s)", names[p.Entity], p.Entity)
		case p.Name == "":
			who += " (known only by identifier)"
		default:
			who += " (known only by name)"
		}
		fmt.Fprintf(w, "  party: %-18s %s\n", strings.ReplaceAll(string(p.Role), "_", " "), who)
	}
	for _, id := range m.Team {
		fmt.Fprintf(w, "  team:  %s (%s)\n", names[id], id)
	}
}

func runNamesSearch(ctx context.Context, e *env, args []string) error {
	fs := e.flags("names search", "NAME [--kind KIND] [--limit N] [--json]",
		"Search the database's entities for NAME: every name and alias, in any script, scored and explained.")
	kind := fs.String("kind", "", "only entities of this kind's schema (person, company, organization, ...)")
	limit := fs.Int("limit", 10, "at most this many results")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give one name to search for (quote it)"}
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	hits, err := svc.SearchNames(ctx, pos[0], impartial.EntityKind(*kind), *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, hits)
	}
	if len(hits) == 0 {
		fmt.Fprintf(e.stdout, "no entity matches %q\n", pos[0])
	}
	for _, h := range hits {
		fmt.Fprintf(e.stdout, "%.2f %-9s %s (%s, id %s)\n", h.Score, h.Decision, h.Entity.Name, h.Entity.Kind, h.Entity.ID)
		for _, line := range strings.Split(strings.TrimSpace(h.Explanation), "\n") {
			fmt.Fprintf(e.stdout, "     %s\n", line)
		}
	}
	return nil
}
