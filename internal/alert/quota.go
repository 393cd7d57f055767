package alert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// QuotaKeySuffix names where a connector keeps its system's request quota in
// the system state: under "<kind>.quota" (Salesforce: salesforce.quota), as
// JSON with at least used, max and at (when the figure was read).
const QuotaKeySuffix = ".quota"

// quotaFigure is the part of a kept quota the watcher reads.
type quotaFigure struct {
	Used int       `json:"used"`
	Max  int       `json:"max"`
	At   time.Time `json:"at"`
}

// quotaEvents: a system of the job with less than the threshold of its
// quota left, once per system and UTC day of the figure (Salesforce's
// allocation is a 24 h window).
func (w *Watcher) quotaEvents(ctx context.Context, j config.Job, _ store.AlertStart, _ time.Time) ([]event, error) {
	limit, ok := j.Alerts.QuotaPercent()
	if !ok {
		return nil, nil
	}
	var out []event
	var errs []error
	for _, sys := range systemsOf(j) {
		q, ok, err := w.quotaOf(ctx, sys)
		errs = append(errs, err)
		left := 100 * float64(q.Max-q.Used) / float64(max(q.Max, 1))
		if !ok || left >= limit {
			continue
		}
		out = append(out, event{key: fmt.Sprintf("quota:%s:%s", sys, q.At.UTC().Format(time.DateOnly)), job: j, at: q.At,
			what:   fmt.Sprintf("%s quota %.1f %% left", sys, left),
			detail: fmt.Sprintf("System %s has used %d of its %d requests; %.1f %% left (alert below %g %%), as read at %s.", sys, q.Used, q.Max, left, limit, q.At.UTC().Format(time.RFC3339))})
	}
	return out, errors.Join(errs...)
}

// quotaOf reads the quota a system's connector keeps; ok is false when it
// keeps none.
func (w *Watcher) quotaOf(ctx context.Context, sys string) (quotaFigure, bool, error) {
	var q quotaFigure
	key := w.cfg.Systems[sys].Kind + QuotaKeySuffix
	v, err := w.st.SystemState(ctx, sys, key)
	if err != nil || v == "" {
		return q, false, err
	}
	if err := json.Unmarshal([]byte(v), &q); err != nil {
		return q, false, fmt.Errorf("read quota %s of system %s: %w", key, sys, err)
	}
	return q, q.Max > 0, nil
}

// systemsOf lists the systems a job reads and writes, each once.
func systemsOf(j config.Job) []string {
	out := []string{j.Extract.System}
	for _, t := range j.Load.Targets {
		if !slices.Contains(out, t.System) {
			out = append(out, t.System)
		}
	}
	return out
}
