package odata_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// TestNullCursorStretch: rows whose change time is null sort first and fill
// more than a page; a pass without bounds reads them first, by key, and
// quarantines each once (a record without its cursor is quarantined), then
// reads the rest, also when resumed from every page's cursor; a pass with a
// lower bound never asks for them (issue 6, OData key set paging).
func TestNullCursorStretch(t *testing.T) {
	const n = 60
	var nulls []string
	for i := 0; i < n; i += 2 {
		nulls = append(nulls, sapKey(i+1))
	}
	for _, paging := range []string{"keyset", "server"} {
		for _, size := range []int{1, 7, 100} {
			r := newRig(t, n, size, paging, sap.Mode{PageSize: 4, NullChangeEvery: 2}, nil)
			p := r.pass(t, record.Cursor{})
			assertEachOnce(t, p, n, nulls...)
			for _, reason := range p.reasons {
				if !strings.Contains(reason, "LastChangeDateTime") {
					t.Fatalf("reason %q does not name the cursor field", reason)
				}
			}
			// Resumed after every page, as a run killed after each one would be.
			var keys, bad []string
			cur := record.Cursor{}
			for steps := 0; ; steps++ {
				if steps > 2*n+4 {
					t.Fatalf("%s, size %d: resuming page by page does not end", paging, size)
				}
				page, err := first(r, t, cur)
				if err != nil {
					t.Fatalf("%s, size %d, resumed: %v", paging, size, err)
				}
				for _, rec := range page.Records {
					keys = append(keys, rec.Key)
				}
				for _, q := range page.Quarantined {
					bad = append(bad, q.Key)
				}
				if cur = page.Cursor; !cur.InPass() {
					break
				}
			}
			assertEachOnce(t, pass{keys: keys, bad: bad, cursors: []record.Cursor{cur}}, n, nulls...)
			// An incremental pass from the watermark reads no null row.
			again := r.pass(t, cur)
			if again.err != nil || len(again.bad) != 0 {
				t.Fatalf("%s, size %d: incremental pass quarantined %v, err %v", paging, size, again.bad, again.err)
			}
		}
	}
	// A backfill window (an upper bound) cannot meet null rows either.
	r := newRig(t, n, 7, "keyset", sap.Mode{PageSize: 4, NullChangeEvery: 2}, nil)
	p := r.pass(t, record.Cursor{Until: time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC)})
	if p.err != nil || len(p.bad) != 0 || len(p.keys) != n/2 {
		t.Fatalf("window pass: %d keys, quarantined %v, err %v", len(p.keys), p.bad, p.err)
	}
}

func first(r *rig, t *testing.T, cur record.Cursor) (record.Page, error) {
	for page, err := range r.x.Extract(t.Context(), cur) {
		return page, err
	}
	t.Fatal("no page")
	return record.Page{}, nil
}
