package trigger

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/store"
)

// gatedRuns is a fake runner: each run records its start on the fake clock,
// counts the runs in progress, and returns what the test releases it with.
type gatedRuns struct {
	clock     *clockwork.FakeClock
	active    atomic.Int32
	overlap   atomic.Bool
	returned  atomic.Bool
	mu        sync.Mutex
	starts    []time.Time
	started   chan struct{}
	release   chan error
	sawCancel chan struct{}
}

func newGated(clock *clockwork.FakeClock) *gatedRuns {
	return &gatedRuns{clock: clock, started: make(chan struct{}, 10), release: make(chan error), sawCancel: make(chan struct{}, 1)}
}

func (g *gatedRuns) run(ctx context.Context, _ string) error {
	if g.active.Add(1) > 1 {
		g.overlap.Store(true)
	}
	defer g.active.Add(-1)
	g.mu.Lock()
	g.starts = append(g.starts, g.clock.Now())
	g.mu.Unlock()
	g.started <- struct{}{}
	select {
	case err := <-g.release:
		return err
	case <-ctx.Done():
		g.sawCancel <- struct{}{}
		err := <-g.release // a run stores the page in hand before it returns
		g.returned.Store(true)
		return err
	}
}

func (g *gatedRuns) startTimes() []time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]time.Time(nil), g.starts...)
}

// awaitStart waits for the next run to start.
func (g *gatedRuns) awaitStart(t *testing.T) time.Time {
	t.Helper()
	select {
	case <-g.started:
	case <-time.After(10 * time.Second):
		t.Fatal("no run started")
	}
	s := g.startTimes()
	return s[len(s)-1]
}

// blockUntil waits until n timers wait on the fake clock.
func blockUntil(t *testing.T, clock *clockwork.FakeClock, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := clock.BlockUntilContext(ctx, n); err != nil {
		t.Fatalf("waiting for %d timer(s): %v", n, err)
	}
}

func serve(t *testing.T, d *Debouncer) (cancel func()) {
	ctx, stop := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { defer close(done); d.Serve(ctx) }()
	return func() { stop(); <-done }
}

var t0 = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func TestBurstOfEventsMakesOneRun(t *testing.T) {
	clock := clockwork.NewFakeClockAt(t0)
	g := newGated(clock)
	d := NewDebouncer("leads", g.run, clock, zerolog.Nop())
	stop := serve(t, d)
	defer stop()
	for range 20 {
		d.Notify(5 * time.Second)
		clock.Advance(200 * time.Millisecond)
	}
	blockUntil(t, clock, 1) // the burst took 4s; its run is due 5s after the first event
	clock.Advance(time.Second)
	if at := g.awaitStart(t); !at.Equal(t0.Add(5 * time.Second)) {
		t.Errorf("run started at %s, want the first event + 5s", at)
	}
	g.release <- nil
	later := clock.Now().Add(time.Minute)
	clock.Advance(time.Minute)
	d.Notify(5 * time.Second)
	blockUntil(t, clock, 1)
	clock.Advance(5 * time.Second)
	g.awaitStart(t)
	g.release <- nil
	if s := g.startTimes(); len(s) != 2 || !s[1].Equal(later.Add(5*time.Second)) {
		t.Errorf("runs at %v; want one for the burst, the next only for the later event", s)
	}
}

func TestEventDuringARunQueuesExactlyOneMore(t *testing.T) {
	clock := clockwork.NewFakeClockAt(t0)
	g := newGated(clock)
	d := NewDebouncer("leads", g.run, clock, zerolog.Nop())
	stop := serve(t, d)
	defer stop()
	d.Notify(5 * time.Second)
	blockUntil(t, clock, 1)
	clock.Advance(5 * time.Second)
	g.awaitStart(t)
	var wg sync.WaitGroup
	for range 5 { // events from several handlers while the run is in progress
		wg.Go(func() { d.Notify(5 * time.Second) })
	}
	wg.Wait()
	clock.Advance(time.Second)
	g.release <- nil // the first run ends
	blockUntil(t, clock, 1)
	clock.Advance(5 * time.Second)
	g.awaitStart(t)
	g.release <- nil
	third := clock.Now().Add(time.Hour)
	clock.Advance(time.Hour)
	d.Notify(5 * time.Second)
	blockUntil(t, clock, 1)
	clock.Advance(5 * time.Second)
	g.awaitStart(t)
	g.release <- nil
	s := g.startTimes()
	if len(s) != 3 || !s[1].Before(t0.Add(time.Minute)) || !s[2].Equal(third.Add(5*time.Second)) {
		t.Errorf("runs at %v; want the first, exactly one follow-up, then the later event's", s)
	}
	if g.overlap.Load() {
		t.Error("two runs were in progress at once")
	}
}

func TestHeldJobIsRetriedUntilItRuns(t *testing.T) {
	clock := clockwork.NewFakeClockAt(t0)
	g := newGated(clock)
	d := NewDebouncer("leads", g.run, clock, zerolog.Nop())
	stop := serve(t, d)
	defer stop()
	held := fmt.Errorf("run leads: %w", &store.LockError{Job: "leads", RunID: 7, PID: 42})
	d.Notify(5 * time.Second)
	blockUntil(t, clock, 1)
	clock.Advance(5 * time.Second)
	g.awaitStart(t)
	g.release <- held
	blockUntil(t, clock, 1)
	clock.Advance(LockPollMin)
	g.awaitStart(t)
	g.release <- held
	blockUntil(t, clock, 1)
	clock.Advance(2 * LockPollMin)
	g.awaitStart(t)
	g.release <- nil
	stop()
	want := []time.Time{t0.Add(5 * time.Second), t0.Add(6 * time.Second), t0.Add(8 * time.Second)}
	s := g.startTimes()
	if len(s) != len(want) {
		t.Fatalf("runs at %v, want %v", s, want)
	}
	for i := range want {
		if !s[i].Equal(want[i]) {
			t.Errorf("run %d at %s, want %s (backoff after a held job)", i, s[i], want[i])
		}
	}
}

func TestAFailedRunIsNotRetried(t *testing.T) {
	clock := clockwork.NewFakeClockAt(t0)
	g := newGated(clock)
	d := NewDebouncer("leads", g.run, clock, zerolog.Nop())
	stop := serve(t, d)
	d.Notify(time.Second)
	blockUntil(t, clock, 1)
	clock.Advance(time.Second)
	g.awaitStart(t)
	g.release <- fmt.Errorf("extract page 3: boom")
	stop()
	if n := len(g.startTimes()); n != 1 || !d.pending().IsZero() {
		t.Errorf("%d runs, pending %v; a failure is in the run history, the schedule retries", n, d.pending())
	}
}
