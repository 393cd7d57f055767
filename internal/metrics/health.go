package metrics

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// PingTimeout is how long /readyz waits for the store to answer.
const PingTimeout = 2 * time.Second

// Heartbeat is the scheduler's sign of life: the scheduler calls Beat on
// every turn (jobs.Scheduler.Beat), /readyz checks that the last beat is
// recent. It is safe for concurrent use.
type Heartbeat struct {
	mu     sync.Mutex
	last   time.Time
	maxAge time.Duration
	now    func() time.Time
}

// NewHeartbeat returns a heartbeat that is stale when no beat came within
// maxAge, and before the first; now is the clock (nil means time.Now).
func NewHeartbeat(maxAge time.Duration, now func() time.Time) *Heartbeat {
	if now == nil {
		now = time.Now
	}
	return &Heartbeat{maxAge: maxAge, now: now}
}

// Beat records a sign of life now.
func (h *Heartbeat) Beat() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last = h.now()
}

// ErrStale reports a scheduler that has not beaten recently.
var ErrStale = errors.New("scheduler heartbeat is stale")

// Check returns nil when the last beat is at most maxAge old, otherwise an
// error wrapping ErrStale that says how old it is.
func (h *Heartbeat) Check() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.last.IsZero() {
		return fmt.Errorf("%w: no beat yet", ErrStale)
	}
	if age := h.now().Sub(h.last); age > h.maxAge {
		return fmt.Errorf("%w: last beat %s ago, over the %s limit", ErrStale, age.Round(time.Second), h.maxAge)
	}
	return nil
}

// Healthz answers 200 "ok" while the process serves.
func Healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		plain(w, http.StatusOK, "ok")
	})
}

// Readyz answers 200 "ready" when ping (the store's) returns within
// PingTimeout and, when hb is not nil (a scheduler runs), its heartbeat is
// fresh; otherwise 503 with the reason in plain text. The endpoint needs no
// login, so a store's own error (it may name the state file) goes to log,
// and the answer only says the store did not answer.
func Readyz(ping func(context.Context) error, hb *Heartbeat, log zerolog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := pingWithin(r.Context(), ping, PingTimeout); err != nil {
			log.Warn().Err(err).Msg("not ready: the state store does not answer")
			plain(w, http.StatusServiceUnavailable, "not ready: store: "+storeReason(err))
			return
		}
		if hb != nil {
			if err := hb.Check(); err != nil {
				plain(w, http.StatusServiceUnavailable, "not ready: "+err.Error())
				return
			}
		}
		plain(w, http.StatusOK, "ready")
	})
}

// storeReason says why the store is not ready without its error's text.
func storeReason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no answer within %s", PingTimeout)
	}
	return "it does not answer (the reason is in steward's log)"
}

// pingWithin calls ping with a deadline d after now.
func pingWithin(ctx context.Context, ping func(context.Context) error, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	err := ping(ctx)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %s: %w", d, err)
	}
	return err
}

func plain(w http.ResponseWriter, code int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	fmt.Fprintln(w, text)
}
