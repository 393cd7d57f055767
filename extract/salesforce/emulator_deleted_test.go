package salesforce_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/extract/salesforce"
	"github.com/stewardhq/steward/internal/record"
	emulator "github.com/stewardhq/steward/internal/sandbox/salesforce"
)

// deletedCalls counts the emulator's /sobjects/Account/deleted/ requests.
func deletedCalls(e *emulator.Emulator) int {
	n := 0
	for k, c := range e.Calls() {
		if strings.HasSuffix(k, "/sobjects/Account/deleted/") {
			n += c
		}
	}
	return n
}

// TestEmulatorDeletedShortWindow: the emulator refuses a /deleted/ window
// of a minute or less; a pass right after another leaves the feed for a
// later pass instead of asking it, and stays green.
func TestEmulatorDeletedShortWindow(t *testing.T) {
	e := newEmulator(t, 3)
	x := build(t, fakeConfig(emuServer(t, e), 10), env)
	first, err := pages(t.Context(), x, record.Cursor{Watermark: time.Now().Add(-time.Hour)})
	if err != nil || deletedCalls(e) != 1 {
		t.Fatalf("first pass: %v, %d /deleted/ reads", err, deletedCalls(e))
	}
	if _, err := pages(t.Context(), x, first[len(first)-1].Cursor); err != nil || deletedCalls(e) != 1 {
		t.Fatalf("a pass right after: %v, %d /deleted/ reads; want the short window left for later", err, deletedCalls(e))
	}
}

// TestEmulatorDeletedLogPurged: the emulator keeps deletions 15 days; a
// pass whose feed window starts before that gets INVALID_REPLICATION_DATE:
// its pages are delivered, the loss is reported (a full pull finds them),
// and the next pass reads the feed on from there without error.
func TestEmulatorDeletedLogPurged(t *testing.T) {
	e := newEmulator(t, 3)
	ids := e.IDs("Account")
	old := time.Now().Add(-20 * 24 * time.Hour)
	e.SetClock(func() time.Time { return old })
	if err := e.Delete("Account", ids[0]); err != nil {
		t.Fatal(err)
	}
	e.SetClock(time.Now)
	x := build(t, fakeConfig(emuServer(t, e), 10), env)
	ps, err := pages(t.Context(), x, record.Cursor{Watermark: old.Add(-time.Hour)})
	if err == nil || !strings.Contains(err.Error(), "full pull") || !strings.Contains(err.Error(), "INVALID_REPLICATION_DATE") || len(ps) == 0 {
		t.Fatalf("purged log: %v after %d pages; want the pages and the reported loss", err, len(ps))
	}
	last := ps[len(ps)-1]
	if !strings.Contains(last.Cursor.State, `"deleted_until"`) {
		t.Fatalf("the last page's state %s does not move the feed past the lost window", last.Cursor.State)
	}
	if _, err := pages(t.Context(), x, last.Cursor); err != nil {
		t.Fatalf("the pass after the loss: %v", err)
	}
}

// movable is a clock a test moves by hand.
type movable struct {
	mu sync.Mutex
	t  time.Time
}

func (m *movable) now() time.Time      { m.mu.Lock(); defer m.mu.Unlock(); return m.t }
func (m *movable) add(d time.Duration) { m.mu.Lock(); defer m.mu.Unlock(); m.t = m.t.Add(d) }

// deletedAcrossPasses runs a full pass, deletes one Account a minute later
// by the emulator's clock, moves it on five minutes and returns the
// deletions the next pass reports.
func deletedAcrossPasses(t *testing.T, e *emulator.Emulator, c *movable, stewardNow func() time.Time) (string, []record.Deletion) {
	t.Helper()
	e.SetClock(c.now)
	x := build(t, fakeConfig(emuServer(t, e), 10), env)
	salesforce.SetNow(x, stewardNow)
	first, err := pages(t.Context(), x, record.Cursor{})
	if err != nil {
		t.Fatalf("first pass: %v", err)
	}
	c.add(time.Minute)
	gone := e.IDs("Account")[0]
	if err := e.Delete("Account", gone); err != nil {
		t.Fatal(err)
	}
	c.add(5 * time.Minute)
	second, err := pages(t.Context(), x, first[len(first)-1].Cursor)
	if err != nil {
		t.Fatalf("second pass: %v", err)
	}
	var ds []record.Deletion
	for _, p := range second {
		ds = append(ds, p.Deleted...)
	}
	return gone, ds
}

// TestEmulatorDeletedServerClockInPast: the org's clock stands hours
// behind steward's (the crash test's emulator): the deleted-records feed is
// bounded by the org's Date headers, so a deletion between two passes is
// reported.
func TestEmulatorDeletedServerClockInPast(t *testing.T) {
	e := newEmulator(t, 3)
	c := &movable{t: time.Now().UTC().Add(-5 * time.Hour)}
	gone, ds := deletedAcrossPasses(t, e, c, time.Now)
	if len(ds) != 1 || ds[0].Key != gone {
		t.Fatalf("deletions %+v; want %s (deleted by the org's clock, hours before steward's)", ds, gone)
	}
}

// TestEmulatorDeletedStewardClockSkewed: steward's own clock ten minutes
// ahead of or behind the org's changes nothing: the deletion made between
// the passes is reported, none is skipped.
func TestEmulatorDeletedStewardClockSkewed(t *testing.T) {
	for _, skew := range []time.Duration{10 * time.Minute, -10 * time.Minute} {
		t.Run(skew.String(), func(t *testing.T) {
			e := newEmulator(t, 3)
			c := &movable{t: time.Now().UTC()}
			gone, ds := deletedAcrossPasses(t, e, c, func() time.Time { return c.now().Add(skew) })
			if len(ds) != 1 || ds[0].Key != gone {
				t.Fatalf("deletions %+v with steward's clock %v off; want %s", ds, skew, gone)
			}
		})
	}
}

// TestDeletedWithoutServerDate: an org whose answers carry no Date header
// gives no server time to bound the deleted-records feed by: the pass's
// last page is withheld with a clear error, not bounded by steward's clock.
func TestDeletedWithoutServerDate(t *testing.T) {
	f := fakeWith(3)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Date"] = nil
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	x := build(t, fakeConfig(srv.URL, 10), env)
	_, err := pages(t.Context(), x, record.Cursor{Watermark: time.Now().Add(-time.Hour)})
	if err == nil || !strings.Contains(err.Error(), "no Date header") {
		t.Fatalf("no Date header: %v; want the feed refused", err)
	}
	if n := f.Count("GET /sobjects/Account/deleted/"); n != 0 {
		t.Errorf("deleted feed read %d times without a server time", n)
	}
}
