package salsify_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/extract/salsify"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	emulator "github.com/stewardhq/steward/internal/sandbox/salsify"
)

// partitionedExtractor reads the emulator at base with the given page size
// and partitions setting, its client's pacing tuned by opt.
func partitionedExtractor(t testing.TB, base string, pageSize, partitions int, opt api.Options) extract.Extractor {
	t.Helper()
	text := strings.Replace(emulatorConfig(base, pageSize), "      org_id:", fmt.Sprintf("      partitions: %d\n      org_id:", partitions), 1)
	file, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { return emulator.SandboxToken, k == "TOKEN" })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", file.Systems["src"], zerolog.Nop(), httpx.Options{Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := file.Job("job")
	x, err := salsify.NewWith(extract.Spec{System: "src", Config: file, Settings: decoded(t, file, "src"), Job: job, Client: c, Log: zerolog.Nop()}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// unlimited serves a catalog of n products with a budget no test reaches,
// counting the listing requests and the most in flight at once, each held
// for hold.
func unlimited(t *testing.T, n int, hold time.Duration) (string, *extracttest.InFlight) {
	t.Helper()
	srv := newEmulator(n)
	srv.SetRateLimit(1_000_000, time.Hour)
	c := extracttest.NewInFlight(srv)
	c.Hold = hold
	ts := httptest.NewServer(c)
	t.Cleanup(ts.Close)
	return ts.URL, c
}

// drained is what a pass read until it stopped.
type drained struct {
	keys    []string
	cursors []record.Cursor
}

// drainN reads from cur, stopping after stop pages (0: to the end); the
// cursors are stored and read back as the runner does.
func drainN(t *testing.T, x extract.Extractor, cur record.Cursor, stop int) drained {
	t.Helper()
	var d drained
	for p, err := range x.Extract(t.Context(), cur) {
		if err != nil {
			t.Fatalf("after %d pages: %v", len(d.cursors), err)
		}
		if len(p.Quarantined) > 0 {
			t.Fatalf("quarantined: %+v", p.Quarantined[0])
		}
		for _, r := range p.Records {
			d.keys = append(d.keys, r.Key)
		}
		b, err := p.Cursor.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		c, err := record.ParseCursor(b)
		if err != nil {
			t.Fatal(err)
		}
		d.cursors = append(d.cursors, c)
		if stop > 0 && len(d.cursors) == stop {
			break
		}
	}
	if len(d.cursors) == 0 {
		t.Fatal("the pass yielded no page")
	}
	return d
}

func (d drained) last() record.Cursor { return d.cursors[len(d.cursors)-1] }

// TestPartitionedPassSurvivesKills: a pass over the emulator, partitioned
// after its first page, killed after page k (the cursor of page k stored,
// every page fetched after it lost) and resumed from the stored cursor reads
// every product, whatever k, and ends with the watermark of an
// uninterrupted pass, which moves only with the pass's last page.
func TestPartitionedPassSurvivesKills(t *testing.T) {
	t.Parallel()
	const n, size = 1200, 20
	base, _ := unlimited(t, n, 0)
	x := partitionedExtractor(t, base, size, 2, api.Options{})
	whole := drainN(t, x, record.Cursor{}, 0)
	assertOnce(t, whole.keys, n)
	if whole.cursors[0].Next == "" || len(whole.cursors[0].Partitions) > 0 {
		t.Fatalf("first cursor %+v: want the first page read as one chain", whole.cursors[0])
	}
	if got := len(whole.cursors[1].Partitions); got != 4 {
		t.Fatalf("the second page's cursor has %d partitions, want 4 (2 per call)", got)
	}
	for i, c := range whole.cursors[:len(whole.cursors)-1] {
		if !c.InPass() || !c.Watermark.IsZero() {
			t.Fatalf("page %d of %d: cursor %+v; want inside the pass, no watermark", i+1, len(whole.cursors), c)
		}
	}
	final := whole.last()
	if final.InPass() || final.Watermark.IsZero() {
		t.Fatalf("last cursor %+v: want a finished pass with a watermark", final)
	}
	last := len(whole.cursors)
	for _, k := range []int{1, 2, 3, 4, 7, 30, last - 2, last - 1} {
		t.Run(fmt.Sprint("kill after page ", k), func(t *testing.T) {
			before := drainN(t, x, record.Cursor{}, k)
			after := drainN(t, x, before.last(), 0)
			sameKeys(t, append(before.keys, after.keys...), whole.keys)
			if end := after.last(); !end.Watermark.Equal(final.Watermark) {
				t.Errorf("watermark after resuming %v, uninterrupted %v", end.Watermark, final.Watermark)
			}
		})
	}
}

// TestPartitionedPassKilledAfterEveryPage resumes a partitioned pass after
// every single page, as a run killed after each stored page would.
func TestPartitionedPassKilledAfterEveryPage(t *testing.T) {
	const n, size = 700, 10
	base, _ := unlimited(t, n, 0)
	x := partitionedExtractor(t, base, size, 3, api.Options{})
	// The rest of a pass is planned after a page read in the same run, so
	// the first run reads two pages.
	first := drainN(t, x, record.Cursor{}, 2)
	keys, cur := first.keys, first.last()
	if len(cur.Partitions) != 6 {
		t.Fatalf("second cursor %+v: want 6 partitions", cur)
	}
	for runs := 0; cur.InPass(); runs++ {
		if runs > n {
			t.Fatal("the pass never finished")
		}
		d := drainN(t, x, cur, 1)
		keys, cur = append(keys, d.keys...), d.last()
	}
	assertOnce(t, keys, n)
}

// TestPartitionedPassPastResultWindow: the rest of a pass deeper than the
// 10,000 result window is planned by hopping from quantile to quantile, and
// its windows stay balanced.
func TestPartitionedPassPastResultWindow(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 13,600 products")
	}
	t.Parallel()
	// 13,600: the last of the 3 quantiles of the rest (10,125) lies past the
	// window, so the plan hops.
	const n, size = 13_600, 100
	base, _ := unlimited(t, n, 0)
	x := partitionedExtractor(t, base, size, 2, api.Options{})
	d := drainN(t, x, record.Cursor{}, 0)
	assertOnce(t, d.keys, n)
	if got := len(d.cursors[1].Partitions); got != 4 {
		t.Fatalf("%d partitions, want 4", got)
	}
	serialBase, _ := unlimited(t, n, 0)
	serial := drainN(t, partitionedExtractor(t, serialBase, size, 1, api.Options{}), record.Cursor{}, 0)
	if pages := len(d.cursors); pages > len(serial.cursors)+4 {
		t.Errorf("%d pages partitioned, %d in one chain: the windows overlap", pages, len(serial.cursors))
	}
}

// TestSmallPassIsSerial: a pass too small to give each call several pages
// is read as one chain, with no request more than partitions: 1 makes.
func TestSmallPassIsSerial(t *testing.T) {
	base, c := unlimited(t, 70, 0)
	d := drainN(t, partitionedExtractor(t, base, 10, 2, api.Options{}), record.Cursor{}, 0)
	assertOnce(t, d.keys, 70)
	for _, cur := range d.cursors {
		if len(cur.Partitions) > 0 {
			t.Fatalf("a pass of 7 pages was partitioned: %+v", cur)
		}
	}
	serialBase, serial := unlimited(t, 70, 0)
	drainN(t, partitionedExtractor(t, serialBase, 10, 1, api.Options{}), record.Cursor{}, 0)
	if c.Requests() != serial.Requests() {
		t.Errorf("a small pass made %d requests with 2 partitions, %d with 1", c.Requests(), serial.Requests())
	}
}

// TestCallsInFlightStayWithinTheSetting: a partitioned pass keeps as many
// listing requests in flight as its setting allows, never more. Only the
// pages of the pass count (the plan's one-product probes are sent together
// too, and would hide a pass that reads its windows with fewer calls). Each
// page request waits (at most half a second) until the setting's number
// are in flight, so that a loaded machine cannot keep calls sent together
// from overlapping; the first page, read alone, only waits that long.
func TestCallsInFlightStayWithinTheSetting(t *testing.T) {
	for _, calls := range []int{2, 4} {
		t.Run(fmt.Sprint(calls, " calls"), func(t *testing.T) {
			base, c := unlimited(t, 800, 5*time.Millisecond)
			c.Match = func(r *http.Request) bool { return r.URL.Query().Get("per_page") == "20" }
			c.Fill, c.FillWait = int32(calls), 500*time.Millisecond
			d := drainN(t, partitionedExtractor(t, base, 20, calls, api.Options{}), record.Cursor{}, 0)
			assertOnce(t, d.keys, 800)
			if got := len(d.cursors[1].Partitions); got != 2*calls {
				t.Fatalf("%d partitions, want %d", got, 2*calls)
			}
			if got := c.Peak(); got != int32(calls) {
				t.Errorf("at most %d requests were in flight, want exactly %d", got, calls)
			}
		})
	}
}

// sameKeys checks that got holds every key of want and no other (a resumed
// pass may read again the pages fetched after the kill point).
func sameKeys(t *testing.T, got, want []string) {
	t.Helper()
	in := map[string]bool{}
	for _, k := range got {
		in[k] = true
	}
	for _, k := range want {
		if !in[k] {
			t.Fatalf("key %s missing after the resume (%d of %d keys read)", k, len(in), len(want))
		}
		delete(in, k)
	}
	if len(in) > 0 {
		t.Fatalf("%d keys that an uninterrupted pass does not read", len(in))
	}
}
