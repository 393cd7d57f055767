package hubspot_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/load"
)

// memState is a system's state in memory (record.SystemState) counting its
// saves.
type memState struct {
	mu    sync.Mutex
	kv    map[string]string
	saves int
}

func (m *memState) Load(_ context.Context, k string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.kv[k], nil
}

func (m *memState) Save(_ context.Context, k, v string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.kv == nil {
		m.kv = map[string]string{}
	}
	m.kv[k] = v
	m.saves++
	return nil
}

// used reads the kept figure's used and max.
func (m *memState) used(t *testing.T) (int, int) {
	t.Helper()
	var q struct{ Used, Max int }
	if err := json.Unmarshal([]byte(m.kv["hubspot.quota"]), &q); err != nil {
		t.Fatalf("state %v: %v", m.kv, err)
	}
	return q.Used, q.Max
}

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
	st := &memState{}
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
	if used, _ := st.used(t); st.saves != 1 || used != 1 || requests() < 4 {
		t.Fatalf("after %d requests: %d saves, used %d; want only the first answer kept so far", requests(), st.saves, used)
	}
	if err := l.(load.Finisher).Finish(t.Context()); err != nil {
		t.Fatal(err)
	}
	if used, max := st.used(t); st.saves != 2 || used != requests() || max != 5000 {
		t.Fatalf("finished: %d saves, kept %d of %d; want %d of 5000", st.saves, used, max, requests())
	}
	err := l.(load.ReconcileReader).Current(t.Context(), func(string, map[string]json.RawMessage) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if used, _ := st.used(t); st.saves != 3 || used != requests() {
		t.Fatalf("after the listing: %d saves, kept %d; want %d", st.saves, used, requests())
	}
}
