package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/alert"
	"github.com/stewardhq/steward/internal/console"
	"github.com/stewardhq/steward/internal/metrics"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/trigger"
	"github.com/stewardhq/steward/internal/webauth"
	"github.com/stewardhq/steward/jobs"
)

// serveStore is what steward serve reads and decides through beside the
// runner: the console's stores, the metrics' figures, the alert watcher's
// events and queue, the console's logged-out sessions, and a ping for
// /readyz.
type serveStore interface {
	console.ReviewStore
	console.EscalationStore
	console.AuditStore
	console.QualityStore
	console.RunStore
	metrics.Source
	alert.Store
	webauth.Revocations
	Ping(ctx context.Context) error
}

var _ serveStore = (*store.Store)(nil)

// muxParts are what the console's mux is built from.
type muxParts struct {
	cfg       *config.File
	st        serveStore
	metrics   *metrics.Metrics
	heartbeat *metrics.Heartbeat // nil without a scheduler in this process
	hooks     *trigger.Hooks
	runner    *jobs.Runner
	now       func() time.Time // nil: time.Now
}

// serveMux builds every route of steward serve on one mux: the login routes,
// each console route behind the guard at its role, /metrics behind the
// guard (a viewer's session or an API token), /healthz and /readyz open, and
// the webhook endpoints, which check their vendor's signature themselves.
func (a *app) serveMux(p muxParts) (*http.ServeMux, error) {
	g, err := webauth.New(p.cfg.Serve, webauth.Options{Log: a.log, Now: p.now, Client: &http.Client{Timeout: oidcTimeout}, Revocations: p.st})
	if err != nil {
		return nil, fmt.Errorf("set up the console login: %w", err)
	}
	mux := http.NewServeMux()
	g.Handle(mux)
	con, err := a.console(p)
	if err != nil {
		return nil, err
	}
	for _, r := range con.Routes() {
		mux.Handle(r.Pattern, g.Require(r.Role, r.Handler))
	}
	mux.Handle("GET /metrics", g.Require(webauth.Viewer, p.metrics.Handler()))
	mux.Handle("GET /healthz", metrics.Healthz())
	mux.Handle("GET /readyz", metrics.Readyz(p.st.Ping, p.heartbeat, a.log))
	for _, r := range p.hooks.Routes() {
		mux.Handle(r.Pattern, r.Handler)
	}
	return mux, nil
}

// console builds the web console over the store and the config; dead
// letters are replayed by the runner as steward dlq replay does, and product
// pages link into each PIM through its connector.
func (a *app) console(p muxParts) (*console.Server, error) {
	deps := console.Deps{
		Review:      p.st,
		Escalations: p.st,
		Audit:       p.st,
		Quality:     p.st,
		Runs:        p.st,
		Replay:      replayFunc(p.runner),
		ProductLink: connectors().ProductLinks(p.cfg, a.settings),
		Config:      p.cfg,
		Now:         p.now,
	}
	if err := deps.Check(); err != nil {
		return nil, fmt.Errorf("build the console: %w", err)
	}
	return console.New(deps, a.log), nil
}

// replayFunc replays dead letters with r, as a manual run of the job.
func replayFunc(r *jobs.Runner) console.ReplayFunc {
	return func(ctx context.Context, job string, ids []int64, reviewer string) (int64, store.ReplayOutcome, error) {
		res, err := r.Replay(ctx, job, ids, reviewer)
		return res.RunID, res.ReplayOutcome, err
	}
}
