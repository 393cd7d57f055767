package salsify

import (
	"testing"
	"time"
)

// Every listing filter of a pass has a lower bound (the epoch when the pass
// has none), so that the listing is ordered by salsify:updated_at, and ends
// in :product_type:all; reading it back gives the bounds it was made of.
func TestOrderedFilterRoundTrip(t *testing.T) {
	to := time.Date(2026, 1, 5, 8, 0, 1, 250e6, time.UTC)
	for _, c := range []struct {
		from, to time.Time
		want     string
	}{
		{time.Time{}, time.Time{}, "='salsify:updated_at':gte('1970-01-01T00:00:00.000Z'):product_type:all"},
		{time.Time{}, to, "='salsify:updated_at':gte('1970-01-01T00:00:00.000Z'),'salsify:updated_at':lte('2026-01-05T08:00:01.250Z'):product_type:all"},
		{to, time.Time{}, "='salsify:updated_at':gte('2026-01-05T08:00:01.250Z'):product_type:all"},
	} {
		f := OrderedFilter(c.from, c.to)
		if f != c.want {
			t.Errorf("OrderedFilter(%s, %s) = %s\nwant %s", c.from, c.to, f, c.want)
		}
		from, until, err := ParseUpdatedFilter(f)
		if err != nil || !from.Equal(c.from) || !until.Equal(c.to) {
			t.Errorf("ParseUpdatedFilter(%s) = %s, %s, %v", f, from, until, err)
		}
	}
	if f := UpdatedFilter(time.Time{}, time.Time{}); f != "" {
		t.Errorf("UpdatedFilter without bounds = %q, want none", f)
	}
}
