package salesforce_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/transform"
)

var env = map[string]string{"SECRET": "secret"}

// TestCustomerPayload maps an Account to the canonical customer.
func TestCustomerPayload(t *testing.T) {
	s := serve(t, fakeWith(1))
	ps, err := pages(t.Context(), build(t, fakeConfig(s.srv.URL, 10), env), record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	r := ps[0].Records[0]
	var c transform.Customer
	if err := json.Unmarshal(r.Payload, &c); err != nil {
		t.Fatal(err)
	}
	want := transform.Customer{ID: "001A00000000000", ExternalID: "C-000000", Name: "Company 0", VATID: "DE000000000", Street: "Main St 1",
		PostalCode: "10115", City: "Berlin", Country: "DE", Phone: "+49 30 1234", Owner: "005000000000001", Changed: epoch}
	if c != want || r.Key != want.ID || !r.Updated.Equal(epoch) {
		t.Fatalf("customer %+v (key %s, updated %s), want %+v", c, r.Key, r.Updated, want)
	}
}

// TestIncrementalQuery: a pass from a watermark asks SystemModstamp >=
// watermark - overlap, ordered by SystemModstamp, Id, with the window's
// upper bound exclusive.
func TestIncrementalQuery(t *testing.T) {
	s := serve(t, fakeWith(9))
	x := build(t, fakeConfig(s.srv.URL, 10), env)
	wm := epoch.Add(2 * time.Second)
	ps, err := pages(t.Context(), x, record.Cursor{Watermark: wm, Until: epoch.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	q := s.queries()[0]
	for _, want := range []string{"WHERE SystemModstamp >= 2025-03-01T08:00:02.000Z AND SystemModstamp < 2025-03-01T09:00:00.000Z", "ORDER BY SystemModstamp, Id", "FROM Account"} {
		if !strings.Contains(q, want) {
			t.Errorf("query %q lacks %q", q, want)
		}
	}
	if got := keys(ps); len(got) != 3 {
		t.Errorf("window from the watermark read %v, want the 3 accounts at it", got)
	}
	_, _ = pages(t.Context(), x, record.Cursor{Watermark: wm})
	if q := s.queries()[1]; !strings.Contains(q, "SystemModstamp >= 2025-03-01T08:00:01.000Z ORDER BY") {
		t.Errorf("live pass query %q: want the watermark less the 1 s overlap, no upper bound", q)
	}
}

// TestTieKeysDropped: a new pass from the last watermark (inclusive, less
// the overlap) does not deliver again the records already delivered at the
// watermark, but does deliver a new one at the same stamp (and the overlap
// window before it).
func TestTieKeysDropped(t *testing.T) {
	f := fakeWith(6)
	s := serve(t, f)
	x := build(t, fakeConfig(s.srv.URL, 10), env)
	first, err := pages(t.Context(), x, record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	last := first[len(first)-1].Cursor
	f.Mu.Lock()
	f.Put("Account", account(99, epoch.Add(time.Second))) // same stamp as the last three
	f.Mu.Unlock()
	again, err := pages(t.Context(), x, last)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"001A00000000000", "001A00000000001", "001A00000000002", "001A00000000099"}
	if got := keys(again); !slices.Equal(got, want) {
		t.Fatalf("second pass delivered %v, want %v: the overlap and the new record at the watermark", got, want)
	}
}

// TestExpiredLocatorRestarts: a pass resumed after its locator expired
// restarts at its highest stamp and delivers every record exactly once.
func TestExpiredLocatorRestarts(t *testing.T) {
	f := fakeWith(40)
	s := serve(t, f)
	x := build(t, fakeConfig(s.srv.URL, 4), env)
	var got []string
	var cur record.Cursor
	for p, err := range x.Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, keys([]record.Page{p})...)
		cur = p.Cursor
		if len(got) >= 5*4 {
			break
		}
	}
	f.ExpireLocators()
	rest, err := pages(t.Context(), x, cur)
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, keys(rest)...)
	seen := map[string]int{}
	for _, k := range got {
		seen[k]++
	}
	if len(seen) != 40 || len(got) != 40 {
		t.Fatalf("after an expired locator: %d distinct of 40 in %d reads", len(seen), len(got))
	}
	if q := s.queries(); len(q) != 2 || !strings.Contains(q[1], ">= 2025-03-01T08:00:06.000Z") {
		t.Fatalf("queries %q: want a restart at the pass's highest stamp", q)
	}
}

// TestDeletionsAfterPass: the last page of an incremental pass carries the
// deleted-records feed since the pass's lower bound.
func TestDeletionsAfterPass(t *testing.T) {
	f := fakeWith(3)
	now := time.Now().UTC()
	f.Delete("Account", "001A00000000001", now.Add(-time.Minute))
	f.Delete("Account", "001A00000000002", now.Add(-40*24*time.Hour))
	s := serve(t, f)
	ps, err := pages(t.Context(), build(t, fakeConfig(s.srv.URL, 10), env), record.Cursor{Watermark: now.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	last := ps[len(ps)-1]
	if len(last.Deleted) != 1 || last.Deleted[0].Key != "001A00000000001" || last.Deleted[0].At.IsZero() {
		t.Fatalf("deleted %+v, want the one deletion within the feed's reach", last.Deleted)
	}
	if n := f.Count("GET /sobjects/Account/deleted/"); n != 1 {
		t.Errorf("deleted feed read %d times", n)
	}
}

// TestQuotaReserve: a pass stops before eating into the reserve (10 % of the
// allocation), with retry.ErrQuotaReserve; the allocation is kept in the
// cursor's state so that the next run stops before sending anything while
// the figure is fresh. A figure older than an hour is asked about with one
// GET /limits: still at the reserve, the run stops there; with room again
// (the org's usage dropped), the run goes on.
func TestQuotaReserve(t *testing.T) {
	f := fakeWith(40)
	f.Used, f.Max = 86, 100
	s := serve(t, f)
	x := build(t, fakeConfig(s.srv.URL, 4), env)
	ps, err := pages(t.Context(), x, record.Cursor{})
	if !errors.Is(err, retry.ErrQuotaReserve) {
		t.Fatalf("near the limit: err %v after %d pages; want ErrQuotaReserve", err, len(ps))
	}
	if f.Used != 90 || len(ps) != 4 {
		t.Fatalf("api-usage %d after %d pages; want to stop at 90/100 (reserve 10) after 4", f.Used, len(ps))
	}
	st := ps[len(ps)-1].Cursor.State
	if !strings.Contains(st, `"used":90`) || !strings.Contains(st, `"max":100`) || !strings.Contains(st, `"own":4`) {
		t.Fatalf("cursor state %s lacks the allocation", st)
	}
	// A later run is another process: a client of its own, knowing only
	// the stored state (in one process the system's guard is shared).
	x = build(t, fakeConfig(s.srv.URL, 4), env)
	before := f.Count("GET")
	if _, err := pages(t.Context(), x, ps[len(ps)-1].Cursor); !errors.Is(err, retry.ErrQuotaReserve) || f.Count("GET") != before {
		t.Fatalf("a run resumed at the reserve sent %d requests, err %v", f.Count("GET")-before, err)
	}
	stale := ps[len(ps)-1].Cursor
	stale.State = agedQuota(t, stale.State, 2*time.Hour)
	x = build(t, fakeConfig(s.srv.URL, 4), env)
	if _, err := pages(t.Context(), x, stale); !errors.Is(err, retry.ErrQuotaReserve) || f.Count("GET") != before+1 || f.Count("GET /limits") != 1 {
		t.Fatalf("a stale figure still at the reserve: %d requests (%d /limits), err %v; want one GET /limits and the stop",
			f.Count("GET")-before, f.Count("GET /limits"), err)
	}
	f.Used = 20 // the org's usage dropped overnight
	x = build(t, fakeConfig(s.srv.URL, 4), env)
	got, err := pages(t.Context(), x, stale)
	if err != nil || f.Count("GET /limits") != 2 || len(got) == 0 {
		t.Fatalf("a stale figure with room again: err %v, %d pages, %d /limits; want one check and the run", err, len(got), f.Count("GET /limits"))
	}
	if st := got[len(got)-1].Cursor.State; strings.Contains(st, `"used":9`) {
		t.Fatalf("state %s kept the stale figure", st)
	}
}

// TestRequestLimitExceeded: 403 REQUEST_LIMIT_EXCEEDED stops the pass at
// once: never retried.
func TestRequestLimitExceeded(t *testing.T) {
	f := fakeWith(5)
	f.Used, f.Max = 100, 100
	s := serve(t, f)
	_, err := pages(t.Context(), build(t, fakeConfig(s.srv.URL, 4), env), record.Cursor{})
	if !errors.Is(err, retry.ErrQuotaReserve) || !strings.Contains(err.Error(), "REQUEST_LIMIT_EXCEEDED") {
		t.Fatalf("err %v; want the quota stop naming REQUEST_LIMIT_EXCEEDED", err)
	}
	if f.Tokens != 1 {
		t.Errorf("tokens %d", f.Tokens)
	}
}
