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
// windows. Memory is bounded by max addresses (and the checks running at
// once); safe for concurrent use.
type throttle struct {
	limit  int
	window time.Duration
	max    int

	mu    sync.Mutex
	ended *sync.Cond               // a check ended (on mu)
	by    map[string]*list.Element // address → its *strikes in order
	order *list.List               // *strikes, oldest window first
	// checking counts the tokens being checked now per address, so that
	// attempts made at once cannot check more than the limit lets.
	checking map[string]int
	waiting  int // attempts waiting for a check of their address to end
}

// strikes are one address's failures in the window that began at start.
type strikes struct {
	addr  string
	start time.Time
	n     int
}

func newThrottle() *throttle {
	t := &throttle{limit: MaxFailedTokens, window: FailWindow, max: MaxTrackedAddrs,
		by: map[string]*list.Element{}, order: list.New(), checking: map[string]int{}}
	t.ended = sync.NewCond(&t.mu)
	return t
}

// admit lets an attempt of addr check its token at now, or reports that
// addr is throttled and for how long still (false). The failures counted
// and the checks running from addr never pass the limit together: an
// attempt past it waits until a check ends (a hash and a compare), so
// attempts made at once check no more tokens than failures may count,
// and right tokens made at once are all let in. Every admitted attempt
// must be ended by settle.
func (t *throttle) admit(addr string, now time.Time) (time.Duration, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for {
		n, end := t.failures(addr, now)
		if n >= t.limit {
			return end.Sub(now), false
		}
		if n+t.checking[addr] < t.limit {
			t.checking[addr]++
			return 0, true
		}
		t.waiting++
		t.ended.Wait()
		t.waiting--
	}
}

// failures is how many failures addr has in its window at now, and when
// that window ends.
func (t *throttle) failures(addr string, now time.Time) (int, time.Time) {
	e, ok := t.by[addr]
	if !ok {
		return 0, now
	}
	s := e.Value.(*strikes)
	end := s.start.Add(t.window)
	if !now.Before(end) {
		return 0, now
	}
	return s.n, end
}

// settle ends an attempt admit let in; a failed one counts against addr
// at now. True when that failure reached the limit (the moment to log,
// once per window).
func (t *throttle) settle(addr string, now time.Time, failed bool) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.checking[addr]--; t.checking[addr] <= 0 {
		delete(t.checking, addr)
	}
	if t.waiting > 0 {
		t.ended.Broadcast()
	}
	return failed && t.fail(addr, now)
}

// fail counts a failure of addr at now (t.mu held); true when it is the
// one that reaches the limit.
func (t *throttle) fail(addr string, now time.Time) bool {
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
