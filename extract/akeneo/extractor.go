// Package akeneo extracts products from the Akeneo PIM REST API with
// search_after paging and the search filter on the update date.
package akeneo

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/internal/record"
)

// Extractor reads Akeneo products.
type Extractor struct {
	api      *api.Client
	settings api.Settings
	job      config.Job
	log      zerolog.Logger
}

// New builds the extractor; it is the extract.Factory for kind "akeneo".
func New(spec extract.Spec) (extract.Extractor, error) {
	s, ps := api.DecodeSettings(spec.Config, spec.System)
	if len(ps) > 0 {
		return nil, ps
	}
	if spec.Job.Extract.Entity != "products" {
		return nil, fmt.Errorf("akeneo extractor reads entity products, not %q", spec.Job.Extract.Entity)
	}
	return &Extractor{api: api.New(spec.Client), settings: s, job: spec.Job, log: spec.Log}, nil
}

// Extract implements extract.Extractor.
func (e *Extractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	cur, link, err := e.start(from)
	if err != nil {
		return func(yield func(record.Page, error) bool) { yield(record.Page{}, err) }
	}
	return extract.Pages(ctx, cur, link, e.page)
}

func (e *Extractor) page(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
	page, err := e.api.Get(ctx, link)
	if err != nil {
		return nil, nil, "", fmt.Errorf("fetch products page: %w", err)
	}
	recs, bad := mapItems(page.Embedded.Items, e.settings.IdentifierAttribute)
	return recs, bad, page.NextLink(), nil
}

// start returns the cursor and first link of a pass: continuing an unfinished
// pass, or a new one whose lower bound is inclusive (Akeneo only has ">" at
// second granularity, so one second is taken off) and reaches back by the
// overlap window on live runs.
func (e *Extractor) start(from record.Cursor) (record.Cursor, string, error) {
	if from.InPass() {
		return from, from.Next, nil
	}
	cur := from
	lower := time.Time{}
	if e.job.Extract.Mode == config.ModeIncremental && !from.Watermark.IsZero() {
		lower = from.Watermark
		if from.Until.IsZero() {
			lower = lower.Add(-e.job.Extract.Overlap.Std())
		}
		lower = lower.Add(-time.Second)
	}
	cur.PassStart = lower
	link, err := e.api.ProductsURL(api.UpdatedBetween(lower, from.Until), min(e.job.Extract.PageSize, api.MaxPageSize))
	return cur, link, err
}

// Count implements extract.Counter for backfill dry runs.
func (e *Extractor) Count(ctx context.Context, from record.Cursor) (int, error) {
	return e.api.CountUpdated(ctx, api.UpdatedBetween(from.Watermark.Add(-time.Second), from.Until))
}
