package metrics

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
)

// Descriptions of the figures read from the store.
var (
	runsDesc = prometheus.NewDesc("steward_runs_total",
		"Finished runs by job and final status (succeeded, failed, partial), from the run history.", []string{"job", "status"}, nil)
	runningDesc = prometheus.NewDesc("steward_runs_in_progress",
		"Runs of a job recorded as running.", []string{"job"}, nil)
	recordsDesc = prometheus.NewDesc("steward_records_total",
		"Records by job and stage (read, staged, written, rejected, quarantined), summed over the job's runs.", []string{"job", "stage"}, nil)
	lastStartDesc = prometheus.NewDesc("steward_last_run_start_timestamp_seconds",
		"When the job's newest run started (Unix time).", []string{"job"}, nil)
	lastFinishDesc = prometheus.NewDesc("steward_last_run_finish_timestamp_seconds",
		"When the job's newest finished run ended (Unix time).", []string{"job"}, nil)
	outboxDesc = prometheus.NewDesc("steward_outbox_pending",
		"Writes waiting in the outbox, per job.", []string{"job"}, nil)
	deadDesc = prometheus.NewDesc("steward_dead_letters_open",
		"Dead letters neither replayed nor discarded, per job.", []string{"job"}, nil)
	draftsDesc = prometheus.NewDesc("steward_drafts",
		"Drafts waiting for a reviewer (pending) or flagged by their check, by kind.", []string{"kind", "status"}, nil)
	qualityDesc = prometheus.NewDesc("steward_quality_score",
		"Quality score of the job's latest quality run, in percent of the products checked.", []string{"job"}, nil)
	quotaLeftDesc = prometheus.NewDesc("steward_quota_remaining",
		"Requests left in a system's API allocation, as last announced by the system.", []string{"system"}, nil)
	quotaMaxDesc = prometheus.NewDesc("steward_quota_limit",
		"Size of a system's API allocation, as last announced by the system.", []string{"system"}, nil)
	quotaAtDesc = prometheus.NewDesc("steward_quota_observed_timestamp_seconds",
		"When a system last announced its API allocation (Unix time).", []string{"system"}, nil)
)

var storeDescs = []*prometheus.Desc{runsDesc, runningDesc, recordsDesc, lastStartDesc, lastFinishDesc,
	outboxDesc, deadDesc, draftsDesc, qualityDesc, quotaLeftDesc, quotaMaxDesc, quotaAtDesc}

// storeFigures is one scrape's reading of the store, as a collector.
type storeFigures struct{ metrics []prometheus.Metric }

// reader reads one group of figures; desc names the group in an error.
type reader struct {
	desc *prometheus.Desc
	read func(ctx context.Context, src Source, jobs []string) ([]prometheus.Metric, error)
}

// readers read the groups after the runs; jobs are the jobs the run
// history knows, each given a 0 where a group has nothing for it.
var readers = []reader{
	{lastStartDesc, readRunTimes},
	{outboxDesc, readOutbox},
	{deadDesc, readDeadLetters},
	{draftsDesc, readDrafts},
	{qualityDesc, readQuality},
	{quotaLeftDesc, readQuotas},
}

// readStore reads every group; a group the store cannot give becomes an
// invalid metric, which the handler logs and leaves out.
func readStore(ctx context.Context, src Source, sums *runSums) storeFigures {
	var f storeFigures
	var jobs []string
	ms, err := readRuns(ctx, src, sums, &jobs)
	if err != nil {
		ms = []prometheus.Metric{prometheus.NewInvalidMetric(runsDesc, err)}
	}
	f.metrics = append(f.metrics, ms...)
	for _, r := range readers {
		ms, err := r.read(ctx, src, jobs)
		if err != nil {
			f.metrics = append(f.metrics, prometheus.NewInvalidMetric(r.desc, err))
			continue
		}
		f.metrics = append(f.metrics, ms...)
	}
	return f
}

// Describe sends every description the store's figures use.
func (f storeFigures) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range storeDescs {
		ch <- d
	}
}

// Collect sends the figures read.
func (f storeFigures) Collect(ch chan<- prometheus.Metric) {
	for _, m := range f.metrics {
		ch <- m
	}
}
