package salsify

import (
	"context"
	"fmt"
	"iter"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/record"
)

// A large pass is partitioned after its first page: the page's
// total_entries says how large the pass is (so a small pass costs no
// request more than one chain), and the rest of the pass is split into
// salsify:updated_at windows holding about equally many products, each read
// by its own chain of windows exactly as a serial pass reads the whole (the
// windows tile the rest of the pass, bounds inclusive, at Salsify's
// millisecond resolution). Up to settings.partitions listing requests are
// in flight, all through the one client, so they share its pacing ahead of
// the organization's hourly request budget; the cursor records every
// window's position (record.Cursor.Partitions) after the pages yielded so
// far, and the watermark moves only when every window is read.

// minPagesPerPartition is the fewest pages each call in flight must get for
// a pass to be partitioned.
const minPagesPerPartition = 4

// windowsPerCall is how many windows the rest of a pass is split into per
// call kept in flight: while one window's page is mapped, another one's
// request already holds the free call.
const windowsPerCall = 2

// totalKey carries, in a pass's context, where the listing answers write
// their total_entries.
type totalKey struct{}

// list fetches a listing page while holding one of the calls ctx allows,
// noting its total_entries where ctx asks for it. The call is freed as soon
// as the answer has arrived, before it is decoded.
func (e *Extractor) list(ctx context.Context, link string) (api.Page, error) {
	var body []byte
	var where string
	err := extract.Call(ctx, func() (err error) {
		body, where, err = e.api.ListBody(ctx, link)
		return err
	})
	if err != nil {
		return api.Page{}, err
	}
	page, err := api.DecodePage(body, where)
	if total, ok := ctx.Value(totalKey{}).(*int); ok && err == nil {
		*total = page.Meta.TotalEntries
	}
	return page, err
}

// planned reads a pass from link, new or resumed: its first page as one
// chain, then, when the rest is large enough, the rest as partitions, else
// the rest of the chain.
func (e *Extractor) planned(ctx context.Context, cur record.Cursor, link string) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		total := -1
		next, stop := iter.Pull2(e.chain(context.WithValue(ctx, totalKey{}, &total), cur, link))
		defer stop()
		first, err, ok := next()
		if !ok || !yield(first, err) || err != nil || !first.Cursor.InPass() {
			return
		}
		parts, err := e.plan(ctx, first.Cursor.Next, total-len(first.Records)-len(first.Quarantined))
		if err != nil {
			yield(record.Page{URL: first.Cursor.Next}, err)
			return
		}
		pages := func(yield func(record.Page, error) bool) {
			for p, err, ok := next(); ok && yield(p, err); p, err, ok = next() {
			}
		}
		if parts != nil {
			stop()
			cur = first.Cursor
			cur.Next, cur.Partitions = "", parts
			pages = e.partitioned(ctx, cur)
		}
		for p, err := range pages {
			if !yield(p, err) {
				return
			}
		}
	}
}

// resumePartitions continues a partitioned pass from its cursor.
func (e *Extractor) resumePartitions(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	for i, p := range from.Partitions {
		if _, err := parsePosition(p.Next); p.Next != "" && err != nil {
			return func(yield func(record.Page, error) bool) {
				yield(record.Page{URL: p.Next}, fmt.Errorf("resume salsify pass, partition %d: %w: %w", i, record.ErrCorruptCursor, err))
			}
		}
	}
	return e.partitioned(ctx, from)
}

// partitioned reads the unfinished partitions of cur, at most
// settings.partitions listing requests in flight.
func (e *Extractor) partitioned(ctx context.Context, cur record.Cursor) iter.Seq2[record.Page, error] {
	ctx = extract.WithCalls(ctx, e.settings.Partitions)
	return extract.Partitioned(ctx, cur, func(ctx context.Context, link string) iter.Seq2[record.Page, error] {
		return e.chain(ctx, record.Cursor{}, link)
	})
}
