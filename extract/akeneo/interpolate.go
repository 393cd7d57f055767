package akeneo

import (
	"time"

	api "github.com/stewardhq/steward/internal/api/akeneo"
)

// anchor is a point of the pass's distribution of update dates: rank
// products were updated before at.
type anchor struct {
	at   time.Time
	rank int
}

// anchorsOf returns the exact counts below the sampled boundaries, framed by
// the pass's ends: exact where the pass has a bound, else the sample's first
// and last dates (nearly no product lies outside them).
func anchorsOf(s api.Sample, bounds []time.Time, counts []int, lower, until time.Time) []anchor {
	first, last := s.Updated[0], s.Updated[0]
	for _, t := range s.Updated {
		first, last = minTime(first, t), maxTime(last, t)
	}
	lo := anchor{at: first.Truncate(time.Second), rank: 0}
	if !lower.IsZero() {
		lo.at = lower.Add(time.Second)
	}
	hi := anchor{at: last.Truncate(time.Second).Add(time.Second), rank: s.Total}
	if !until.IsZero() {
		hi.at = until
	}
	out := []anchor{lo}
	for i, b := range bounds {
		out = append(out, anchor{at: b, rank: counts[i]})
	}
	return append(out, hi)
}

// interpolate returns the boundaries that split total products into n equal
// parts, interpolating linearly in time between the anchors around each
// target rank.
func interpolate(anchors []anchor, total, n int, lower, until time.Time) []time.Time {
	var bounds []time.Time
	for j := 1; j < n; j++ {
		target := j * total / n
		for k := 1; k < len(anchors); k++ {
			a, b := anchors[k-1], anchors[k]
			if target > b.rank && k < len(anchors)-1 {
				continue
			}
			span := b.at.Sub(a.at)
			if b.rank > a.rank {
				span = time.Duration(float64(span) * float64(target-a.rank) / float64(b.rank-a.rank))
			}
			bounds = append(bounds, a.at.Add(max(span, 0)).Truncate(time.Second))
			break
		}
	}
	return validBounds(bounds, lower, until)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
