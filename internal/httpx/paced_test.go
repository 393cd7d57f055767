package httpx

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
)

// TestPacedSleepReportsConnectorWaits: a connector's own wait, made through
// PacedSleep, and its own retry reach the observer under the system's name;
// a cancelled wait is not counted; a nil client only sleeps.
func TestPacedSleepReportsConnectorWaits(t *testing.T) {
	obs := &observed{systems: map[string]bool{}}
	c, err := New("crm", system("https://crm.example.com", config.Auth{}), zerolog.Nop(), Options{Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	var slept []time.Duration
	sleep := func(_ context.Context, d time.Duration) error {
		slept = append(slept, d)
		if d == time.Hour {
			return context.Canceled
		}
		return nil
	}
	paced := c.PacedSleep(sleep)
	if err := paced(t.Context(), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := paced(t.Context(), time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
	c.Retried(t.Context())
	if len(slept) != 2 || len(obs.waits) != 1 || obs.waits[0] != 10*time.Second || obs.retries != 1 {
		t.Errorf("slept %v; observed waits %v (want [10s]), retries %d (want 1)", slept, obs.waits, obs.retries)
	}
	var none *Client
	none.Retried(t.Context())
	if err := none.PacedSleep(sleep)(t.Context(), time.Second); err != nil || len(obs.waits) != 1 {
		t.Errorf("a nil client's sleep: %v, observed %v", err, obs.waits)
	}
}
