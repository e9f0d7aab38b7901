package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/impartial/impartial/httpapi"
	"github.com/impartial/impartial/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := e.flags("serve", "[--addr HOST:PORT]",
		"Serve the HTTP JSON API (the wall check, the change feed, own recusals; /openapi.json describes it)\n"+
			"and the web pages at /ui/ (sign in there with an API token).\n"+
			"Requests carry 'Authorization: Bearer TOKEN'; 'impartial token' issues tokens.")
	addr := fs.String("addr", "127.0.0.1:8700", "address to listen on")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// The web pages under /ui/, the JSON API everywhere else.
	// Timeouts and header limits: no connection holds the server forever.
	srv := httpapi.NewServer(web.New(svc, web.Options{Log: log, Next: httpapi.New(svc, log)}), httpapi.DefaultLimits, log)
	log.Info("serving", "addr", ln.Addr().String(), "db", displayDB(e.db))
	// Re-screening work recorded by this or any other process is completed
	// here as soon as it appears; until it is, checks it may affect deny.
	workCtx, stopWork := context.WithCancel(ctx)
	defer stopWork()
	go svc.Work(workCtx, time.Second)
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func runToken(ctx context.Context, e *env, args []string) error {
	fs := e.flags("token", "--for ROLE:ID [--label TEXT]",
		"Issue an API token for a user or system. The token is printed once; only its hash is stored.")
	as := actorFlag(fs)
	forActor := fs.String("for", "", "whom the token is for, as ROLE:ID (e.g. service:case-system, covered:sessions)")
	label := fs.String("label", "", "what the token is for")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	caller, err := parseActor(*as)
	if err != nil {
		return err
	}
	actor, err := parseActor(*forActor)
	if err != nil {
		return usageError{"--for: " + err.Error()}
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	token, err := svc.IssueToken(ctx, caller, actor, *label)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, token)
	return nil
}
