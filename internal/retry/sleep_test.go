package retry

import (
	"context"
	"testing"
	"time"
)

// TestSleepGoesToTheContextsSleeper: a Sleeper in the context takes the
// wait, with the duration asked for; without one, Sleep waits on a timer.
func TestSleepGoesToTheContextsSleeper(t *testing.T) {
	var asked time.Duration
	ctx := WithSleeper(t.Context(), func(ctx context.Context, d time.Duration) error { asked = d; return ctx.Err() })
	if err := Sleep(ctx, time.Hour); err != nil || asked != time.Hour {
		t.Fatalf("Sleep with a sleeper: err %v, the sleeper was asked for %s; want nil and 1h", err, asked)
	}
	start := time.Now()
	if err := Sleep(t.Context(), 20*time.Millisecond); err != nil || time.Since(start) < 20*time.Millisecond {
		t.Fatalf("Sleep without a sleeper: err %v after %s", err, time.Since(start))
	}
}
