package synth

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
)

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// peakHeap generates cfg, discarding records, and returns the largest heap
// in use sampled every 10,000 records, after a GC so that only what is
// reachable counts.
func peakHeap(t testing.TB, cfg Config) uint64 {
	t.Helper()
	var ms runtime.MemStats
	var peak uint64
	n := 0
	err := Generate(context.Background(), cfg, func(any) error {
		n++
		if n%10000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return peak
}

// BenchmarkGenerate measures throughput on a 100,000-entity data set
// (DefaultConfig: 200,000 relationships, 2,000 contacts, 10,000 matters).
func BenchmarkGenerate(b *testing.B) {
	cfg := DefaultConfig(100000)
	records := 0
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		if err := Generate(context.Background(), cfg, func(any) error { records++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records)/time.Since(start).Seconds(), "records/s")
}

var million struct {
	once                 sync.Once
	seconds              float64
	records              int
	allocated, peak, sys uint64
}

// BenchmarkGenerateMillion generates the product's reference size once —
// 1,000,000 entities, 2,000,000 relationships, 20,000 contacts, 100,000
// matters — and reports the time, the bytes allocated in total and the
// largest heap in use sampled during the run, which must stay small: the
// generator streams. Run it with -benchtime=1x; it never generates twice.
func BenchmarkGenerateMillion(b *testing.B) {
	million.once.Do(func() {
		cfg := DefaultConfig(1000000)
		var before, ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		err := Generate(context.Background(), cfg, func(any) error {
			million.records++
			if million.records%250000 == 0 {
				runtime.ReadMemStats(&ms)
				million.peak = max(million.peak, ms.HeapInuse)
			}
			return nil
		})
		million.seconds = time.Since(start).Seconds()
		if err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&ms)
		million.allocated = ms.TotalAlloc - before.TotalAlloc
		million.sys = ms.Sys
	})
	b.ReportMetric(million.seconds, "s/run")
	b.ReportMetric(float64(million.records)/million.seconds, "records/s")
	b.ReportMetric(mb(million.allocated), "MB-allocated")
	b.ReportMetric(mb(million.peak), "MB-peak-heap-inuse")
	b.ReportMetric(mb(million.sys), "MB-sys")
}
