package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/metrics"
	"github.com/stewardhq/steward/internal/trigger"
	"github.com/stewardhq/steward/internal/webauth"
	"github.com/stewardhq/steward/jobs"
)

// Timings of steward serve.
const (
	// shutdownTimeout bounds how long requests in flight may take after
	// SIGTERM before their connections are closed.
	shutdownTimeout = 10 * time.Second
	// cutWaitTimeout bounds how long the handlers of the requests cut at
	// the end of shutdownTimeout may take to return (their contexts have
	// ended) before the state store is closed.
	cutWaitTimeout = 5 * time.Second
	// readHeaderTimeout bounds a client sending its request headers.
	readHeaderTimeout = 10 * time.Second
	// readTimeout bounds a client sending its whole request, body included.
	readTimeout = 30 * time.Second
	// idleTimeout closes a kept-alive connection no request came on.
	idleTimeout = 2 * time.Minute
	// maxHeaderBytes bounds a request's headers (cookies, a bearer token).
	maxHeaderBytes = 64 << 10
	// oidcTimeout bounds each call to the identity provider.
	oidcTimeout = 15 * time.Second
)

// server is everything steward serve runs: the HTTP server and, beside it,
// the webhook debouncers, the alert watcher and (with --schedule) the
// scheduler. run owns every goroutine it starts and waits for each.
type server struct {
	http     *http.Server
	inflight *inflight // the handlers running, counted by http's handler
	hooks    *trigger.Hooks
	runner   *jobs.Runner
	sched    *jobs.Scheduler // nil without --schedule
	log      zerolog.Logger
	grace    time.Duration // how long requests in flight may take after SIGTERM
	cutWait  time.Duration // how long cut requests' handlers may take to return
}

// errRequestsRunning means handlers still ran when steward serve stopped
// waiting for them: the state store must stay open under them.
var errRequestsRunning = errors.New("requests still running after their connections were cut")

// newServer builds the server on r's store: the console and the operational
// endpoints (webauth.ErrNoLogin when nobody could log in), the triggers, the
// alert watcher, and with schedule the scheduler with its heartbeat.
func (a *app) newServer(r *jobs.Runner, schedule bool) (*server, error) {
	st, ok := r.Store.(serveStore)
	if !ok {
		return nil, fmt.Errorf("start the console: state store %T lacks what the console reads", r.Store)
	}
	m := metrics.New(st, a.log)
	r.HTTP.Observer = m.Observer()
	s := &server{hooks: trigger.New(r.Config, r.Webhook, trigger.Options{Log: a.log}), runner: r, log: a.log,
		grace: shutdownTimeout, cutWait: cutWaitTimeout, inflight: &inflight{}}
	var hb *metrics.Heartbeat
	if schedule {
		hb = metrics.NewHeartbeat(3*jobs.BeatInterval, nil)
		s.sched = &jobs.Scheduler{Runner: r, Grace: r.Config.Scheduler.GracePeriod.Std(), Beat: hb.Beat}
	}
	mux, err := a.serveMux(muxParts{cfg: r.Config, st: st, metrics: m, heartbeat: hb, hooks: s.hooks, runner: r})
	if err != nil {
		return nil, err
	}
	s.http = httpServer(mux, s.inflight)
	return s, nil
}

// httpServer is the console's HTTP server: every response with the
// hardening headers of webauth.Headers, every handler counted in fl while
// it runs, and every client bounded in time and header size, so a slow or
// hostile one cannot hold a connection.
func httpServer(mux http.Handler, fl *inflight) *http.Server {
	return &http.Server{
		Handler:           fl.wrap(webauth.Headers(mux)),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

// run serves on ln until ctx ends or the server fails, then shuts down in
// order: no new requests and those in flight finished (s.grace, then cut),
// then the scheduler's own stop (no new runs, the page in hand stored,
// within its grace period), the debouncers' runs and the alert watcher's
// pass in hand.
func (s *server) run(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopAlerts, err := startAlerts(ctx, s.runner, s.runner.Config.Serve.BaseURL, alertEvery)
	if err != nil {
		_ = ln.Close()
		return err
	}
	defer stopAlerts()
	// The debouncers run before the first request can signal them.
	s.hooks.Start(ctx)
	served := make(chan error, 1)
	go func() { served <- s.http.Serve(ln) }()
	var wg sync.WaitGroup
	var schedErr error
	if s.sched != nil {
		wg.Go(func() { schedErr = s.sched.Run(ctx) })
	}
	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	s.log.Info().Msg("stopping the console: no new requests; requests in flight finish")
	shutErr := s.stopHTTP(ctx)
	cancel()
	wg.Wait()
	s.hooks.Wait()
	if serveErr == nil {
		serveErr = <-served
	}
	s.log.Info().Msg("console stopped")
	return serveResult(serveErr, shutErr, schedErr)
}

// stopHTTP stops accepting and lets the requests in flight finish within
// s.grace; then it closes the connections still open, so that their
// handlers' contexts end, lets no handler begin any more, and waits
// (s.cutWait at most) for those running to return, so that none still
// uses the store when it closes. errRequestsRunning: some still ran when
// the wait ended.
func (s *server) stopHTTP(ctx context.Context) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.grace)
	defer cancel()
	err := s.http.Shutdown(sctx)
	if err != nil {
		cut := s.inflight.count()
		err = errors.Join(err, s.http.Close())
		s.log.Warn().Int("requests", cut).Dur("grace", s.grace).Msg("requests in flight cut at the end of the grace; waiting for their handlers")
	}
	s.inflight.stop()
	wctx, cancelWait := context.WithTimeout(context.WithoutCancel(ctx), s.cutWait)
	defer cancelWait()
	if left := s.inflight.wait(wctx); left > 0 {
		s.log.Error().Int("requests", left).Dur("waited", s.cutWait).Msg("handlers still running after their connections were cut; the state store stays open")
		return errors.Join(err, fmt.Errorf("%w: %d", errRequestsRunning, left))
	}
	return err
}

// serveResult joins what went wrong while serving and stopping; the server's
// normal end (http.ErrServerClosed) is no error.
func serveResult(serveErr, shutErr, schedErr error) error {
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	if serveErr != nil {
		serveErr = fmt.Errorf("serve the console: %w", serveErr)
	}
	if shutErr != nil {
		shutErr = fmt.Errorf("stop the console: %w", shutErr)
	}
	return errors.Join(serveErr, shutErr, schedErr)
}
