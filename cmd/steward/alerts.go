package main

import (
	"context"
	"fmt"
	"time"

	"github.com/stewardhq/steward/internal/alert"
	"github.com/stewardhq/steward/jobs"
)

// alertEvery is how often the alert watcher looks for new events.
const alertEvery = time.Minute

// startAlerts runs the alert watcher over the runner's store and config
// until ctx ends or stop is called; stop waits for the pass in hand. A
// config without alerts starts nothing. baseURL is the console's address
// (serve.base_url, "" without one): messages then link to the run.
func startAlerts(ctx context.Context, r *jobs.Runner, baseURL string, every time.Duration) (stop func(), err error) {
	if !alertsConfigured(r) {
		return func() {}, nil
	}
	st, ok := r.Store.(alert.Store)
	if !ok {
		return nil, fmt.Errorf("start alerts: state store %T keeps no alerts", r.Store)
	}
	w, err := alert.New(st, r.Config, r.Log, alert.Options{BaseURL: baseURL})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = w.Run(ctx, every)
	}()
	return func() { cancel(); <-done }, nil
}

// alertsConfigured reports whether any job alerts a channel.
func alertsConfigured(r *jobs.Runner) bool {
	for _, j := range r.Config.Jobs {
		if j.Alerts != nil && len(j.Alerts.Channels) > 0 {
			return true
		}
	}
	return false
}
