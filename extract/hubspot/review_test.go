package hubspot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/internal/record"
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
