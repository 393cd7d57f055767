package salsify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/record"
)

// plan splits the rest of a pass, from the position at link holding about
// rest products, into windows of about equally many products and returns
// each one's first position in date order; nil when the rest is better
// read as one chain (too small, a tie being paged through, or quantiles
// that cannot be read).
func (e *Extractor) plan(ctx context.Context, link string, rest int) ([]record.Partition, error) {
	pos, err := parsePosition(link)
	if err != nil {
		return nil, fmt.Errorf("plan the partitions of the products pass: %w", err)
	}
	calls := e.settings.Partitions
	if pos.tie || rest < calls*pos.per*minPagesPerPartition {
		return nil, nil
	}
	windows := calls * windowsPerCall
	offsets := make([]int, windows-1)
	for k := range offsets {
		offsets[k] = (k + 1) * rest / windows
	}
	bounds, err := e.quantiles(ctx, pos, offsets)
	if err != nil || len(bounds) == 0 {
		return nil, err
	}
	return e.windows(pos, bounds), nil
}

// quantiles returns the update times at offsets in pos's window (ordered
// by salsify:updated_at), strictly increasing, after its lower bound and
// within its upper one. The offsets inside the 10,000 result window are read
// at once, one product each and as many concurrently as the pass has calls;
// deeper ones in later rounds, from the deepest time read so far (inexact
// across ties, which only shifts the balance), hopping towards them when
// even that lies beyond the result window.
func (e *Extractor) quantiles(ctx context.Context, pos position, offsets []int) ([]time.Time, error) {
	at, err := e.probeRounds(ctx, pos, offsets)
	if errors.Is(err, errNoQuantile) {
		e.log.Warn().Err(err).Msg("reading the products pass as one chain")
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("plan the partitions of the products pass: %w", err)
	}
	var bounds []time.Time
	for _, t := range at {
		t = t.Truncate(time.Millisecond)
		switch {
		case !t.After(pos.from), !pos.until.IsZero() && t.After(pos.until), len(bounds) > 0 && !t.After(bounds[len(bounds)-1]):
		default:
			bounds = append(bounds, t)
		}
	}
	return bounds, nil
}

// probeRounds reads the update times at offsets (ascending) in rounds: each
// round reads, concurrently, every offset the result window reaches from
// the deepest time read so far, or hops one result window deeper when it
// reaches none.
func (e *Extractor) probeRounds(ctx context.Context, pos position, offsets []int) ([]time.Time, error) {
	at := make([]time.Time, len(offsets))
	from, base := pos.from, 0
	for done := 0; done < len(offsets); {
		var steps []int
		for i := done; i < len(offsets) && offsets[i]-base < api.ResultWindow; i++ {
			steps = append(steps, offsets[i]-base)
		}
		if len(steps) == 0 {
			t, err := e.probe(ctx, from, pos.until, api.ResultWindow-1)
			if err != nil {
				return nil, err
			}
			from, base = t, base+api.ResultWindow-1
			continue
		}
		times, err := e.probeAll(ctx, from, pos.until, steps)
		if err != nil {
			return nil, err
		}
		copy(at[done:], times)
		done += len(steps)
		from, base = at[done-1], offsets[done-1]
	}
	return at, nil
}

// probeAll reads the update time at each offset from from, concurrently,
// at most settings.partitions at once.
func (e *Extractor) probeAll(ctx context.Context, from, until time.Time, offsets []int) ([]time.Time, error) {
	at := make([]time.Time, len(offsets))
	errs := make([]error, len(offsets))
	slots := make(chan struct{}, e.settings.Partitions)
	var wg sync.WaitGroup
	for i, off := range offsets {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			at[i], errs[i] = e.probe(ctx, from, until, off)
		})
	}
	wg.Wait()
	return at, errors.Join(errs...)
}

// errNoQuantile reports a quantile the listing did not give.
var errNoQuantile = errors.New("a quantile of the pass cannot be read")

// probe reads the update time of the product at offset in the listing of
// the products updated from from to until, one product per page.
func (e *Extractor) probe(ctx context.Context, from, until time.Time, offset int) (time.Time, error) {
	page, err := e.api.List(ctx, e.api.ListURL(api.OrderedFilter(from, until), offset+1, 1))
	var ue *api.UndecodableError
	switch {
	case errors.As(err, &ue):
		return time.Time{}, fmt.Errorf("%w: offset %d: %w", errNoQuantile, offset, err)
	case err != nil:
		return time.Time{}, fmt.Errorf("read the product at offset %d: %w", offset, err)
	case len(page.Data) != 1:
		return time.Time{}, fmt.Errorf("%w: offset %d: %d products for per_page 1", errNoQuantile, offset, len(page.Data))
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal(page.Data[0], &d); err != nil {
		return time.Time{}, fmt.Errorf("%w: offset %d: %w", errNoQuantile, offset, err)
	}
	p, err := positionOf(d)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: offset %d: %w", errNoQuantile, offset, err)
	}
	return p.updated, nil
}

// windows returns the first positions of the windows bounds cut pos's
// window into: [from, b1), [b1, b2), … [bn, until], written with inclusive
// bounds a millisecond apart; the first keeps the ids pos has already
// delivered at its lower bound.
func (e *Extractor) windows(pos position, bounds []time.Time) []record.Partition {
	parts := make([]record.Partition, 0, len(bounds)+1)
	from, seen := pos.from, pos.seen
	for i := 0; i <= len(bounds); i++ {
		until := pos.until
		if i < len(bounds) {
			until = bounds[i].Add(-time.Millisecond)
		}
		w := position{from: from, until: until, page: 1, per: pos.per, seen: seen}
		parts = append(parts, record.Partition{Next: w.link(e.api)})
		if i < len(bounds) {
			from, seen = bounds[i], nil
		}
	}
	return parts
}
