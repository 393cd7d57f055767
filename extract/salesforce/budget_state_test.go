package salesforce_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
)

// memState is a system's state in memory, as the store keeps it.
type memState struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memState) Load(_ context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[key], nil
}

func (s *memState) Save(_ context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = value
	return nil
}

// TestBudgetKeptPerSystem: the org's budget a job's run learnt is kept in
// the system's state, so another job of the same org, in another process
// and with a cursor of its own that knows nothing, stops before sending.
func TestBudgetKeptPerSystem(t *testing.T) {
	f := fakeWith(40)
	f.Used, f.Max = 86, 100
	s := serve(t, f)
	state := &memState{m: map[string]string{}}
	first := buildWith(t, fakeConfig(s.srv.URL, 4), env, state)
	if _, err := pages(t.Context(), first, record.Cursor{}); !errors.Is(err, retry.ErrQuotaReserve) {
		t.Fatalf("first job: %v; want a stop at the reserve", err)
	}
	if v := state.m["salesforce.quota"]; !strings.Contains(v, `"used":90`) {
		t.Fatalf("system state %q lacks the org's figure", v)
	}
	before := f.Count("GET")
	other := buildWith(t, fakeConfig(s.srv.URL, 4), env, state)
	if _, err := pages(t.Context(), other, record.Cursor{}); !errors.Is(err, retry.ErrQuotaReserve) || f.Count("GET") != before {
		t.Fatalf("another job of the org sent %d requests (err %v); want none and a stop at the reserve", f.Count("GET")-before, err)
	}
}
