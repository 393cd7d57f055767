package akeneo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	api "github.com/stewardhq/steward/internal/api/akeneo"
)

// minPagesPerPartition is the fewest pages each partition must get for a
// pass to be partitioned; smaller passes are read serially, since planning
// costs two round trips.
const minPagesPerPartition = 4

// windowsPerCall is how many windows a pass is split into per call kept in
// flight: while one window's page is being mapped, another window's request
// already holds the free call.
const windowsPerCall = 2

// plan splits a pass over the products updated after lower (zero: no lower
// bound) and before until (zero: none) into update-date windows holding
// about equally many products, and returns the boundaries between them in
// date order. It returns nil when the pass is better read serially.
//
// Two round trips: one page-pagination request gives the pass's size and the
// update dates of a sample of products (the first ones by primary key, which
// is unrelated to the date); then, concurrently and one per call, the exact
// count below some of the boundaries the sample suggests; the final
// boundaries are interpolated between those exact counts.
//
// A sample already taken (the live pass's, which fixed its top) is used
// instead of a new one.
func (e *Extractor) plan(ctx context.Context, lower, until time.Time, s *api.Sample) ([]time.Time, error) {
	calls := e.settings.Partitions
	if calls <= 1 {
		return nil, nil
	}
	if s == nil {
		var err error
		if s, err = e.sample(ctx, lower, until); s == nil || err != nil {
			return nil, err
		}
	}
	if s.Total < calls*e.pageSize()*minPagesPerPartition {
		return nil, nil
	}
	windows := calls * windowsPerCall
	bounds := quantiles(s.Updated, windows, lower, until)
	if len(bounds) == 0 {
		return nil, nil
	}
	probes := spread(bounds, calls)
	counts, err := e.countsBelow(ctx, lower, probes)
	if errors.Is(err, api.ErrUndecodableSample) {
		e.log.Warn().Err(err).Msg("reading the products pass serially: a count cannot be decoded")
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("plan the partitions of the products pass: %w", err)
	}
	return interpolate(anchorsOf(*s, probes, counts, lower, until), s.Total, windows, lower, until), nil
}

// sample takes the plan's sample of the pass; nil without an error when it
// cannot be decoded (the pass is then read serially).
func (e *Extractor) sample(ctx context.Context, lower, until time.Time) (*api.Sample, error) {
	s, err := e.api.SampleUpdated(ctx, api.UpdatedBetween(lower, until), api.MaxPageSize, e.settings.IdentifierAttribute)
	if errors.Is(err, api.ErrUndecodableSample) {
		e.log.Warn().Err(err).Msg("reading the products pass serially: its sample cannot be decoded")
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("plan the partitions of the products pass: %w", err)
	}
	return &s, nil
}

// spread picks at most k of bounds, evenly spaced.
func spread(bounds []time.Time, k int) []time.Time {
	if len(bounds) <= k {
		return bounds
	}
	out := make([]time.Time, 0, k)
	for j := 1; j <= k; j++ {
		out = append(out, bounds[j*len(bounds)/(k+1)])
	}
	return validBounds(out, time.Time{}, time.Time{})
}

// quantiles returns up to n-1 whole-second boundaries splitting sample into
// n groups of about equal size, strictly increasing and inside the pass.
func quantiles(sample []time.Time, n int, lower, until time.Time) []time.Time {
	sorted := slices.Clone(sample)
	slices.SortFunc(sorted, func(a, b time.Time) int { return a.Compare(b) })
	var bounds []time.Time
	for j := 1; j < n && len(sorted) > 0; j++ {
		bounds = append(bounds, sorted[j*len(sorted)/n].Truncate(time.Second))
	}
	return validBounds(bounds, lower, until)
}

// validBounds keeps the boundaries that split the pass: strictly increasing,
// after the first second the pass reads, before its upper bound.
func validBounds(bounds []time.Time, lower, until time.Time) []time.Time {
	var out []time.Time
	for _, b := range bounds {
		switch {
		case !lower.IsZero() && !b.After(lower.Add(time.Second)):
		case !until.IsZero() && !b.Before(until):
		case len(out) > 0 && !b.After(out[len(out)-1]):
		default:
			out = append(out, b)
		}
	}
	return out
}

// countsBelow counts, concurrently, the pass's products updated before each
// boundary.
func (e *Extractor) countsBelow(ctx context.Context, lower time.Time, bounds []time.Time) ([]int, error) {
	counts := make([]int, len(bounds))
	errs := make([]error, len(bounds))
	var wg sync.WaitGroup
	for i, b := range bounds {
		wg.Go(func() {
			counts[i], errs[i] = e.api.CountMatching(ctx, api.UpdatedBetween(lower, b), e.settings.IdentifierAttribute)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return counts, nil
}

// windowLinks returns the first page link of each window the boundaries
// make. Windows tile the pass exactly: Akeneo filters whole seconds with ">"
// and "<" only, so a window from boundary b asks for "> b-1s".
func (e *Extractor) windowLinks(lower, until time.Time, bounds []time.Time) ([]string, error) {
	if len(bounds) == 0 {
		return nil, nil
	}
	links := make([]string, 0, len(bounds)+1)
	after := lower
	for i := 0; i <= len(bounds); i++ {
		before := until
		if i < len(bounds) {
			before = bounds[i]
		}
		link, err := e.api.ProductsURL(api.UpdatedBetween(after, before), e.pageSize())
		if err != nil {
			return nil, fmt.Errorf("plan the partitions of the products pass: %w", err)
		}
		links = append(links, link)
		if i < len(bounds) {
			after = bounds[i].Add(-time.Second)
		}
	}
	return links, nil
}
