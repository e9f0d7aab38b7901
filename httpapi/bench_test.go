package httpapi_test

import (
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// BenchmarkCheckHTTP sends wall checks over loopback HTTP at a fixed rate
// (5,000 requests a second, the product's bar) from keep-alive connections
// and reports latency percentiles. b.N is the number of requests.
func BenchmarkCheckHTTP(b *testing.B) {
	s, _ := sqliteStore(b)
	srv, tok := setup(b, s)
	const rate = 5000
	paths := []string{
		"/v1/check?person=sessions&action=view&matter=m-special-counsel",
		"/v1/check?person=rosenstein&matter=m-special-counsel",
		"/v1/check?person=sessions&matter=m-pharma",
	}
	const workers = 32
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}}
	do := func(path string) (time.Duration, error) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok["system"])
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Errorf("status %d: %s", resp.StatusCode, body)
		}
		return time.Since(t0), nil
	}
	for _, p := range paths { // warm
		do(p)
	}
	// Requests are dispatched at the rate; latency is measured from the
	// dispatch, so that a server falling behind (requests waiting for a free
	// connection) shows in the figures rather than slowing the load, while
	// the pacer's own sleep overshoot does not.
	type job struct {
		i    int
		sent time.Time
	}
	lat := make([]time.Duration, b.N)
	jobs := make(chan job, b.N)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if _, err := do(paths[j.i%len(paths)]); err != nil {
					b.Error(err)
				}
				lat[j.i] = time.Since(j.sent)
			}
		}()
	}
	for i := range b.N {
		if wait := time.Until(start.Add(time.Duration(i) * time.Second / rate)); wait > 0 {
			time.Sleep(wait)
		}
		jobs <- job{i, time.Now()}
	}
	close(jobs)
	wg.Wait()
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}
