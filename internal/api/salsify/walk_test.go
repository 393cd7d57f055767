package salsify_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/api/salsify/salsifytest"
)

// walkDoc is product i updated at t.
func walkDoc(i int, t time.Time) string {
	return fmt.Sprintf(`{"salsify:id":"P-%05d","salsify:updated_at":%q,"Product ID":"P-%05d","Price":%d.50}`, i, t.Format(salsify.TimeLayout), i, i)
}

// Each reads every product once through the listing, about one request a
// hundred products, past the 10,000 result window (which the fake enforces)
// and through an instant that 250 products share.
func TestEachReadsEveryProductThroughTheListing(t *testing.T) {
	const n, tied = 10450, 250
	f := salsifytest.New(org, token)
	epoch := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := range n {
		at := epoch.Add(time.Duration(i/3) * time.Second)
		if i >= 5000 && i < 5000+tied {
			at = epoch.Add(5000 / 3 * time.Second)
		}
		f.Put(walkDoc(i, at))
	}
	c := clientFor(t, f, salsify.Pacing{})
	got := map[string]int{}
	var last time.Time
	err := c.Each(t.Context(), 100, func(p salsify.Listed) error {
		got[p.ID]++
		if p.Updated.Before(last) || string(p.Doc["Product ID"]) != `"`+p.ID+`"` {
			t.Errorf("product %s out of order or without its document", p.ID)
		}
		last = p.Updated
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if id := fmt.Sprintf("P-%05d", i); got[id] != 1 {
			t.Fatalf("product %s delivered %d times", id, got[id])
		}
	}
	if len(got) != n {
		t.Errorf("%d products delivered, want %d", len(got), n)
	}
	reqs, ties := f.Requests(), 0
	for _, r := range reqs {
		if strings.Contains(r, "page=2&") {
			ties++
		}
	}
	if len(reqs) > n/100+10 || ties == 0 {
		t.Errorf("%d requests (%d paging through the shared instant) for %d products, want about %d, some by offset", len(reqs), ties, n, n/100)
	}
}

// A listing out of update-time order stops the walk with a clear error
// instead of skipping products.
func TestEachRefusesAnUnorderedListing(t *testing.T) {
	epoch := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	c := clientFor(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"data":[%s,%s],"meta":{"per_page":100,"total_entries":2,"current_page":1}}`,
			walkDoc(1, epoch.Add(time.Hour)), walkDoc(2, epoch))
	}), salsify.Pacing{})
	err := c.Each(t.Context(), 100, func(salsify.Listed) error { return nil })
	if !errors.Is(err, salsify.ErrWalkOrder) {
		t.Fatalf("err = %v, want ErrWalkOrder", err)
	}
}
