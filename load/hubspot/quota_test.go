package hubspot_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/load"
)

// TestEmulatorQuotaKeptByWriteBack: the loader keeps the portal's daily
// figure in the system's state it was handed: the first answer's at once,
// the newest one when the write-back finishes it (load.Finisher) and at the
// end of a listing of current values, each time the portal's own count of
// the requests against its daily limit.
func TestEmulatorQuotaKeptByWriteBack(t *testing.T) {
	e, h := portal(catalog.New(20, 1))
	e.SetQuota(0, 0, 5000, 0)
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	e.SetClock(func() time.Time { return at }) // every answer within the minute
	st := &hubspottest.MemState{}
	l := buildState(t, h, "customers", 100, []string{"name", "postal_code"}, st)
	if _, err := l.Write(t.Context(), customerItems(150)); err != nil {
		t.Fatal(err)
	}
	requests := func() int {
		n := 0
		for _, v := range e.Calls() {
			n += v
		}
		return n
	}
	if used := st.Quota(t).Used; st.Saves() != 1 || used != 1 || requests() < 4 {
		t.Fatalf("after %d requests: %d saves, used %d; want only the first answer kept so far", requests(), st.Saves(), used)
	}
	if err := l.(load.Finisher).Finish(t.Context()); err != nil {
		t.Fatal(err)
	}
	if q := st.Quota(t); st.Saves() != 2 || q.Used != requests() || q.Max != 5000 {
		t.Fatalf("finished: %d saves, kept %d of %d; want %d of 5000", st.Saves(), q.Used, q.Max, requests())
	}
	err := l.(load.ReconcileReader).Current(t.Context(), func(string, map[string]json.RawMessage) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if used := st.Quota(t).Used; st.Saves() != 3 || used != requests() {
		t.Fatalf("after the listing: %d saves, kept %d; want %d", st.Saves(), used, requests())
	}
}
