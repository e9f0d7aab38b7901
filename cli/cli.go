// Package cli is impartial's command line: it parses arguments, calls the
// service and prints for people (text) or programs (--json). It holds no
// business rules.
package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/postgres"
	"github.com/impartial/impartial/service"
	"github.com/impartial/impartial/sqlite"
	"github.com/impartial/impartial/sqlstore"
)

// EnvDB names the environment variable that chooses the database when --db
// is not given.
const EnvDB = "IMPARTIAL_DB"

// env is what a command runs with: its streams and the database it was told
// to use.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	db             string
	// screenAfterImport: import re-screens what it changed.
	screenAfterImport bool
	deferScreen       bool
	allowWallChanges  bool
	importer          impartial.Actor
	// completes: the command writes or checks, so it first completes the
	// re-screening work a crashed or interrupted command left pending.
	completes bool
	// openWith says how the command opens the database.
	openWith sqlstore.OpenOptions
	// importFormat and importSkipBad: the format of the files import reads,
	// and whether it skips their bad lines.
	importFormat  string
	importSkipBad bool
	importColumns *dataset.ColumnMap
}

// completing names the commands that write or check: they complete pending
// re-screening work first (import also after its own commit; serve all the
// while). Read-only commands leave the database as it is.
var completing = map[string]bool{"import": true, "recuse": true, "authorize": true, "determine": true,
	"check": true, "token": true}

// How commands open the database. Only commands that write create and
// migrate it; the others open it as it is and refuse one whose schema is
// not this binary's (run 'impartial init'), since migrating behind the
// operator's back would change a database that other binaries may still be
// using, for a command that was only meant to look. Of those, the ones that
// write nothing at all (not even the audit trail) open it read-only.
var (
	// existing: commands that read, and write at most the audit trail (a
	// confidential matter shown, an export, a screen) or the findings of
	// re-screening work left pending (check).
	existing = map[string]bool{"export": true, "list": true, "show": true, "screen": true, "check": true, "walls": true}
	// readOnly: commands that only read.
	readOnly = map[string]bool{"audit": true, "reconcile": true, "names": true}
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "load the reference case (the 2017 recusal of the U.S. Attorney General) and walk through it", runDemo},
		{"init", "create or migrate the database", runInit},
		{"import", "import records from JSON Lines files, all or nothing per file", runImport},
		{"export", "export every record as JSON Lines", runExport},
		{"list", "list records of one kind", runList},
		{"show", "show one record; for a person or other entity, a dated timeline", runShow},
		{"screen", "screen covered persons against matters: who must step aside, under which rule, and why", runScreen},
		{"rules", "list, show and check rulebooks", runRules},
		{"scan", "find mentions of known entities in a text, with offsets", runScan},
		{"audit", "list and verify the hash-chained audit trail", runAudit},
		{"reconcile", "check statements on the record against the facts: discrepancies and corrections", runReconcile},
		{"recuse", "record a recusal with its scope, basis, delegate and public statement", runRecuse},
		{"authorize", "record a single-matter authorization, waiver or consent, or a cure or screen", runAuthorize},
		{"determine", "record an ethics official's review or decision on a finding", runDetermine},
		{"check", "ask the wall: may this person view, participate in or be assigned to this matter?", runCheck},
		{"walls", "who is walled from a matter, what a person is walled from, the change feed", runWalls},
		{"recusals", "what a covered person sees of their own recusals; acknowledge one", runRecusals},
		{"serve", "serve the HTTP JSON API over the whole product, with health, readiness and metrics", runServe},
		{"version", "print the version", runVersion},
		{"token", "issue an API token for a user or system", runToken},
		{"gen", "generate a synthetic data set for benchmarks", runGen},
		{"names", "compare names, evaluate the matcher on labelled pairs, search the database by name", func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 && args[0] == "search" {
				return runNamesSearch(ctx, e, args[1:])
			}
			return runNames(ctx, e.stdout, e.stderr, args)
		}},
	}
}

// usageError is a mistake in the command line: exit status 2 and the usage.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// Main runs impartial with args (without the program name) and returns the
// exit status: 0 on success, 1 when the command failed, 2 for a bad command
// line.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, db: os.Getenv(EnvDB)}
	top := flag.NewFlagSet("impartial", flag.ContinueOnError)
	top.SetOutput(stderr)
	top.StringVar(&e.db, "db", e.db, "database: a SQLite file path or a postgres:// URL (default: "+DefaultDB()+")")
	top.Usage = func() { printUsage(stderr, top) }
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	rest := top.Args()
	if len(rest) == 0 || rest[0] == "help" {
		if len(rest) > 1 {
			rest = []string{rest[1], "-h"}
		} else {
			printUsage(stdout, top)
			return 0
		}
	}
	for _, c := range commands() {
		if c.name != rest[0] {
			continue
		}
		e.completes = completing[c.name]
		e.openWith = sqlstore.OpenOptions{Existing: existing[c.name] || readOnly[c.name], ReadOnly: readOnly[c.name]}
		err := c.run(ctx, e, rest[1:])
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, new(errDenied)):
			return 3
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "impartial %s: %s\nRun 'impartial %s -h' for help.\n", c.name, ue.msg, c.name)
			return 2
		}
		fmt.Fprintf(stderr, "impartial %s: %v\n", c.name, err)
		return 1
	}
	fmt.Fprintf(stderr, "impartial: unknown command %q\n", rest[0])
	printUsage(stderr, top)
	return 2
}

func printUsage(w io.Writer, top *flag.FlagSet) {
	fmt.Fprintf(w, "impartial screens conflicts of interest and manages recusals.\n\n")
	fmt.Fprintf(w, "Usage: impartial [--db DB] COMMAND [flags] [args]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nFlags:\n")
	top.SetOutput(w)
	top.PrintDefaults()
	fmt.Fprintf(w, "\nRun 'impartial COMMAND -h' for a command's flags.\n")
}

// flags returns a FlagSet for a subcommand that also takes --db, with a usage
// line and a description.
func (e *env) flags(name, usage, about string) *flag.FlagSet {
	fs := flag.NewFlagSet("impartial "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.db, "db", e.db, "database: a SQLite file path or a postgres:// URL")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: impartial %s %s\n\n%s\n\nFlags:\n", name, usage, about)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, allowing flags after positional arguments ("show
// person sessions --db x.db"), and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseFlags parses a command that takes flags and no arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("%s takes flags only, not %q", fs.Name(), pos[0])}
	}
	return nil
}

// DefaultDB is the SQLite file used when neither --db nor IMPARTIAL_DB says
// otherwise: impartial.db in the user's data directory.
func DefaultDB() string { return filepath.Join(dataDir(), "impartial.db") }

func dataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "impartial")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "impartial")
	case "windows":
		if d, err := os.UserConfigDir(); err == nil {
			return filepath.Join(d, "impartial")
		}
	}
	return filepath.Join(home, ".local", "share", "impartial")
}

// openStore opens the database the command was told to use.
func openStore(ctx context.Context, db string, opt sqlstore.OpenOptions) (impartial.Store, error) {
	if db == "" {
		db = DefaultDB()
	}
	if isPostgres(db) {
		return postgres.OpenWith(ctx, db, opt)
	}
	return sqlite.OpenWith(ctx, db, opt)
}

// service opens the store and returns the service on it, and a function to
// close it.
func (e *env) service(ctx context.Context) (*service.Service, func(), error) {
	s, err := openStore(ctx, e.db, e.openWith)
	if err != nil {
		return nil, nil, err
	}
	opts := []service.Option{service.WithLogger(slog.New(noteHandler{e.stderr}))}
	if !e.openWith.ReadOnly {
		opts = append(opts, service.WithReadJournal(readJournalDir(e.db)))
	}
	svc := service.New(s, opts...)
	if e.completes {
		e.completePending(ctx, svc)
	}
	return svc, func() {
		// Checks of confidential matters are counted in memory; they reach
		// the audit trail before the command ends, interrupted or not.
		if err := svc.CloseReads(context.WithoutCancel(ctx)); err != nil {
			fmt.Fprintf(e.stderr, "impartial: %v\n", err)
		}
		s.Close()
	}, nil
}

// EnvReadJournal names the environment variable that overrides where
// checks of confidential matters are journaled until they are in the audit
// trail.
const EnvReadJournal = "IMPARTIAL_READ_JOURNAL"

// readJournalDir is the directory of the read journal for a database: beside
// a SQLite file (every process on it shares the directory, so one recovers
// what a crashed one left), in the user's data directory for a PostgreSQL
// URL (one per database, named by a hash of the URL: app servers on other
// machines each keep their own), none for an in-memory database.
func readJournalDir(db string) string {
	if d := os.Getenv(EnvReadJournal); d != "" {
		return d
	}
	if db == "" {
		db = DefaultDB()
	}
	if isPostgres(db) {
		sum := sha256.Sum256([]byte(db))
		return filepath.Join(dataDir(), "reads-"+hex.EncodeToString(sum[:8]))
	}
	if db == ":memory:" || strings.Contains(db, "mode=memory") {
		return ""
	}
	return db + "-reads"
}

func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// completePending carries out re-screening work left pending, saying so on
// standard error. A failure is reported and the command goes on: wall checks
// the work may affect deny until it is done.
func (e *env) completePending(ctx context.Context, svc *service.Service) {
	rep, err := svc.CompletePending(ctx)
	if rep != nil && len(rep.Work) > 0 {
		fmt.Fprintf(e.stderr, "impartial: completed re-screening work left pending (#%d..#%d): %s\n",
			rep.Work[0], rep.Work[len(rep.Work)-1], describeRescreen(rep))
	}
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(e.stderr, "impartial: interrupted while completing pending re-screening; it stays pending, and wall checks it may affect deny until it is done\n")
			return
		}
		fmt.Fprintf(e.stderr, "impartial: pending re-screening could not be completed (wall checks it may affect deny until it is): %v\n", err)
	}
}

// describeRescreen says what a re-screening covered.
func describeRescreen(sc *service.RescreenReport) string {
	what := fmt.Sprintf("%d matter(s), %d person(s), %d pair(s)", sc.Matters, sc.Persons, sc.Pairs)
	if sc.All {
		what = "every open matter"
	}
	return fmt.Sprintf("%s; %d finding(s) stored", what, sc.Findings)
}

// open parses the acting user (ROLE:ID) and opens the service.
func (e *env) open(ctx context.Context, as string) (impartial.Actor, *service.Service, func(), error) {
	actor, err := parseActor(as)
	if err != nil {
		return actor, nil, nil, err
	}
	svc, done, err := e.service(ctx)
	return actor, svc, done, err
}

func runInit(ctx context.Context, e *env, args []string) error {
	fs := e.flags("init", "", "Create the database, or migrate it to this version's schema.")
	as := actorFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	actor, svc, done, err := e.open(ctx, *as)
	if err != nil {
		return err
	}
	defer done()
	c, err := svc.Counts(ctx, actor)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database ready: %s\n%s\n", displayDB(e.db), formatCounts(c))
	return nil
}

func displayDB(db string) string {
	if db == "" {
		return DefaultDB()
	}
	if i := strings.Index(db, "@"); i > 0 && strings.Contains(db, "://") {
		return db[:strings.Index(db, "://")+3] + "…" + db[i:] // hide credentials
	}
	return db
}

func formatCounts(c map[string]int) string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", c[k], plural(k, c[k]))
	}
	return strings.Join(parts, ", ")
}

func plural(word string, n int) string {
	if n == 1 {
		return word
	}
	if strings.HasSuffix(word, "y") {
		return strings.TrimSuffix(word, "y") + "ies"
	}
	return word + "s"
}
