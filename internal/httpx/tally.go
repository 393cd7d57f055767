package httpx

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"
)

// Tally counts the HTTP traffic of one run: every attempt, retry, 429 and
// 5xx answer and rate-limit wait of the requests made with a context that
// carries it (WithTally), whichever client sends them. A runner shares its
// clients between runs, so a run's own figures travel with its requests'
// contexts rather than live in a client. A Tally is safe for concurrent use;
// the zero value is ready, and a nil *Tally counts nothing.
type Tally struct {
	requests, retries, throttled, serverErrors atomic.Int64
	wait                                       atomic.Int64 // nanoseconds
}

// TallyCounts is what a Tally has counted so far.
type TallyCounts struct {
	// Requests are the attempts sent, answered or not (a retry is one more).
	Requests int64
	// Retries are failed attempts made again, by the stack or by a
	// connector itself (Client.Retried).
	Retries int64
	// Throttled are 429 Too Many Requests answers.
	Throttled int64
	// ServerErrors are 5xx answers.
	ServerErrors int64
	// Wait is the time spent waiting on rate limits: the system's limiter,
	// the waits 429 answers asked for, and connectors' own pacing.
	Wait time.Duration
}

type tallyKey struct{}

// WithTally returns ctx carrying t: the client stack adds to t what the
// requests made with ctx (or a context derived from it) cost.
func WithTally(ctx context.Context, t *Tally) context.Context {
	return context.WithValue(ctx, tallyKey{}, t)
}

// TallyFrom returns the tally ctx carries, or nil.
func TallyFrom(ctx context.Context) *Tally {
	t, _ := ctx.Value(tallyKey{}).(*Tally)
	return t
}

// Counts returns what t has counted so far (zero for a nil tally).
func (t *Tally) Counts() TallyCounts {
	if t == nil {
		return TallyCounts{}
	}
	return TallyCounts{Requests: t.requests.Load(), Retries: t.retries.Load(), Throttled: t.throttled.Load(),
		ServerErrors: t.serverErrors.Load(), Wait: time.Duration(t.wait.Load())}
}

// attempt counts one attempt answered with code (0: no answer).
func (t *Tally) attempt(code int) {
	if t == nil {
		return
	}
	t.requests.Add(1)
	switch {
	case code == http.StatusTooManyRequests:
		t.throttled.Add(1)
	case code >= 500 && code <= 599:
		t.serverErrors.Add(1)
	}
}

// retry counts one retry.
func (t *Tally) retry() {
	if t != nil {
		t.retries.Add(1)
	}
}

// waited adds a rate-limit wait.
func (t *Tally) waited(d time.Duration) {
	if t != nil && d > 0 {
		t.wait.Add(int64(d))
	}
}
