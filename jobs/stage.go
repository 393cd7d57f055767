package jobs

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/failpoint"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// extractAndStage reads every page of the pass and stores each page, its
// decisions and its cursor in one transaction. ident receives what identity
// resolution found.
func (r *Runner) extractAndStage(ctx context.Context, log zerolog.Logger, job config.Job, runID int64, req Request, ident *transform.MatchReport) (store.Counts, error) {
	var total store.Counts
	cur, err := r.Store.Cursor(ctx, job.Name, req.Stream)
	if err != nil {
		return total, err
	}
	if req.Start != nil && cur.Watermark.IsZero() && !cur.InPass() {
		cur.Watermark, cur.Until = req.Start.From, req.Start.To
	}
	if cur.Done {
		return total, nil
	}
	ext, err := r.extractor(job, log)
	if err != nil {
		return total, err
	}
	dec, err := r.decider(job)
	if err != nil {
		return total, err
	}
	if job.Route != nil {
		dec.Derive = r.router(log, job)
	}
	if err := r.readLive(log, job, dec); err != nil {
		return total, err
	}
	defer reportIdentity(log, dec, ident)
	source := job.Extract.System
	for page, err := range prefetch(ctx, ext.Extract(ctx, cur)) {
		if err != nil {
			return total, fmt.Errorf("extract %s from %s: %w", job.Extract.Entity, source, err)
		}
		failpoint.Hit("after_fetch")
		commit, err := r.preparePage(ctx, dec, job, runID, req.Stream, page)
		if err != nil {
			return total, err
		}
		if err := r.Store.CommitPage(ctx, commit); err != nil {
			return total, fmt.Errorf("store page %s: %w", page.URL, err)
		}
		if err := storedHook(ctx, ext, page.Cursor); err != nil {
			return total, fmt.Errorf("after storing page %s: %w", page.URL, err)
		}
		total = total.Add(commit.Counts)
		log.Debug().Int(logkey.Page, total.Pages).Int(logkey.Rows, len(page.Records)).Int(logkey.Staged, commit.Counts.Staged).Msg("page stored")
		if req.Progress != nil {
			req.Progress(total)
		}
		if ctx.Err() != nil {
			break // the page in hand is stored; stop here
		}
	}
	return total, nil
}

// storer is an optional capability of an extractor: told when a page and its
// cursor are stored, it can finish what that cursor covers (a file drop
// moves the files it finished to processed/ right away).
type storer interface {
	Stored(ctx context.Context, cur record.Cursor) error
}

// storedHook tells ext, when it asks, that the page ending at cur is stored.
func storedHook(ctx context.Context, ext extract.Extractor, cur record.Cursor) error {
	if s, ok := ext.(storer); ok {
		return s.Stored(ctx, cur)
	}
	return nil
}

// dataType returns the job's data type from the runner's registry (steward's
// built-in types when none is set).
func (r *Runner) dataType(job config.Job) (transform.DataType, error) {
	types := r.Types
	if types == nil {
		types = transform.Builtin()
	}
	dt, err := types.Get(job.DataType)
	if err != nil {
		return dt, fmt.Errorf("job %s: %w", job.Name, err)
	}
	return dt, nil
}

func (r *Runner) extractor(job config.Job, log zerolog.Logger) (extract.Extractor, error) {
	system := job.Extract.System
	kind, err := r.kindOf(system)
	if err != nil {
		return nil, err
	}
	if kind.Extract == nil {
		return nil, fmt.Errorf("system %s: kind %s has no extractor", system, kind.Name)
	}
	settings, err := r.SystemSettings(system)
	if err != nil {
		return nil, err
	}
	c, err := r.client(system)
	if err != nil {
		return nil, err
	}
	return kind.Extract(extract.Spec{System: system, Config: r.Config, Settings: settings, Job: job, Client: c, State: r.systemStateOf(system), Log: log})
}

// preparePage decides what in a page is new or changed and what it causes to be
// written. Keys repeated inside the page keep their last occurrence; a
// deletion and a record of the same key are settled by time (pageDeletions).
func (r *Runner) preparePage(ctx context.Context, dec *transform.Decider, job config.Job, runID int64, stream string, page record.Page) (store.PageCommit, error) {
	c := store.PageCommit{RunID: runID, Job: job.Name, Stream: stream, Quarantine: page.Quarantined, PageURL: page.URL, Cursor: page.Cursor, HTTP: httpFigures(ctx)}
	c.Counts = store.Counts{Read: len(page.Records) + len(page.Quarantined), Quarantined: len(page.Quarantined), Pages: 1}
	pageSnapshot(job, page, &c)
	page.Records = pageDeletions(job, page, &c)
	last := make(map[string]int, len(page.Records))
	keys := make([]string, 0, len(page.Records))
	for i, rec := range page.Records {
		if _, dup := last[rec.Key]; !dup {
			keys = append(keys, rec.Key)
		}
		last[rec.Key] = i
	}
	stored, err := r.Store.Hashes(ctx, job.DataType, job.Extract.System, keys)
	if err != nil {
		return c, err
	}
	var changed []record.Record
	for _, k := range keys {
		rec := page.Records[last[k]]
		h := rec.Hash()
		if stored[k] == h {
			c.Counts.Unchanged++
			continue
		}
		c.Changed = append(c.Changed, store.Staged{DataType: job.DataType, Source: job.Extract.System, Record: rec, Hash: h})
		changed = append(changed, rec)
	}
	if err := decidePage(ctx, dec, job, runID, changed, &c); err != nil {
		return c, err
	}
	c.Counts.Unchanged += len(page.Records) - len(keys)
	c.Counts.Staged = len(c.Changed)
	r.protectPage(job, page.Records, &c)
	return c, nil
}

// queued turns writes into outbox items of a run.
func queued(job config.Job, runID int64, writes []transform.Write) ([]store.OutboxItem, error) {
	items := make([]store.OutboxItem, 0, len(writes))
	for _, w := range writes {
		payload, hash, err := w.Payload()
		if err != nil {
			return nil, err
		}
		items = append(items, store.OutboxItem{Job: job.Name, Target: w.Target, ExternalID: w.ExternalID, NativeID: w.NativeID, Hash: hash, Payload: payload, RunID: runID,
			SourceKey: w.SourceKey, CanonicalID: w.CanonicalID, Synced: w.Synced})
	}
	return items, nil
}

// prefetch fetches the next page while the current one is being stored. The
// producer stops when the consumer does, and is waited for.
func prefetch(ctx context.Context, pages iter.Seq2[record.Page, error]) iter.Seq2[record.Page, error] {
	type item struct {
		page record.Page
		err  error
	}
	return func(yield func(record.Page, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		ch := make(chan item, 1)
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer close(ch)
			for p, err := range pages {
				select {
				case ch <- item{p, err}:
				case <-ctx.Done():
					return
				}
				if err != nil {
					return
				}
			}
		}()
		defer func() { cancel(); <-done }()
		for it := range ch {
			if it.err != nil && errors.Is(it.err, context.Canceled) && ctx.Err() != nil {
				return // the stop was ours, not a failure
			}
			if !yield(it.page, it.err) {
				return
			}
		}
	}
}
