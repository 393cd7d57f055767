package salesforce_test

import (
	"strings"
	"testing"
	"time"

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
