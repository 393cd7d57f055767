package alert

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/store"
)

// record keeps an event once per channel of its job that was watched before
// it; a notification kept already (by this pass, an earlier one or another
// process) stays as it is.
func (w *Watcher) record(ctx context.Context, e event, starts map[string]store.AlertStart, now time.Time) error {
	m := w.message(e)
	var errs []error
	for _, ch := range e.job.Alerts.Channels {
		if !e.after(starts[startName(e.job.Name, ch)]) {
			continue
		}
		_, err := w.st.AddAlert(ctx, store.Alert{EventKey: e.key, Channel: ch, Job: e.job.Name,
			Subject: m.Subject, Body: strings.Join(m.Lines, "\n"), Link: m.Link}, now)
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// message renders an event: what happened, the job, the run, the error's
// first line (or the figures) and the link to the run in the console.
func (w *Watcher) message(e event) Message {
	m := Message{Subject: fmt.Sprintf("%s%s: %s", subjectPrefix, e.job.Name, oneLine(e.what))}
	m.Lines = append(m.Lines, fmt.Sprintf("Job %s: %s.", e.job.Name, e.what))
	if e.run > 0 {
		m.Lines = append(m.Lines, "Run: "+strconv.FormatInt(e.run, 10))
	}
	if e.detail != "" {
		m.Lines = append(m.Lines, e.detail)
	}
	if e.run > 0 && w.opts.BaseURL != "" {
		m.Link = strings.TrimRight(w.opts.BaseURL, "/") + "/runs/" + strconv.FormatInt(e.run, 10)
		m.Lines = append(m.Lines, "Run page: "+m.Link)
	}
	return m
}

// subjectPrefix begins every subject.
const subjectPrefix = "[steward] "

// oneLine keeps a subject on one line (no header can be smuggled in).
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// deliver sends every due notification this sender can claim, first
// recording the digests of windows that have ended. A channel that refused
// one (down, or rate limited: Slack takes about one message a second) gets
// no more in this pass; the messages behind it wait for the next pass with
// their attempts untouched, so a storm of events is delivered, a pass at a
// time, instead of failing for good. A channel that has had its messages
// for the window (a storm: 40 jobs failing at once) gets the rest as one
// digest when the window ends.
func (w *Watcher) deliver(ctx context.Context) error {
	now := w.opts.Now().UTC()
	errs := []error{w.digests(ctx, now)}
	due, err := w.st.DueAlerts(ctx, now)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	refused := map[string]bool{}
	for _, a := range due {
		if refused[a.Channel] {
			continue
		}
		failed, err := w.deliverOne(ctx, a)
		refused[a.Channel] = failed
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// deliverOne claims a notification within its channel's window, sends it
// and records the outcome: sent, due again after a backoff, or failed for
// good (logged once, here); a notification the window has no room for is
// held for the digest instead. failed reports that the send was made and
// did not get through.
func (w *Watcher) deliverOne(ctx context.Context, due store.Alert) (failed bool, err error) {
	now := w.opts.Now().UTC()
	a, claim, err := w.st.ClaimAlertWithin(ctx, due.ID, w.opts.Owner, now, w.opts.Lease, w.window(due.Channel))
	if err != nil || claim != store.ClaimSend {
		return false, err // gone: another sender has it; held: for the digest
	}
	sendErr := w.send(ctx, a)
	now = w.opts.Now().UTC()
	if sendErr == nil {
		return false, w.st.SettleAlert(ctx, a.ID, w.opts.Owner, store.AlertSent, "", now, now)
	}
	if a.Attempts < w.opts.MaxAttempts {
		return true, w.st.SettleAlert(ctx, a.ID, w.opts.Owner, store.AlertPending, sendErr.Error(), now, now.Add(w.backoff(a.Attempts)))
	}
	w.log.Error().Err(sendErr).Str(logkey.Job, a.Job).Str(keyEvent, a.EventKey).Str(keyChannel, a.Channel).
		Int(logkey.Attempt, a.Attempts).Msg("alert not delivered")
	return true, w.st.SettleAlert(ctx, a.ID, w.opts.Owner, store.AlertFailed, sendErr.Error(), now, now)
}

// Log field keys of this package.
const (
	keyEvent   = "event"
	keyChannel = "channel"
)

func (w *Watcher) send(ctx context.Context, a store.Alert) error {
	n := w.opts.Channels[a.Channel]
	if n == nil {
		return fmt.Errorf("send alert to %s: channel is not configured", a.Channel)
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	var lines []string
	if a.Body != "" {
		lines = strings.Split(a.Body, "\n")
	}
	if err := n.Notify(ctx, Message{Subject: a.Subject, Lines: lines, Link: a.Link}); err != nil {
		return fmt.Errorf("send alert to %s: %w", a.Channel, err)
	}
	return nil
}

// backoff is the wait after the attempts-th failed send.
func (w *Watcher) backoff(attempts int) time.Duration {
	d := w.opts.Backoff
	for i := 1; i < attempts && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}
