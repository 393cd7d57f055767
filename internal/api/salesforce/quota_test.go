package salesforce

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/retry"
)

// TestQuotaCarriesAcrossRuns: a stored allocation stops the first request
// of the next run, unless it is older than the 24 h window; steward's own
// count restarts each UTC day.
func TestQuotaCarriesAcrossRuns(t *testing.T) {
	now := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	reserve := func(max int) int { return max / 10 }
	q := NewQuota(QuotaState{Used: 95, Max: 100, At: now.Add(-time.Hour), Own: 7, Day: "2026-01-05"}, reserve, clock)
	if err := q.take("GET x"); !errors.Is(err, retry.ErrQuotaReserve) {
		t.Fatalf("at 95/100: %v", err)
	}
	q = NewQuota(QuotaState{Used: 95, Max: 100, At: now.Add(-25 * time.Hour), Own: 7, Day: "2026-01-04"}, reserve, clock)
	if err := q.take("GET x"); err != nil {
		t.Fatalf("a day-old figure stopped the run: %v", err)
	}
	if st := q.State(); st.Own != 1 || st.Day != "2026-01-05" {
		t.Fatalf("own use %+v", st)
	}
	q.observe(http.Header{"Sforce-Limit-Info": {"api-usage=50/100"}})
	if st := q.State(); st.Used != 50 || st.Max != 100 || !st.At.Equal(now) {
		t.Fatalf("observed %+v", st)
	}
}

// TestQuotaStaleCheck: only a figure at the reserve that is older than an
// hour is asked about, and only once per guard; a figure read from GET
// /limits with room lets the next request go.
func TestQuotaStaleCheck(t *testing.T) {
	now := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	reserve := func(max int) int { return max / 10 }
	if q := NewQuota(QuotaState{Used: 95, Max: 100, At: now.Add(-30 * time.Minute)}, reserve, clock); q.claimCheck() {
		t.Fatal("a fresh figure was asked about")
	}
	if q := NewQuota(QuotaState{Used: 50, Max: 100, At: now.Add(-2 * time.Hour)}, reserve, clock); q.claimCheck() {
		t.Fatal("a figure with room was asked about")
	}
	q := NewQuota(QuotaState{Used: 95, Max: 100, At: now.Add(-2 * time.Hour)}, reserve, clock)
	if !q.claimCheck() || q.claimCheck() {
		t.Fatal("a stale figure at the reserve: want exactly one check")
	}
	q.countCheck()
	q.set(40, 100)
	if err := q.take("GET x"); err != nil {
		t.Fatalf("room after the check: %v", err)
	}
	if st := q.State(); st.Own != 2 || st.Used != 41 || !st.At.Equal(now) {
		t.Fatalf("state %+v", st)
	}
}
