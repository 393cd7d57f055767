package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
)

// The scheduler beats as it starts and then on its own while it runs, so a
// health check can tell a live scheduler from a stuck or stopped one.
func TestSchedulerBeatsWhileRunning(t *testing.T) {
	beats := make(chan struct{}, 16)
	s := &Scheduler{
		Runner:    &Runner{Config: &config.File{}, Log: zerolog.Nop()},
		Grace:     time.Second,
		Beat:      func() { beats <- struct{}{} },
		BeatEvery: 10 * time.Millisecond,
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	deadline := time.After(10 * time.Second)
	for n := 0; n < 3; n++ {
		select {
		case <-beats:
		case <-deadline:
			t.Fatalf("%d beats within 10 s, want 3 (one at start, then every 10 ms)", n)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("scheduler stopped with %v", err)
	}
}
