package salesforce_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
)

// TestExpiredLocatorInOverlapOnce: an incremental pass whose locator expires
// while it is still inside the overlap window (below the last watermark)
// restarts at its highest stamp and must not deliver again the records of
// this pass already delivered at that stamp.
func TestExpiredLocatorInOverlapOnce(t *testing.T) {
	f := fakeWith(12) // stamps epoch+0s ×3, +1s ×3, +2s ×3, +3s ×3
	s := serve(t, f)
	x := build(t, strings.Replace(fakeConfig(s.srv.URL, 4), "overlap: 1s", "overlap: 10s", 1), env)
	first, err := pages(t.Context(), x, record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	last := first[len(first)-1].Cursor
	var got []string
	var cur record.Cursor
	for p, err := range x.Extract(t.Context(), last) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, keys([]record.Page{p})...)
		cur = p.Cursor
		break // killed after the first page (stamps +0s ×3, +1s ×1)
	}
	f.ExpireLocators()
	rest, err := pages(t.Context(), x, cur)
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, keys(rest)...)
	seen := map[string]int{}
	var dups []string
	for _, k := range got {
		if seen[k]++; seen[k] == 2 {
			dups = append(dups, k)
		}
	}
	// The overlap re-reads the 9 records below the watermark; the 3 at it
	// were delivered by the first pass. Each once within this pass.
	if len(seen) != 9 || len(dups) > 0 {
		t.Fatalf("second pass after an expired locator: %d distinct of 9, %d reads, delivered twice: %v", len(seen), len(got), dups)
	}
}
