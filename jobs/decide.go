package jobs

import (
	"context"
	"encoding/json"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// decider builds the job's transform stage for one pass.
func (r *Runner) decider(job config.Job) (*transform.Decider, error) {
	dt, err := r.dataType(job)
	if err != nil {
		return nil, err
	}
	dec, err := transform.NewDecider(r.Store, dt, job, r.NewID)
	if err != nil {
		return nil, err
	}
	dec.Reverse = transform.ReverseJobs(r.Config, job)
	return dec, nil
}

// readLive has a merging job's decider read its targets' current values
// when the pass's first changed records are decided, so that each record is
// merged against what the target holds now rather than the copy the other
// direction's job staged at its last run. Targets whose loader cannot list
// its records are left to their staged copies.
func (r *Runner) readLive(log zerolog.Logger, job config.Job, dec *transform.Decider) error {
	dt, err := r.dataType(job)
	if err != nil || transform.StrategyOf(dt, job) != transform.MergeEscalate || len(job.Load.Targets) == 0 {
		return err
	}
	dec.LiveSource = func(ctx context.Context) (map[string]map[string]map[string]json.RawMessage, error) {
		return r.readCurrents(ctx, log, job)
	}
	return nil
}

// decidePage runs the page's changed records through the transform stage
// and adds what they cause (writes, escalations, synced versions, crosswalk
// rows) to the page's commit. A record the stage cannot use is quarantined
// with the reason; it stays staged, as before the stage existed.
func decidePage(ctx context.Context, dec *transform.Decider, job config.Job, runID int64, recs []record.Record, c *store.PageCommit) error {
	keys := make([]string, len(recs))
	for i, rec := range recs {
		keys[i] = rec.Key
	}
	if err := dec.Begin(ctx, keys); err != nil {
		return err
	}
	for _, rec := range recs {
		var d transform.Decisions
		err := dec.Record(ctx, rec, &d)
		var items []store.OutboxItem
		if err == nil {
			items, err = queued(job, runID, d.Writes)
		}
		if err != nil {
			if !transform.IsBadRecord(err) {
				return err
			}
			c.Quarantine = append(c.Quarantine, record.Quarantined{Key: rec.Key, Raw: record.Clip(rec.Payload), Reason: err.Error()})
			c.Counts.Quarantined++
			continue
		}
		c.Outbox = append(c.Outbox, items...)
		c.Escalations = append(c.Escalations, d.Escalations...)
		c.Synced = append(c.Synced, d.Synced...)
		c.Superseded = append(c.Superseded, d.Superseded...)
	}
	c.Links = dec.Links()
	return nil
}

// reportIdentity logs what the pass's identity resolution found, when it
// ran, and hands it to the run's result.
func reportIdentity(log zerolog.Logger, dec *transform.Decider, ident *transform.MatchReport) {
	if dec == nil || dec.Crosswalk == nil {
		return
	}
	rep := dec.Crosswalk.Report
	ident.Merge(rep)
	if rep.Known+rep.Matched+rep.New+rep.Ambiguous == 0 {
		return
	}
	ev := log.Info()
	if rep.Ambiguous > 0 {
		ev = log.Warn().Strs(logkey.Ambiguous, rep.AmbiguousKeys)
	}
	ev.Int(logkey.Known, rep.Known).Int(logkey.Matched, rep.Matched).Int(logkey.New, rep.New).
		Strs(logkey.Unmatched, rep.Unmatched).Msg("identities resolved")
}
