package alert

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stewardhq/steward/internal/store"
)

// maxDigest bounds the events one digest lists, so a digest stays within
// what a chat message takes (Teams refuses cards over 28 KB); the events
// beyond it stay held for the digest at the end of the next window.
const maxDigest = 100

// window is how many messages a channel is sent per window, from its
// config (defaults for a channel no longer configured).
func (w *Watcher) window(channel string) store.AlertWindow {
	n, per := w.cfg.Alerts.Channels[channel].Limit()
	return store.AlertWindow{Max: n, Length: per}
}

// digests records, for every channel whose window has ended while
// notifications were held, one digest listing them (up to maxDigest,
// oldest first). A digest's key is its channel and the window's opening,
// so a pass running beside this one (here or in another process) records
// the same digest at most once, and every held notification goes into one
// digest.
func (w *Watcher) digests(ctx context.Context, now time.Time) error {
	chs, err := w.st.HeldChannels(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, ch := range chs {
		win := w.window(ch.Channel)
		if !win.Ended(ch.Opened, now) {
			continue // the window is still open
		}
		held, err := w.st.HeldAlerts(ctx, ch.Channel, maxDigest)
		if err != nil || len(held) == 0 {
			errs = append(errs, err)
			continue
		}
		d, ids := digestOf(ch, held, win)
		_, err = w.st.AddDigest(ctx, d, ids, now)
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// digestOf renders the digest of a channel's held notifications: one line
// per event (its subject, and its run's page when it has one).
func digestOf(ch store.HeldChannel, held []store.Alert, win store.AlertWindow) (store.Alert, []int64) {
	var jobs []string
	ids := make([]int64, len(held))
	lines := []string{fmt.Sprintf("%d more alerts came after this channel had had its %d messages in %s:", len(held), win.Max, span(win.Length))}
	for i, a := range held {
		ids[i] = a.ID
		if !slices.Contains(jobs, a.Job) {
			jobs = append(jobs, a.Job)
		}
		l := "- " + strings.TrimPrefix(a.Subject, subjectPrefix)
		if a.Link != "" {
			l += " (" + a.Link + ")"
		}
		lines = append(lines, l)
	}
	return store.Alert{
		EventKey: "digest:" + ch.Channel + ":" + strconv.FormatInt(ch.Opened.UnixMilli(), 10),
		Channel:  ch.Channel,
		Job:      clip(strings.Join(jobs, ", "), maxDetail),
		Subject:  fmt.Sprintf("%sdigest of %d alerts (%s)", subjectPrefix, len(held), clip(strings.Join(jobs, ", "), 100)),
		Body:     strings.Join(lines, "\n"),
	}, ids
}

// span writes a window as people do: 10m, 1h, 1h30m.
func span(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
