package akeneo

import (
	"context"
	"fmt"
	"time"

	api "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/internal/record"
)

// layout returns a new pass's window links (nil: read it serially) and its
// serial first link. A backfill window keeps its Until; a live pass gets a
// fixed top first, so that no window of it is open above.
func (e *Extractor) layout(ctx context.Context, cur record.Cursor, link string) ([]string, string, error) {
	if !cur.Until.IsZero() {
		bounds, err := e.plan(ctx, cur.PassStart, cur.Until, nil)
		if err != nil {
			return nil, link, err
		}
		links, err := e.windowLinks(cur.PassStart, cur.Until, bounds)
		return links, link, err
	}
	top, s, err := e.top(ctx, cur.PassStart)
	if err != nil {
		return nil, link, err
	}
	if link, err = e.api.ProductsURL(api.UpdatedBetween(cur.PassStart, top), e.pageSize()); err != nil {
		return nil, link, fmt.Errorf("plan the products pass: %w", err)
	}
	// The windows split the products as the sample shows them, open above;
	// the top then closes the last one.
	bounds, err := e.plan(ctx, cur.PassStart, time.Time{}, s)
	if err != nil {
		return nil, link, err
	}
	links, err := e.windowLinks(cur.PassStart, top, validBounds(bounds, cur.PassStart, top))
	return links, link, err
}

// top fixes a live pass's exclusive upper bound when it is planned: one
// second past the server's clock then, in whole seconds (Akeneo's update
// dates have no more). Every product the pass reads is updated before the
// top, so the watermark never passes the planning second; a product edited
// while the pass runs is updated at or after that second, so the next pass,
// whose lower bound lies below the watermark, reads it. Without a top, a
// product not yet read in an inner window moves into the last one, whose
// search_after chain (by uuid) may be past it, while the watermark rises
// above its edit with later ones (a serial chain likewise passes a product
// it read before its edit). The top rides in each window's link (the search
// filter, kept by the next links), so a resumed pass keeps it.
//
// A partitioned pass reads the clock from its plan's sample, which it hands
// on; a serial one asks for it.
func (e *Extractor) top(ctx context.Context, lower time.Time) (time.Time, *api.Sample, error) {
	if e.settings.Partitions > 1 {
		s, err := e.sample(ctx, lower, time.Time{})
		if err != nil {
			return time.Time{}, nil, err
		}
		if s != nil && !s.Now.IsZero() {
			return s.Now.Truncate(time.Second).Add(time.Second), s, nil
		}
	}
	now, err := e.api.ServerTime(ctx)
	if err != nil {
		return time.Time{}, nil, fmt.Errorf("fix the top of the products pass: %w", err)
	}
	return now.Truncate(time.Second).Add(time.Second), nil, nil
}
