// Command impartial screens conflicts of interest and manages recusals. It
// only wires: everything it does is in package cli.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/impartial/impartial/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
