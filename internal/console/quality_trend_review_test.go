package console

import (
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/store"
)

// TestReviewTrendDatesInUTC: checks stored with a zone offset are dated
// and ordered in UTC on the trend (ticks, point titles, the checks table),
// and the per-rule and per-family lines carry each check's figures.
func TestReviewTrendDatesInUTC(t *testing.T) {
	f := opsFixture(t, nil)
	berlin := time.FixedZone("CET", 3600)
	// 00:30 CET on 2 November is 23:30 UTC on 1 November.
	opsCheck(t, f.st, "products", store.TriggerSchedule, time.Date(2026, 11, 2, 0, 30, 0, 0, berlin), summary(61))
	opsCheck(t, f.st, "products", store.TriggerSchedule, time.Date(2026, 11, 3, 0, 30, 0, 0, berlin), summary(67))
	body := f.get(t, viewer, "/quality/trend?job=products").Body.String()
	for _, want := range []string{">2026-11-01<", ">2026-11-02<", "2026-11-01 23:30:00 UTC", "score 2026-11-01 23:30 UTC: 61 %",
		"description-required 2026-11-01 23:30 UTC: 39", "description-required 2026-11-02 23:30 UTC: 33", "shirts 2026-11-02 23:30 UTC: 50 %"} {
		if !strings.Contains(body, want) {
			t.Errorf("trend lacks %q", want)
		}
	}
	if strings.Contains(body, "CET") || strings.Contains(body, "+01:00") {
		t.Errorf("trend shows a local zone")
	}
}
