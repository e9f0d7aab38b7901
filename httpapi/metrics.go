package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/service"
)

// metrics are the server's Prometheus metrics, in a registry of their own
// (not the process-global one), so that two APIs in one test process do not
// collide.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	checks   *prometheus.CounterVec
	// The check's decisions, bound once.
	checkAllow, checkDeny, checkError prometheus.Counter
	screens                           *prometheus.HistogramVec
	inFlight                          prometheus.Gauge
	handler                           http.Handler
}

// pendingCounter is a service that counts re-screens still to do.
type pendingCounter interface {
	PendingRescreens(ctx context.Context) (int, error)
}

func newMetrics(svc *service.Service) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "impartial_http_requests_total",
		Help: "HTTP requests served, by route and status."}, []string{"route", "status"})
	// Buckets from 50 µs: the wall check's bar is 1 ms.
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "impartial_http_request_duration_seconds",
		Help:    "Time from a request's dispatch to its response, by route.",
		Buckets: []float64{50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 50e-3, 100e-3, 250e-3, 1, 2.5, 10}},
		[]string{"route"})
	m.checks = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "impartial_wall_checks_total",
		Help: "Wall checks answered, by decision: allow, deny, or error (which also denies)."}, []string{"decision"})
	m.checkAllow, m.checkDeny, m.checkError = m.checks.WithLabelValues("allow"), m.checks.WithLabelValues("deny"), m.checks.WithLabelValues("error")
	m.screens = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "impartial_screening_duration_seconds",
		Help:    "Screenings run through the API, by scope: matter, person, all (POST /v1/screenings), import, record (the re-screen a saved record triggers, with the save).",
		Buckets: prometheus.ExponentialBuckets(1e-3, 4, 10)}, []string{"scope"})
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{Name: "impartial_http_requests_in_flight",
		Help: "Requests being served now; a draining server waits for them."})
	m.reg.MustRegister(m.requests, m.latency, m.checks, m.screens, m.inFlight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "impartial_rescreens_pending",
		Help: "Re-screens committed but not yet done; checks they may affect deny until they are."}, func() float64 {
		if pc, ok := any(svc).(pendingCounter); ok {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			n, err := pc.PendingRescreens(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		}
		return 0
	}))
	for _, name := range []string{"wall_persons", "wall_matters", "tokens"} {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "impartial_cache_entries",
			Help: "Entries held by each of the service's caches.", ConstLabels: prometheus.Labels{"cache": name}},
			func() float64 { return float64(svc.CacheSizes()[name]) }))
	}
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

// routeMetrics are one route's series, bound when the route is registered,
// so that a request does not hash its labels to find them: the latency
// observer, and a counter per status code, bound at the first request with
// that code.
type routeMetrics struct {
	latency prometheus.Observer
	route   string
	m       *metrics
	codes   sync.Map // int → prometheus.Counter
}

func (m *metrics) forRoute(route string) *routeMetrics {
	return &routeMetrics{latency: m.latency.WithLabelValues(route), route: route, m: m}
}

func (rm *routeMetrics) observe(code int, d time.Duration) {
	c, ok := rm.codes.Load(code)
	if !ok {
		c, _ = rm.codes.LoadOrStore(code, rm.m.requests.WithLabelValues(rm.route, strconv.Itoa(code)))
	}
	c.(prometheus.Counter).Inc()
	rm.latency.Observe(d.Seconds())
}

func (m *metrics) checked(allow bool, err error) {
	switch {
	case err != nil:
		m.checkError.Inc()
	case allow:
		m.checkAllow.Inc()
	default:
		m.checkDeny.Inc()
	}
}

func (m *metrics) screened(scope string, d time.Duration) {
	m.screens.WithLabelValues(scope).Observe(d.Seconds())
}

func (a *API) serveMetrics(w http.ResponseWriter, r *http.Request, _ impartial.Actor) error {
	a.metrics.handler.ServeHTTP(w, r)
	return nil
}
