package cli

import (
	"context"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The collector's policy in a server (serve) is one rule, loading the
// working set and serving alike: the next collection comes when the heap has
// grown past what the last one left live by
//
//	headroom = max(gcHeadroom, live/8)
//
// set as GOGC from the live heap every second (gcPolicy), unless GOGC is set
// in the environment (then the operator's value stands; a GOMEMLIMIT in the
// environment is honoured by the runtime either way).
//
// Why both terms. A small heap — the wall checks alone, a small database,
// the first seconds of a load — with Go's default (collect when the heap has
// doubled) collected two to three times a second at 5,000 checks a second
// (12 MB live, 25 MB goal); every cycle takes a quarter of the CPU for its
// marking and stops the world twice, which on two cores the checks in flight
// feel; with 64 MB of headroom it collects every few seconds. A large heap —
// a million entities' working set, about 770 MB live — with the default
// would grow to twice that, doubling the server's resident memory; an
// eighth keeps it within 1/8 of what is live. The working set is arrays
// without pointers (screen/mattercodec.go says how the matters and
// contacts were made so), which the collector does not scan, so collecting
// that often costs little: at a million entities, 3 MB of the 657 MB live
// heap is scannable and 49,000 objects are marked, a full collection takes
// about 7 ms on one processor (it was 114 MB and 2.7 million objects, 80 ms,
// and the wall checks queued behind each mark were the slowest 1 %).
//
// This replaces two mechanisms that disagreed: GOGC from the live heap for
// small heaps, and a soft memory limit (1 GiB while loading, live + 1/8 +
// 64 MB once loaded) for large ones. The soft limit also counted memory
// outside the heap, so for a small heap it cut the 64 MB of headroom to
// about 50; it was fixed when the working set had loaded, so a heap that
// grew later (records added through the API) collected ever more often as
// it neared the limit; and it was a second rule to reason about. A GOGC
// that follows the live heap does both jobs and adapts as the heap changes.
//
// One exception: while serve loads the working set at start, a soft memory
// limit of serveLoadMemory (unless GOMEMLIMIT is set) holds the heap near
// what is live when that nears the limit, and makes the runtime return freed
// memory at once rather than over minutes. The end of the load (the graph
// compacted beside what it was built from) is its peak, about 800 MB live at
// a million entities; live/8 of headroom and the memory freed but not yet
// returned put the process at 1.0–1.2 GB resident for a second there. The
// limit is lifted as soon as the load ends (a limit near the live heap, kept
// while serving, would collect ever more often as the heap grew), and the
// rule above applies alone. The limit counts everything the runtime holds,
// not SQLite's page caches (the readers' 8 MB each, in the driver's
// allocator). On a database larger than a million entities, whose live
// heap passes the limit, the collector runs more often while loading (at
// most half of the CPU, the runtime's own cap) and the load takes longer.
//
// screen --all, a command that loads, screens and ends, keeps soft memory
// limits of its own (screen.go), measured for that run; a server's heap
// changes for as long as it runs, which a limit fixed once does not follow.
const gcHeadroom = 64 << 20

// serveLoadMemory is the soft memory limit while serve loads the working
// set.
const serveLoadMemory = 850 << 20

// gcPolicy applies the rule every interval until ctx ends, unless GOGC is
// set.
func gcPolicy(ctx context.Context, every time.Duration) {
	if os.Getenv("GOGC") != "" {
		return
	}
	setGCPercent()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			setGCPercent()
		}
	}
}

// setGCPercent sets GOGC from the live heap, unless GOGC is set, and
// returns the live heap it read.
func setGCPercent() uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	live := sample[0].Value.Uint64()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent(live))
	}
	return live
}

// gcPercent is the GOGC that puts the next collection at
// live + max(gcHeadroom, live/8).
func gcPercent(live uint64) int {
	if live == 0 {
		live = 1 << 20
	}
	headroom := max(uint64(gcHeadroom), live/8)
	return max(1, int(headroom*100/live))
}

// releaseLoadGarbage runs when the working set has loaded: it collects the
// records decoded to build it (millions of them, garbage now), returns their
// memory to the operating system, and sets GOGC from the live heap at once
// rather than at the policy's next tick.
func releaseLoadGarbage(log *slog.Logger) {
	debug.FreeOSMemory() // a full collection, then the memory returned
	live := setGCPercent()
	log.Info("memory", "live_heap_mb", live>>20, "gc_percent", gcPercent(live))
}
