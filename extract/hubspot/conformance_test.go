package hubspot_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	emulator "github.com/stewardhq/steward/internal/sandbox/hubspot"
)

// emuClock is a settable clock for an emulator's change times.
type emuClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *emuClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *emuClock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// emulated returns the sandbox emulator holding n companies, three sharing
// each change time, without the rate limits (tested on their own), and the
// ids it gave them in order.
func emulated(t testing.TB, n int) (*emulator.Emulator, []string, *emuClock) {
	c := &emuClock{}
	e := emulator.New(emulator.Options{Tokens: []string{token}, Now: c.now, BurstMax: 1 << 30, SearchPerSecond: 1 << 30, DailyMax: 1 << 30})
	var ids []string
	for i := range n {
		c.set(base.Add(time.Duration(i/3) * time.Second))
		id, err := e.Put("companies", map[string]string{"name": fmt.Sprintf("Co %d", i), "steward_external_id": fmt.Sprintf("C-%06d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	c.set(base.Add(48 * time.Hour))
	return e, ids, c
}

// emulatorShifting takes one served company out of the result set after
// each search page: archived, or changed after the window's bound.
func emulatorShifting(n int) http.Handler {
	e, ids, _ := emulated(&testing.T{}, n)
	var mu sync.Mutex
	served := 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.ServeHTTP(w, r)
		if !strings.HasSuffix(r.URL.Path, "/search") {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if served%2 == 0 {
			e.Delete("companies", ids[served])
		} else {
			_ = e.Update("companies", ids[served], map[string]string{"name": "moved"})
		}
		served++
	})
}

// TestConformance runs the conformance suite against the sandbox emulator.
func TestConformance(t *testing.T) {
	h := fakeHarness()
	h.Emulator = func(n int) http.Handler { e, _, _ := emulated(t, n); return e }
	h.Shape = func(em http.Handler) fault.Responder {
		if e, ok := em.(*emulator.Emulator); ok {
			return e.FaultShape()
		}
		return shape{}
	}
	h.Shifts = &extracttest.Shifts{Emulator: emulatorShifting, Until: base.Add(24 * time.Hour)}
	extracttest.Run(t, h)
}
