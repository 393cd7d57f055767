package pimcore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/extract/pimcore"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

// partitionedExtractor reads the sandbox emulator at baseURL with the given
// page size and partitions setting.
func partitionedExtractor(t testing.TB, baseURL string, pageSize, partitions int) extract.Extractor {
	t.Helper()
	text := strings.Replace(configText(baseURL, pageSize), "      endpoint: steward\n",
		fmt.Sprintf("      endpoint: steward\n      partitions: %d\n", partitions), 1)
	f, err := config.Parse("pimcore.yaml", []byte(text), nil, func(k string) (string, bool) { return sandboxKey, k == "KEY" })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := f.Job("job")
	x, err := pimcore.New(extract.Spec{System: "src", Config: f, Settings: decoded(t, f, "src"), Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// stored returns the last cursor of p as the runner stores it and reads it
// back.
func stored(t *testing.T, p pass) record.Cursor {
	t.Helper()
	b, err := p.cursors[len(p.cursors)-1].Marshal()
	if err != nil {
		t.Fatal(err)
	}
	c, err := record.ParseCursor(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPartitionedPassSurvivesKills: a partitioned pass over the sandbox
// emulator killed after page k (the cursor of page k stored, every page
// fetched after it lost) and resumed from the stored cursor reads every
// object, whatever k, and ends with the watermark of an uninterrupted pass,
// which moves only with the pass's last page.
func TestPartitionedPassSurvivesKills(t *testing.T) {
	const n, size = 1200, 20
	_, hd := newEmulator(n)
	srv := httptest.NewServer(hd)
	defer srv.Close()
	x := partitionedExtractor(t, srv.URL, size, 4)
	whole := run(t, x, record.Cursor{}, 0)
	once(t, whole.keys, n)
	if whole.cursors[0].Next == "" || len(whole.cursors[0].Partitions) > 0 {
		t.Fatalf("first cursor %+v: want the first page read as one chain while the plan is asked for", whole.cursors[0])
	}
	if got := len(whole.cursors[1].Partitions); got != 8 {
		t.Fatalf("the second page's cursor has %d partitions, want 8 (2 per call)", got)
	}
	for i, c := range whole.cursors[:len(whole.cursors)-1] {
		if !c.InPass() || !c.Watermark.IsZero() {
			t.Fatalf("page %d of %d: cursor %+v; want inside the pass, no watermark", i+1, len(whole.cursors), c)
		}
	}
	final := stored(t, whole)
	if final.InPass() || final.Watermark.IsZero() {
		t.Fatalf("last cursor %+v: want a finished pass with a watermark", final)
	}
	last := len(whole.cursors)
	for _, k := range []int{1, 2, 3, 5, 8, 9, 30, last - 2, last - 1} {
		t.Run(fmt.Sprint("kill after page ", k), func(t *testing.T) {
			before := run(t, x, record.Cursor{}, k)
			after := run(t, x, stored(t, before), 0)
			sameKeys(t, append(before.keys, after.keys...), whole.keys)
			if end := stored(t, after); !end.Watermark.Equal(final.Watermark) {
				t.Errorf("watermark after resuming %v, uninterrupted %v", end.Watermark, final.Watermark)
			}
		})
	}
}

// TestPartitionedPassKilledAfterEveryPage resumes a partitioned pass after
// every single page, as a run killed after each stored page would.
func TestPartitionedPassKilledAfterEveryPage(t *testing.T) {
	const n, size = 600, 10
	_, hd := newEmulator(n)
	srv := httptest.NewServer(hd)
	defer srv.Close()
	x := partitionedExtractor(t, srv.URL, size, 3)
	// A pass is partitioned after a page read in the same run, so the first
	// run reads two pages.
	first := run(t, x, record.Cursor{}, 2)
	if got := len(first.cursors[1].Partitions); got != 6 {
		t.Fatalf("second cursor %+v: want 6 partitions", first.cursors[1])
	}
	keys := append(first.keys, resumeEach(t, x, stored(t, first))...)
	once(t, keys, n)
}

// TestPartitionsAreBalanced: the 8 sub-windows of 4 calls hold about equally
// many objects (the first page, read before them, aside), which keeps 4
// calls in flight to the pass's end.
func TestPartitionsAreBalanced(t *testing.T) {
	const n, size = 4000, 100
	_, hd := newEmulator(n)
	srv := httptest.NewServer(hd)
	defer srv.Close()
	x := partitionedExtractor(t, srv.URL, size, 4)
	var parts []record.Partition
	perWindow := map[string]int{}
	for p, err := range x.Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			t.Fatal(err)
		}
		if parts == nil {
			parts = p.Cursor.Partitions
		}
		if len(p.Cursor.Partitions) == 0 && p.Cursor.InPass() {
			continue // the first page, read as one chain
		}
		perWindow[windowOf(t, p.URL)] += len(p.Records)
	}
	if len(parts) != 8 || len(perWindow) != 8 {
		t.Fatalf("%d partitions, %d windows read, want 8: %v", len(parts), len(perWindow), perWindow)
	}
	for w, c := range perWindow {
		if c < n/8*95/100 || c > n/8*105/100 {
			t.Errorf("window %s holds %d objects; want %d ± 5 %%", w, c, n/8)
		}
	}
}

// windowOf is the modificationDate window of a page's position.
func windowOf(t *testing.T, link string) string {
	t.Helper()
	q, err := url.ParseQuery(link)
	if err != nil || q.Get("from") == "" || q.Get("to") == "" {
		t.Fatalf("position %q: %v", link, err)
	}
	return q.Get("from") + "-" + q.Get("to")
}

// TestSmallPassIsSerial: a pass too small to give each call several pages
// is read as one chain, with no request more than partitions: 1 makes, in a
// live pass and in an incremental one.
func TestSmallPassIsSerial(t *testing.T) {
	requests := func(partitions int, from record.Cursor) (int32, pass) {
		_, hd := newEmulator(150)
		c := extracttest.NewInFlight(hd)
		srv := httptest.NewServer(c)
		defer srv.Close()
		p := run(t, partitionedExtractor(t, srv.URL, 10, partitions), from, 0)
		return c.Requests(), p
	}
	full, p := requests(4, record.Cursor{})
	once(t, p.keys, 150)
	for _, c := range p.cursors {
		if len(c.Partitions) > 0 {
			t.Fatalf("a pass of 15 pages was partitioned: %+v", c)
		}
	}
	if serial, _ := requests(1, record.Cursor{}); full != serial {
		t.Errorf("a small pass made %d requests with 4 partitions, %d with 1", full, serial)
	}
	from := p.cursors[len(p.cursors)-1]
	incr, _ := requests(4, from)
	if serial, _ := requests(1, from); incr != serial {
		t.Errorf("an incremental pass made %d requests with 4 partitions, %d with 1", incr, serial)
	}
}

// TestCallsInFlightStayWithinTheSetting: a partitioned pass keeps as many
// listing requests in flight as its setting allows, never more. Only the
// pages of the pass count (the plan is asked for while the first page is
// read, and those two would meet a setting of 2 on their own). Each page
// request waits (at most half a second) until the setting's number are in
// flight, so that a loaded machine cannot keep calls sent together from
// overlapping; the first page, read alone, only waits that long.
func TestCallsInFlightStayWithinTheSetting(t *testing.T) {
	for _, calls := range []int{2, 4, 8} {
		t.Run(fmt.Sprint(calls, " calls"), func(t *testing.T) {
			_, hd := newEmulator(1200)
			c := extracttest.NewInFlight(hd)
			c.Match = pageOf(20)
			c.Hold, c.Fill, c.FillWait = 5*time.Millisecond, int32(calls), 500*time.Millisecond
			srv := httptest.NewServer(c)
			defer srv.Close()
			p := run(t, partitionedExtractor(t, srv.URL, 20, calls), record.Cursor{}, 0)
			once(t, p.keys, 1200)
			if got := len(p.cursors[1].Partitions); got != 2*calls {
				t.Fatalf("%d partitions, want %d", got, 2*calls)
			}
			if got := c.Peak(); got != int32(calls) {
				t.Errorf("at most %d requests were in flight, want exactly %d", got, calls)
			}
		})
	}
}

// pageOf matches the GraphQL listing requests for a page of size objects
// (the plan asks for one object, or for none at several offsets).
func pageOf(size int) func(*http.Request) bool {
	return func(r *http.Request) bool {
		b, err := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		var req struct{ Variables struct{ First int } }
		return err == nil && json.Unmarshal(b, &req) == nil && req.Variables.First == size
	}
}

// TestPartitionedBackfillWindow: a backfill window (Until) is partitioned
// too, reads exactly the objects below Until, and finishes the window.
func TestPartitionedBackfillWindow(t *testing.T) {
	const n, size = 3000, 20
	_, hd := newEmulator(n)
	srv := httptest.NewServer(hd)
	defer srv.Close()
	x := partitionedExtractor(t, srv.URL, size, 4)
	whole := run(t, x, record.Cursor{}, 0)
	until := whole.recs[0].Updated
	for _, r := range whole.recs {
		if r.Updated.After(until) {
			until = r.Updated
		}
	}
	until = until.Add(-time.Duration(n/8) * time.Second) // about half of the catalog
	want := 0
	for _, r := range whole.recs {
		if r.Updated.Before(until) {
			want++
		}
	}
	p := run(t, x, record.Cursor{Until: until}, 0)
	once(t, p.keys, want)
	if len(p.cursors[1].Partitions) != 8 {
		t.Fatalf("second cursor %+v: want 8 partitions", p.cursors[1])
	}
	if end := stored(t, p); end.InPass() || !end.Watermark.Before(until) {
		t.Fatalf("last cursor %+v: want a finished window below %v", end, until)
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
