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
// JSON with at least used, max and at (when the figure was read), and zone
// (the IANA time zone whose midnight starts the quota's day; none: UTC).
const QuotaKeySuffix = ".quota"

// quotaFigure is the part of a kept quota the watcher reads.
type quotaFigure struct {
	Used int       `json:"used"`
	Max  int       `json:"max"`
	At   time.Time `json:"at"`
	Zone string    `json:"zone"`
}

// day is the quota's day the figure was read on: the date at its zone
// (HubSpot's daily limit resets at midnight in the account's time zone),
// UTC without one.
func (q quotaFigure) day() (string, error) {
	loc := time.UTC
	if q.Zone != "" {
		var err error
		if loc, err = time.LoadLocation(q.Zone); err != nil {
			return "", fmt.Errorf("read the day of the quota: %w", err)
		}
	}
	return q.At.In(loc).Format(time.DateOnly), nil
}

// quotaEvents: a system of the job with less than the threshold of its
// quota left, once per system and day of the figure: the day of the zone
// the connector kept with it (HubSpot: the account's), else the UTC day
// (Salesforce's allocation is a 24 h window).
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
		day, err := q.day()
		if err != nil {
			errs = append(errs, fmt.Errorf("system %s: %w", sys, err))
			continue
		}
		out = append(out, event{key: fmt.Sprintf("quota:%s:%s", sys, day), job: j, at: q.At,
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
