package alert

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// Defaults of Options.
const (
	DefaultMaxAttempts = 5
	DefaultBackoff     = 30 * time.Second
	DefaultLease       = 5 * time.Minute
	// maxBackoff caps the wait between two attempts: the store takes a
	// next attempt planned further ahead for a clock set back since.
	maxBackoff = store.AlertMaxWait
	// sendTimeout bounds one send; it is well inside the lease.
	sendTimeout = time.Minute
)

// Options tune a Watcher; the zero value is production behaviour.
type Options struct {
	// Channels are the notifiers by channel name (default: built from the
	// config's alerts section by Channels).
	Channels map[string]Notifier
	// BaseURL is the console's address (serve.base_url); messages then link
	// to <BaseURL>/runs/<id>.
	BaseURL string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// After waits between passes of Run (default time.After).
	After func(time.Duration) <-chan time.Time
	// MaxAttempts bounds the sends of one notification (default 5).
	MaxAttempts int
	// Backoff is the wait after the first failed send, doubled after each
	// further one (default 30s, at most 30m).
	Backoff time.Duration
	// Lease is how long a claim keeps other senders off (default 5m).
	Lease time.Duration
	// Owner names this sender in the store (default host:pid:random).
	Owner string
}

// Watcher finds alert events in the store and notifies each once.
type Watcher struct {
	st   Store
	cfg  *config.File
	log  zerolog.Logger
	opts Options
	// seen is the run id up to which every run had ended when a pass of
	// this watcher recorded all its events: later passes look only above
	// it, so a pass does not grow with the run history.
	seen atomic.Int64
}

// New returns a watcher over st for the jobs of cfg. It fails when a job
// names a channel that has no notifier.
func New(st Store, cfg *config.File, log zerolog.Logger, o Options) (*Watcher, error) {
	if o.Channels == nil {
		o.Channels = Channels(cfg.Alerts, ChannelOptions{})
	}
	for _, j := range cfg.Jobs {
		if j.Alerts == nil {
			continue
		}
		for _, c := range j.Alerts.Channels {
			if o.Channels[c] == nil {
				return nil, fmt.Errorf("start alerts: job %s names channel %q, which is not configured", j.Name, c)
			}
		}
	}
	o = o.withDefaults()
	return &Watcher{st: st, cfg: cfg, log: log, opts: o}, nil
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.After == nil {
		o.After = time.After
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Backoff <= 0 {
		o.Backoff = DefaultBackoff
	}
	if o.Lease <= 0 {
		o.Lease = DefaultLease
	}
	if o.Owner == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		o.Owner = fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b))
	}
	return o
}

// Check is one pass: it records the events that came after each job's
// channel was first watched on this store and sends every notification that
// is due. It is
// safe to call at any time, from any number of processes; an event is sent
// once per channel. An error finding one kind of event does not stop the
// others or the sending; all are returned together.
func (w *Watcher) Check(ctx context.Context) error {
	now := w.opts.Now().UTC()
	starts, floor, err := w.starts(ctx, now)
	if err != nil {
		return fmt.Errorf("check alerts: %w", err)
	}
	var errs []error
	if len(starts) > 0 {
		errs = append(errs, w.recordNew(ctx, starts, floor, now))
	}
	errs = append(errs, w.deliver(ctx))
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("check alerts: %w", err)
	}
	return nil
}

// Run calls Check now and then every interval until ctx ends; a failed pass
// is logged and the next one tries again.
func (w *Watcher) Run(ctx context.Context, every time.Duration) error {
	for {
		if err := w.Check(ctx); err != nil && ctx.Err() == nil {
			w.log.Error().Err(err).Msg("alert check failed")
		}
		select {
		case <-ctx.Done():
			return nil
		case <-w.opts.After(every):
		}
	}
}
