package retry

import (
	"context"
	"time"
)

// Sleeper waits d or until ctx ends, as Sleep does.
type Sleeper func(ctx context.Context, d time.Duration) error

type sleeperKey struct{}

// WithSleeper returns ctx whose waits in Sleep go to s instead of a timer:
// a test that checks what is asked again, not how long steward waits between
// attempts, passes one that returns at once.
func WithSleeper(ctx context.Context, s Sleeper) context.Context {
	return context.WithValue(ctx, sleeperKey{}, s)
}

// Sleep waits d or until ctx ends, whichever comes first; it returns the
// context's error when the wait was cut short. A d of zero or less only
// checks the context. A Sleeper put in ctx by WithSleeper waits instead.
func Sleep(ctx context.Context, d time.Duration) error {
	if s, ok := ctx.Value(sleeperKey{}).(Sleeper); ok {
		return s(ctx, d)
	}
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
