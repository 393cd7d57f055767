package metrics

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/stewardhq/steward/internal/store"
)

// readRuns gives the finished runs, the runs in progress and the records of
// every job; known receives the jobs, for the other groups' zeros.
func readRuns(ctx context.Context, src Source, sums *runSums, known *[]string) ([]prometheus.Metric, error) {
	tallies, err := sums.read(ctx, src)
	if err != nil {
		return nil, err
	}
	var out []prometheus.Metric
	running, records := map[string]int{}, map[string]store.Counts{}
	for _, t := range tallies {
		if _, seen := records[t.Job]; !seen {
			*known = append(*known, t.Job)
		}
		records[t.Job] = records[t.Job].Add(t.Counts)
		if t.Status == store.StatusRunning {
			running[t.Job] += t.Runs
			continue
		}
		out = append(out, prometheus.MustNewConstMetric(runsDesc, prometheus.CounterValue, float64(t.Runs), t.Job, t.Status))
	}
	for _, job := range *known {
		c := records[job]
		out = append(out, prometheus.MustNewConstMetric(runningDesc, prometheus.GaugeValue, float64(running[job]), job))
		for _, s := range []struct {
			stage string
			n     int
		}{{"read", c.Read}, {"staged", c.Staged}, {"written", c.Written}, {"rejected", c.Rejected}, {"quarantined", c.Quarantined}} {
			out = append(out, prometheus.MustNewConstMetric(recordsDesc, prometheus.CounterValue, float64(s.n), job, s.stage))
		}
	}
	return out, nil
}

// readRunTimes gives the last start and finish of every job.
func readRunTimes(ctx context.Context, src Source, _ []string) ([]prometheus.Metric, error) {
	times, err := src.LastRunTimes(ctx)
	if err != nil {
		return nil, err
	}
	var out []prometheus.Metric
	for _, t := range times {
		out = append(out, prometheus.MustNewConstMetric(lastStartDesc, prometheus.GaugeValue, unix(t.Started), t.Job))
		if !t.Finished.IsZero() {
			out = append(out, prometheus.MustNewConstMetric(lastFinishDesc, prometheus.GaugeValue, unix(t.Finished), t.Job))
		}
	}
	return out, nil
}

// unix is t in Unix seconds with its fraction.
func unix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

// readOutbox gives the pending writes of every job, 0 for a known job
// without any.
func readOutbox(ctx context.Context, src Source, known []string) ([]prometheus.Metric, error) {
	n, err := src.OutboxDepth(ctx)
	if err != nil {
		return nil, err
	}
	return perJob(outboxDesc, n, known), nil
}

// readDeadLetters gives the open dead letters of every job.
func readDeadLetters(ctx context.Context, src Source, known []string) ([]prometheus.Metric, error) {
	n, err := src.OpenDeadLetters(ctx)
	if err != nil {
		return nil, err
	}
	return perJob(deadDesc, n, known), nil
}

// perJob gives one gauge per job of counts and of known (0 when absent).
func perJob(desc *prometheus.Desc, counts map[string]int, known []string) []prometheus.Metric {
	var out []prometheus.Metric
	for _, job := range known {
		out = append(out, prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, float64(counts[job]), job))
	}
	for job, n := range counts {
		if !slices.Contains(known, job) {
			out = append(out, prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, float64(n), job))
		}
	}
	return out
}

// readDrafts gives the pending and flagged drafts by kind, with 0 for a
// status a kind has none of.
func readDrafts(ctx context.Context, src Source, _ []string) ([]prometheus.Metric, error) {
	statuses := []string{store.DraftPending, store.DraftFlagged}
	tallies, err := src.DraftTallies(ctx, statuses...)
	if err != nil {
		return nil, err
	}
	n := map[[2]string]int{}
	kinds := []string{store.DraftDescription, store.DraftCorrection}
	for _, t := range tallies {
		n[[2]string{t.Kind, t.Status}] = t.Drafts
		if !slices.Contains(kinds, t.Kind) {
			kinds = append(kinds, t.Kind)
		}
	}
	var out []prometheus.Metric
	for _, k := range kinds {
		for _, s := range statuses {
			out = append(out, prometheus.MustNewConstMetric(draftsDesc, prometheus.GaugeValue, float64(n[[2]string{k, s}]), k, s))
		}
	}
	return out, nil
}

// readQuality gives the score of every job's latest quality run.
func readQuality(ctx context.Context, src Source, _ []string) ([]prometheus.Metric, error) {
	runs, err := src.LatestQualityScores(ctx)
	if err != nil {
		return nil, err
	}
	var out []prometheus.Metric
	for _, q := range runs {
		out = append(out, prometheus.MustNewConstMetric(qualityDesc, prometheus.GaugeValue, q.Score, q.Job))
	}
	return out, nil
}

// QuotaKeySuffix ends the system-state key under which a connector keeps its
// system's API allocation as JSON {"used": n, "max": n, "at": time} (the
// Salesforce connector's "salesforce.quota"); the metrics report every such key.
const QuotaKeySuffix = ".quota"

// quota is the part of a kept allocation the metrics read.
type quota struct {
	Used int       `json:"used"`
	Max  int       `json:"max"`
	At   time.Time `json:"at"`
}

// readQuotas gives the allocation of every system that announced one.
func readQuotas(ctx context.Context, src Source, _ []string) ([]prometheus.Metric, error) {
	rows, err := src.SystemStatesNamed(ctx, QuotaKeySuffix)
	if err != nil {
		return nil, err
	}
	var out []prometheus.Metric
	for _, r := range rows {
		var q quota
		if err := json.Unmarshal([]byte(r.Value), &q); err != nil {
			return nil, fmt.Errorf("system %s: state %s: decode the allocation: %w", r.System, r.Key, err)
		}
		if q.Max <= 0 {
			continue // the system has announced nothing yet
		}
		out = append(out, prometheus.MustNewConstMetric(quotaLeftDesc, prometheus.GaugeValue, float64(q.Max-q.Used), r.System),
			prometheus.MustNewConstMetric(quotaMaxDesc, prometheus.GaugeValue, float64(q.Max), r.System))
		if !q.At.IsZero() {
			out = append(out, prometheus.MustNewConstMetric(quotaAtDesc, prometheus.GaugeValue, unix(q.At), r.System))
		}
	}
	return out, nil
}
