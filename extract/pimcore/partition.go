package pimcore

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/record"
)

// A large pass is partitioned: its modificationDate window is split into
// sub-windows holding about equally many objects, each read by its own id
// keyset chain exactly as a serial pass reads the whole window (the package
// doc's reasoning holds for each sub-window: they tile the window, so an
// object updated mid-pass leaves every one of them for the next pass). Up to
// settings.partitions listing requests are in flight; the cursor records
// every sub-window's position (record.Cursor.Partitions) after the pages
// yielded so far, and the watermark moves only when every sub-window is read.

// minPagesPerPartition is the fewest pages each call in flight must get for
// a pass to be partitioned; smaller passes are read as one chain.
const minPagesPerPartition = 4

// windowsPerCall is how many sub-windows a pass is split into per call kept
// in flight: while one sub-window's page is decoded and mapped, another
// one's request already holds the free call.
const windowsPerCall = 2

// planned reads a pass from link, new or resumed from one chain: its first
// page as one chain while the plan is asked for, then, when the plan splits
// the pass, the rest as partitions past the first page's last id, else the
// rest of the chain. total is the number of objects the pass has left (-1:
// unknown, then counted when the pass may be partitioned).
func (e *Extractor) planned(ctx context.Context, cur record.Cursor, link string, total int) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		planCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		plan := make(chan planResult, 1)
		go func() {
			bounds, err := e.plan(planCtx, link, total)
			plan <- planResult{bounds, err}
		}()
		next, stop := iter.Pull2(e.chain(ctx, cur, link))
		defer stop()
		first, err, ok := next()
		if !ok || !yield(first, err) || err != nil || !first.Cursor.InPass() {
			return
		}
		res := <-plan
		pos, perr := parsePosition(first.Cursor.Next)
		switch {
		case res.err != nil:
			yield(record.Page{URL: e.api.URL()}, res.err)
			return
		case perr != nil || res.bounds == nil:
			for p, err, ok := next(); ok && yield(p, err); p, err, ok = next() {
			}
			return
		}
		stop()
		cur = first.Cursor
		pos.first = e.pageSize()
		cur.Next, cur.Partitions = "", subWindows(pos, res.bounds)
		for p, err := range e.partitioned(ctx, cur) {
			if !yield(p, err) {
				return
			}
		}
	}
}

// planResult is a plan's boundaries (nil: read the pass as one chain).
type planResult struct {
	bounds []int64
	err    error
}

// resumePartitions continues a partitioned pass from its cursor.
func (e *Extractor) resumePartitions(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	for i, p := range from.Partitions {
		if _, err := parsePosition(p.Next); p.Next != "" && err != nil {
			return func(yield func(record.Page, error) bool) {
				yield(record.Page{URL: e.api.URL()}, fmt.Errorf("resume pimcore pass, partition %d: %w: %w", i, record.ErrCorruptCursor, err))
			}
		}
	}
	return e.partitioned(ctx, from)
}

// partitioned reads the unfinished partitions of cur, at most
// settings.partitions listing requests in flight.
func (e *Extractor) partitioned(ctx context.Context, cur record.Cursor) iter.Seq2[record.Page, error] {
	ctx = extract.WithCalls(ctx, e.s.Partitions)
	return extract.Partitioned(ctx, cur, func(ctx context.Context, link string) iter.Seq2[record.Page, error] {
		return e.chain(ctx, record.Cursor{}, link)
	})
}

// plan returns the modificationDates that split the window of the pass
// at link into sub-windows of about equally many objects still to read
// (past the position's id); nil when the pass is better read as one chain.
// One request reads the modificationDates at the window's quantiles
// (offsets k × total ÷ windows in date order); another one counts the
// window first when total is unknown.
func (e *Extractor) plan(ctx context.Context, link string, total int) ([]int64, error) {
	calls := e.s.Partitions
	if calls <= 1 {
		return nil, nil
	}
	pos, err := parsePosition(link)
	if err != nil {
		return nil, err
	}
	if total < 0 {
		if _, total, err = e.newest(ctx, pos.window); err != nil {
			return nil, fmt.Errorf("plan the partitions of the pass: %w", err)
		}
	}
	if total < calls*pos.first*minPagesPerPartition {
		return nil, nil
	}
	windows := calls * windowsPerCall
	offsets := make([]int, windows-1)
	for k := range offsets {
		offsets[k] = (k + 1) * total / windows
	}
	return e.quantiles(ctx, pos.window, offsets)
}

// quantiles returns the modificationDates at offsets in w's date order,
// strictly increasing and inside w (a boundary shared by many objects is
// kept once). An answer that cannot be read as expected leaves the pass to
// one chain (nil), with a warning; a failed request is an error.
func (e *Extractor) quantiles(ctx context.Context, w api.Window, offsets []int) ([]int64, error) {
	data, _, err := e.api.Do(ctx, e.s.OffsetsQuery(offsets), map[string]any{"filter": nilIfEmpty(w.Filter())})
	var ue *api.UndecodableError
	if errors.As(err, &ue) {
		e.log.Warn().Err(err).Msg("reading the pass as one chain: its plan cannot be decoded")
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("plan the partitions of the pass: %w", err)
	}
	var bounds []int64
	for i := range offsets {
		l, err := api.DecodeListing(data, api.OffsetAlias(i))
		if err != nil || len(l.Nodes) != 1 {
			e.log.Warn().Err(err).Int("nodes", len(l.Nodes)).Msg("reading the pass as one chain: a quantile of its plan is missing")
			return nil, nil
		}
		mod, ok := api.PeekInt(l.Nodes[0], "modificationDate")
		switch {
		case !ok:
			e.log.Warn().Str("object", api.PeekID(l.Nodes[0])).Msg("reading the pass as one chain: an object of its plan has no integer modificationDate")
			return nil, nil
		case mod <= w.From, w.To > 0 && mod >= w.To, len(bounds) > 0 && mod <= bounds[len(bounds)-1]:
		default:
			bounds = append(bounds, mod)
		}
	}
	return bounds, nil
}

// subWindows returns the first positions of the sub-windows that bounds cut
// pos's window into, [From, b1), [b1, b2), … [bn, To), each past pos's id:
// the objects up to that id, whatever their date, are read.
func subWindows(pos position, bounds []int64) []record.Partition {
	parts := make([]record.Partition, 0, len(bounds)+1)
	from := pos.window.From
	for _, b := range append(bounds, pos.window.To) {
		p := pos
		p.window.From, p.window.To = from, b
		parts = append(parts, record.Partition{Next: p.String()})
		from = b
	}
	return parts
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
