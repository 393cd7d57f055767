package hubspot_test

import (
	"strings"
	"testing"
	"time"

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
