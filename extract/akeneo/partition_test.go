package akeneo_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/akeneo"
	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

// partitionedExtractor reads the emulator at base with the given page size
// and partitions setting.
func partitionedExtractor(t testing.TB, base string, pageSize, partitions int) extract.Extractor {
	t.Helper()
	text := strings.Replace(harness.Config(base, pageSize), "    allow_insecure_loopback: true\n",
		fmt.Sprintf("    allow_insecure_loopback: true\n    settings: {partitions: %d}\n", partitions), 1)
	f, err := config.Parse("partitions.yaml", []byte(text), nil, func(k string) (string, bool) {
		v, ok := harness.Env[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Auth: harness.Auth})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := f.Job("job")
	settings, ps := harness.Decode(f, "src")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	x, err := akeneo.New(extract.Spec{System: "src", Config: f, Settings: settings, Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// pass reads from cur and stops after stop pages (0: to the end); it returns
// the keys read and the cursor of the last page, stored and read back as the
// runner stores it.
func pass(t *testing.T, x extract.Extractor, cur record.Cursor, stop int) (keys []string, last record.Cursor, pages []record.Page) {
	t.Helper()
	for p, err := range x.Extract(t.Context(), cur) {
		if err != nil {
			t.Fatalf("after %d pages: %v", len(pages), err)
		}
		for _, r := range p.Records {
			keys = append(keys, r.Key)
		}
		pages = append(pages, p)
		if stop > 0 && len(pages) == stop {
			break
		}
	}
	if len(pages) == 0 {
		t.Fatal("the pass yielded no page")
	}
	b, err := pages[len(pages)-1].Cursor.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	last, err = record.ParseCursor(b)
	if err != nil {
		t.Fatal(err)
	}
	return keys, last, pages
}

// TestPartitionedPassSurvivesKills: a partitioned pass killed after page k
// (the cursor of page k stored, every page fetched after it lost) and resumed
// from the stored cursor ends with exactly the products of an uninterrupted
// pass, whatever k; the watermark moves only with the pass's last page.
func TestPartitionedPassSurvivesKills(t *testing.T) {
	t.Parallel()
	const n, size = 3000, 20
	srv := httptest.NewServer(harness.Emulator(n))
	t.Cleanup(srv.Close) // after the parallel subtests
	x := partitionedExtractor(t, srv.URL, size, 4)
	want, final, pages := pass(t, x, record.Cursor{}, 0)
	assertOnce(t, want, n)
	if got := len(pages[0].Cursor.Partitions); got != 8 {
		t.Fatalf("the first page's cursor has %d partitions, want 8 (2 per call)", got)
	}
	for i, p := range pages[:len(pages)-1] {
		if !p.Cursor.InPass() || !p.Cursor.Watermark.IsZero() {
			t.Fatalf("page %d of %d: cursor %+v; want inside the pass, no watermark", i+1, len(pages), p.Cursor)
		}
	}
	if final.InPass() || final.Watermark.IsZero() {
		t.Fatalf("last cursor %+v: want a finished pass with a watermark", final)
	}
	for _, k := range []int{1, 2, 3, 4, 5, 9, 38, 75, 110, len(pages) - 2, len(pages) - 1} {
		t.Run(fmt.Sprint("kill after page ", k), func(t *testing.T) {
			t.Parallel() // passes only read the emulator; the extractor is safe for concurrent passes
			before, cur, _ := pass(t, x, record.Cursor{}, k)
			after, end, _ := pass(t, x, cur, 0)
			assertSameKeys(t, append(before, after...), want)
			if !end.Watermark.Equal(final.Watermark) {
				t.Errorf("watermark after resuming %v, uninterrupted %v", end.Watermark, final.Watermark)
			}
		})
	}
}

// TestPartitionedPassKilledAfterEveryPage resumes a partitioned pass after
// every single page, as a run killed after each stored page would.
func TestPartitionedPassKilledAfterEveryPage(t *testing.T) {
	const n, size = 700, 10
	srv := httptest.NewServer(harness.Emulator(n))
	defer srv.Close()
	x := partitionedExtractor(t, srv.URL, size, 3)
	var keys []string
	cur := record.Cursor{}
	for runs := 0; ; runs++ {
		if runs > n {
			t.Fatal("the pass never finished")
		}
		k, next, _ := pass(t, x, cur, 1)
		keys, cur = append(keys, k...), next
		if runs == 0 && len(cur.Partitions) != 6 {
			t.Fatalf("first cursor %+v: want 6 partitions", cur)
		}
		if !cur.InPass() {
			break
		}
	}
	assertOnce(t, keys, n)
}

// TestPartitionsAreBalanced: the 8 planned windows of 4 calls hold about
// equally many products, which is what keeps 4 calls in flight to the pass's
// end.
func TestPartitionsAreBalanced(t *testing.T) {
	const n, size = 8000, 100
	srv := httptest.NewServer(harness.Emulator(n))
	defer srv.Close()
	_, _, pages := pass(t, partitionedExtractor(t, srv.URL, size, 4), record.Cursor{}, 0)
	perWindow := map[string]int{}
	for _, p := range pages {
		u, err := url.Parse(p.URL)
		if err != nil {
			t.Fatal(err)
		}
		perWindow[u.Query().Get("search")] += len(p.Records)
	}
	if len(perWindow) != 8 {
		t.Fatalf("%d windows, want 8: %v", len(perWindow), perWindow)
	}
	for w, c := range perWindow {
		if c < n/8*95/100 || c > n/8*105/100 {
			t.Errorf("window %s holds %d products; want %d ± 5 %%", w, c, n/8)
		}
	}
}

// TestSmallPassIsSerial: a pass too small to give each partition several
// pages is read as one chain.
func TestSmallPassIsSerial(t *testing.T) {
	srv := httptest.NewServer(harness.Emulator(100))
	defer srv.Close()
	keys, _, pages := pass(t, partitionedExtractor(t, srv.URL, 10, 4), record.Cursor{}, 0)
	assertOnce(t, keys, 100)
	for _, p := range pages {
		if len(p.Cursor.Partitions) > 0 {
			t.Fatalf("a pass of 10 pages was partitioned: %+v", p.Cursor)
		}
	}
}

func assertOnce(t *testing.T, keys []string, n int) {
	t.Helper()
	seen := map[string]int{}
	for _, k := range keys {
		seen[k]++
		if seen[k] > 1 {
			t.Fatalf("key %s read twice", k)
		}
	}
	if len(seen) != n {
		t.Fatalf("read %d distinct keys, want %d", len(seen), n)
	}
}

// assertSameKeys checks that got holds every key of want and no other (a
// resumed pass may re-read the pages fetched after the kill point).
func assertSameKeys(t *testing.T, got, want []string) {
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

// TestCallsInFlightStayWithinTheLimit: a partitioned pass keeps as many
// product page calls in flight as its setting allows, never more (Akeneo
// allows 4 per connection), whatever the number of windows. Only the pages
// of the pass count (the plan's counts are sent together too, and would
// hide a pass that reads its windows with fewer calls). Each page call waits
// (at most half a second) until the setting's number are in flight, so that
// a loaded machine cannot keep calls sent together from overlapping.
func TestCallsInFlightStayWithinTheLimit(t *testing.T) {
	for _, calls := range []int{2, 4} {
		t.Run(fmt.Sprint(calls, " calls"), func(t *testing.T) {
			c := extracttest.NewInFlight(harness.Emulator(2000))
			c.Match = func(r *http.Request) bool {
				q := r.URL.Query()
				return strings.HasPrefix(r.URL.Path, "/api/rest/v1/products") && q.Get("pagination_type") == "search_after" && q.Get("limit") == "20"
			}
			c.Hold, c.Fill, c.FillWait = 5*time.Millisecond, int32(calls), 500*time.Millisecond
			srv := httptest.NewServer(c)
			defer srv.Close()
			keys, _, pages := pass(t, partitionedExtractor(t, srv.URL, 20, calls), record.Cursor{}, 0)
			assertOnce(t, keys, 2000)
			if len(pages[0].Cursor.Partitions) != 2*calls {
				t.Fatalf("%d windows, want %d", len(pages[0].Cursor.Partitions), 2*calls)
			}
			if got := c.Peak(); got != int32(calls) {
				t.Errorf("at most %d product page calls were in flight, want exactly %d", got, calls)
			}
		})
	}
}
