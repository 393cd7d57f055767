package pimcore

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// A listing ordered by modificationDate then id, both ascending or both
// descending, comes in exactly the order sorting every hit by those
// columns gives, over random
// writes (touches onto shared seconds, deletes, unpublished objects, old
// dates) and a LoadState now and then: the modificationDate index that
// orders it stays true.
func TestModOrderEqualsSort(t *testing.T) {
	const n = 300
	f := newFixture(t, n)
	s := f.srv
	clock := testNow
	s.SetClock(func() time.Time { return clock })
	r := rand.New(rand.NewPCG(3, 5))
	for step := range 200 {
		desc := step%2 == 1
		args := map[string]any{"published": false, "sortBy": []any{"modificationDate", "id"}}
		if desc {
			args["sortOrder"] = []any{"DESC"}
		}
		for range r.IntN(4) {
			randomWrite(t, r, s, n, &clock)
		}
		if step%67 == 66 {
			reload(t, s)
		}
		l, err := s.listingArgs(args, "en")
		if err != nil {
			t.Fatal(err)
		}
		s.mu.RLock()
		got := s.matching(l)
		want := slices.Clone(got)
		slices.SortFunc(want, func(a, b int) int {
			ra, _ := s.rowOf(a)
			rb, _ := s.rowOf(b)
			return cmp.Or(cmp.Compare(ra.modified, rb.modified), cmp.Compare(a, b))
		})
		if desc {
			slices.Reverse(want)
		}
		ok := s.inModOrder(got, l)
		s.mu.RUnlock()
		if !ok || !slices.Equal(got, want) {
			t.Fatalf("step %d: index order %v (used: %v), sorted %v", step, got, ok, want)
		}
	}
}
