package akeneo

import (
	"testing"
	"time"
)

// TestInterpolateBetweenExactCounts: boundaries land where the exact counts
// say the target ranks are, and never outside the pass.
func TestInterpolateBetweenExactCounts(t *testing.T) {
	base := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return base.Add(time.Duration(s) * time.Second) }
	// 1,000 products: 100 in the first 100 s, 900 in the next 100 s.
	anchors := []anchor{{at(0), 0}, {at(100), 100}, {at(200), 1000}}
	got := interpolate(anchors, 1000, 4, time.Time{}, time.Time{})
	want := []time.Time{at(116), at(144), at(172)}
	if len(got) != len(want) {
		t.Fatalf("bounds %v, want %v", got, want)
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("bound %d = %s, want %s", i, got[i].Format(time.TimeOnly), want[i].Format(time.TimeOnly))
		}
	}
	// Bounds at or before the pass's first second, or at its end, are dropped.
	if got := interpolate(anchors, 1000, 4, at(150), at(160)); len(got) != 0 {
		t.Errorf("bounds outside (150 s, 160 s): %v", got)
	}
}

// TestQuantilesAreStrictlyIncreasing: a sample with many equal dates gives
// fewer boundaries, never an empty or reversed window.
func TestQuantilesAreStrictlyIncreasing(t *testing.T) {
	base := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	sample := []time.Time{base, base, base, base, base, base, base.Add(time.Second), base.Add(2 * time.Second)}
	got := quantiles(sample, 8, time.Time{}, time.Time{})
	for i := 1; i < len(got); i++ {
		if !got[i].After(got[i-1]) {
			t.Fatalf("bounds %v are not strictly increasing", got)
		}
	}
	if len(got) != 3 {
		t.Errorf("bounds %v, want the 3 distinct dates", got)
	}
}
