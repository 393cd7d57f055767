// Package trigger receives vendor webhooks (HubSpot signature v3, Salesforce
// outbound messages and a Platform Event relay, a generic HMAC-signed one)
// and starts the job's next run now: debounced, never two at once, and
// retried while the scheduler or another process holds the job, so "lead
// created" is routed in seconds while the schedule remains the safety net.
// Its endpoints authenticate by the sender's signature (or, for Salesforce
// outbound messages, a path token and the org id), not by a login.
package trigger

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
)

// MaxBody bounds a webhook request body (HubSpot batches up to 100 events,
// Salesforce up to 100 notifications).
const MaxBody = 1 << 20

// Route is one endpoint to mount on the server's mux, without a login: its
// handler authenticates the sender itself.
type Route struct {
	// Pattern is a Go 1.22 mux pattern, e.g. "POST /hooks/{job}/hubspot".
	Pattern string
	Handler http.Handler
}

// Options are the seams of Hooks.
type Options struct {
	// Clock is the clock of timestamps, debounce and lock polls; nil means
	// the real clock.
	Clock clockwork.Clock
	Log   zerolog.Logger
	// MaxBody bounds request bodies; 0 means MaxBody.
	MaxBody int64
}

// Hooks holds the webhook endpoints of every enabled job with triggers and
// one Debouncer per such job.
type Hooks struct {
	jobs    map[string]*jobHooks
	clock   clockwork.Clock
	log     zerolog.Logger
	maxBody int64
	seen    replays
	wg      sync.WaitGroup
}

type jobHooks struct {
	byKind map[string]config.Trigger
	deb    *Debouncer
}

// New builds the hooks of f's enabled jobs; run makes one run of a job
// (jobs.Runner.Webhook). f must have been validated (secrets resolved).
func New(f *config.File, run RunFunc, o Options) *Hooks {
	if o.Clock == nil {
		o.Clock = clockwork.NewRealClock()
	}
	if o.MaxBody <= 0 {
		o.MaxBody = MaxBody
	}
	h := &Hooks{jobs: map[string]*jobHooks{}, clock: o.Clock, log: o.Log, maxBody: o.MaxBody}
	for _, j := range f.Jobs {
		if len(j.Triggers) == 0 || !j.IsEnabled() {
			continue
		}
		jh := &jobHooks{byKind: map[string]config.Trigger{}, deb: NewDebouncer(j.Name, run, o.Clock, o.Log)}
		for _, t := range j.Triggers {
			jh.byKind[t.Kind] = t
		}
		h.jobs[j.Name] = jh
	}
	return h
}

// Endpoint patterns.
const (
	PatternHubSpot    = "POST /hooks/{job}/hubspot"
	PatternOutbound   = "POST /hooks/{job}/salesforce/outbound/{token}"
	PatternRelay      = "POST /hooks/{job}/salesforce/events"
	PatternGeneric    = "POST /hooks/{job}/generic"
	triggeredResponse = "accepted\n"
)

// Routes returns the endpoints to mount, for every job: a job without that
// trigger (or unknown, or disabled) answers 404.
func (h *Hooks) Routes() []Route {
	return []Route{
		{PatternHubSpot, h.handler(config.TriggerHubSpot, h.hubspot)},
		{PatternOutbound, h.handler(config.TriggerSalesforce, h.outbound)},
		{PatternRelay, h.handler(config.TriggerSalesforce, h.relay)},
		{PatternGeneric, h.handler(config.TriggerGeneric, h.generic)},
	}
}

// Start runs each job's debouncer until ctx ends; Wait waits for them.
func (h *Hooks) Start(ctx context.Context) {
	for _, jh := range h.jobs {
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			jh.deb.Serve(ctx)
		}()
	}
}

// Wait returns once every debouncer Start started has returned, which each
// does after ctx ends and its run in hand returns.
func (h *Hooks) Wait() { h.wg.Wait() }

// Jobs returns how many jobs have webhook endpoints.
func (h *Hooks) Jobs() int { return len(h.jobs) }

// remember refuses a replayed signature; it is kept while its timestamp is
// within the tolerance.
func (h *Hooks) remember(kind, job, sig string, now time.Time) error {
	ok, err := h.seen.first(kind+"\x00"+job+"\x00"+sig, now, now.Add(2*Tolerance))
	switch {
	case err != nil:
		return err
	case !ok:
		return refuse(http.StatusUnauthorized, "request was replayed")
	}
	return nil
}
