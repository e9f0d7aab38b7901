// Command impartial screens conflicts of interest and manages recusals. It
// only wires: everything it does is in package cli.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"

	"github.com/impartial/impartial/cli"
)

// main runs the command; SIGINT and SIGTERM cancel its context, which a
// long-running command (serve) answers by finishing what is in flight.
//
// For finding where a command's time and memory go on a real database,
// IMPARTIAL_CPUPROFILE=FILE writes a CPU profile of the whole command and
// IMPARTIAL_HEAPPROFILE=FILE a heap profile when it ends (for serve: after
// SIGTERM), and FILE.1, FILE.2, ... whenever the process gets SIGUSR1 (the
// heap of a running server, or of a long command at its peak), all for
// `go tool pprof`.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfile := profile()
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}

// profile starts the profiles the environment asks for and returns what
// finishes them.
func profile() func() {
	var cpu *os.File
	if path := os.Getenv("IMPARTIAL_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "impartial: IMPARTIAL_CPUPROFILE:", err)
		} else {
			cpu = f
		}
	}
	heap := os.Getenv("IMPARTIAL_HEAPPROFILE")
	usr1 := make(chan os.Signal, 1)
	if heap != "" {
		signal.Notify(usr1, syscall.SIGUSR1)
		go func() {
			n := 0
			for range usr1 {
				n++
				writeHeap(fmt.Sprintf("%s.%d", heap, n))
			}
		}()
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if heap != "" {
			signal.Stop(usr1)
			writeHeap(heap)
		}
	}
}

// writeHeap writes a heap profile of what is live after a collection, with
// every allocation since the start.
func writeHeap(path string) {
	runtime.GC()
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "impartial: IMPARTIAL_HEAPPROFILE:", err)
	}
}
