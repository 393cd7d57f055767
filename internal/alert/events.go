package alert

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// event is one thing to notify a job's channels of, once.
type event struct {
	// key is stable: the same event found again has the same key.
	key string
	job config.Job
	// run is the run it is about (0: none, a quota).
	run int64
	// at is when a figure not of a run was read (a quota).
	at   time.Time
	what string
	// detail is the error's first line or the figures.
	detail string
}

// find returns the events of every kind after start.
func (w *Watcher) find(ctx context.Context, start store.AlertStart, now time.Time) ([]event, error) {
	out, err := w.runEvents(ctx, start)
	errs := []error{err}
	for _, j := range w.cfg.Jobs {
		if j.Alerts == nil {
			errs = append(errs, w.st.DisarmAlert(ctx, dlqMark(j)))
			continue
		}
		for _, kind := range []func(context.Context, config.Job, store.AlertStart, time.Time) ([]event, error){
			w.qualityEvents, w.deadLetterEvents, w.quotaEvents,
		} {
			es, err := kind(ctx, j, start, now)
			out = append(out, es...)
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

// runEvents: a run that ended failed or partial after the start.
func (w *Watcher) runEvents(ctx context.Context, start store.AlertStart) ([]event, error) {
	runs, err := w.st.EndedBadly(ctx, start)
	if err != nil {
		return nil, err
	}
	var out []event
	for _, r := range runs {
		j, ok := w.cfg.Job(r.Job)
		if !ok || j.Alerts == nil || r.Status == store.StatusFailed && !j.Alerts.OnFailed() || r.Status == store.StatusPartial && !j.Alerts.OnPartial() {
			continue
		}
		out = append(out, event{key: "run:" + strconv.FormatInt(r.ID, 10), job: j, run: r.ID,
			what: fmt.Sprintf("run %d %s", r.ID, r.Status), detail: firstLine(r.Error)})
	}
	return out, nil
}

// scoreEpsilon absorbs the rounding of two scores' difference: 64.4 - 62.4
// is 2.000000000000007 in floating point, and a drop of exactly the
// threshold is not above it.
const scoreEpsilon = 1e-9

// qualityEvents: a quality run more than the threshold below the previous
// one; backfill runs are neither compared nor compared against.
func (w *Watcher) qualityEvents(ctx context.Context, j config.Job, start store.AlertStart, _ time.Time) ([]event, error) {
	limit, ok := j.Alerts.DropPoints()
	if !ok {
		return nil, nil
	}
	pts, err := w.st.QualityScores(ctx, j.Name, start.RunID)
	if err != nil {
		return nil, err
	}
	var out []event
	for i := 1; i < len(pts); i++ {
		prev, cur := pts[i-1], pts[i]
		if !start.After(cur.RunID) || prev.Score-cur.Score <= limit+scoreEpsilon {
			continue
		}
		out = append(out, event{key: "quality:" + strconv.FormatInt(cur.RunID, 10), job: j, run: cur.RunID,
			what:   fmt.Sprintf("quality dropped %.1f points", prev.Score-cur.Score),
			detail: fmt.Sprintf("Quality score %.1f %% in run %d, %.1f %% in run %d before it (alert above %g points).", cur.Score, cur.RunID, prev.Score, prev.RunID, limit)})
	}
	return out, nil
}

// deadLetterEvents: the job's open dead letters rising above the threshold.
// The crossing is armed under dlq:<job> as dlq:<job>:<run>:<armed at, Unix
// ms>, with the run that first saw it, so it stays one event until the
// count falls to the job's clear mark (clear_below, default half the
// threshold) or below: a count wobbling around the threshold is one event.
// The time tells a later crossing apart when the same run (a long one)
// rejects more after the first letters were discarded.
func (w *Watcher) deadLetterEvents(ctx context.Context, j config.Job, _ store.AlertStart, now time.Time) ([]event, error) {
	name := dlqMark(j)
	limit, clearAt, ok := j.Alerts.DeadLetterMarks()
	if !ok {
		// Off: a crossing armed before is forgotten, so turning the alert
		// on again with the count still above it is a new event.
		return nil, w.st.DisarmAlert(ctx, name)
	}
	n, last, err := w.st.OpenDeadLettersOf(ctx, j.Name)
	if err != nil {
		return nil, err
	}
	switch {
	case n <= clearAt:
		return nil, w.st.DisarmAlert(ctx, name)
	case n <= limit:
		return nil, nil // between the marks: an armed crossing stays armed
	}
	key, err := w.st.ArmAlert(ctx, name, fmt.Sprintf("%s:%d:%d", name, last, now.UnixMilli()), now)
	if err != nil {
		return nil, err
	}
	run, err := armedRun(key)
	if err != nil {
		return nil, err
	}
	return []event{{key: key, job: j, run: run, what: fmt.Sprintf("%d open dead letters", n),
		detail: fmt.Sprintf("%d dead letters wait for a replay or a discard (alert above %d, again once at or below %d).", n, limit, clearAt)}}, nil
}

// dlqMark names the mark a job's dead-letter crossing is armed under.
func dlqMark(j config.Job) string { return "dlq:" + j.Name }

// armedRun reads the run out of an armed crossing's key,
// dlq:<job>:<run>[:<armed at>].
func armedRun(key string) (int64, error) {
	parts := strings.Split(key, ":")
	if len(parts) < 3 {
		return 0, fmt.Errorf("read armed alert %s: no run in the key", key)
	}
	run, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("read armed alert %s: %w", key, err)
	}
	return run, nil
}

// maxDetail bounds the error text a message quotes, in bytes: a first line
// may be a whole response body, a mail line may not pass 998 octets, and
// Teams refuses cards over 28 KB.
const maxDetail = 500

// firstLine returns the first line of an error text, cut to maxDetail
// bytes.
func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return clip(strings.TrimSpace(s), maxDetail)
}

// clip cuts s to at most n bytes at a character boundary, marking the cut
// with an ellipsis.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
