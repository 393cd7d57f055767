package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// This file runs jobs over a kind reached over HTTP ("bins"): its extractor
// reads two pages, /ENTITY/1 and /ENTITY/2, one widget each, and its loader
// PUTs each write to /put/ID, all through the runner's shared client.

type binsExtractor struct {
	c      *httpx.Client
	entity string
}

func (x binsExtractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		for n := 1; n <= 2; n++ {
			var w widget
			u := x.c.URL(fmt.Sprintf("/%s/%d", x.entity, n), nil)
			if _, err := x.c.GetJSON(ctx, u, nil, &w); err != nil {
				yield(record.Page{URL: u}, err)
				return
			}
			b, _ := json.Marshal(w)
			cur := from
			cur.Next = fmt.Sprint(n + 1)
			if n == 2 {
				cur = from.Finish()
			}
			if !yield(record.Page{Records: []record.Record{{Key: w.ID, Payload: b}}, Cursor: cur, URL: u}, nil) {
				return
			}
		}
	}
}

type binsLoader struct{ c *httpx.Client }

// BatchSize writes one record a batch, so a run writes its figures after each.
func (binsLoader) BatchSize() int { return 1 }

func (l binsLoader) Write(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	out := make([]load.Outcome, len(items))
	for i, it := range items {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPut, l.c.URL("/put/"+it.ExternalID, nil), strings.NewReader("{}"))
		if _, err := l.c.Do(req); err != nil {
			return nil, err
		}
		out[i] = load.Outcome{ID: it.ID, Status: load.Written}
	}
	return out, nil
}

var binsKind = connector.Kind{
	Name:   "bins",
	HTTP:   true,
	Decode: func(*config.File, string) (any, config.Problems) { return struct{}{}, nil },
	Extract: func(spec extract.Spec) (extract.Extractor, error) {
		return binsExtractor{c: spec.Client, entity: spec.Job.Extract.Entity}, nil
	},
	Load: func(spec load.Spec) (load.Loader, error) { return binsLoader{c: spec.Client}, nil },
}

const binsConfig = `version: 1
staging: {sqlite: DIR/s.db, parquet_dir: DIR/pq}
systems:
  api:
    kind: bins
    base_url: URL
    allow_insecure_loopback: true
jobs:
  - name: alpha
    data_type: widgets
    cadence: "@daily"
    extract: {system: api, entity: alpha, mode: full}
    load:
      targets:
        - system: api
          fields: [count]
  - name: beta
    data_type: gadgets
    cadence: "@daily"
    extract: {system: api, entity: beta, mode: full}
`

// script answers each path with its scripted statuses in turn, then 200 with
// a widget named by the path. The first requests to the paths in meet wait
// until each of them has arrived.
type script struct {
	mu      sync.Mutex
	left    map[string][]int
	calls   map[string]int
	meet    []string
	arrived int
	met     chan struct{}
}

func newScript(left map[string][]int, meet ...string) *script {
	return &script{left: left, calls: map[string]int{}, meet: meet, met: make(chan struct{})}
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls[r.URL.Path]++
	wait := s.calls[r.URL.Path] == 1 && slices.Contains(s.meet, r.URL.Path)
	if wait {
		if s.arrived++; s.arrived == len(s.meet) {
			close(s.met)
		}
	}
	var code int
	if q := s.left[r.URL.Path]; len(q) > 0 {
		code, s.left[r.URL.Path] = q[0], q[1:]
	}
	s.mu.Unlock()
	if wait {
		<-s.met
	}
	switch code {
	case 0:
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":%q,"count":1}`, strings.Trim(r.URL.Path, "/"))
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(code)
	default:
		w.WriteHeader(code)
	}
}

// binsRunner builds a runner of the alpha and beta jobs over srv, with st
// replaced as wrap says (nil: as it is) and obs counting for the metrics.
func binsRunner(t *testing.T, srv *httptest.Server, obs httpx.Observer, wrap func(*store.Store) Store) (*Runner, *store.Store) {
	t.Helper()
	kinds := connector.NewRegistry()
	kinds.Register(binsKind)
	types := transform.NewTypes()
	types.Register(widgets.Name, widgets)
	gadgets := widgets
	gadgets.Name = "gadgets" // beta's own, so that alpha never writes what beta staged
	types.Register(gadgets.Name, gadgets)
	dir := t.TempDir()
	text := strings.NewReplacer("DIR", dir, "URL", srv.URL).Replace(binsConfig)
	f, err := config.Parse(filepath.Join(dir, "steward.yaml"), []byte(text), kinds.Known(types), os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	settings, _ := kinds.Decode(f)
	st, err := store.Open(t.Context(), f.Staging.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var s Store = st
	if wrap != nil {
		s = wrap(st)
	}
	noSleep := func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	return &Runner{Config: f, Store: s, Kinds: kinds, Settings: settings, Types: types, Log: zerolog.Nop(),
		HTTP: httpx.Options{Sleep: noSleep, Observer: obs}}, st
}

// totals counts what the process-wide observer is told.
type totals struct {
	mu                sync.Mutex
	requests, retries int
}

func (o *totals) Request(string, int, time.Duration) { o.mu.Lock(); o.requests++; o.mu.Unlock() }
func (o *totals) Retry(string)                       { o.mu.Lock(); o.retries++; o.mu.Unlock() }
func (o *totals) Wait(string, time.Duration)         {}

// TestRunRecordsItsOwnHTTPFigures: a run whose first page is answered 429
// then 200 and its second 503 then 200, and whose two writes are answered
// 502 then 200 and 200, records 7 requests, 3 retries, one 429, two 5xx and
// the 2 s the 429 asked to wait. A concurrent run of another job on the
// same client (the server holds the first request of each until both have
// arrived) records only its own; the process-wide observer counts both.
func TestRunRecordsItsOwnHTTPFigures(t *testing.T) {
	s := newScript(map[string][]int{"/alpha/1": {429}, "/alpha/2": {503}, "/put/alpha/1": {502},
		"/beta/1": {500, 500}, "/beta/2": {429, 429}}, "/alpha/1", "/beta/1")
	srv := httptest.NewServer(s)
	defer srv.Close()
	obs := &totals{}
	r, st := binsRunner(t, srv, obs, nil)
	results := runAll(t, r, "alpha", "beta")
	want := map[string]store.HTTPCounts{
		"alpha": {Requests: 7, Retries: 3, Throttled: 1, ServerErrors: 2, RateLimitWaitMS: 2000},
		"beta":  {Requests: 6, Retries: 4, Throttled: 2, ServerErrors: 2, RateLimitWaitMS: 4000},
	}
	for job, w := range want {
		run, err := st.GetRun(t.Context(), results[job].RunID)
		if err != nil || run.HTTPCounts != w {
			t.Errorf("run of %s: %+v %v; want %+v", job, run.HTTPCounts, err, w)
		}
	}
	if obs.requests != 13 || obs.retries != 7 {
		t.Errorf("process-wide observer: %d requests, %d retries; want 13 and 7", obs.requests, obs.retries)
	}
}

// runAll runs jobs at the same time and returns their results.
func runAll(t *testing.T, r *Runner, jobs ...string) map[string]Result {
	results := make(map[string]Result)
	var mu sync.Mutex
	var runs sync.WaitGroup
	for _, job := range jobs {
		runs.Add(1)
		go func() {
			defer runs.Done()
			res, err := r.Run(t.Context(), Request{Job: job, Trigger: store.TriggerManual})
			if err != nil {
				t.Errorf("run %s: %v", job, err)
			}
			mu.Lock()
			results[job] = res
			mu.Unlock()
		}()
	}
	runs.Wait()
	return results
}

// failingHTTP is the SQLite store except that a run's HTTP figures can be
// written only pass times, as when the process dies before its run ends.
type failingHTTP struct {
	*store.Store
	pass  int
	calls int
}

func (f *failingHTTP) SetRunHTTP(ctx context.Context, runID int64, h store.HTTPCounts) error {
	if f.calls++; f.calls > f.pass {
		return errors.New("disk full")
	}
	return f.Store.SetRunHTTP(ctx, runID, h)
}

// TestRunKeepsTheHTTPFiguresItStored: the figures ride on each stored page
// and are written after each write-back batch (of one record here), so a
// run whose later records are lost keeps those of its last page (the
// extract's 4 requests) or of its first batch (6 with its write's 2).
func TestRunKeepsTheHTTPFiguresItStored(t *testing.T) {
	for _, c := range []struct {
		pass     int
		requests int64
	}{{0, 4}, {1, 6}} {
		s := newScript(map[string][]int{"/alpha/1": {429}, "/alpha/2": {503}, "/put/alpha/1": {502}})
		srv := httptest.NewServer(s)
		r, st := binsRunner(t, srv, nil, func(st *store.Store) Store { return &failingHTTP{Store: st, pass: c.pass} })
		res, err := r.Run(t.Context(), Request{Job: "alpha", Trigger: store.TriggerManual})
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		run, _ := st.GetRun(t.Context(), res.RunID)
		want := store.HTTPCounts{Requests: c.requests, Retries: 2, Throttled: 1, ServerErrors: 1, RateLimitWaitMS: 2000}
		if c.pass > 0 {
			want.Retries, want.ServerErrors = 3, 2
		}
		if run.HTTPCounts != want || s.calls["/put/alpha/1"] != 2 {
			t.Errorf("%d figures written before the end: %+v (write-back calls %d); want %+v", c.pass, run.HTTPCounts, s.calls["/put/alpha/1"], want)
		}
	}
}
