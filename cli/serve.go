package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/httpapi"
	"github.com/impartial/impartial/service"
	"github.com/impartial/impartial/web"
)

// logFlush is how long a request line may wait in the log's buffer.
const logFlush = 100 * time.Millisecond

func runServe(ctx context.Context, e *env, args []string) error {
	fs := e.flags("serve", "[--addr HOST:PORT] [flags]",
		"Serve the HTTP JSON API over the whole product (/openapi.json describes it) and /healthz, /readyz, /metrics,\n"+
			"and the web pages at /ui/ (sign in there with an API token).\n"+
			"Requests carry 'Authorization: Bearer TOKEN'; 'impartial token' issues tokens. Every flag can also be set\n"+
			"as an environment variable: IMPARTIAL_ADDR, IMPARTIAL_DRAIN, IMPARTIAL_LOG, ... (a flag on the command line wins).\n"+
			"On SIGTERM or SIGINT the server stops taking connections, lets requests in flight finish within --drain,\n"+
			"and only then closes the database.")
	addr := fs.String("addr", "127.0.0.1:8700", "address to listen on")
	drain := fs.Duration("drain", 10*time.Second, "on SIGTERM or SIGINT, how long requests in flight may take to finish")
	logFormat := fs.String("log", "json", "request log format on standard error: json or text")
	auditKey := fs.String("audit-key", "", "the operator's Ed25519 private key file ('impartial audit keygen'), to sign audit checkpoints at POST /v1/audit/checkpoint")
	if err := envFlags(fs); err != nil {
		return err
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	// The log is written in batches (every logFlush, and at once after a
	// warning or an error): one write per request line was one of the
	// largest costs of a wall check (httpapi.LogBuffer says why it loses
	// nothing that matters).
	logs := httpapi.NewLogBuffer(e.stderr, logFlush)
	defer logs.Close()
	var h slog.Handler
	switch *logFormat {
	case "json":
		h = slog.NewJSONHandler(logs, nil)
	case "text":
		h = slog.NewTextHandler(logs, nil)
	default:
		return usageError{fmt.Sprintf("--log %q: want json or text", *logFormat)}
	}
	log := httpapi.NewBufferedLogger(h, logs, slog.LevelWarn)
	var apiOpts []httpapi.Option
	if *auditKey != "" {
		key, err := readPrivateKey(*auditKey)
		if err != nil {
			return err
		}
		apiOpts = append(apiOpts, httpapi.WithAuditKey(key))
	}
	st, err := openStore(ctx, e.db, e.openWith)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := service.New(st, service.WithLogger(log), service.WithReadJournal(readJournalDir(e.db)),
		service.WithLoaded(func() { releaseLoadGarbage(log) }))
	// One rule for the collector, loading and serving (gc.go says why).
	gcCtx, stopGC := context.WithCancel(ctx)
	defer stopGC()
	go gcPolicy(gcCtx, time.Second)
	// The working set (screening graph, name index, scan automaton) loads
	// while the server already answers wall checks, which do not need it;
	// Ready is false until it is loaded.
	limited := os.Getenv("GOMEMLIMIT") == ""
	if limited {
		debug.SetMemoryLimit(serveLoadMemory)
	}
	go func() {
		err := svc.LoadWorkingSet(ctx)
		if limited {
			debug.SetMemoryLimit(math.MaxInt64) // no limit once loaded (gc.go)
		}
		if err != nil && ctx.Err() == nil {
			log.Error("working set", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// The web pages under /ui/, the JSON API everywhere else.
	// Timeouts and header limits: no connection holds the server forever.
	srv := httpapi.NewServer(web.New(svc, web.Options{Log: log, Next: httpapi.New(svc, log, apiOpts...)}), httpapi.DefaultLimits, log)
	// Requests in flight are not cancelled by the signal: they drain.
	srv.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	version, _ := httpapi.VersionInfo()
	log.Info("serving", "addr", ln.Addr().String(), "db", displayDB(e.db), "version", version)
	logs.Flush() // the line that says where to connect is not held back
	// Re-screening work recorded by this or any other process is completed
	// here as soon as it appears; until it is, checks it may affect deny.
	workCtx, stopWork := context.WithCancel(ctx)
	defer stopWork()
	worked := make(chan struct{})
	go func() { defer close(worked); svc.Work(workCtx, time.Second) }()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("draining: no new connections; waiting for requests in flight", "deadline", drain.String())
	shut, cancel := context.WithTimeout(context.Background(), *drain)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		log.Error("requests still in flight at the drain deadline are cut off", "err", err)
		srv.Close()
	}
	<-served
	stopWork()
	<-worked
	log.Info("drained; closing the database")
	return nil
}

// envFlags sets each flag not given on the command line from its
// environment variable, IMPARTIAL_ and the flag's name in capitals with
// dashes as underscores (--drain: IMPARTIAL_DRAIN). It runs before the
// command line is parsed, so a flag given there wins.
func envFlags(fs *flag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		name := "IMPARTIAL_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok && err == nil {
			if serr := fs.Set(f.Name, v); serr != nil {
				err = usageError{fmt.Sprintf("%s=%q: %v", name, v, serr)}
			}
		}
	})
	return err
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := e.flags("version", "", "Print impartial's version and the Go release it was built with.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	v, g := httpapi.VersionInfo()
	fmt.Fprintf(e.stdout, "impartial %s (%s)\n", v, g)
	return nil
}

func runToken(ctx context.Context, e *env, args []string) error {
	fs := e.flags("token", "[issue] --for ROLE:ID [--label TEXT] [--expires WHEN] | list | revoke ID | expire ID [--at WHEN]",
		"Issue an API token for a user or system (printed once; only its hash is stored), or, as an admin, list, revoke\n"+
			"or expire tokens by the id 'token list' shows. WHEN is an RFC 3339 time or a duration from now (720h).\n"+
			"A revoked or expired token is refused within a second by every server.")
	as := actorFlag(fs)
	forActor := fs.String("for", "", "issue: whom the token is for, as ROLE:ID (e.g. service:case-system, covered:sessions)")
	label := fs.String("label", "", "issue: what the token is for")
	expiresFlag := fs.String("expires", "", "issue: when the token stops working (default: never, until revoked)")
	atFlag := fs.String("at", "", "expire: when (default: now)")
	asJSON := fs.Bool("json", false, "list: print JSON for programs")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	verb := "issue"
	if len(pos) > 0 {
		verb, pos = pos[0], pos[1:]
	}
	want := map[string]int{"issue": 0, "list": 0, "revoke": 1, "expire": 1}
	n, ok := want[verb]
	if !ok {
		return usageError{fmt.Sprintf("%q: say issue, list, revoke or expire", verb)}
	}
	if len(pos) != n {
		return usageError{fmt.Sprintf("token %s takes %d argument(s)", verb, n)}
	}
	caller, err := parseActor(*as)
	if err != nil {
		return err
	}
	when := func(flag, v string) (time.Time, error) {
		if v == "" {
			return time.Time{}, nil
		}
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t, nil
		}
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			return time.Now().Add(d), nil
		}
		return time.Time{}, usageError{fmt.Sprintf("--%s %q: want an RFC 3339 time or a positive duration such as 720h", flag, v)}
	}
	var actor impartial.Actor
	if verb == "issue" {
		if actor, err = parseActor(*forActor); err != nil {
			return usageError{"--for: " + err.Error()}
		}
	}
	expires, err := when("expires", *expiresFlag)
	if err != nil {
		return err
	}
	at, err := when("at", *atFlag)
	if err != nil {
		return err
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	switch verb {
	case "issue":
		token, err := svc.IssueTokenUntil(ctx, caller, actor, *label, expires)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, token)
		return nil
	case "list":
		list, err := svc.Tokens(ctx, caller, impartial.Page{Limit: impartial.MaxPage})
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, list)
		}
		for _, t := range list {
			exp := "never"
			if !t.ExpiresAt.IsZero() {
				exp = t.ExpiresAt.Format(time.RFC3339)
			}
			fmt.Fprintf(e.stdout, "%s  %-8s %-30s created %s  expires %s  %s\n", t.ID, t.State, t.For, t.CreatedAt.Format(time.RFC3339), exp, t.Label)
		}
		return nil
	case "revoke":
		t, err := svc.RevokeToken(ctx, caller, pos[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "token %s of %s revoked; every server refuses it within a second\n", t.ID, t.For)
		return nil
	default:
		t, err := svc.ExpireToken(ctx, caller, pos[0], at)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "token %s of %s expires %s (%s)\n", t.ID, t.For, t.ExpiresAt.Format(time.RFC3339), t.State)
		return nil
	}
}
