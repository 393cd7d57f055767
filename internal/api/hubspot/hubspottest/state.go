package hubspottest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	api "github.com/stewardhq/steward/internal/api/hubspot"
)

// MemState is a system's state in memory (record.SystemState) for the tests
// of what keeps the daily quota: it counts its saves and fails them with a
// disk error while SetFailing(true) holds.
type MemState struct {
	mu      sync.Mutex
	kv      map[string]string
	saves   int
	failing bool
}

// Load implements record.SystemState.
func (m *MemState) Load(_ context.Context, k string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.kv[k], nil
}

// Save implements record.SystemState; it fails while failing is set.
func (m *MemState) Save(_ context.Context, k, v string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failing {
		return errors.New("disk I/O error")
	}
	if m.kv == nil {
		m.kv = map[string]string{}
	}
	m.kv[k] = v
	m.saves++
	return nil
}

// SetFailing makes the saves that follow fail (true) or succeed (false).
func (m *MemState) SetFailing(failing bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failing = failing
}

// Saves returns how many saves succeeded.
func (m *MemState) Saves() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.saves
}

// String lists the kept pairs, for failure messages.
func (m *MemState) String() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return fmt.Sprint(m.kv)
}

// Quota reads the kept daily figure (api.QuotaKey); t fails when there is
// none that decodes.
func (m *MemState) Quota(t testing.TB) api.Quota {
	t.Helper()
	v, _ := m.Load(context.Background(), api.QuotaKey)
	var q api.Quota
	if err := json.Unmarshal([]byte(v), &q); err != nil {
		t.Fatalf("kept %s = %q: %v", api.QuotaKey, v, err)
	}
	return q
}
