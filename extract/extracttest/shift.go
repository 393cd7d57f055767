package extracttest

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
)

// Shifts is an optional part of a Harness: an emulator whose result set
// changes during a pass (TESTING.md row 33).
type Shifts struct {
	// Emulator returns the handler of an emulator holding n records that pages
	// by row offset and, after serving each page, takes one row it has served
	// out of the result set: deleted, or with its change time moved past Until.
	Emulator func(n int) http.Handler
	// Until is a window upper bound above every record's change time and below
	// the change time of the rows the emulator moves.
	Until time.Time
}

// testShifts proves nothing is lost when rows leave the result set between
// pages: every record is read at least once, in a live pass, in a backfill
// window, and when each page is resumed from its stored cursor.
func testShifts(t *testing.T, h Harness) {
	const n = 60
	for _, c := range []struct {
		name   string
		from   record.Cursor
		resume bool
	}{{"live", record.Cursor{}, false}, {"window", record.Cursor{Until: h.Shifts.Until}, false}, {"resumed", record.Cursor{Until: h.Shifts.Until}, true}} {
		t.Run(c.name, func(t *testing.T) {
			e := h.startWith(t, h.Shifts.Emulator(n))
			x := e.extractor(t, 7)
			var keys []string
			cur := c.from
			for {
				stop := 0
				if c.resume {
					stop = 1
				}
				k, cs, err := drain(t.Context(), x, cur, stop)
				if err != nil {
					t.Fatal(err)
				}
				keys = append(keys, k...)
				cur = cs[len(cs)-1]
				if !cur.InPass() {
					break
				}
			}
			assertAllAtLeastOnce(t, keys, n)
		})
	}
}

// testNullItems: a page without its items array (missing or null) is a
// protocol error: requested again, then the pass fails; it never ends the
// pass as an empty last page (TESTING.md row 35).
func testNullItems(t *testing.T, h Harness) {
	e := h.start(t, 30)
	x := e.extractor(t, 10)
	var served atomic.Int32
	rw := func(b []byte) []byte {
		if served.Add(1) >= 2 {
			return h.NullItems(b)
		}
		return b
	}
	e.rewrite.Store(&rw)
	// It checks that the page is asked for again, not the wait between.
	ctx := retry.WithSleeper(t.Context(), noSleep)
	keys, cursors, err := drain(ctx, x, record.Cursor{}, 0)
	if err == nil {
		t.Fatalf("pages without items ended the pass after %d keys; want an error", len(keys))
	}
	for _, c := range cursors {
		if !c.InPass() {
			t.Fatalf("a pass finished (cursor %+v) although a page had no items", c)
		}
	}
	if served.Load() < 3 {
		t.Errorf("the page without items was requested %d times in all; want it requested again", served.Load()-1)
	}
	// One bad answer, then good ones: the pass completes.
	served.Store(0)
	once := func(b []byte) []byte {
		if served.Add(1) == 2 {
			return h.NullItems(b)
		}
		return b
	}
	e.rewrite.Store(&once)
	keys, _, err = drain(ctx, x, record.Cursor{}, 0)
	if err != nil {
		t.Fatalf("one page without items, then good pages: %v", err)
	}
	assertAllOnce(t, keys, 30)
}

// startWith serves handler as the emulator under test.
func (h Harness) startWith(t *testing.T, handler http.Handler) *env {
	t.Helper()
	e := &env{h: h, faults: h.faultsFor(handler)}
	e.srv = httptest.NewServer(e.faults.Wrap(handler))
	t.Cleanup(e.srv.Close)
	return e
}

func assertAllAtLeastOnce(t *testing.T, keys []string, n int) {
	t.Helper()
	seen := map[string]bool{}
	for _, k := range keys {
		seen[k] = true
	}
	if len(seen) != n {
		t.Fatalf("got %d distinct of %d keys (%d reads): records were skipped", len(seen), n, len(keys))
	}
}
