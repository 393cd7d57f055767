package retry

import (
	"context"
	"time"
)

// Sleep waits d or until ctx ends, whichever comes first; it returns the
// context's error when the wait was cut short. A d of zero or less only
// checks the context.
func Sleep(ctx context.Context, d time.Duration) error {
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
