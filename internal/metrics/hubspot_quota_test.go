package metrics_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/internal/metrics"
	emulator "github.com/stewardhq/steward/internal/sandbox/hubspot"
	"github.com/stewardhq/steward/internal/store"
)

// systemState is one system's state in the store, as the runner hands it to
// a connector.
type systemState struct {
	st     *store.Store
	system string
}

func (s systemState) Load(ctx context.Context, k string) (string, error) {
	return s.st.SystemState(ctx, s.system, k)
}

func (s systemState) Save(ctx context.Context, k, v string) error {
	return s.st.SetSystemState(ctx, s.system, k, v)
}

// TestScrapeHubSpotQuota: the daily figure the HubSpot connector keeps from
// a private app's answers (here seven requests to the emulator, limit
// 250,000) is served as the system's steward_quota_remaining, _limit and
// _observed_timestamp_seconds (at the emulator's Date).
func TestScrapeHubSpotQuota(t *testing.T) {
	at := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	e := emulator.New(emulator.Options{Tokens: []string{"pat-crm"}, Now: func() time.Time { return at }})
	srv := httptest.NewServer(e)
	defer srv.Close()
	st := openStore(t)
	if err := hubspottest.KeepQuota(t.Context(), srv.URL, "pat-crm", 7, systemState{st, "crm"}); err != nil {
		t.Fatal(err)
	}
	m := httptest.NewServer(metrics.New(st, zerolog.Nop()).Handler())
	defer m.Close()
	fams := scrape(t, m)
	for name, want := range map[string]float64{
		"steward_quota_remaining":                  250000 - 7,
		"steward_quota_limit":                      250000,
		"steward_quota_observed_timestamp_seconds": float64(at.Unix()),
	} {
		if got := value(t, fams, name, "system=crm"); got != want {
			t.Errorf("%s{system=crm} = %v, want %v", name, got, want)
		}
	}
}
