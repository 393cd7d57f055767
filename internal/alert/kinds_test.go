package alert_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	sfapi "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/store"
)

// TestQualityDrop: a quality run more than quality_drop points below the
// previous one notifies once; a smaller drop does not; a backfill run is
// neither compared nor compared against; a drop before the start is not
// sent.
func TestQualityDrop(t *testing.T) {
	f := newFixture(t, config.JobAlerts{QualityDrop: "2.0", Failed: new(false)})
	f.quality(store.TriggerSchedule, 95)
	f.quality(store.TriggerSchedule, 90) // a drop of 5 before the start
	w := f.watcher(f.st, "w")
	f.check(w)
	f.quality(store.TriggerBackfill, 40)     // a backfill: not compared
	f.quality(store.TriggerSchedule, 88.5)   // 1.5 below 90: under the threshold
	id := f.quality(store.TriggerManual, 85) // 3.5 below 88.5
	f.quality(store.TriggerBackfill, 99)     // not compared against
	f.quality(store.TriggerSchedule, 84)     // 1 below 85
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "failed is off")
	f.check(w)
	f.check(w)
	f.wantSent(1)
	hooks, mails := f.texts()
	for _, want := range []string{"prices: quality dropped 3.5 points", fmt.Sprintf("Quality score 85.0 %% in run %d, 88.5 %%", id), fmt.Sprintf("/runs/%d", id)} {
		if !strings.Contains(hooks[0], want) || !strings.Contains(mails[0], want) {
			t.Errorf("messages lack %q:\n%s\n%s", want, hooks[0], mails[0])
		}
	}
}

// TestDeadLetterCrossing: the open dead letters of a job rising above the
// threshold notify once, keyed by the run that first saw them above; more
// letters do not notify again; once replays and discards bring them down
// to the clear mark (half the threshold by default) a new crossing is a new
// event.
func TestDeadLetterCrossing(t *testing.T) {
	f := newFixture(t, config.JobAlerts{DeadLetters: new(2)})
	w := f.watcher(f.st, "w")
	f.deadLetters(f.run("prices", store.TriggerSchedule, store.StatusSucceeded, ""), 3) // above before the start
	f.check(w)
	f.wantSent(0)
	f.exec(`UPDATE dead_letters SET replayed_at = 'x'`)
	f.check(w) // back to 0: re-armed
	first := f.run("prices", store.TriggerSchedule, store.StatusSucceeded, "")
	f.deadLetters(first, 2) // 2: at the threshold, not above
	f.check(w)
	f.wantSent(0)
	second := f.run("prices", store.TriggerSchedule, store.StatusSucceeded, "")
	f.deadLetters(second, 1) // 3: above
	f.check(w)
	f.deadLetters(f.run("prices", store.TriggerSchedule, store.StatusSucceeded, ""), 5) // 8: still the same crossing
	f.check(w)
	f.wantSent(1)
	f.exec(`UPDATE dead_letters SET discarded_at = 'x' WHERE id > 4`) // 1 open (the first run's): re-armed
	f.check(w)
	third := f.run("prices", store.TriggerSchedule, store.StatusSucceeded, "")
	f.deadLetters(third, 2)
	f.check(w)
	f.check(w)
	f.wantSent(2)
	as, _ := f.st.ListAlerts(t.Context(), 10)
	keys := map[string]int{}
	for _, a := range as {
		keys[a.EventKey[:strings.LastIndexByte(a.EventKey, ':')]]++ // less the time it was armed
	}
	if keys[fmt.Sprintf("dlq:prices:%d", second)] != 2 || keys[fmt.Sprintf("dlq:prices:%d", third)] != 2 {
		t.Errorf("event keys %v, want dlq:prices:%d and dlq:prices:%d for both channels", keys, second, third)
	}
	if hooks, _ := f.texts(); !strings.Contains(hooks[0], "prices: 3 open dead letters") {
		t.Errorf("message: %s", hooks[0])
	}
}

// sysState is one system's state in the store, as the runner hands it to
// the Salesforce connector.
type sysState struct {
	st     *store.Store
	system string
}

func (s sysState) Load(ctx context.Context, k string) (string, error) {
	return s.st.SystemState(ctx, s.system, k)
}
func (s sysState) Save(ctx context.Context, k, v string) error {
	return s.st.SetSystemState(ctx, s.system, k, v)
}

// saveQuota keeps a Salesforce api-usage figure read at the clock's time
// the way the Salesforce connector keeps it.
func (f *fixture) saveQuota(used, max int) {
	f.t.Helper()
	q := sfapi.NewQuota(sfapi.QuotaState{Used: used, Max: max, At: f.clock.Now()}, func(int) int { return 0 }, f.clock.Now)
	if err := sfapi.SaveQuota(f.t.Context(), q, sysState{f.st, "sf"}); err != nil {
		f.t.Fatal(err)
	}
}

// TestQuotaBelow: a system of the job with less than quota_below percent
// of its Salesforce allocation left notifies once per system and day; a
// figure above the threshold, or read before the start, does not.
func TestQuotaBelow(t *testing.T) {
	f := newFixture(t, config.JobAlerts{QuotaBelow: "10"})
	f.saveQuota(4990, 5000) // read before the start
	f.clock.Add(time.Minute)
	w := f.watcher(f.st, "w")
	f.check(w)
	f.saveQuota(4400, 5000) // 12 % left
	f.check(w)
	f.wantSent(0)
	f.clock.Add(time.Hour)
	f.saveQuota(4600, 5000) // 8 % left
	f.check(w)
	f.saveQuota(4900, 5000) // 2 % left, the same day
	f.check(w)
	f.wantSent(1)
	f.clock.Add(24 * time.Hour)
	f.saveQuota(4700, 5000) // the next day
	f.check(w)
	f.wantSent(2)
	hooks, mails := f.texts()
	for _, want := range []string{"prices: sf quota 8.0 % left", "System sf has used 4600 of its 5000 requests"} {
		if !strings.Contains(hooks[0], want) || !strings.Contains(mails[0], want) {
			t.Errorf("messages lack %q:\n%s\n%s", want, hooks[0], mails[0])
		}
	}
	if strings.Contains(hooks[0], "/runs/") {
		t.Errorf("a quota message links to a run: %s", hooks[0])
	}
}

// TestQuotaAboveThreshold: 8 % left does not notify a job alerting below 5 %.
func TestQuotaAboveThreshold(t *testing.T) {
	f := newFixture(t, config.JobAlerts{QuotaBelow: "5"})
	w := f.watcher(f.st, "w")
	f.check(w)
	f.clock.Add(time.Minute)
	f.saveQuota(4600, 5000)
	f.check(w)
	f.wantSent(0)
}
