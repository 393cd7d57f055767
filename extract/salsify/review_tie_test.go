package salsify_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/api/salsify/salsifytest"
	"github.com/stewardhq/steward/internal/record"
)

func idFor(i int) string { return fmt.Sprintf("SKU-%05d", i) }

// Review (issue 7): a tie is paged by offset through one instant. A product
// of the tie already read is updated between tie pages (it leaves the
// instant), so the offset skips a product still at the instant; that product
// keeps its old update time, below the watermark, and is never read.
func TestReviewTieOffsetDriftLosesProduct(t *testing.T) {
	f := salsifytest.New(org, token)
	for i := range 7 {
		f.Put(doc(i, epoch))
	}
	f.Put(doc(7, epoch.Add(time.Second)))
	x := extractorFor(t, f, 3)
	var keys []string
	cur := record.Cursor{}
	pages := 0
	for {
		progressed := false
		for p, err := range x.Extract(t.Context(), cur) {
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Records {
				keys = append(keys, r.Key)
			}
			cur, progressed = p.Cursor, true
			pages++
			break
		}
		if pages == 3 {
			// SKU-00003 was read on the first tie page; a user edits it now.
			f.Put(doc(3, epoch.Add(10*time.Second)))
		}
		if !progressed || !cur.InPass() {
			break
		}
	}
	seen := map[string]bool{}
	for _, k := range keys {
		seen[k] = true
	}
	for i := range 8 {
		k := idFor(i)
		if !seen[k] {
			t.Errorf("%s never delivered (keys %v); the next pass starts at %s", k, keys, cur.Watermark)
		}
	}
}
