package webauth

import (
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// concurrentAttempts makes n token attempts from one address at once,
// each checked by a check that waits for the others and then answers ok.
// It returns how many were being checked at the same moment (once every
// attempt was either being checked or waiting for its turn) and how many
// were throttled.
func concurrentAttempts(t *testing.T, g *Guard, n int, ok bool) (checking, throttled int) {
	t.Helper()
	var inCheck, refused atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = "203.0.113.9:1"
			_, err := g.tokenAttempt(req, func() (apiToken, bool) {
				inCheck.Add(1)
				<-release
				return apiToken{}, ok
			})
			if _, is := err.(*throttledError); is {
				refused.Add(1)
			}
		})
	}
	deadline := time.Now().Add(20 * time.Second)
	for int(inCheck.Load())+waitingAttempts(g) < n {
		if time.Now().After(deadline) {
			close(release)
			wg.Wait()
			t.Fatalf("%d of %d attempts checking or waiting", int(inCheck.Load())+waitingAttempts(g), n)
		}
		runtime.Gosched()
	}
	checking = int(inCheck.Load())
	close(release)
	wg.Wait()
	return checking, int(refused.Load())
}

// TestConcurrentFailedTokensCapped: attempts from one address checked at
// once (each begun before any failed) get no more than MaxFailedTokens
// checks in a window; once those failed, the rest are throttled.
func TestConcurrentFailedTokensCapped(t *testing.T) {
	g, err := New(tokenServe(), Options{Log: zerolog.Nop(), Now: func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	const n = 3 * MaxFailedTokens
	checking, throttled := concurrentAttempts(t, g, n, false)
	if checking > MaxFailedTokens {
		t.Errorf("%d tokens checked at once from one address, want at most %d", checking, MaxFailedTokens)
	}
	if throttled != n-MaxFailedTokens {
		t.Errorf("%d attempts throttled, want %d", throttled, n-MaxFailedTokens)
	}
}

// TestConcurrentRightTokensNotThrottled: many right tokens checked at once
// from one address (a busy automation) are all let in: an attempt past
// the limit waits for a check to end instead of being refused.
func TestConcurrentRightTokensNotThrottled(t *testing.T) {
	g, err := New(tokenServe(), Options{Log: zerolog.Nop(), Now: func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, throttled := concurrentAttempts(t, g, 3*MaxFailedTokens, true); throttled != 0 {
		t.Errorf("%d right tokens throttled, want none", throttled)
	}
}

// TestSuccessDuringFailuresCountsNothing: a right token checked while
// failures are counted uses no attempt: ten failures still fill the window.
func TestSuccessDuringFailuresCountsNothing(t *testing.T) {
	g, err := New(tokenServe(), Options{Log: zerolog.Nop(), Now: func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	try := func(ok bool) error {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = "203.0.113.9:1"
		_, err := g.tokenAttempt(req, func() (apiToken, bool) { return apiToken{}, ok })
		return err
	}
	for i := range MaxFailedTokens - 1 {
		if err := try(false); err != errBadToken {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	for range 3 {
		if err := try(true); err != nil {
			t.Fatalf("right token after %d failures: %v", MaxFailedTokens-1, err)
		}
	}
	if err := try(false); err != errBadToken {
		t.Fatalf("10th failure: %v", err)
	}
	if _, ok := try(true).(*throttledError); !ok {
		t.Error("after 10 failures a right token is let in, want throttled")
	}
}

// waitingAttempts is how many token attempts wait for a check of their
// address to end.
func waitingAttempts(g *Guard) int {
	g.fails.mu.Lock()
	defer g.fails.mu.Unlock()
	return g.fails.waiting
}
