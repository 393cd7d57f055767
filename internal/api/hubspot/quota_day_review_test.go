package hubspot_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/internal/retry"
)

// TestDailyReserveLiftsAtPortalMidnight: a long-lived process (steward
// serve --schedule keeps one HTTP client, and so one limiter, for every
// run) that stopped at the daily reserve asks HubSpot again once the
// portal's day has ended (midnight in its time_zone), and not before: a
// count learnt yesterday no longer holds. Without that, the limiter
// refuses every request of every later run without sending one, so it
// never learns that the quota was reset.
func TestDailyReserveLiftsAtPortalMidnight(t *testing.T) {
	c := newClock() // 2026-01-01 00:00 UTC: 16:00 on 31 December in Los Angeles
	f := hubspottest.New(token)
	left := 50
	f.Daily = &left
	cl, _ := setup(t, f, "      quota_reserve: 50\n      time_zone: America/Los_Angeles\n", c)
	u := cl.ListURL("companies", nil, 1, false)
	if _, err := cl.List(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	c.t = time.Date(2026, 1, 1, 7, 59, 0, 0, time.UTC) // 23:59 in Los Angeles
	if _, err := cl.List(t.Context(), u); !errors.Is(err, retry.ErrQuotaReserve) || len(f.Requests) != 1 {
		t.Fatalf("before the portal's midnight: err %v after %d requests, want the reserve after 1", err, len(f.Requests))
	}
	c.t = time.Date(2026, 1, 1, 8, 1, 0, 0, time.UTC) // 00:01 on 1 January in Los Angeles
	if _, err := cl.List(t.Context(), u); err != nil || len(f.Requests) != 2 {
		t.Fatalf("after the portal's midnight: err %v after %d requests, want the request sent", err, len(f.Requests))
	}
}
