package alert_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/alert"
	"github.com/stewardhq/steward/internal/store"
)

// TestOncePerEventPerChannel: failed and partial runs after the start are
// each sent once to the webhook and once by mail, however many passes see
// them; a succeeded run, a run of a job without alerts and a run that
// failed before the first start are not sent.
func TestOncePerEventPerChannel(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "last year's failure")
	w := f.watcher(f.st, "a")
	f.check(w)
	f.wantSent(0)
	failed := f.run("prices", store.TriggerSchedule, store.StatusFailed, "fetch products page 3: token expired <401>\n\tat the stack")
	f.run("prices", store.TriggerManual, store.StatusPartial, "retry budget of 15m0s spent")
	f.run("prices", store.TriggerSchedule, store.StatusSucceeded, "")
	f.run("orders", store.TriggerSchedule, store.StatusFailed, "not alerted")
	for range 3 {
		f.check(w)
	}
	f.wantSent(2)
	hooks, mails := f.texts()
	want := []string{fmt.Sprintf("[steward] prices: run %d failed", failed), "Job prices: run", fmt.Sprintf("Run: %d", failed),
		"fetch products page 3: token expired", fmt.Sprintf("Run page: https://console.example.com/runs/%d", failed)}
	for _, w := range want {
		if !strings.Contains(hooks[0], strings.ReplaceAll(w, "<", "&lt;")) || !strings.Contains(mails[0], w) {
			t.Errorf("messages lack %q:\n%s\n%s", w, hooks[0], mails[0])
		}
	}
	if !strings.Contains(hooks[0], "&lt;401&gt;") || strings.Contains(hooks[0]+mails[0], "the stack") {
		t.Errorf("the error is not its first line, escaped for Slack:\n%s", hooks[0])
	}
	if !strings.Contains(mails[0], fmt.Sprintf("Subject: [steward] prices: run %d failed\r\n", failed)) || !strings.Contains(mails[1], "partial") {
		t.Errorf("mail subjects:\n%s\n%s", mails[0], mails[1])
	}
	m := f.sink.got()[0]
	if !m.tls || m.user != "steward" || m.from != "steward@example.com" || len(m.to) != 2 {
		t.Errorf("mail sent with tls=%v user=%q from %q to %v", m.tls, m.user, m.from, m.to)
	}
	f.noCanary(hooks, mails)
}

// noCanary fails when a credential reached a message, the store or a log.
func (f *fixture) noCanary(texts ...[]string) {
	f.t.Helper()
	all := []string{f.logs.String()}
	for _, ts := range texts {
		all = append(all, ts...)
	}
	as, err := f.st.ListAlerts(f.t.Context(), 100)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, a := range as {
		all = append(all, a.Subject, a.Body, a.Link, a.Error)
	}
	for _, s := range all {
		if strings.Contains(s, canary) {
			f.t.Errorf("a credential leaked into %q", s)
		}
	}
}

// TestTwoWatchersOneStore: two processes' watchers (two handles on one
// database) checking at the same time send each event once per channel.
func TestTwoWatchersOneStore(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	other := f.open()
	ws := []*alert.Watcher{f.watcher(f.st, "serve"), f.watcher(other, "schedule")}
	f.check(f.watcher(f.st, "first"))
	for range 4 {
		f.run("prices", store.TriggerSchedule, store.StatusFailed, "boom")
	}
	checkAtOnce(t, ws)
	f.wantSent(4)
}

// checkAtOnce runs three checks of each watcher at the same time, as
// processes sharing one store would.
func checkAtOnce(t *testing.T, ws []*alert.Watcher) {
	t.Helper()
	var wg sync.WaitGroup
	for _, w := range ws {
		for range 3 {
			wg.Go(func() {
				if err := w.Check(t.Context()); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
}

// TestRestart: a watcher started again on the same store sends nothing a
// previous one sent, keeps the first start, and takes over a notification
// whose sender died after claiming it once its lease has run out.
func TestRestart(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	f.check(f.watcher(f.st, "before"))
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "boom")
	f.check(f.watcher(f.st, "before"))
	f.wantSent(1)
	f.st.Close()
	f.clock.Add(24 * time.Hour)
	f.st = f.open()
	w := f.watcher(f.st, "after")
	f.check(w)
	f.check(w)
	f.wantSent(1)

	// A sender that recorded and claimed the next event, then died.
	id := f.run("prices", store.TriggerSchedule, store.StatusFailed, "second")
	for _, ch := range []string{"ops-hook", "ops-mail"} {
		a := store.Alert{EventKey: fmt.Sprintf("run:%d", id), Channel: ch, Job: "prices", Subject: fmt.Sprintf("[steward] prices: run %d failed", id)}
		if _, err := f.st.AddAlert(t.Context(), a, f.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	as, _ := f.st.DueAlerts(t.Context(), f.clock.Now())
	for _, a := range as {
		if _, ok, err := f.st.ClaimAlert(t.Context(), a.ID, "died", f.clock.Now(), 5*time.Minute); !ok || err != nil {
			t.Fatalf("claim %s: %v %v", a.EventKey, ok, err)
		}
	}
	f.check(w)
	f.wantSent(1)
	f.clock.Add(5*time.Minute + time.Second)
	f.check(w)
	f.check(w)
	f.wantSent(2)
	if hooks, _ := f.texts(); !strings.Contains(hooks[1], fmt.Sprintf("run %d failed", id)) {
		t.Errorf("second message: %s", hooks[1])
	}
}

// TestChannelAddedLater: a channel added to a job (or a job given alerts)
// later starts then: it is not sent what happened before, only what comes
// after.
func TestChannelAddedLater(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-hook"}})
	f.check(f.watcher(f.st, "w"))
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "seen by the hook only")
	f.check(f.watcher(f.st, "w"))
	f.cfg.Jobs[0].Alerts.Channels = []string{"ops-hook", "ops-mail"}
	w := f.watcher(f.st, "w")
	f.check(w)
	if len(f.hook.got()) != 1 || len(f.sink.got()) != 0 {
		t.Fatalf("hook %d, mails %d, want 1 and 0", len(f.hook.got()), len(f.sink.got()))
	}
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "seen by both")
	f.check(w)
	if len(f.hook.got()) != 2 || len(f.sink.got()) != 1 || !strings.Contains(f.sink.got()[0].data, "seen by both") {
		t.Fatalf("hook %d, mails %d, want 2 and 1", len(f.hook.got()), len(f.sink.got()))
	}
}
