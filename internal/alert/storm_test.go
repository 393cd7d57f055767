package alert_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/alert"
	"github.com/stewardhq/steward/internal/store"
)

// storm records n failed runs of job prices and returns their ids.
func (f *fixture) storm(n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = f.run("prices", store.TriggerSchedule, store.StatusFailed, fmt.Sprintf("connection refused (%d)", i))
	}
	return ids
}

// bodies returns the text of every webhook message and the decoded body
// and subject of every mail.
func (f *fixture) bodies() (hooks, mails []string) {
	hooks, _ = f.texts()
	for _, m := range f.sink.got() {
		msg := readMail(f.t, m)
		mails = append(mails, msg.Header.Get("Subject")+"\n"+decodeBody(f.t, msg))
	}
	return hooks, mails
}

// wantDigest fails unless text is a digest naming exactly the runs in
// named, each once.
func wantDigest(t *testing.T, text string, named []int64) {
	t.Helper()
	if !strings.Contains(text, fmt.Sprintf("digest of %d alerts", len(named))) {
		t.Errorf("not a digest of %d alerts:\n%s", len(named), text)
	}
	if n := strings.Count(text, "- prices: run "); n != len(named) {
		t.Errorf("the digest lists %d events, want %d:\n%s", n, len(named), text)
	}
	for _, id := range named {
		if strings.Count(text, fmt.Sprintf("prices: run %d failed", id)) != 1 {
			t.Errorf("the digest does not name run %d once:\n%s", id, text)
		}
	}
}

// TestStormDigest: 40 runs failing at once (a shared system down) reach
// each channel as 5 messages, then, once the 10-minute window has ended,
// one digest naming the other 35: each event once, alone or in the
// digest. A restart in between loses nothing. The digest is the first
// message of the next window: 5 more failures then are 4 messages and a
// digest of 1 after that window.
func TestStormDigest(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	w := f.watcher(f.st, "before")
	f.check(w)
	ids := f.storm(40)
	f.check(w)
	f.check(w)
	f.wantSent(5)
	hooks, mails := f.bodies()
	for i, id := range ids[:5] {
		if want := fmt.Sprintf("prices: run %d failed", id); !strings.Contains(hooks[i], want) || !strings.Contains(mails[i], want) {
			t.Errorf("message %d is not about run %d:\n%s\n%s", i, id, hooks[i], mails[i])
		}
	}
	f.st.Close()
	f.st = f.open()
	w = f.watcher(f.st, "after")
	f.clock.Add(10*time.Minute - time.Second)
	f.check(w)
	f.wantSent(5) // the window is still open
	f.clock.Add(time.Second)
	f.check(w)
	f.check(w)
	f.wantSent(6)
	hooks, mails = f.bodies()
	wantDigest(t, hooks[5], ids[5:])
	wantDigest(t, mails[5], ids[5:])
	if !strings.Contains(mails[5], "[steward] digest of 35 alerts") || !strings.Contains(mails[5], fmt.Sprintf("(https://console.example.com/runs/%d)", ids[39])) {
		t.Errorf("digest mail:\n%s", mails[5])
	}
	more := f.storm(5)
	f.check(w)
	f.wantSent(10) // the digest took one of this window's 5
	f.clock.Add(10 * time.Minute)
	f.check(w)
	f.check(w)
	f.wantSent(11)
	hooks, _ = f.bodies()
	wantDigest(t, hooks[10], more[4:])
	f.wantSettled(2*(40+5+2), 2*2)
}

// wantSettled fails unless the store holds n notifications, all sent
// except the digested ones, each carried by a digest that was sent, and
// digests of them.
func (f *fixture) wantSettled(n, digests int) {
	f.t.Helper()
	as, err := f.st.ListAlerts(f.t.Context(), 1000)
	if err != nil {
		f.t.Fatal(err)
	}
	byID := map[int64]store.Alert{}
	for _, a := range as {
		byID[a.ID] = a
	}
	got := 0
	for _, a := range as {
		if a.DigestOf > 0 {
			got++
		}
		switch {
		case a.Status == store.AlertDigested && byID[a.DigestID.Int64].Status == store.AlertSent && byID[a.DigestID.Int64].Channel == a.Channel:
		case a.Status != store.AlertSent:
			f.t.Errorf("notification %s to %s is %s", a.EventKey, a.Channel, a.Status)
		}
	}
	if len(as) != n || got != digests {
		f.t.Errorf("the store holds %d notifications (%d digests), want %d (%d)", len(as), got, n, digests)
	}
}

// TestStormTwoWatchers: two processes' watchers checking at once during a
// storm share each channel's window (5 messages, not 5 each) and record
// one digest per channel, naming every other event once.
func TestStormTwoWatchers(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	other := f.open()
	ws := []*alert.Watcher{f.watcher(f.st, "serve"), f.watcher(other, "schedule")}
	f.check(ws[0])
	ids := f.storm(40)
	checkAtOnce(t, ws)
	f.wantSent(5)
	f.clock.Add(10 * time.Minute)
	checkAtOnce(t, ws)
	f.wantSent(6)
	hooks, mails := f.bodies()
	wantDigest(t, hooks[5], notIn(t, ids, hooks[:5]))
	wantDigest(t, mails[5], notIn(t, ids, mails[:5]))
}

// notIn returns the runs of ids that none of the single messages names,
// failing unless those name 5 runs.
func notIn(t *testing.T, ids []int64, singles []string) []int64 {
	t.Helper()
	all := strings.Join(singles, "\n")
	var rest []int64
	for _, id := range ids {
		if !strings.Contains(all, fmt.Sprintf("prices: run %d failed", id)) {
			rest = append(rest, id)
		}
	}
	if len(ids)-len(rest) != 5 {
		t.Fatalf("the single messages name %d runs, want 5", len(ids)-len(rest))
	}
	return rest
}
