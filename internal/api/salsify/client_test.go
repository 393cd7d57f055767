package salsify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/api/salsify/salsifytest"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

const (
	org   = "s-test-org"
	token = "test-token"
)

func systemYAML(base, settings string) string {
	return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  pim:
    kind: salsify
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: bearer, token: "${TOKEN}"}
    settings:
%s
`, base, settings)
}

func parse(t *testing.T, text string) *config.File {
	t.Helper()
	f, err := config.Parse("steward.yaml", []byte(text), nil, func(k string) (string, bool) { return token, k == "TOKEN" })
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// clientFor builds a client on handler h, counting the stack's retries.
func clientFor(t *testing.T, h http.Handler, pacing salsify.Pacing) *salsify.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f := parse(t, systemYAML(srv.URL, "      org_id: "+org))
	hc, err := httpx.New("pim", f.Systems["pim"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	return salsify.New(hc, org, salsify.Options{Pacing: pacing})
}

// The documented listing examples (PROTOCOLS.md §9: a page, the empty page).
func TestListDocumentedPages(t *testing.T) {
	for _, c := range []struct {
		body        string
		items, tota int
	}{
		{`{"data":[{"salsify:id":"4a4393f6-54d7-4963-a3c0-b3a083c2440c","Name":"My Product"}],"meta":{"per_page":100,"cursor":null,"total_entries":1,"current_page":1}}`, 1, 1},
		{`{"data":[],"meta":{"per_page":100,"cursor":null,"total_entries":0}}`, 0, 0},
	} {
		c := c
		cl := clientFor(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, c.body)
		}), salsify.Pacing{})
		p, err := cl.List(t.Context(), cl.ListURL("", 1, 100))
		if err != nil || len(p.Data) != c.items || p.Meta.TotalEntries != c.tota {
			t.Errorf("%s: %d items, total %d, %v", c.body, len(p.Data), p.Meta.TotalEntries, err)
		}
	}
}

// A page without its data array is ErrNoItems; one that will not decode
// keeps its body.
func TestListBadPages(t *testing.T) {
	for body, want := range map[string]error{
		`{"meta":{"total_entries":3}}`:                          salsify.ErrNoItems,
		`{"data":null,"meta":{"total_entries":3}}`:              salsify.ErrNoItems,
		`{"data":[{"salsify:id":"a` + "\x00" + `"}],"meta":{}}`: new(salsify.UndecodableError),
	} {
		cl := clientFor(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, body)
		}), salsify.Pacing{})
		_, err := cl.List(t.Context(), cl.ListURL("", 1, 100))
		var ue *salsify.UndecodableError
		if !errors.Is(err, want) && !(errors.As(want, &ue) && errors.As(err, &ue) && len(ue.Body) > 0) {
			t.Errorf("%s: %v, want %v", body, err, want)
		}
	}
}

// The documented result-window refusal carries Salsify's message and is not
// retried.
func TestResultWindowError(t *testing.T) {
	f := salsifytest.New(org, token)
	cl := clientFor(t, f, salsify.Pacing{})
	_, err := cl.List(t.Context(), cl.ListURL("", 401, 25))
	var se *salsify.StatusError
	if !errors.As(err, &se) || se.Status != 422 || se.Messages[0] != "result_window limit of 10025 exceeded 10000" {
		t.Fatalf("err %v", err)
	}
	if retry.Error(err) != retry.Permanent {
		t.Errorf("a 422 is classed %v", retry.Error(err))
	}
	if n := len(f.Requests()); n != 1 {
		t.Errorf("%d requests for a 422, want 1", n)
	}
}

// The bulk upsert's per-item error arrays come back one list per item.
func TestUpsertPerItemErrors(t *testing.T) {
	f := salsifytest.New(org, token)
	f.Reject["B"] = []string{"Price must be a number", "Color is not a valid option"}
	cl := clientFor(t, f, salsify.Pacing{})
	docs := []json.RawMessage{json.RawMessage(`{"Product ID":"A"}`), json.RawMessage(`{"Product ID":"B"}`), json.RawMessage(`{"Name":"no id"}`)}
	res, err := cl.Upsert(t.Context(), docs)
	if err != nil || !res.Refused() || res.Status != 422 {
		t.Fatalf("%+v, %v", res, err)
	}
	want := [][]string{nil, {"Price must be a number", "Color is not a valid option"}, {"Product ID can't be blank"}}
	for i := range want {
		if strings.Join(res.Errors[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("item %d: %q, want %q", i, res.Errors[i], want[i])
		}
	}
	res, err = cl.Upsert(t.Context(), docs[:1])
	if err != nil || res.Refused() || len(res.Docs) != 1 || f.Doc("A", "Product ID") != `"A"` {
		t.Fatalf("clean upsert: %+v, %v", res, err)
	}
}

// A single error body's messages reach the error text.
func TestErrorBodyMessages(t *testing.T) {
	cl := clientFor(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"errors":["You do not have access to this organization"]}`)
	}), salsify.Pacing{})
	_, _, err := cl.Product(t.Context(), "A B/C")
	if err == nil || !strings.Contains(err.Error(), "You do not have access to this organization") || !strings.Contains(err.Error(), `"A B/C"`) {
		t.Fatalf("err %v", err)
	}
}

// rateServer announces remaining and reset on every answer.
func rateServer(remaining *atomic.Int32, reset string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := remaining.Add(-1)
		w.Header().Set("X-Ratelimit-Limit", "10000")
		w.Header().Set("X-Ratelimit-Remaining", fmt.Sprint(n))
		w.Header().Set("X-Ratelimit-Reset", reset)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[],"meta":{"per_page":1,"total_entries":0}}`)
	})
}

// With little of the hourly budget left, the client waits for the reset
// before its next request, paid from the run's retry budget.
func TestRateLimitSlowDown(t *testing.T) {
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	for _, reset := range []string{"90", fmt.Sprint(now.Add(90 * time.Second).Unix())} {
		var remaining atomic.Int32
		remaining.Store(12)
		var waits []time.Duration
		cl := clientFor(t, rateServer(&remaining, reset), salsify.Pacing{Low: 10, Now: func() time.Time { return now },
			Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }})
		budget := retry.NewBudget(5 * time.Minute)
		ctx := retry.WithBudget(t.Context(), budget)
		for range 3 {
			if _, err := cl.Count(ctx, ""); err != nil {
				t.Fatal(err)
			}
		}
		// 11 left after the first answer, 10 after the second: the third waits.
		if len(waits) != 1 || waits[0] != 90*time.Second {
			t.Errorf("reset %s: waits %v, want one of 90s", reset, waits)
		}
		if !budget.Take(3*time.Minute+29*time.Second) || budget.Take(2*time.Second) {
			t.Errorf("reset %s: the wait was not paid from the run's budget", reset)
		}
	}
}

// When the run cannot afford the wait, what is left is spent, then the client
// stops with ErrBudgetExhausted instead of drawing 429s.
func TestRateLimitBudgetSpent(t *testing.T) {
	var remaining atomic.Int32
	remaining.Store(3)
	var requests atomic.Int32
	srv := rateServer(&remaining, "3000")
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1); srv.ServeHTTP(w, r) })
	cl := clientFor(t, counted, salsify.Pacing{Low: 10, Sleep: func(context.Context, time.Duration) error {
		t.Fatal("slept without budget")
		return nil
	}})
	ctx := retry.WithBudget(t.Context(), retry.NewBudget(time.Minute))
	var err error
	for range 5 {
		if _, err = cl.Count(ctx, ""); err != nil {
			break
		}
	}
	if !errors.Is(err, retry.ErrBudgetExhausted) || requests.Load() != 3 {
		t.Fatalf("after %d requests: %v; want ErrBudgetExhausted after 3", requests.Load(), err)
	}
}

// A client listing leaf products sends :product_type:leaf instead of all,
// and the filter reads back to the same bounds.
func TestLeavesFilter(t *testing.T) {
	f := parse(t, systemYAML("http://127.0.0.1:9", "      org_id: "+org))
	hc, err := httpx.New("pim", f.Systems["pim"], zerolog.Nop(), httpx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	for leaves, suffix := range map[bool]string{true: ":product_type:leaf", false: ":product_type:all"} {
		link, err := url.Parse(salsify.New(hc, org, salsify.Options{Leaves: leaves}).ListURL(salsify.OrderedFilter(from, time.Time{}), 1, 100))
		if err != nil {
			t.Fatal(err)
		}
		q := link.Query().Get("filter")
		if q != "='salsify:updated_at':gte('2026-01-05T08:00:00.000Z')"+suffix {
			t.Errorf("leaves %v: filter %q", leaves, q)
		}
		if got, _, err := salsify.ParseUpdatedFilter(q); err != nil || !got.Equal(from) {
			t.Errorf("ParseUpdatedFilter(%q) = %s, %v", q, got, err)
		}
	}
}
