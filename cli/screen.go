package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/screen"
	"github.com/impartial/impartial/service"
)

func runScreen(ctx context.Context, e *env, args []string) error {
	fs := e.flags("screen", "(--matter ID | --person ID | --all [--details]) [--as-of DATE] [--rulebook NAME|FILE] [--json] [--no-save]",
		"Screen covered persons against matters under the rulebooks of their regimes, as of a date, and explain\n"+
			"every finding: the rule and its citation, and each path with the dates and sources of its steps.\n"+
			"The findings are stored with the rulebook version that produced them, replacing those held for\n"+
			"what was screened (unless --no-save). --all re-screens every open matter, e.g. after a rulebook change:\n"+
			"it prints a summary (counts by outcome and rule, the matters with most findings), the findings with\n"+
			"--details, all of them as JSON with --json; output is written as matters are screened.")
	as := actorFlag(fs)
	var req service.ScreenRequest
	fs.StringVar(&req.Matter, "matter", "", "screen every covered person against this matter")
	fs.StringVar(&req.Person, "person", "", "screen this covered person against every open matter")
	fs.BoolVar(&req.All, "all", false, "screen every open matter")
	asOf := fs.String("as-of", "", "the date the facts are taken as of, YYYY-MM-DD (default today)")
	fs.StringVar(&req.Rulebook, "rulebook", "", "a shipped rulebook's name or a rulebook file, in place of the shipped one for its regimes")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	details := fs.Bool("details", false, "with --all: list every finding, matter by matter, not only the summary")
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
	if *details && !req.All {
		return usageError{"--details goes with --all; a matter's or a person's screen lists every finding anyway"}
	}
	if req.All {
		e.openWith.WriteCacheKiB = screenAllWriteCacheKiB
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	if req.All {
		return screenAll(ctx, e, svc, actor, req, *asJSON, *details)
	}
	rep, err := svc.Screen(ctx, actor, req)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, map[string]any{"as_of": rep.AsOf, "findings": orEmpty(rep.Findings()), "recorded": orEmpty(rep.Recorded), "warnings": orEmpty(rep.Warnings)})
	}
	printScreen(e.stdout, rep)
	return nil
}

// screenAll screens every open matter and writes as it goes: the findings
// as JSON, or the findings explained (with details), then the summary. On a
// terminal it shows its progress.
func screenAll(ctx context.Context, e *env, svc *service.Service, actor impartial.Actor, req service.ScreenRequest, asJSON, details bool) error {
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	defer w.Flush()
	start := time.Now()
	// The records are read once into the compact working set (graph and
	// name index), not held decoded all at once, under a soft memory limit
	// that keeps the garbage of decoding them from piling up.
	limited := os.Getenv("GOMEMLIMIT") == ""
	if limited {
		debug.SetMemoryLimit(loadMemory)
	}
	if isTerminal(e.stderr) {
		fmt.Fprint(e.stderr, "loading the records …")
	}
	if err := svc.LoadScreeningSet(ctx); err != nil {
		return err
	}
	if limited {
		debug.SetMemoryLimit(screeningLimit(settle()))
	}
	if isTerminal(e.stderr) {
		fmt.Fprintf(e.stderr, "\rloaded in %s        \n", time.Since(start).Round(time.Second))
		req.Progress = func(done, total int) {
			secs := time.Since(start).Seconds()
			fmt.Fprintf(e.stderr, "\r%d of %d matters screened (%.0f/s)   ", done, total, float64(done)/max(secs, 1e-9))
		}
	}
	var enc *json.Encoder
	var buf bytes.Buffer
	n := 0
	started := false
	header := func(asOf impartial.Date) {
		if !started {
			started = true
			b, _ := json.Marshal(asOf)
			fmt.Fprintf(w, "{\n  \"as_of\": %s,\n  \"findings\": [", b)
		}
	}
	switch {
	case asJSON:
		enc = json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("    ", "  ")
		// The shape writeJSON gives the whole report, written piece by
		// piece: {"as_of", "findings", "warnings"}.
		req.Each = func(r *screen.Result) error {
			header(r.AsOf)
			for i := range r.Findings {
				buf.Reset()
				if err := enc.Encode(&r.Findings[i]); err != nil {
					return err
				}
				sep := ",\n    "
				if n == 0 {
					sep = "\n    "
				}
				n++
				w.WriteString(sep)
				w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
			}
			return nil
		}
	case details:
		req.Each = func(r *screen.Result) error {
			if len(r.Findings) == 0 {
				return nil
			}
			fmt.Fprintf(w, "\n%s (%s)\n", r.Findings[0].MatterTitle, r.Matters[0])
			for _, f := range r.Findings {
				printFinding(w, f)
			}
			return nil
		}
	default:
		req.Each = func(*screen.Result) error { return nil }
	}
	rep, err := svc.Screen(ctx, actor, req)
	if req.Progress != nil {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	if asJSON {
		header(rep.AsOf)
		if n > 0 {
			w.WriteString("\n  ")
		}
		w.WriteString("],\n  \"recorded\": ")
		buf.Reset()
		enc.SetIndent("  ", "  ")
		if err := enc.Encode(orEmpty(rep.Recorded)); err != nil {
			return err
		}
		w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		w.WriteString(",\n  \"warnings\": ")
		buf.Reset()
		if err := enc.Encode(orEmpty(rep.Warnings)); err != nil {
			return err
		}
		w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		_, err := w.WriteString("\n}\n")
		return err
	}
	printSummary(w, rep, time.Since(start))
	return nil
}

// The soft memory limits of screen --all (unless GOMEMLIMIT is set), which
// count everything the Go runtime holds, chosen so that the process stays
// within 1 GB at a million entities, about 820 MB at its peak: a working set
// of about 560 MB once loaded, and about 120 MB the Go runtime does not
// hold — the program's text (about 25 MB) and SQLite's page caches, which
// live in the driver's C allocator, where a 4 KB page takes an 8 KB slot
// (the writer's cache is screenAllWriteCacheKiB for the command, the
// reader's that loads the records 8 MB, so about 50 MB of memory).
// While the records are read, the garbage of decoding them is collected
// often at little cost (most of what stays is arrays the collector does not
// scan); while screening, the room above what is live is what the workers'
// garbage and the walks shared between matters fill between two
// collections.
//
// At 840 and 860 MB (and SQLite's caches of 64 MB each) a screen of 100,539
// open matters peaked at 1,020–1,100 MB: the Go runtime held what the
// limits allowed, and the caches about 250 MB more, which no Go limit
// sees; lowering the limits alone could not help.
const (
	loadMemory      = 720 << 20
	screeningMemory = 720 << 20
)

// screenAllWriteCacheKiB is the writer's page cache for screen --all, in
// KiB, in place of the 64 MB an import uses (128 MB of memory in the
// driver's allocator).
const screenAllWriteCacheKiB = 16 << 10

// screeningLimit is the soft memory limit for screening on a working set
// that, once loaded, holds footprint bytes: screeningMemory, or a quarter
// above the footprint on a database too large for it. Computing the limit
// from the live heap alone, as at first (live + 1/8 + 64 MB), left no room
// once the runtime's own overhead (span fragmentation, metadata) was
// counted: the collector then ran without pause, about half of the CPU of
// a screen of 100,000 matters.
func screeningLimit(footprint uint64) int64 {
	return int64(max(screeningMemory, footprint+footprint/4))
}

// settle collects, returns to the operating system what loading left
// behind, and reports the memory the Go runtime then holds, as the soft
// memory limit counts it.
func settle() uint64 {
	debug.FreeOSMemory() // a full collection, then the memory returned
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64() - s[1].Value.Uint64()
}

// printSummary prints what a screen of all open matters found.
func printSummary(w io.Writer, rep *service.ScreenReport, took time.Duration) {
	sm := rep.Summary
	fmt.Fprintf(w, "\nScreened as of %s: %d open matter(s), %d covered person(s), %d finding(s) in %s.\n",
		rep.AsOf, sm.Matters, sm.Covered, sm.Findings, took.Round(time.Millisecond))
	if sm.Findings > 0 {
		fmt.Fprintln(w, "\nBy outcome:")
		for _, o := range []impartial.Outcome{impartial.OutcomeRecuse, impartial.OutcomeAuthorizationRequired, impartial.OutcomeReview, impartial.OutcomePermitted} {
			if c := sm.ByOutcome[o]; c > 0 {
				fmt.Fprintf(w, "  %-24s %d\n", o, c)
			}
		}
		fmt.Fprintln(w, "\nBy rule:")
		rs := make([]string, 0, len(sm.ByRule))
		for r := range sm.ByRule {
			rs = append(rs, r)
		}
		slices.SortFunc(rs, func(a, b string) int {
			if c := sm.ByRule[b] - sm.ByRule[a]; c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})
		for _, r := range rs {
			fmt.Fprintf(w, "  %-32s %d\n", r, sm.ByRule[r])
		}
		fmt.Fprintln(w, "\nMatters with the most findings that wall someone off:")
		for _, m := range sm.Top {
			fmt.Fprintf(w, "  %-18s %4d walling, %4d in all  %s\n", m.Matter, m.Walling, m.Findings, m.Title)
		}
	}
	if len(rep.Recorded) > 0 {
		fmt.Fprintln(w, "\nOn record, deciding pairs whatever the findings:")
		for _, r := range rep.Recorded {
			fmt.Fprintf(w, "  %s × %s: %s %s — %s\n", r.Person, r.Matter, r.Kind, r.ID, r.Effect)
		}
	}
	if len(rep.Warnings) > 0 {
		fmt.Fprintf(w, "\n%d warning(s):\n", len(rep.Warnings))
		for i, warn := range rep.Warnings {
			if i == 20 {
				fmt.Fprintf(w, "  … and %d more (see --json)\n", len(rep.Warnings)-20)
				break
			}
			fmt.Fprintf(w, "  %s\n", warn)
		}
	}
	fmt.Fprintln(w, "\nEvery finding explained: --details; as JSON: --json.")
}

// printFinding prints one finding explained, indented under its matter.
func printFinding(w io.Writer, f impartial.Finding) {
	for i, line := range strings.Split(strings.TrimSpace(f.Explain()), "\n") {
		if i == 0 {
			fmt.Fprintf(w, "  %s\n", line)
		} else {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
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
			}
			for _, f := range mine {
				printFinding(w, f)
			}
			for _, r := range rep.Recorded {
				if r.Person == p.ID && r.Matter == m.ID {
					fmt.Fprintf(w, "    on record: %s %s — %s\n", r.Kind, r.ID, r.Effect)
				}
			}
		}
	}
	for _, warn := range rep.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
}
