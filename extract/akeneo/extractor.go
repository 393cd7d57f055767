// Package akeneo extracts products from the Akeneo PIM REST API with
// search_after paging and the search filter on the update date.
package akeneo

import (
	"context"
	"encoding/json"
	"errors"
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
	kinds    attributeKinds
}

// New builds the extractor; it is the extract.Factory for kind "akeneo".
func New(spec extract.Spec) (extract.Extractor, error) {
	s, err := settingsOf(spec)
	if err != nil {
		return nil, err
	}
	if spec.Job.Extract.Entity != "products" {
		return nil, fmt.Errorf("akeneo extractor reads entity products, not %q", spec.Job.Extract.Entity)
	}
	return &Extractor{api: api.New(spec.Client), settings: s, job: spec.Job, log: spec.Log}, nil
}

// settingsOf returns the system's settings as the wiring decoded them.
func settingsOf(spec extract.Spec) (api.Settings, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return s, fmt.Errorf("akeneo extractor for system %s: settings are %T, want akeneo settings decoded by the kind", spec.System, spec.Settings)
	}
	return s, nil
}

// Extract implements extract.Extractor.
func (e *Extractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	if len(from.Partitions) > 0 {
		return e.partitioned(ctx, from)
	}
	cur, link, err := e.start(from)
	if err != nil {
		return func(yield func(record.Page, error) bool) { yield(record.Page{}, err) }
	}
	if from.InPass() {
		return e.serial(ctx, cur, link)
	}
	return e.planned(ctx, cur, link)
}

func (e *Extractor) page(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
	page, err := e.get(ctx, link)
	var ue *api.UndecodableError
	switch {
	case errors.Is(err, api.ErrNoItems), errors.Is(err, api.ErrCutOff):
		return nil, nil, "", fmt.Errorf("fetch products page: %w: %w", extract.ErrMalformedPage, err)
	case errors.As(err, &ue):
		return nil, nil, "", fmt.Errorf("fetch products page: %w: %w", extract.ErrUndecodablePage, err)
	case err != nil:
		return nil, nil, "", fmt.Errorf("fetch products page: %w", err)
	}
	recs, bad := mapItems(page.Embedded.Items, e.settings.IdentifierAttribute, e.kinds.get(ctx, e.api, e.log))
	return recs, bad, page.NextLink(), nil
}

// narrowing isolates a poisoned product by asking for the same search_after
// stretch with a smaller limit, down to one product.
func (e *Extractor) narrowing() *extract.Narrowing {
	return &extract.Narrowing{PageSize: e.pageSize(), Size: api.LimitOf, Resize: api.WithLimit, Salvage: e.salvage}
}

func (e *Extractor) pageSize() int { return min(e.job.Extract.PageSize, api.MaxPageSize) }

// Items sit three levels down in a page (the page, _embedded, items), and
// encoding/json decodes at most decoderDepth levels: an item nested deeper than
// decoderDepth-itemLevels decodes alone but never inside a page.
const (
	decoderDepth = 10000
	itemLevels   = 3
)

// salvage quarantines the items of a page that could not be decoded, each
// with its raw bytes and the decoder's reason, and returns the next link. An
// item too deep to decode inside a page is quarantined for its depth, even
// though it would decode alone: every page holding it fails.
func (e *Extractor) salvage(err error) ([]record.Quarantined, string, error) {
	var ue *api.UndecodableError
	if !errors.As(err, &ue) {
		return nil, "", err
	}
	items, next, serr := api.SalvagePage(ue.Body)
	if serr != nil {
		return nil, "", serr
	}
	var bad []record.Quarantined
	raws := make([]json.RawMessage, 0, len(items))
	for i, it := range items {
		if d := nesting(it); d > decoderDepth-itemLevels {
			bad = append(bad, record.Quarantined{Key: peekUUID(it), Raw: record.Clip(it),
				Reason: fmt.Sprintf("item %d: product is nested %d deep; a page holding it exceeds the decoder's %d levels", i, d, decoderDepth)})
			continue
		}
		raws = append(raws, it)
	}
	recs, undecodable := mapItems(raws, e.settings.IdentifierAttribute, e.kinds.known())
	switch {
	case len(recs) > 0 && len(items) == 1:
		// Alone on its page, this product broke it: it decodes by itself but
		// not inside the page (a depth the count above does not see).
		undecodable = append(undecodable, record.Quarantined{Key: recs[0].Key, Raw: record.Clip(raws[0]),
			Reason: fmt.Sprintf("item 0: the product decodes alone but not inside its page: %v", ue.Err)})
	case len(recs) > 0:
		// The page as a whole failed, so some item must: this one decoded alone
		// but the page did not, and nothing tells which record broke it.
		return nil, "", fmt.Errorf("page of %d items could not be decoded but each item can: %w", len(items), ue)
	}
	return append(bad, undecodable...), next, nil
}

// nesting returns how deep JSON text nests its objects and arrays, brackets
// inside strings not counted.
func nesting(b []byte) int {
	depth, deepest := 0, 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
			deepest = max(deepest, depth)
		case '}', ']':
			depth--
		}
	}
	return deepest
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
	link, err := e.api.ProductsURL(api.UpdatedBetween(lower, from.Until), e.pageSize())
	return cur, link, err
}

// Count implements extract.Counter for backfill dry runs.
func (e *Extractor) Count(ctx context.Context, from record.Cursor) (int, error) {
	return e.api.CountUpdated(ctx, api.UpdatedBetween(from.Watermark.Add(-time.Second), from.Until))
}
