package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

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
	http   *http.Server
	hooks  *trigger.Hooks
	runner *jobs.Runner
	sched  *jobs.Scheduler // nil without --schedule
	log    logFunc
	grace  time.Duration // how long requests in flight may take after SIGTERM
}

// logFunc logs a constant message with an error (nil: info).
type logFunc func(msg string, err error)

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
	s := &server{hooks: trigger.New(r.Config, r.Webhook, trigger.Options{Log: a.log}), runner: r, log: a.logFunc(), grace: shutdownTimeout}
	var hb *metrics.Heartbeat
	if schedule {
		hb = metrics.NewHeartbeat(3*jobs.BeatInterval, nil)
		s.sched = &jobs.Scheduler{Runner: r, Grace: r.Config.Scheduler.GracePeriod.Std(), Beat: hb.Beat}
	}
	mux, err := a.serveMux(muxParts{cfg: r.Config, st: st, metrics: m, heartbeat: hb, hooks: s.hooks, runner: r})
	if err != nil {
		return nil, err
	}
	s.http = httpServer(mux)
	return s, nil
}

// httpServer is the console's HTTP server: every response with the
// hardening headers of webauth.Headers, and every client bounded in time
// and header size, so a slow or hostile one cannot hold a connection.
func httpServer(mux http.Handler) *http.Server {
	return &http.Server{
		Handler:           webauth.Headers(mux),
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
	s.log("stopping the console: no new requests; requests in flight finish", nil)
	shutErr := s.stopHTTP(ctx)
	cancel()
	wg.Wait()
	s.hooks.Wait()
	if serveErr == nil {
		serveErr = <-served
	}
	s.log("console stopped", nil)
	return serveResult(serveErr, shutErr, schedErr)
}

// stopHTTP stops accepting and lets the requests in flight finish within
// s.grace; then it closes the connections still open, so that their
// handlers' contexts end before the store closes.
func (s *server) stopHTTP(ctx context.Context) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.grace)
	defer cancel()
	err := s.http.Shutdown(sctx)
	if err != nil {
		err = errors.Join(err, s.http.Close())
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

func (a *app) logFunc() logFunc {
	return func(msg string, err error) {
		if err != nil {
			a.log.Error().Err(err).Msg(msg)
			return
		}
		a.log.Info().Msg(msg)
	}
}
