package webauth

import (
	"container/list"
	"sync"
	"time"
)

// Limits of failed token attempts (the login form's token, a bearer token)
// per client address.
const (
	// MaxFailedTokens failures from one address within FailWindow refuse
	// its token attempts, good or bad, until the window passes.
	MaxFailedTokens = 10
	// FailWindow is the window failures are counted in; it starts at an
	// address's first failure.
	FailWindow = 10 * time.Minute
	// MaxTrackedAddrs bounds the addresses counted at once; past it the
	// address whose window started first is forgotten.
	MaxTrackedAddrs = 10_000
)

// throttle counts failed token attempts per client address in fixed
// windows. Memory is bounded by max addresses; safe for concurrent use.
type throttle struct {
	limit  int
	window time.Duration
	max    int

	mu    sync.Mutex
	by    map[string]*list.Element // address → its *strikes in order
	order *list.List               // *strikes, oldest window first
}

// strikes are one address's failures in the window that began at start.
type strikes struct {
	addr  string
	start time.Time
	n     int
}

func newThrottle() *throttle {
	return &throttle{limit: MaxFailedTokens, window: FailWindow, max: MaxTrackedAddrs, by: map[string]*list.Element{}, order: list.New()}
}

// blocked reports whether addr is refused now, and for how long still.
func (t *throttle) blocked(addr string, now time.Time) (time.Duration, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.by[addr]
	if !ok {
		return 0, false
	}
	s := e.Value.(*strikes)
	end := s.start.Add(t.window)
	if s.n < t.limit || !now.Before(end) {
		return 0, false
	}
	return end.Sub(now), true
}

// fail counts a failure of addr at now; true when it is the one that
// reaches the limit (the moment to log, once per window).
func (t *throttle) fail(addr string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.by[addr]
	if ok && !now.Before(e.Value.(*strikes).start.Add(t.window)) {
		t.order.Remove(e)
		delete(t.by, addr)
		ok = false
	}
	if !ok {
		t.makeRoom(now)
		e = t.order.PushBack(&strikes{addr: addr, start: now})
		t.by[addr] = e
	}
	s := e.Value.(*strikes)
	s.n++
	return s.n == t.limit
}

// makeRoom forgets the windows that ended by now and, while the table is
// full, the oldest one.
func (t *throttle) makeRoom(now time.Time) {
	for e := t.order.Front(); e != nil; e = t.order.Front() {
		s := e.Value.(*strikes)
		if now.Before(s.start.Add(t.window)) && t.order.Len() < t.max {
			return
		}
		t.order.Remove(e)
		delete(t.by, s.addr)
	}
}

// size is how many addresses are counted.
func (t *throttle) size() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.order.Len()
}
