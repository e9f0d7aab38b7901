// Command impartial screens conflicts of interest and manages recusals. It
// only wires: everything it does is in package cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/impartial/impartial/cli"
)

// main runs the command; SIGINT and SIGTERM cancel its context, which a
// long-running command (serve) answers by finishing what is in flight.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
