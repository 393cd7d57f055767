package alert_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	emulator "github.com/stewardhq/steward/internal/sandbox/hubspot"
)

// TestQuotaBelowHubSpot: a HubSpot system of the job whose private app
// has less than quota_below percent of its daily limit left, as the
// connector kept it from the portal's answers, notifies once; the same
// system with more left does not.
func TestQuotaBelowHubSpot(t *testing.T) {
	f := newFixture(t, config.JobAlerts{QuotaBelow: "10"})
	f.cfg.Systems["crm"] = config.System{Kind: "hubspot"}
	f.cfg.Jobs[0].Load.Targets = append(f.cfg.Jobs[0].Load.Targets, config.Target{System: "crm"})
	e := emulator.New(emulator.Options{Tokens: []string{"pat-crm"}, Now: f.clock.Now, DailyMax: 100, BurstMax: 1000})
	srv := httptest.NewServer(e)
	defer srv.Close()
	w := f.watcher(f.st, "w")
	f.check(w)
	f.clock.Add(time.Minute)
	keep := func(n int) {
		t.Helper()
		if err := hubspottest.KeepQuota(t.Context(), srv.URL, "pat-crm", n, sysState{f.st, "crm"}); err != nil {
			t.Fatal(err)
		}
	}
	keep(85) // 15 % left
	f.check(w)
	f.wantSent(0)
	keep(10) // 5 % left
	f.check(w)
	f.check(w)
	f.wantSent(1)
	hooks, mails := f.texts()
	for _, want := range []string{"prices: crm quota 5.0 % left", "System crm has used 95 of its 100 requests"} {
		if !strings.Contains(hooks[0], want) || !strings.Contains(mails[0], want) {
			t.Errorf("messages lack %q:\n%s\n%s", want, hooks[0], mails[0])
		}
	}
}
