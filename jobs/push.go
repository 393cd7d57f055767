package jobs

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// PushResult counts what a push did.
type PushResult struct {
	RunID                    int64
	Pushed, Rejected, Queued int
}

// PushDrafts writes approved drafts and corrections of a products job to its
// draft target through the outbox, as a run of the job (it takes the job's
// lock). Description drafts go into the draft attribute, or into the described
// attribute itself when the config publishes approved drafts. Drafts the target
// accepted become "pushed"; rejects land in the dead-letter table.
func (r *Runner) PushDrafts(ctx context.Context, jobName string, f store.DraftFilter) (PushResult, error) {
	job, ok := r.Config.Job(jobName)
	if !ok || job.Quality == nil || job.Quality.Drafts == nil {
		return PushResult{}, fmt.Errorf("push drafts: job %s has no quality.drafts section", jobName)
	}
	spec := job.Quality.Drafts
	runID, err := r.Store.BeginRun(ctx, job.Name, store.TriggerManual)
	if err != nil {
		return PushResult{}, fmt.Errorf("push drafts: %w", err)
	}
	res := PushResult{RunID: runID}
	err = r.push(ctx, job, spec, runID, f, &res)
	status, text := store.StatusSucceeded, ""
	if err != nil {
		status, text = store.StatusFailed, err.Error()
	}
	cleanup := context.WithoutCancel(ctx)
	_ = r.Store.FinishRun(cleanup, runID, status, text)
	_ = r.Store.ReleaseLock(cleanup, job.Name, runID)
	return res, err
}

func (r *Runner) push(ctx context.Context, job config.Job, spec *config.DraftSpec, runID int64, f store.DraftFilter, res *PushResult) error {
	f.Status = store.DraftApproved
	ds, err := r.Store.Drafts(ctx, f)
	if err != nil || len(ds) == 0 {
		return err
	}
	items := make([]store.OutboxItem, 0, len(ds))
	hashes := make([]string, len(ds))
	for i, d := range ds {
		it, err := draftItem(job, spec, d, runID)
		if err != nil {
			return err
		}
		items = append(items, it)
		hashes[i] = it.Hash
	}
	if err := r.Store.Enqueue(ctx, items); err != nil {
		return err
	}
	res.Queued = len(items)
	if err := r.drain(ctx, r.Log.With().Str(logkey.Job, job.Name).Int64(logkey.Run, runID).Logger(), job, config.Target{System: spec.Target}, runID); err != nil {
		return fmt.Errorf("push drafts to %s: %w", spec.Target, err)
	}
	for i, d := range ds {
		st, err := r.Store.OutboxStatus(ctx, spec.Target, d.SKU, hashes[i])
		if err != nil {
			return err
		}
		switch st {
		case store.OutboxWritten, store.OutboxUnchanged:
			if _, err := r.Store.SetDraftStatus(ctx, store.DraftFilter{IDs: []int64{d.ID}}, []string{store.DraftApproved}, store.DraftPushed, ""); err != nil {
				return err
			}
			res.Pushed++
		case store.OutboxDead:
			res.Rejected++
		}
	}
	return nil
}

// draftItem turns a draft into a keyed write of one attribute value.
func draftItem(job config.Job, spec *config.DraftSpec, d store.Draft, runID int64) (store.OutboxItem, error) {
	attr := d.Attribute
	if d.Kind == store.DraftDescription && !spec.Publish {
		attr = spec.Attribute
	}
	val := map[string]any{"locale": nullable(d.Locale), "scope": nullable(d.Channel), "data": json.RawMessage(d.Value)}
	list, err := json.Marshal([]any{val})
	if err != nil {
		return store.OutboxItem{}, err
	}
	w := transform.Write{Target: spec.Target, ExternalID: d.SKU, Fields: map[string]json.RawMessage{attr: list}}
	payload, hash, err := w.Payload()
	if err != nil {
		return store.OutboxItem{}, err
	}
	return store.OutboxItem{Job: job.Name, Target: spec.Target, ExternalID: d.SKU, Hash: hash, Payload: payload, RunID: runID}, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
