package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
	"github.com/stewardhq/steward/transform/drafts"
)

// PushResult counts what a push did.
type PushResult struct {
	RunID int64
	// Approved is how many approved drafts the push claimed and took up.
	Approved int
	// Pushed drafts the target accepted; Rejected ones went to the dead-letter
	// table; Flagged ones failed their re-check and were not sent.
	Pushed, Rejected, Flagged int
}

// PushDrafts writes every approved draft and correction the filter selects
// (its Limit is ignored: a push pages through all of them in batches the target
// accepts) to the products job's draft target, as a run of the job (it takes
// the job's lock). Named ids must all be approved, or nothing is pushed
// (*store.SelectionError). Description drafts go into the draft attribute, or
// into the described attribute itself when the config publishes approved
// drafts. Each batch is claimed ("pushing") before it is written, so a review
// racing the push is refused, and only drafts the store moved to "pushed"
// count as pushed. Just before the write every draft is checked against the
// product as staged now (a description's facts, a correction's corrected
// value): one whose product changed since drafting is flagged and not sent,
// override or not. Every description is checked again against the facts it
// was made from (drafts.Verify); one that fails is flagged with the reason and
// not sent, unless a reviewer approved it flagged, by id, with an override and
// a reason. Drafts the target accepted become "pushed"; rejects land in the
// dead-letter table and their drafts stay approved.
func (r *Runner) PushDrafts(ctx context.Context, jobName string, f store.DraftFilter) (PushResult, error) {
	job, spec, err := r.draftJob(jobName)
	if err != nil {
		return PushResult{}, err
	}
	if err := r.checkApproved(ctx, f.IDs); err != nil {
		return PushResult{}, err
	}
	var res PushResult
	res.RunID, err = r.manualRun(ctx, job, func(ctx context.Context, log zerolog.Logger, runID int64) error {
		return r.pushApproved(ctx, log, job, spec, runID, f, &res)
	})
	return res, err
}

func (r *Runner) draftJob(name string) (config.Job, *config.DraftSpec, error) {
	job, ok := r.Config.Job(name)
	if !ok || job.Quality == nil || job.Quality.Drafts == nil {
		return job, nil, fmt.Errorf("push drafts: job %s has no quality.drafts section", name)
	}
	return job, job.Quality.Drafts, nil
}

// checkApproved refuses named drafts that are not approved.
func (r *Runner) checkApproved(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	ds, err := r.Store.Drafts(ctx, store.DraftFilter{IDs: ids})
	if err != nil {
		return err
	}
	status := map[int64]string{}
	for _, d := range ds {
		status[d.ID] = d.Status
	}
	var problems []string
	for _, id := range ids {
		switch st, ok := status[id]; {
		case !ok:
			problems = append(problems, fmt.Sprintf("there is no draft %d", id))
		case st != store.DraftApproved && st != store.DraftPushing: // a killed push's claim is released in the run
			problems = append(problems, fmt.Sprintf("draft %d is %s, not approved; only approved drafts are pushed", id, st))
		}
	}
	if len(problems) > 0 {
		return &store.SelectionError{Problems: problems}
	}
	return nil
}

// pushApproved pages through the approved drafts the filter selects, one
// batch of the target's size at a time. It first releases the claims of push
// runs that are no longer running (a killed push); it claims each batch before
// writing it, so a reject racing the push is either seen or refused, and at
// the end gives back to approved every draft it claimed but did not push.
func (r *Runner) pushApproved(ctx context.Context, log zerolog.Logger, job config.Job, spec *config.DraftSpec, runID int64, f store.DraftFilter, res *PushResult) (err error) {
	l, size, err := r.loader(log, job, config.Target{System: spec.Target})
	if err != nil {
		return fmt.Errorf("push drafts to %s: %w", spec.Target, err)
	}
	if n, err := r.Store.ReleaseStaleClaims(ctx); err != nil {
		return err
	} else if n > 0 {
		log.Info().Int64(logkey.Rows, n).Msg("drafts claimed by a push that ended unfinished are approved again")
	}
	defer func() { err = errors.Join(err, r.Store.ReleaseClaims(context.WithoutCancel(ctx), runID)) }()
	fresh := &freshness{r: r, job: job, spec: spec}
	f.Status, f.Limit, f.AfterID = store.DraftApproved, size, 0
	for ctx.Err() == nil {
		ds, err := r.Store.Drafts(ctx, f)
		if err != nil || len(ds) == 0 {
			return err
		}
		f.AfterID = ds[len(ds)-1].ID
		ids := make([]int64, len(ds))
		for i, d := range ds {
			ids[i] = d.ID
		}
		claimed, err := r.Store.ClaimDrafts(ctx, ids, runID)
		if err != nil {
			return err
		}
		res.Approved += len(claimed)
		if err := r.pushBatch(ctx, log, l, job, spec, runID, fresh, claimed, res); err != nil {
			return fmt.Errorf("push drafts to %s: %w", spec.Target, err)
		}
	}
	return ctx.Err()
}

// pushBatch re-checks a batch of claimed drafts, writes those that pass and
// exactly those, and settles them. A draft whose product changed since it was
// drafted is flagged whatever its override: it would overwrite what a person
// entered since.
func (r *Runner) pushBatch(ctx context.Context, log zerolog.Logger, l load.Loader, job config.Job, spec *config.DraftSpec, runID int64, fresh *freshness, ds []store.Draft, res *PushResult) error {
	items := make([]store.OutboxItem, 0, len(ds))
	for _, d := range ds {
		stale, err := fresh.problem(ctx, d)
		if err != nil {
			return err
		}
		if stale != "" {
			if err := r.flag(ctx, log, d, stale, res); err != nil {
				return err
			}
			continue
		}
		if err := recheck(d); err != nil {
			if !d.Override {
				if err := r.flag(ctx, log, d, err.Error(), res); err != nil {
					return err
				}
				continue
			}
			log.Warn().Str(logkey.SKU, d.SKU).Int64("draft", d.ID).Str(logkey.Reason, err.Error()).Str("reviewer", d.Reviewer).
				Msg("pushing a flagged draft its reviewer approved with an override")
		}
		it, err := draftItem(job, spec, d, runID)
		if err != nil {
			return err
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil
	}
	queued, err := r.Store.EnqueueDraftPushes(ctx, items)
	if err != nil {
		return err
	}
	if err := r.writeBatch(ctx, l, job, runID, queued); err != nil {
		return err
	}
	return r.settlePushed(ctx, runID, queued, res)
}

// flag flags a draft that failed its re-check, with the reason; it is not sent.
func (r *Runner) flag(ctx context.Context, log zerolog.Logger, d store.Draft, reason string, res *PushResult) error {
	res.Flagged++
	log.Warn().Str(logkey.SKU, d.SKU).Int64("draft", d.ID).Str(logkey.Reason, reason).Msg("draft failed its re-check; flagged, not pushed")
	return r.Store.FlagDraft(ctx, d.ID, "re-checked before push: "+reason)
}

// settlePushed marks the drafts whose write the target took as pushed and
// counts exactly those the store moved.
func (r *Runner) settlePushed(ctx context.Context, runID int64, queued []store.OutboxItem, res *PushResult) error {
	ids := make([]int64, len(queued))
	for i, it := range queued {
		ids[i] = it.ID
	}
	status, err := r.Store.OutboxStatuses(ctx, ids)
	if err != nil {
		return err
	}
	var pushed []int64
	for _, it := range queued {
		switch status[it.ID] {
		case store.OutboxWritten, store.OutboxUnchanged:
			pushed = append(pushed, it.DraftID)
		case store.OutboxDead:
			res.Rejected++
		}
	}
	n, err := r.Store.MarkPushed(ctx, runID, pushed)
	res.Pushed += int(n)
	return err
}

// recheck checks a description draft against the facts it was made from, as
// drafts.Verify checks it today. A draft stored without its facts cannot be
// checked and fails.
func recheck(d store.Draft) error {
	if d.Kind != store.DraftDescription {
		return nil
	}
	var text string
	if err := json.Unmarshal([]byte(d.Value), &text); err != nil {
		return fmt.Errorf("the draft value is not text: %w", err)
	}
	if d.Facts == "" {
		return errors.New("no facts were stored with the draft, so it cannot be checked; reject it and let the next run draft it again")
	}
	var f drafts.Facts
	if err := json.Unmarshal([]byte(d.Facts), &f); err != nil {
		return fmt.Errorf("the stored facts do not decode: %w", err)
	}
	return drafts.Verify(text, f)
}

// draftItem turns a draft into a keyed write of one canonical attribute
// value (the field is the attribute, its value a list of transform.Value);
// the target's loader turns it into the target's own value shape.
func draftItem(job config.Job, spec *config.DraftSpec, d store.Draft, runID int64) (store.OutboxItem, error) {
	v, err := draftValue(spec, d)
	if err != nil {
		return store.OutboxItem{}, err
	}
	list, err := json.Marshal([]transform.Value{v})
	if err != nil {
		return store.OutboxItem{}, err
	}
	// A product without an identifier is keyed by its uuid, so that equal
	// values for two such products stay two writes.
	key := d.SKU
	if key == "" {
		key = d.ProductKey
	}
	w := transform.Write{Target: spec.Target, ExternalID: key, Fields: map[string]json.RawMessage{v.Attribute: list}}
	payload, hash, err := w.Payload()
	if err != nil {
		return store.OutboxItem{}, err
	}
	return store.OutboxItem{Job: job.Name, Target: spec.Target, ExternalID: key, Hash: hash, Payload: payload, RunID: runID, DraftID: d.ID}, nil
}

// draftValue is the canonical value a draft writes: a description as text
// in its slot of the draft attribute (of the described attribute itself when
// approved drafts are published), a correction as the corrected value it
// holds, in its own slot.
func draftValue(spec *config.DraftSpec, d store.Draft) (transform.Value, error) {
	if d.Kind == store.DraftDescription {
		var text string
		if err := json.Unmarshal([]byte(d.Value), &text); err != nil {
			return transform.Value{}, fmt.Errorf("draft %d: the description is not text: %w", d.ID, err)
		}
		attr := d.Attribute
		if !spec.Publish {
			attr = spec.Attribute
		}
		return transform.Value{Attribute: attr, Locale: d.Locale, Channel: d.Channel, Kind: transform.KindText, Text: text}, nil
	}
	var v transform.Value
	if err := json.Unmarshal([]byte(d.Value), &v); err != nil || v.Kind == "" {
		return v, fmt.Errorf("draft %d: the correction %s is not a canonical value", d.ID, d.Value)
	}
	v.Attribute = d.Attribute
	return v, nil
}
