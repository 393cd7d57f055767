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

// TestQuotaDayOfHubSpotAccount: HubSpot's daily limit resets at midnight
// in the account's time zone (the system's time_zone), so the quota alert
// is once per day of that zone: a portal in Los Angeles low before and
// after its midnight (08:00 UTC) is two alerts, though both figures are of
// one UTC day; low again after UTC midnight but before the portal's next
// midnight is the same day, no alert.
func TestQuotaDayOfHubSpotAccount(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, config.JobAlerts{QuotaBelow: "10", Failed: new(false), Channels: []string{"ops-hook"}})
	f.cfg.Systems["crm"] = config.System{Kind: "hubspot"}
	f.cfg.Jobs[0].Load.Targets = append(f.cfg.Jobs[0].Load.Targets, config.Target{System: "crm"})
	e := emulator.New(emulator.Options{Tokens: []string{"pat-crm"}, Now: f.clock.Now, DailyMax: 100, BurstMax: 1000, Zone: la})
	srv := httptest.NewServer(e)
	defer srv.Close()
	w := f.watcher(f.st, "w") // 02:00 UTC on 27 November: 18:00 on the 26th in Los Angeles
	f.check(w)
	step := func(at time.Time, requests, wantSent int) {
		t.Helper()
		f.clock.Add(at.Sub(f.clock.Now()))
		if err := hubspottest.KeepQuotaIn(t.Context(), srv.URL, "pat-crm", "America/Los_Angeles", requests, sysState{f.st, "crm"}); err != nil {
			t.Fatal(err)
		}
		f.check(w)
		if got := len(f.hook.got()); got != wantSent {
			t.Fatalf("at %s (%s in Los Angeles): %d alerts, want %d", at.UTC().Format(time.RFC3339), at.In(la).Format(time.DateTime), got, wantSent)
		}
	}
	step(time.Date(2026, 11, 27, 2, 1, 0, 0, time.UTC), 95, 1)  // 5 % left on the portal's 26th
	step(time.Date(2026, 11, 27, 7, 50, 0, 0, time.UTC), 1, 1)  // 23:50 on the 26th: the same day
	step(time.Date(2026, 11, 27, 8, 10, 0, 0, time.UTC), 96, 2) // 00:10 on the 27th: a new day, the same UTC day
	step(time.Date(2026, 11, 28, 0, 10, 0, 0, time.UTC), 1, 2)  // 16:10 on the 27th: a new UTC day, the same portal day
	if hooks, _ := f.texts(); !strings.Contains(hooks[1], "crm quota 4.0 % left") {
		t.Errorf("second alert: %s", hooks[1])
	}
}
