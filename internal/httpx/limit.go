package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/sony/gobreaker/v2"
	"golang.org/x/time/rate"

	"github.com/stewardhq/steward/internal/retry"
)

var errServerStatus = errors.New("server error status")

// limitTransport waits for the system's rate limiter before each attempt and
// reports the wait.
type limitTransport struct {
	next    http.RoundTripper
	limiter *rate.Limiter
	system  string
	obs     Observer
	now     func() time.Time
}

func (l limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := l.now()
	err := l.limiter.Wait(req.Context())
	if d := l.now().Sub(start); d > 0 {
		l.obs.Wait(l.system, d)
		addLimitWait(req.Context(), d)
		TallyFrom(req.Context()).waited(d)
	}
	if err != nil {
		return nil, fmt.Errorf("wait for rate limit: %w", err)
	}
	return l.next.RoundTrip(req)
}

// breakerTransport fails fast while a system keeps failing, so a dead system
// does not eat the whole retry budget of every job.
type breakerTransport struct {
	next http.RoundTripper
	cb   *gobreaker.TwoStepCircuitBreaker[struct{}]
}

func newBreaker(name string, next http.RoundTripper) breakerTransport {
	cb := gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:    name,
		Timeout: 30 * time.Second,
		ReadyToTrip: func(c gobreaker.Counts) bool {
			return c.ConsecutiveFailures >= 20
		},
	})
	return breakerTransport{next: next, cb: cb}
}

func (b breakerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	done, err := b.cb.Allow()
	if err != nil {
		if errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests) {
			return nil, retry.Transient(fmt.Errorf("circuit for %s is open after repeated failures: %w", b.cb.Name(), err))
		}
		return nil, err
	}
	resp, err := b.next.RoundTrip(req)
	switch {
	case err != nil:
		done(err)
	case resp.StatusCode >= 500:
		done(errServerStatus)
	default:
		done(nil)
	}
	return resp, err
}
