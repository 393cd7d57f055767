package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// httpInstruments count what the HTTP stack does; they implement
// httpx.Observer.
type httpInstruments struct {
	latency *prometheus.HistogramVec
	retries *prometheus.CounterVec
	tooMany *prometheus.CounterVec
	waits   *prometheus.CounterVec
}

// latencyBuckets span a quick API call to a slow page of a large export.
var latencyBuckets = []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

func newHTTPInstruments() *httpInstruments {
	return &httpInstruments{
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "steward_http_request_duration_seconds",
			Help:    "Time of one attempt at a request to a system, body included, rate-limit waits excluded; code_class is 2xx..5xx, or error when no answer came.",
			Buckets: latencyBuckets,
		}, []string{"system", "code_class"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "steward_http_retries_total",
			Help: "Failed attempts at a request to a system that were made again, by the HTTP stack or by the system's connector.",
		}, []string{"system"}),
		tooMany: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "steward_http_429_total",
			Help: "429 Too Many Requests answers from a system.",
		}, []string{"system"}),
		waits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "steward_rate_limit_wait_seconds_total",
			Help: "Time spent waiting for a system's rate limit: steward's own limiter, the waits its 429 answers asked for, and its connector's pacing to the window the system announces.",
		}, []string{"system"}),
	}
}

func (h *httpInstruments) register(reg prometheus.Registerer) {
	reg.MustRegister(h.latency, h.retries, h.tooMany, h.waits)
}

// Request counts one attempt.
func (h *httpInstruments) Request(system string, code int, d time.Duration) {
	h.latency.WithLabelValues(system, codeClass(code)).Observe(max(d, 0).Seconds())
	if code == http.StatusTooManyRequests {
		h.tooMany.WithLabelValues(system).Inc()
	}
}

// Retry counts one retry.
func (h *httpInstruments) Retry(system string) { h.retries.WithLabelValues(system).Inc() }

// Wait adds a rate-limit wait.
func (h *httpInstruments) Wait(system string, d time.Duration) {
	h.waits.WithLabelValues(system).Add(max(d, 0).Seconds())
}

// codeClass is a status code's class ("2xx"); "error" when no answer came.
func codeClass(code int) string {
	if code < 100 || code > 599 {
		return "error"
	}
	return string(rune('0'+code/100)) + "xx"
}
