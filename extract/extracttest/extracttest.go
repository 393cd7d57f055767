// Package extracttest is the conformance suite every extractor must pass:
// paging, resume from a cursor, ties on the cursor field, retries on 429 and
// 5xx, cancellation, truncated pages, HTML error pages and next links to a
// foreign host. A connector's test supplies a Harness over its emulator.
package extracttest

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// Harness adapts the suite to one connector.
type Harness struct {
	// Emulator returns the handler of an emulator holding n records.
	Emulator func(n int) http.Handler
	// Config returns steward.yaml text for one system named "src" at baseURL and
	// one job named "job" reading it with the given page size.
	Config func(baseURL string, pageSize int) string
	// Env resolves the config's ${VAR} references.
	Env map[string]string
	// Factory builds the extractor.
	Factory extract.Factory
	// ForeignNext rewrites a page body so that its next link points at foreign
	// (scheme://host); it returns the body unchanged on the last page. Nil
	// skips the test, for systems whose pages carry no link (the extractor
	// builds every page URL on the configured base).
	ForeignNext func(body []byte, foreign string) []byte
	// DropItems rewrites a page body so that it lacks its items array in the
	// given way (0, 1, 2, … until it returns nil); nil skips the test.
	DropItems func(body []byte, way int) []byte
	// Poison rewrites a page body so that the record with key holds a raw NUL
	// byte inside a string (deep false) or a value nested 10,000 deep (deep
	// true); it returns the body unchanged when the record is not on the page.
	// Nil skips the test.
	Poison func(body []byte, key string, deep bool) []byte
	// Shifts, when set, runs the rows-leave-the-result-set test.
	Shifts *Shifts
	// NullItems, when set, rewrites a page body so that its items array is
	// null or missing, for the protocol-error test.
	NullItems func(body []byte) []byte
	// Rewritable, when set, says which requests' answers the rewriting tests
	// may change (default: GET requests other than token requests). A
	// GraphQL connector reads with POST.
	Rewritable func(r *http.Request) bool
	// ListPage, when set, says whether an answer is a list page (default:
	// it has _links). Nil ForeignNext skips the foreign-next-link test, for
	// APIs without next links.
	ListPage func(body []byte) bool
	// Shape, when set, writes the injected 429 and 5xx answers in the
	// system's own format (default: the fault package's).
	Shape fault.Responder
}

func (h Harness) rewritable(r *http.Request) bool {
	if h.Rewritable != nil {
		return h.Rewritable(r)
	}
	return r.Method == http.MethodGet && !strings.Contains(r.URL.Path, "token")
}

func (h Harness) listPage(body []byte) bool {
	if h.ListPage != nil {
		return h.ListPage(body)
	}
	return bytes.Contains(body, []byte("_links"))
}

// env is one emulator under test with its fault switches.
type env struct {
	h       Harness
	srv     *httptest.Server
	faults  *fault.Set
	rewrite atomic.Pointer[func([]byte) []byte]
}

func (h Harness) start(t *testing.T, n int) *env {
	t.Helper()
	e := &env{h: h, faults: &fault.Set{Shape: h.Shape}}
	inner := h.Emulator(n)
	e.srv = httptest.NewServer(e.faults.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := e.rewrite.Load()
		if rw == nil || !h.rewritable(r) {
			inner.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write((*rw)(rec.Body.Bytes()))
	})))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) extractor(t *testing.T, pageSize int) extract.Extractor {
	t.Helper()
	f, err := config.Parse("conformance.yaml", []byte(e.h.Config(e.srv.URL, pageSize)), nil, func(k string) (string, bool) {
		v, ok := e.h.Env[k]
		return v, ok
	})
	if err != nil {
		t.Fatalf("conformance config: %v", err)
	}
	c, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := f.Job("job")
	x, err := e.h.Factory(extract.Spec{System: "src", Config: f, Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// drain reads every page from cur; it returns the keys in order, the pages'
// cursors and the first error.
func drain(ctx context.Context, x extract.Extractor, cur record.Cursor, stopAfter int) (keys []string, cursors []record.Cursor, err error) {
	for p, err := range x.Extract(ctx, cur) {
		if err != nil {
			return keys, cursors, err
		}
		for _, r := range p.Records {
			keys = append(keys, r.Key)
		}
		cursors = append(cursors, p.Cursor)
		if stopAfter > 0 && len(cursors) == stopAfter {
			break
		}
	}
	return keys, cursors, nil
}

// Run runs the whole suite.
func Run(t *testing.T, h Harness) {
	t.Run("paging", func(t *testing.T) { testPaging(t, h) })
	t.Run("resume", func(t *testing.T) { testResume(t, h) })
	t.Run("ties", func(t *testing.T) { testTies(t, h) })
	t.Run("retry", func(t *testing.T) { testRetry(t, h) })
	t.Run("cancel", func(t *testing.T) { testCancel(t, h) })
	t.Run("truncated", func(t *testing.T) { testTruncated(t, h) })
	t.Run("html", func(t *testing.T) { testHTML(t, h) })
	t.Run("foreign_next", func(t *testing.T) { testForeign(t, h) })
	t.Run("missing_items", func(t *testing.T) { testMissingItems(t, h) })
	t.Run("poison", func(t *testing.T) { testPoison(t, h) })
	if h.Shifts != nil {
		t.Run("shifts", func(t *testing.T) { testShifts(t, h) })
	}
	if h.NullItems != nil {
		t.Run("null_items", func(t *testing.T) { testNullItems(t, h) })
	}
}

func testPaging(t *testing.T, h Harness) {
	e := h.start(t, 250)
	keys, cursors, err := drain(t.Context(), e.extractor(t, 7), record.Cursor{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	assertAllOnce(t, keys, 250)
	if len(cursors) < 250/7 {
		t.Errorf("got %d pages for 250 records of page size 7", len(cursors))
	}
	last := cursors[len(cursors)-1]
	if last.InPass() || last.Watermark.IsZero() {
		t.Errorf("last page cursor %+v: want a finished pass with a watermark", last)
	}
	for _, c := range cursors[:len(cursors)-1] {
		if !c.InPass() {
			t.Fatalf("a middle page's cursor is not inside the pass: %+v", c)
		}
	}
}

func testResume(t *testing.T, h Harness) {
	e := h.start(t, 120)
	x := e.extractor(t, 10)
	first, cursors, err := drain(t.Context(), x, record.Cursor{}, 4)
	if err != nil {
		t.Fatal(err)
	}
	rest, _, err := drain(t.Context(), x, cursors[len(cursors)-1], 0)
	if err != nil {
		t.Fatal(err)
	}
	assertAllOnce(t, append(first, rest...), 120)
	// A finished pass resumed incrementally re-reads only the overlap window.
	_, all, err := drain(t.Context(), x, record.Cursor{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := drain(t.Context(), x, all[len(all)-1], 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) >= 120 {
		t.Errorf("incremental rerun read %d of 120 records; want only the overlap window", len(again))
	}
}

// testTies splits records sharing one timestamp across pages: every page size
// from 1 to 5 must deliver each record once.
func testTies(t *testing.T, h Harness) {
	e := h.start(t, 40)
	for size := 1; size <= 5; size++ {
		x := e.extractor(t, size)
		var keys []string
		cur := record.Cursor{}
		for {
			// Resume from each page's cursor, as a run killed after each page would.
			k, cs, err := drain(t.Context(), x, cur, 1)
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k...)
			cur = cs[0]
			if !cur.InPass() {
				break
			}
		}
		assertAllOnce(t, keys, 40)
	}
}

func testRetry(t *testing.T, h Harness) {
	for _, f := range []*fault.Set{{Storm429: 3, RetryAfter: "1", Path: "/"}, {Burst5xx: 4, Status5xx: 502, Path: "/"}} {
		e := h.start(t, 30)
		x := e.extractor(t, 10)
		e.faults.Update(f)
		keys, _, err := drain(t.Context(), x, record.Cursor{}, 0)
		if err != nil {
			t.Fatalf("with faults (429: %d, 5xx: %d): %v", f.Storm429, f.Burst5xx, err)
		}
		assertAllOnce(t, keys, 30)
		if got := e.faults.Injected(); len(got) == 0 {
			t.Fatalf("no fault was injected")
		}
	}
	e := h.start(t, 30)
	x := e.extractor(t, 10)
	e.faults.Update(&fault.Set{Burst5xx: 100})
	if _, _, err := drain(t.Context(), x, record.Cursor{}, 0); err == nil {
		t.Fatal("a server failing beyond the retry budget gave no error")
	}
	if n := e.faults.Injected()["5xx"]; n != 6 {
		t.Errorf("attempts against a failing server = %d, want 6 (1 + 5 retries)", n)
	}
}

func testCancel(t *testing.T, h Harness) {
	e := h.start(t, 100)
	x := e.extractor(t, 10)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pages := 0
	var err error
	for _, perr := range x.Extract(ctx, record.Cursor{}) {
		if perr != nil {
			err = perr
			break
		}
		pages++
		if pages == 2 {
			cancel()
		}
	}
	if pages > 3 || !errors.Is(err, context.Canceled) {
		t.Fatalf("after cancel: %d pages, err %v; want to stop with context.Canceled", pages, err)
	}
}

func testTruncated(t *testing.T, h Harness) {
	e := h.start(t, 30)
	x := e.extractor(t, 10)
	e.faults.Update(&fault.Set{Truncate: 2, Path: "/"})
	keys, _, err := drain(t.Context(), x, record.Cursor{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	assertAllOnce(t, keys, 30)
	if e.faults.Injected()["truncate"] != 2 {
		t.Fatalf("truncations injected: %v", e.faults.Injected())
	}
}

func testHTML(t *testing.T, h Harness) {
	e := h.start(t, 30)
	x := e.extractor(t, 10)
	e.faults.Update(&fault.Set{HTML: 100, Skip: 2})
	keys, _, err := drain(t.Context(), x, record.Cursor{}, 0)
	var cte *httpx.ContentTypeError
	if !errors.As(err, &cte) {
		t.Fatalf("an HTML page with status 200 gave %v (after %d keys); want a content type error", err, len(keys))
	}
}

func testForeign(t *testing.T, h Harness) {
	if h.ForeignNext == nil {
		t.Skip("the harness has no ForeignNext: the API's pages carry no next links")
	}
	var hits atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Errorf("credentials reached the foreign host")
		}
	}))
	defer foreign.Close()
	e := h.start(t, 30)
	x := e.extractor(t, 10)
	rw := func(b []byte) []byte { return h.ForeignNext(b, foreign.URL) }
	e.rewrite.Store(&rw)
	_, _, err := drain(t.Context(), x, record.Cursor{}, 0)
	var fe *httpx.ForeignHostError
	if !errors.As(err, &fe) {
		t.Fatalf("a next link to another host gave %v; want a ForeignHostError", err)
	}
	if hits.Load() != 0 {
		t.Fatalf("foreign host saw %d requests; error %v", hits.Load(), err)
	}
}

func assertAllOnce(t *testing.T, keys []string, n int) {
	t.Helper()
	seen := map[string]int{}
	for _, k := range keys {
		seen[k]++
	}
	var dups []string
	for k, c := range seen {
		if c > 1 {
			dups = append(dups, k)
		}
	}
	sort.Strings(dups)
	if len(seen) != n || len(dups) > 0 {
		t.Fatalf("got %d distinct of %d keys (%d reads); duplicated: %v", len(seen), n, len(keys), dups)
	}
}
