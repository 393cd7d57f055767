package dataverse

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// serve builds a client on a handler with a bearer token and records sleeps.
func serve(t *testing.T, h http.HandlerFunc, s Settings, opt Options) (*Client, *[]time.Duration) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	retries := 5
	sys := config.System{BaseURL: srv.URL, AllowInsecureLoopback: true, Auth: config.Auth{Type: config.AuthNone},
		Retry: config.Retry{MaxRetries: &retries, BaseDelay: config.Duration(time.Second), MaxDelay: config.Duration(time.Minute)}}
	var slept []time.Duration
	hc, err := httpx.New("src", sys, zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, d time.Duration) error {
		slept = append(slept, d)
		return ctx.Err()
	}})
	if err != nil {
		t.Fatal(err)
	}
	if s.APIPath == "" {
		s = Settings{APIPath: "/api/data/v9.2", PageSize: 10, Concurrency: 8, WindowRequests: 6000}
	}
	return New(hc, s, opt, zerolog.Nop()), &slept
}

// TestDocumentedError: {"error":{"code":"0x80040265","message":"…"}} is a
// ServiceError with Dataverse's code and message (PROTOCOLS 5.5).
func TestDocumentedError(t *testing.T) {
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		_, _ = io.WriteString(w, `{"error":{"code":"0x80040265","message":"account With Id = 1 Does Not Exist"}}`)
	}, Settings{}, Options{})
	_, err := c.Page(t.Context(), c.CollectionURL("accounts", Query{}), "")
	var se *ServiceError
	if !errors.As(err, &se) || se.Code != "0x80040265" || se.Message != "account With Id = 1 Does Not Exist" || StatusOf(err) != 404 {
		t.Fatalf("err %v", err)
	}
}

// TestDocumented429: 429 with Retry-After in seconds and the request limit
// body (PROTOCOLS 5.6) is waited out as told, then the page is read.
func TestDocumented429(t *testing.T) {
	n := 0
	c, slept := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if n++; n == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(429)
			_, _ = io.WriteString(w, `{"error":{"code":"0x80072322","message":"Number of requests exceeded the limit of 6000 over time window of 300 seconds."}}`)
			return
		}
		_, _ = io.WriteString(w, `{"value":[]}`)
	}, Settings{}, Options{})
	if _, err := c.Page(t.Context(), c.CollectionURL("accounts", Query{}), ""); err != nil {
		t.Fatal(err)
	}
	if len(*slept) != 1 || (*slept)[0] != 7*time.Second {
		t.Fatalf("waits %v, want the 7 s Retry-After", *slept)
	}
}

// TestDocumentedPages: a collection page with nextLink, the last page of a
// tracked read with its deltaLink, OData 4.01 names, and pages without a
// value array (PROTOCOLS 4).
func TestDocumentedPages(t *testing.T) {
	for _, c := range []struct{ body, next, delta, err string }{
		{body: `{"@odata.context":"x/$metadata#accounts(name)","value":[{"name":"A"}],"@odata.nextLink":"https://o.crm.dynamics.com/api/data/v9.2/accounts?$select=name&$skiptoken=%3Ccookie%20pagenumber=%222%22/%3E"}`, next: "https://o.crm.dynamics.com/api/data/v9.2/accounts?$select=name&$skiptoken=%3Ccookie%20pagenumber=%222%22/%3E"},
		{body: `{"value":[],"@odata.deltaLink":"https://o.crm.dynamics.com/api/data/v9.2/accounts?$select=name&$deltatoken=919042%2108%2f22%2f2017%2008%3a10%3a44"}`, delta: "https://o.crm.dynamics.com/api/data/v9.2/accounts?$select=name&$deltatoken=919042%2108%2f22%2f2017%2008%3a10%3a44"},
		{body: `{"@context":"x","value":[],"@nextLink":"n"}`, next: "n"},
		{body: `{"value":null}`, err: "value"},
		{body: `{"@odata.context":"x"}`, err: "value"},
		{body: `{"value":{}}`, err: "value"},
	} {
		p, err := parsePage([]byte(c.body), "page")
		if c.err != "" {
			var pe *ProtocolError
			if !errors.As(err, &pe) {
				t.Errorf("%s: err %v, want a protocol error", c.body, err)
			}
			continue
		}
		if err != nil || p.NextLink != c.next || p.DeltaLink != c.delta {
			t.Errorf("%s: %+v %v", c.body, p, err)
		}
	}
}

// TestDocumentedBatchAnswer: with odata.continue-on-error each change set
// answers on its own; a failed one carries HTTP/1.1 400 and the error body
// (PROTOCOLS 5.4).
func TestDocumentedBatchAnswer(t *testing.T) {
	body := "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_a\r\n\r\n" +
		"--changesetresponse_a\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n" +
		"HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n\r\n--changesetresponse_a--\r\n" +
		"--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
		"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n" +
		`{"error":{"code":"0x80044331","message":"A validation error occurred."}}` + "\r\n--batchresponse_1--\r\n"
	resp := &http.Response{Header: http.Header{"Content-Type": {"multipart/mixed; boundary=batchresponse_1"}}, Body: io.NopCloser(strings.NewReader(body))}
	rs, err := readBatch(resp)
	if err != nil || len(rs) != 2 || !rs[0].OK() || rs[1].Status != 400 || rs[1].Code != "0x80044331" || rs[1].Message != "A validation error occurred." {
		t.Fatalf("%+v %v", rs, err)
	}
}

// TestBatchRequest: the $batch is multipart with one change set per write,
// Prefer: odata.continue-on-error and the OData headers; keys quote strings
// with quotes doubled (PROTOCOLS 5.4).
func TestBatchRequest(t *testing.T) {
	var got *http.Request
	var raw []byte
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got, raw = r, nil
		raw, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "multipart/mixed; boundary=b")
		_, _ = io.WriteString(w, "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--b--\r\n")
	}, Settings{}, Options{})
	path := KeyPath("accounts", "accountnumber", "O'Neil")
	if path != "/accounts(accountnumber='O''Neil')" {
		t.Errorf("key path %s", path)
	}
	rs, err := c.Batch(t.Context(), []Change{{Method: "PATCH", Path: path, Header: http.Header{"If-Match": {`W/"12"`}}, Body: []byte(`{"name":"x"}`)}})
	if err != nil || len(rs) != 1 || rs[0].Status != 204 {
		t.Fatalf("%+v %v", rs, err)
	}
	if got.URL.Path != "/api/data/v9.2/$batch" || got.Header.Get("Prefer") != "odata.continue-on-error" || got.Header.Get("OData-Version") != "4.0" || !strings.HasPrefix(got.Header.Get("Content-Type"), "multipart/mixed; boundary=batch_") {
		t.Errorf("request %s %v", got.URL, got.Header)
	}
	for _, want := range []string{"Content-Type: multipart/mixed; boundary=changeset_", "Content-Type: application/http\r\n", "Content-Transfer-Encoding: binary\r\n", "Content-ID: 1\r\n", "PATCH http://", "/api/data/v9.2/accounts(accountnumber='O''Neil') HTTP/1.1\r\n", "If-Match: W/\"12\"\r\n", "\r\n\r\n{\"name\":\"x\"}\r\n"} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("batch body lacks %q:\n%s", want, raw)
		}
	}
}

// TestQueryEncoding: spaces in query options are %20, never '+'.
func TestQueryEncoding(t *testing.T) {
	c, _ := serve(t, func(http.ResponseWriter, *http.Request) {}, Settings{}, Options{})
	u := c.CollectionURL("accounts", Query{Select: []string{"name"}, Filter: "modifiedon ge 2025-01-01T00:00:00Z", OrderBy: []string{"modifiedon", "accountid"}})
	if !strings.HasSuffix(u, "/api/data/v9.2/accounts?$select=name&$filter=modifiedon%20ge%202025-01-01T00%3A00%3A00Z&$orderby=modifiedon%2Caccountid") {
		t.Errorf("url %s", u)
	}
}

// TestWindowAndReserve: the client keeps to its 5-minute window, and stops
// with ErrQuotaReserve once the server announces the reserve reached.
func TestWindowAndReserve(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var waits []time.Duration
	opt := Options{Now: func() time.Time { return now }, Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); now = now.Add(d); return nil }}
	remaining := "100"
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-ms-ratelimit-burst-remaining-xrm-requests", remaining)
		_, _ = io.WriteString(w, `{"value":[]}`)
	}, Settings{APIPath: "/api/data/v9.2", PageSize: 5, Concurrency: 2, WindowRequests: 3, QuotaReserve: 10}, opt)
	link := c.CollectionURL("accounts", Query{})
	for i := range 4 {
		if _, err := c.Page(t.Context(), link, ""); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		now = now.Add(time.Second)
	}
	if len(waits) != 1 || waits[0] != Window-3*time.Second {
		t.Fatalf("waits %v, want one until the first request leaves the window", waits)
	}
	remaining = "10"
	if _, err := c.Page(t.Context(), link, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Page(t.Context(), link, ""); !errors.Is(err, retry.ErrQuotaReserve) {
		t.Fatalf("after the reserve was announced: %v", err)
	}
}

// TestRateLimitHeadersLogged: the x-ms-ratelimit-* headers reach the debug
// log (PROTOCOLS 5.6).
func TestRateLimitHeadersLogged(t *testing.T) {
	var buf bytes.Buffer
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-ms-ratelimit-burst-remaining-xrm-requests", "5999")
		w.Header().Set("x-ms-ratelimit-time-remaining-xrm-requests", "1199.5")
		_, _ = io.WriteString(w, `{"value":[]}`)
	}, Settings{}, Options{})
	c.guard.log = zerolog.New(&buf).Level(zerolog.DebugLevel)
	if _, err := c.Page(t.Context(), c.CollectionURL("accounts", Query{}), ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"burst_remaining":"5999"`) || !strings.Contains(buf.String(), `"time_remaining":"1199.5"`) {
		t.Errorf("log %s", buf.String())
	}
}
