package hubspot_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/internal/record"
	emulator "github.com/stewardhq/steward/internal/sandbox/hubspot"
)

// TestReviewResumeArchivedWideSearch: with a job page_size of 200 (search
// pages may hold 200, list pages at most 100), a pass resumed at its archived
// listing (killed after the last search page was stored) must not ask the
// list endpoint for 200 objects: the emulator, like HubSpot, refuses it.
func TestReviewResumeArchivedWideSearch(t *testing.T) {
	e, ids, clk := emulated(t, 260)
	clk.set(base.Add(time.Hour))
	for _, id := range ids[:150] {
		if !e.Delete("companies", id) {
			t.Fatal("not archived")
		}
	}
	x := extractorFor(t, e, "customers", "companies", "incremental", 200)
	from := record.Cursor{Watermark: base.Add(10 * time.Second)}
	var resume record.Cursor
	for p, err := range x.Extract(t.Context(), from) {
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(p.Cursor.Next, "hubspot-archived:") {
			resume = p.Cursor
			break
		}
	}
	if resume.Next == "" {
		t.Fatal("no page before the archived listing")
	}
	d, err := drain(t, x, resume)
	if err != nil {
		t.Fatalf("resumed at the archived listing: %v", err)
	}
	if len(d.deleted) != 150 {
		t.Fatalf("%d deletions after the resume, want 150", len(d.deleted))
	}
}

// TestReviewQuarantinedOnceAcrossWindows: a product whose price is no
// decimal is quarantined, once: the next search window starts at the latest
// change time delivered, which is before the bad product's, and must not
// quarantine it again.
func TestReviewQuarantinedOnceAcrossWindows(t *testing.T) {
	f := hubspottest.New(token)
	for i := range 9 {
		price := "10.50"
		if i == 3 {
			price = "ten"
		}
		f.Put("products", fmt.Sprintf("%05d", i), map[string]string{"hs_sku": fmt.Sprintf("S-%d", i), "name": "P", "price": price},
			base.Add(time.Duration(i)*time.Second))
	}
	d, err := drain(t, extractorFor(t, f, "products", "products", "incremental", 4), record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	assertOnce(t, d.keys, 8)
	if len(d.bad) != 1 {
		t.Fatalf("%d quarantined items, want 1: %+v", len(d.bad), d.bad)
	}
}

// TestReviewTieOffsetShift: more objects share one change time than a
// search page holds, so the window pages through them by the server's after
// (an offset). One object of the first page changes before the second page
// is read: it leaves its place, every later object moves up by one, and the
// object that moved to the first page's end is never read, in this pass or
// the next (its change time lies before the new watermark less the overlap).
func TestReviewTieOffsetShift(t *testing.T) {
	clk := &emuClock{}
	e := emulator.New(emulator.Options{Tokens: []string{token}, Now: clk.now, BurstMax: 1 << 30, SearchPerSecond: 1 << 30, DailyMax: 1 << 30})
	clk.set(base.Add(-time.Second))
	if _, err := e.Put("companies", map[string]string{"name": "earlier"}); err != nil {
		t.Fatal(err)
	}
	clk.set(base)
	var ids []string
	for i := range 6 {
		id, err := e.Put("companies", map[string]string{"name": fmt.Sprintf("Co %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	clk.set(base.Add(time.Hour))
	searches := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.ServeHTTP(w, r)
		if strings.HasSuffix(r.URL.Path, "/search") {
			if searches++; searches == 2 {
				_ = e.Update("companies", ids[1], map[string]string{"name": "changed"})
			}
		}
	})
	d, err := drain(t, extractorFor(t, h, "customers", "companies", "incremental", 2), record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, k := range d.keys {
		got[k] = true
	}
	for _, id := range ids {
		if !got[id] {
			t.Fatalf("company %s never read (read %v)", id, d.keys)
		}
	}
}
