// Package metrics serves steward's operational endpoints: /metrics in the
// Prometheus format, /healthz and /readyz. Figures kept in the state store
// (runs, records, outbox, dead letters, drafts, quality, quotas) are read at
// scrape time, so they survive restarts and include runs other processes made;
// figures of the HTTP stack (latency, retries, 429 answers, rate-limit waits)
// are counted live by an httpx.Observer. Everything is registered on the
// Metrics' own registry, never on Prometheus' global one.
package metrics

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/httpx"
)

// storeReadTimeout bounds the store reads of one scrape.
const storeReadTimeout = 10 * time.Second

// Metrics holds steward's registry and its live instruments. It is safe for
// concurrent use.
type Metrics struct {
	reg  *prometheus.Registry
	src  Source
	log  zerolog.Logger
	http *httpInstruments
	runs *runSums
}

// New builds the registry with the Go and process collectors and the HTTP
// stack's instruments; src is read at every scrape (nil: no store figures,
// only the live instruments).
func New(src Source, log zerolog.Logger) *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	hi := newHTTPInstruments()
	hi.register(reg)
	return &Metrics{reg: reg, src: src, log: log, http: hi, runs: newRunSums()}
}

// Observer returns the observer to pass in httpx.Options (jobs.Runner.HTTP)
// so that every client's requests are counted.
func (m *Metrics) Observer() httpx.Observer { return m.http }

// Handler serves /metrics: the live instruments and the figures read from
// the store with the request's context. A figure the store cannot give is
// left out and logged; the others are still served.
func (m *Metrics) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), storeReadTimeout)
		defer cancel()
		scrape := prometheus.NewRegistry()
		if m.src != nil {
			scrape.MustRegister(readStore(ctx, m.src, m.runs))
		}
		opts := promhttp.HandlerOpts{
			ErrorLog:      scrapeLog{m.log},
			ErrorHandling: promhttp.ContinueOnError,
			Registry:      m.reg,
		}
		promhttp.HandlerFor(prometheus.Gatherers{m.reg, scrape}, opts).ServeHTTP(w, r)
	})
}

// scrapeLog writes promhttp's errors (a figure the store could not give) to
// the injected logger.
type scrapeLog struct{ log zerolog.Logger }

func (l scrapeLog) Println(v ...any) {
	l.log.Error().Str(zerolog.ErrorFieldName, fmt.Sprint(v...)).Msg("metrics scrape incomplete")
}
