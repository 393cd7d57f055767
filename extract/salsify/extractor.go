// Package salsify extracts products from the Salsify REST API (PROTOCOLS.md
// section 9) in windows by salsify:updated_at that never page past Salsify's
// 10,000 result window, and maps each product document to the canonical
// transform.Product.
package salsify

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/record"
)

// Extractor reads Salsify products.
type Extractor struct {
	api      *api.Client
	settings api.Settings
	job      config.Job
	log      zerolog.Logger
	parents  parentDocs
}

// settingsOf returns the system's settings as the wiring decoded them.
func settingsOf(spec extract.Spec) (api.Settings, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return s, fmt.Errorf("salsify extractor for system %s: settings are %T, want salsify settings decoded by the kind", spec.System, spec.Settings)
	}
	return s, nil
}

// New builds the extractor; it is the extract.Factory for kind "salsify".
func New(spec extract.Spec) (extract.Extractor, error) { return NewWith(spec, api.Options{}) }

// NewWith builds the extractor with client options: tests inject the
// pacer's clock and sleep there.
func NewWith(spec extract.Spec, opt api.Options) (extract.Extractor, error) {
	s, err := settingsOf(spec)
	if err != nil {
		return nil, err
	}
	if spec.Job.Extract.Entity != "products" {
		return nil, fmt.Errorf("salsify extractor reads entity products, not %q", spec.Job.Extract.Entity)
	}
	opt.Leaves = s.Variants
	return &Extractor{api: api.New(spec.Client, s.OrgID, opt), settings: s, job: spec.Job, log: spec.Log}, nil
}

// Extract implements extract.Extractor. A large pass is read as partitions
// after the first page this run reads of it (partition.go), whether new or
// resumed from one chain; a pass resumed from a partitioned cursor
// continues its partitions.
func (e *Extractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	if len(from.Partitions) > 0 {
		return e.resumePartitions(ctx, from)
	}
	cur, link := e.start(from)
	if e.settings.Partitions <= 1 {
		return e.chain(ctx, cur, link)
	}
	return e.planned(ctx, cur, link)
}

// chain reads one chain of windows from link, advancing cur.
func (e *Extractor) chain(ctx context.Context, cur record.Cursor, link string) iter.Seq2[record.Page, error] {
	return extract.PagesWith(ctx, cur, link, e.page, extract.Options{Narrowing: e.narrowing()})
}

// pageSize is the job's page size within Salsify's per_page bounds.
func (e *Extractor) pageSize() int {
	if n := e.job.Extract.PageSize; n > 0 {
		return min(n, e.settings.PerPage)
	}
	return e.settings.PerPage
}

// start returns the cursor and first link of a pass: continuing an unfinished
// pass, or a new one from the watermark less the overlap (incremental; the
// bound is inclusive) or from the beginning, up to Until (exclusive; the
// filter's upper bound is inclusive, so a millisecond is taken off).
func (e *Extractor) start(from record.Cursor) (record.Cursor, string) {
	if from.InPass() {
		return from, from.Next
	}
	cur := from
	p := position{page: 1, per: e.pageSize()}
	if e.job.Extract.Mode == config.ModeIncremental && !from.Watermark.IsZero() {
		p.from = from.Watermark
		if from.Until.IsZero() {
			p.from = p.from.Add(-e.job.Extract.Overlap.Std())
		}
	}
	if !from.Until.IsZero() {
		p.until = from.Until.Add(-time.Millisecond)
	}
	cur.PassStart = p.from
	if p.from.IsZero() {
		// Only a filter on salsify:updated_at orders the listing by it: an
		// unfiltered listing has no documented order.
		p.from = epoch
	}
	return cur, p.link(e.api)
}

// epoch is the lower bound of a pass without one.
var epoch = time.Unix(0, 0).UTC()

// Count implements extract.Counter: meta.total_entries of the pass's filter.
func (e *Extractor) Count(ctx context.Context, from record.Cursor) (int, error) {
	var until time.Time
	if !from.Until.IsZero() {
		until = from.Until.Add(-time.Millisecond)
	}
	return e.api.Count(ctx, api.OrderedFilter(from.Watermark, until))
}
