package cli

import (
	"context"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// gcHeadroom is the least the Go heap may grow between two collections in
// a running server.
const gcHeadroom = 64 << 20

// keepGCHeadroom keeps the collector from running more often than
// gcHeadroom of allocation allows, until ctx ends, unless GOGC is set. With
// the default (collect when the heap has doubled), a server whose live heap
// is a few megabytes — a small database, or the wall checks alone before
// the working set is loaded — collected two to three times a second at
// 5,000 checks a second (12 MB live, 25 MB goal; with the headroom, every
// 5 s); every cycle takes a quarter of the CPU for its marking and stops
// the world twice, and on two cores that is felt by the checks in flight. The goal is the live heap plus the larger of itself and
// gcHeadroom: for a large heap that is the default, and boundMemory's soft
// limit still bounds it.
func keepGCHeadroom(ctx context.Context, every time.Duration) {
	if os.Getenv("GOGC") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		debug.SetGCPercent(gcPercent(sample[0].Value.Uint64()))
	}
	set()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			set()
		}
	}
}

// gcPercent is the GOGC that puts the next collection at live +
// max(live, gcHeadroom).
func gcPercent(live uint64) int {
	if live == 0 {
		live = 1 << 20
	}
	return int(max(100, gcHeadroom*100/live))
}
