package hubspot_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/internal/record"
)

// listings counts the archived-listing requests of an incremental pass (its
// only GETs of the objects) from request n on.
func listings(f *hubspottest.Fake, n int) int {
	k := 0
	for _, r := range f.Requests[n:] {
		if strings.HasPrefix(r, "GET ") {
			k++
		}
	}
	return k
}

// deletionKeys are the keys of a pass's deletions.
func deletionKeys(d drained) []string {
	var ks []string
	for _, x := range d.deleted {
		ks = append(ks, x.Key)
	}
	return ks
}

// TestDeletionsEvery: the archived listing is read at most every
// deletions_every (default 6h). A pass two minutes after a listing reads no
// archived object; the next listing, six hours on, reports what was
// archived since the last listing, though it lies before the new
// watermark, and not what the last listing reported.
func TestDeletionsEvery(t *testing.T) {
	clk := &emuClock{}
	t0 := base.Add(time.Hour)
	clk.set(t0)
	f := companies(10, 1)
	f.Archive("companies", "00001", base.Add(30*time.Minute))
	x := extractorWith(t, f, "customers", "companies", "incremental", 100, api.Options{Pacing: api.Pacing{Sleep: nopSleep, Now: clk.now}})
	pass := func(from record.Cursor, wantGets int, wantDeleted ...string) record.Cursor {
		t.Helper()
		n := len(f.Requests)
		d, err := drain(t, x, from)
		if err != nil {
			t.Fatal(err)
		}
		if got := listings(f, n); got != wantGets || !slices.Equal(deletionKeys(d), wantDeleted) {
			t.Fatalf("%d archived pages read, deleted %v; want %d and %v", got, deletionKeys(d), wantGets, wantDeleted)
		}
		return d.last
	}
	cur := pass(record.Cursor{Watermark: base.Add(5 * time.Second)}, 1, "00001")
	f.Archive("companies", "00002", t0.Add(time.Minute))
	f.Put("companies", "00005", map[string]string{"name": "Changed"}, t0.Add(3*time.Minute))
	clk.set(t0.Add(2 * time.Minute))
	cur = pass(cur, 0)
	if !cur.Watermark.Equal(t0.Add(3 * time.Minute)) {
		t.Fatalf("watermark %v", cur.Watermark)
	}
	clk.set(t0.Add(6 * time.Hour))
	pass(cur, 1, "00002")
}

// TestDeletionsEveryPass: deletions_every 0 reads the archived listing on
// every pass.
func TestDeletionsEveryPass(t *testing.T) {
	clk := &emuClock{}
	clk.set(base.Add(time.Hour))
	f := companies(10, 1)
	x := extractorConf(t, f, "customers", "companies", "incremental", 100, api.Options{Pacing: api.Pacing{Sleep: nopSleep, Now: clk.now}}, ", deletions_every: 0s")
	cur := record.Cursor{Watermark: base.Add(5 * time.Second)}
	for i := range 3 {
		n := len(f.Requests)
		d, err := drain(t, x, cur)
		if err != nil {
			t.Fatal(err)
		}
		if got := listings(f, n); got != 1 {
			t.Fatalf("pass %d read %d archived pages, want 1", i, got)
		}
		cur = d.last
		clk.set(clk.now().Add(time.Minute))
	}
}

// TestDeletionsStateCorrupt: a cursor State that cannot be read fails the
// pass by name, never silently lists or skips.
func TestDeletionsStateCorrupt(t *testing.T) {
	x := extractorFor(t, companies(3, 1), "customers", "companies", "incremental", 100)
	_, err := drain(t, x, record.Cursor{Watermark: base, State: "{"})
	if err == nil || !strings.Contains(err.Error(), "hubspot cursor state") {
		t.Fatalf("err %v", err)
	}
}
