package alert_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// setOpen makes the open dead letters of job prices n: more letters from a
// new run, or the newest open ones discarded.
func (f *fixture) setOpen(n int) {
	f.t.Helper()
	have, _, err := f.st.OpenDeadLettersOf(f.t.Context(), "prices")
	if err != nil {
		f.t.Fatal(err)
	}
	if n > have {
		f.deadLetters(f.run("prices", store.TriggerSchedule, store.StatusSucceeded, ""), n-have)
		return
	}
	f.exec(`UPDATE dead_letters SET discarded_at = 'x' WHERE id IN (SELECT id FROM dead_letters
		WHERE replayed_at IS NULL AND discarded_at IS NULL ORDER BY id DESC LIMIT ?)`, have-n)
}

// TestDeadLetterHysteresis: with dead_letters 10 the crossing clears only
// once the count falls to half of it (clear_below's default) or below: a
// count wobbling around the threshold (9, 11, 9, 11) is one alert; 11, 4,
// 11 is two. An explicit clear_below moves the mark.
func TestDeadLetterHysteresis(t *testing.T) {
	for _, tc := range []struct {
		name   string
		clear  *int
		counts []int
		want   int
	}{
		{"wobble around the threshold", nil, []int{9, 11, 9, 11, 10, 11}, 1},
		{"falls to the default mark", nil, []int{11, 4, 11}, 2},
		{"falls to exactly the default mark", nil, []int{11, 5, 11}, 2},
		{"stays above the default mark", nil, []int{11, 6, 11}, 1},
		{"explicit mark", new(8), []int{11, 8, 11, 9, 12}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, config.JobAlerts{DeadLetters: new(10), ClearBelow: tc.clear, Channels: []string{"ops-hook"}})
			w := f.watcher(f.st, "w")
			f.check(w)
			for _, n := range tc.counts {
				f.setOpen(n)
				f.check(w)
			}
			if got := len(f.hook.got()); got != tc.want {
				t.Errorf("counts %v sent %d alerts, want %d", tc.counts, got, tc.want)
			}
		})
	}
}

// TestDeadLetterAlertTurnedOffAndOnAgain: a crossing armed before the
// dead-letter alert (or the job's whole alerts section) was turned off is
// forgotten by the watcher while it is off, so turning it on again with the
// count still above the threshold is a new event, not one silenced by the
// old mark. (The watcher runs for another job's alerts meanwhile.)
func TestDeadLetterAlertTurnedOffAndOnAgain(t *testing.T) {
	f := newFixture(t, config.JobAlerts{DeadLetters: new(10), Channels: []string{"ops-hook"}})
	f.cfg.Jobs[1].Alerts = &config.JobAlerts{Channels: []string{"ops-hook"}}
	w := f.watcher(f.st, "w")
	f.check(w)
	f.setOpen(11)
	f.check(w)
	on := f.cfg.Jobs[0].Alerts
	for k, off := range []func(){
		func() { f.cfg.Jobs[0].Alerts = &config.JobAlerts{Channels: []string{"ops-hook"}} },
		func() { f.cfg.Jobs[0].Alerts = nil },
	} {
		off()
		f.check(f.watcher(f.st, fmt.Sprintf("off-%d", k)))
		f.clock.Add(time.Minute)
		f.cfg.Jobs[0].Alerts = on
		f.check(f.watcher(f.st, fmt.Sprintf("on-%d", k)))
		if got := len(f.hook.got()); got != k+2 {
			t.Fatalf("turned off and on again (%d): %d alerts sent, want %d", k, got, k+2)
		}
	}
}
