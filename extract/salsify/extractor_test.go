package salsify_test

import (
	"context"
	"errors"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/salsify"
	"github.com/stewardhq/steward/internal/api/salsify/salsifytest"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// extractorFor builds the extractor over fake f.
func extractorFor(t *testing.T, f *salsifytest.Fake, pageSize int) extract.Extractor {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	file, err := config.Parse("t.yaml", []byte(yamlConfig(srv.URL, pageSize)), nil, func(k string) (string, bool) { return token, k == "TOKEN" })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", file.Systems["src"], zerolog.Nop(), httpx.Options{Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := file.Job("job")
	settings, sps := api.DecodeSettings(file, "src")
	if len(sps) > 0 {
		t.Fatal(sps)
	}
	x, err := salsify.New(extract.Spec{System: "src", Config: file, Settings: settings, Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// pass reads every page from cur, resuming from each page's cursor when
// resume is set (as a run killed after each page would).
func pass(t *testing.T, x extract.Extractor, cur record.Cursor, resume bool) ([]string, record.Cursor, error) {
	t.Helper()
	var keys []string
	for {
		progressed := false
		for p, err := range x.Extract(t.Context(), cur) {
			if err != nil {
				return keys, cur, err
			}
			for _, r := range p.Records {
				keys = append(keys, r.Key)
			}
			cur, progressed = p.Cursor, true
			if resume {
				break
			}
		}
		if !progressed || !cur.InPass() {
			return keys, cur, nil
		}
	}
}

func assertOnce(t *testing.T, keys []string, n int) {
	t.Helper()
	seen := map[string]int{}
	for _, k := range keys {
		seen[k]++
		if seen[k] > 1 {
			t.Fatalf("key %s delivered twice", k)
		}
	}
	if len(seen) != n {
		t.Fatalf("got %d distinct keys, want %d", len(seen), n)
	}
}

// deepest returns the largest page × per_page any listing asked for.
func deepest(t *testing.T, f *salsifytest.Fake) int {
	t.Helper()
	most := 0
	for _, r := range f.Requests() {
		_, raw, _ := strings.Cut(r, "?")
		q, _ := url.ParseQuery(raw)
		page, _ := strconv.Atoi(q.Get("page"))
		per, _ := strconv.Atoi(q.Get("per_page"))
		most = max(most, page*per)
	}
	return most
}

// 12,000 matching products, past the 10,000 result window (and, 5,000 per
// instant, far more than a page at one time): windows by update time read
// them all without asking past the window.
func TestWindowsPastResultWindow(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		every int // products sharing one update time
	}{{"distinct times", 1}, {"5,000 per instant", 5000}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // each case has its own fake
			f := salsifytest.New(org, token)
			const n = 12000
			for i := range n {
				f.Put(doc(i, epoch.Add(time.Duration(i/c.every)*time.Millisecond)))
			}
			keys, cur, err := pass(t, extractorFor(t, f, 100), record.Cursor{}, false)
			if err != nil {
				t.Fatal(err)
			}
			assertOnce(t, keys, n)
			if d := deepest(t, f); d > 10000 {
				t.Errorf("a listing asked for page × per_page = %d", d)
			}
			if want := epoch.Add(time.Duration((n-1)/c.every) * time.Millisecond); !cur.Watermark.Equal(want) {
				t.Errorf("watermark %s, want %s", cur.Watermark, want)
			}
		})
	}
}

// More products at one instant than the window reaches is a clear error,
// not a silent cut, and no request goes past the window.
func TestTieBeyondResultWindow(t *testing.T) {
	t.Parallel()
	f := salsifytest.New(org, token)
	for i := range 10050 {
		f.Put(doc(i, epoch))
	}
	keys, _, err := pass(t, extractorFor(t, f, 100), record.Cursor{}, false)
	if !errors.Is(err, salsify.ErrTieOverflow) {
		t.Fatalf("err %v after %d keys; want ErrTieOverflow", err, len(keys))
	}
	if !strings.Contains(err.Error(), "2025-03-01T08:00:00.000Z") {
		t.Errorf("the error does not name the instant: %v", err)
	}
	if d := deepest(t, f); d > 10000 {
		t.Errorf("a listing asked for page × per_page = %d", d)
	}
}

// Seven products share one update time across pages of three, between
// others: resumed after every page, each is delivered once.
func TestTieAcrossPageBoundaryResumed(t *testing.T) {
	f := salsifytest.New(org, token)
	for i := range 12 {
		at := epoch.Add(time.Duration(i) * time.Second)
		if i >= 2 && i < 9 {
			at = epoch.Add(2 * time.Second)
		}
		f.Put(doc(i, at))
	}
	for size := 1; size <= 4; size++ {
		keys, cur, err := pass(t, extractorFor(t, f, size), record.Cursor{}, true)
		if err != nil {
			t.Fatalf("page size %d: %v", size, err)
		}
		assertOnce(t, keys, 12)
		if cur.InPass() {
			t.Fatalf("page size %d: pass not finished", size)
		}
	}
}

// The documented filter: inclusive lower bound at the watermark less the
// overlap, in the filter language, with spaces never written as '+'.
func TestIncrementalFilter(t *testing.T) {
	f := salsifytest.New(org, token)
	fill(f, 9)
	x := extractorFor(t, f, 100)
	keys, _, err := pass(t, x, record.Cursor{Watermark: epoch.Add(2 * time.Second)}, false)
	if err != nil {
		t.Fatal(err)
	}
	// overlap 1s: from 08:00:01 inclusive, products 3..8, parents and
	// variants alike (:product_type:all).
	assertOnce(t, keys, 6)
	want := "filter=%3D%27salsify%3Aupdated_at%27%3Agte%28%272025-03-01T08%3A00%3A01.000Z%27%29%3Aproduct_type%3Aall&page=1&per_page=100"
	if got := f.Requests()[0]; !strings.HasSuffix(got, "?"+want) {
		t.Errorf("first request %s\nwant query %s", got, want)
	}
}

// A backfill window bounded by Until reads only products before it.
func TestUntilWindow(t *testing.T) {
	f := salsifytest.New(org, token)
	fill(f, 30)
	keys, cur, err := pass(t, extractorFor(t, f, 4), record.Cursor{Until: epoch.Add(5 * time.Second)}, true)
	if err != nil {
		t.Fatal(err)
	}
	assertOnce(t, keys, 15)
	if !cur.Watermark.Equal(epoch.Add(4 * time.Second)) {
		t.Errorf("watermark %s", cur.Watermark)
	}
}

func TestCount(t *testing.T) {
	f := salsifytest.New(org, token)
	fill(f, 30)
	n, err := extractorFor(t, f, 10).(extract.Counter).Count(t.Context(), record.Cursor{Watermark: epoch.Add(8 * time.Second)})
	if err != nil || n != 6 {
		t.Fatalf("count %d, %v; want 6", n, err)
	}
}

// A product that cannot be mapped is quarantined with its id and reason; the
// pass goes on.
func TestUnmappableQuarantined(t *testing.T) {
	f := salsifytest.New(org, token)
	fill(f, 10)
	f.Put(`{"salsify:id":"BAD","salsify:updated_at":"2025-03-01T08:00:01.000Z","Weight":"heavy"}`)
	var keys []string
	var bad []record.Quarantined
	for p, err := range extractorFor(t, f, 4).Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			keys = append(keys, r.Key)
		}
		bad = append(bad, p.Quarantined...)
	}
	assertOnce(t, keys, 10)
	if len(bad) != 1 || bad[0].Key != "BAD" || !strings.Contains(bad[0].Reason, `property "Weight"`) || !strings.Contains(string(bad[0].Raw), "heavy") {
		t.Fatalf("quarantined %+v", bad)
	}
}

// A listing not ordered by update time cannot be windowed safely: a clear
// error, never a silently skipped product.
func TestUnorderedListing(t *testing.T) {
	f := salsifytest.New(org, token)
	fill(f, 30)
	f.Descending = true
	_, _, err := pass(t, extractorFor(t, f, 10), record.Cursor{}, false)
	if !errors.Is(err, salsify.ErrUnordered) {
		t.Fatalf("err %v; want ErrUnordered", err)
	}
}
