package dataverse_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/dataverse"
	api "github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// recorder keeps the headers of every collection read.
type recorder struct {
	mu   sync.Mutex
	reqs []*http.Request
	next http.Handler
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req.Clone(req.Context()))
	r.mu.Unlock()
	r.next.ServeHTTP(w, req)
}

func build(t *testing.T, h http.Handler, cfg func(string, int) string, size int) (extract.Extractor, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f, err := config.Parse("t.yaml", []byte(cfg(srv.URL, size)), nil, func(k string) (string, bool) { return secret, k == "SECRET" })
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(f, "src")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	c, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Auth: api.Auths(), Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := f.Job("job")
	x, err := dataverse.New(extract.Spec{System: "src", Config: f, Settings: s, Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x, srv.URL
}

type result struct {
	keys    []string
	deleted []string
	last    record.Cursor
	pages   int
}

func run(t *testing.T, x extract.Extractor, from record.Cursor) result {
	t.Helper()
	var r result
	for p, err := range x.Extract(t.Context(), from) {
		if err != nil {
			t.Fatalf("page %s: %v", p.URL, err)
		}
		for _, rec := range p.Records {
			r.keys = append(r.keys, rec.Key)
		}
		for _, d := range p.Deleted {
			r.deleted = append(r.deleted, d.Key)
		}
		r.last, r.pages = p.Cursor, r.pages+1
	}
	return r
}

// TestDeltaPass: the first pass keeps the delta link; the next pass reads
// only the changed row and the removed one, as a deletion.
func TestDeltaPass(t *testing.T) {
	f := fake(25)
	rec := &recorder{next: f}
	x, _ := build(t, rec, yamlConfig("track_changes"), 10)
	first := run(t, x, record.Cursor{})
	if len(first.keys) != 25 || first.last.InPass() || !strings.Contains(first.last.State, "$deltatoken=") {
		t.Fatalf("first pass: %d keys, cursor %+v", len(first.keys), first.last)
	}
	for _, r := range rec.reqs[1:] {
		if p := r.Header.Get("Prefer"); p != "odata.track-changes,odata.maxpagesize=10" {
			t.Errorf("%s: Prefer %q, want the same change tracking preference on every page", r.URL, p)
		}
		if r.Header.Get("If-None-Match") != "null" || r.Header.Get("OData-Version") != "4.0" || r.Header.Get("OData-MaxVersion") != "4.0" {
			t.Errorf("%s: headers %v", r.URL, r.Header)
		}
	}
	f.Put("accounts", account(3, epoch.Add(time.Hour)))
	f.Delete("accounts", accountID(7))
	second := run(t, x, first.last)
	if len(second.keys) != 1 || second.keys[0] != accountID(3) || len(second.deleted) != 1 || second.deleted[0] != accountID(7) {
		t.Fatalf("delta pass: keys %v, deleted %v", second.keys, second.deleted)
	}
	if second.last.State == first.last.State || !second.last.Watermark.Equal(epoch.Add(time.Hour)) {
		t.Errorf("delta pass cursor %+v", second.last)
	}
}

// TestDeltaExpired: a refused delta link is a full resync with change
// tracking, counted, never a failed run.
func TestDeltaExpired(t *testing.T) {
	f := fake(12)
	x, _ := build(t, f, yamlConfig("track_changes"), 5)
	first := run(t, x, record.Cursor{})
	f.Put("accounts", account(100, epoch.Add(time.Hour)))
	f.Expire = 1 << 30
	again := run(t, x, first.last)
	if len(again.keys) != 13 || again.last.InPass() || again.last.State == "" {
		t.Fatalf("resync: %d keys, cursor %+v", len(again.keys), again.last)
	}
	if n := x.(*dataverse.Extractor).Resyncs(); n != 1 {
		t.Errorf("resyncs = %d, want 1", n)
	}
}

// TestDeltaResumedHalfway: a delta whose changes span pages, killed after
// its first page, resumes at its next link and reads the rest once.
func TestDeltaResumedHalfway(t *testing.T) {
	f := fake(20)
	x, _ := build(t, f, yamlConfig("track_changes"), 4)
	first := run(t, x, record.Cursor{})
	for i := range 10 {
		f.Put("accounts", account(i, epoch.Add(time.Hour)))
	}
	var got []string
	var cur record.Cursor
	for p, err := range x.Extract(t.Context(), first.last) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			got = append(got, r.Key)
		}
		cur = p.Cursor
		break
	}
	if !cur.InPass() || cur.State != first.last.State {
		t.Fatalf("mid-delta cursor %+v: want the next link and the old delta link kept", cur)
	}
	rest := run(t, x, cur)
	if n := len(got) + len(rest.keys); n != 10 {
		t.Fatalf("delta read %d changes in two runs, want 10", n)
	}
}

// TestNoDeltaLink: a tracked read whose last page has no delta link (a
// table without change tracking) fails with a hint, it never finishes.
func TestNoDeltaLink(t *testing.T) {
	f := fake(3)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rr := httptest.NewRecorder()
		f.ServeHTTP(rr, r)
		for k, v := range rr.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rr.Code)
		_, _ = w.Write([]byte(strings.Replace(rr.Body.String(), `"@odata.deltaLink"`, `"@odata.other"`, 1)))
	})
	x, _ := build(t, h, yamlConfig("track_changes"), 10)
	for p, err := range x.Extract(t.Context(), record.Cursor{}) {
		if err == nil {
			t.Fatalf("a page without a delta link was yielded: %+v", p.Cursor)
		}
		if !strings.Contains(err.Error(), "mode: modifiedon") {
			t.Errorf("error %v lacks the hint", err)
		}
	}
}

// TestCustomerPayload maps an account row onto the canonical customer.
func TestCustomerPayload(t *testing.T) {
	f := fake(0)
	row := account(1, epoch)
	row["stw_vatid"], row["_ownerid_value"], row["telephone1"] = "DE123", "00000000-0000-0000-0009-000000000001", nil
	f.Put("accounts", row)
	x, _ := build(t, f, yamlConfig("track_changes"), 10)
	var payload json.RawMessage
	for p, err := range x.Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			t.Fatal(err)
		}
		payload = p.Records[0].Payload
	}
	var c transform.Customer
	if err := json.Unmarshal(payload, &c); err != nil {
		t.Fatal(err)
	}
	want := transform.Customer{ID: accountID(1), ExternalID: "C-000001", Name: "Company 1", VATID: "DE123", City: "Berlin", Country: "DE", Owner: "00000000-0000-0000-0009-000000000001", Changed: epoch}
	if c != want {
		t.Errorf("customer %+v, want %+v", c, want)
	}
}
