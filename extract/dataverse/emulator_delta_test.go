package dataverse_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stewardhq/steward/extract/dataverse"
	"github.com/stewardhq/steward/internal/record"
)

// TestEmulatorDelta: against the emulator, a delta pass returns the changed
// account and the deleted one; a delta link older than the change tracking
// window is a full resync, not a failure.
func TestEmulatorDelta(t *testing.T) {
	e, c := emu(t, 30)
	x, _ := build(t, e, emuConfig("track_changes"), 7)
	first := run(t, x, record.Cursor{})
	if len(first.keys) != 30 || first.last.State == "" {
		t.Fatalf("first pass: %d keys, cursor %+v", len(first.keys), first.last)
	}
	changed := e.FindByAltKey("accounts", "C-000004")
	gone := e.FindByAltKey("accounts", "C-000009")
	c.set(epoch.Add(2 * time.Hour))
	_, _ = e.Put("accounts", changed, map[string]any{"name": "Renamed"})
	e.Delete("accounts", gone)
	second := run(t, x, first.last)
	if len(second.keys) != 1 || second.keys[0] != changed || len(second.deleted) != 1 || second.deleted[0] != gone {
		t.Fatalf("delta: keys %v deleted %v", second.keys, second.deleted)
	}
	c.set(epoch.Add(10 * 24 * time.Hour))
	third := run(t, x, second.last)
	if len(third.keys) != 29 || third.last.InPass() || third.last.State == "" || x.(*dataverse.Extractor).Resyncs() != 1 {
		t.Fatalf("after the delta token expired: %d keys, cursor %+v, resyncs %d", len(third.keys), third.last, x.(*dataverse.Extractor).Resyncs())
	}
}

// TestEmulatorDeltaReplayed: a delta pass killed before its pages were
// stored leaves the old delta link in the cursor; the rerun reads the same
// changes again, each once. (The emulator answers a delta in one page,
// ignoring odata.maxpagesize as PROTOCOLS.md section 4 allows; the resume
// at a delta's next link is proved against the fake in
// TestDeltaResumedHalfway.)
func TestEmulatorDeltaReplayed(t *testing.T) {
	e, c := emu(t, 20)
	x, _ := build(t, e, emuConfig("track_changes"), 4)
	first := run(t, x, record.Cursor{})
	c.set(epoch.Add(2 * time.Hour))
	for i := range 10 {
		_, _ = e.Put("accounts", e.FindByAltKey("accounts", fmt.Sprintf("C-%06d", i)), map[string]any{"name": "changed"})
	}
	lost := run(t, x, first.last)
	again := run(t, x, first.last)
	seen := map[string]bool{}
	for _, k := range again.keys {
		seen[k] = true
	}
	if len(lost.keys) != 10 || len(again.keys) != 10 || len(seen) != 10 || again.last.InPass() || again.last.State == first.last.State {
		t.Fatalf("delta read %d then %d keys (%d distinct), cursor %+v", len(lost.keys), len(again.keys), len(seen), again.last)
	}
}
