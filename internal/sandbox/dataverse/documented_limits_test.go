package dataverse

import (
	"strconv"
	"testing"
	"time"
)

func TestDocumentedRequestLimit(t *testing.T) {
	e := start(t, 0, func(o *Options) { o.WindowRequests = 3 })
	for i := range 3 {
		a := e.call(t, "GET", api+"systemusers", "")
		expect(t, a, 200, "")
		if got := a.header.Get("x-ms-ratelimit-burst-remaining-xrm-requests"); got != strconv.Itoa(2-i) || a.header.Get("x-ms-ratelimit-time-remaining-xrm-requests") == "" {
			t.Errorf("request %d: burst remaining %q", i, got)
		}
		e.clk.t = e.clk.t.Add(time.Minute)
	}
	a := e.call(t, "GET", api+"systemusers", "")
	expect(t, a, 429, `{"error":{"code":"0x80072322","message":"Number of requests exceeded the limit of 3 over time window of 300 seconds."}}`)
	if a.header.Get("Retry-After") != "120" {
		t.Errorf("Retry-After %q, want 120 (the first request leaves the window in 2 minutes)", a.header.Get("Retry-After"))
	}
	e.clk.t = e.clk.t.Add(2 * time.Minute)
	expect(t, e.call(t, "GET", api+"systemusers", ""), 200, "")
}

func TestDocumentedDefaultLimitMessages(t *testing.T) {
	if requestsMessage(6000) != "Number of requests exceeded the limit of 6000 over time window of 300 seconds." ||
		concurrencyMessage(52) != "Number of concurrent requests exceeded the limit of 52." {
		t.Error("the documented messages changed")
	}
	e := New(Options{})
	if e.opts.WindowRequests != 6000 || e.opts.Concurrent != 52 || e.opts.ChangeTrackingDays != 7 || e.opts.MaxPageSize != 5000 {
		t.Errorf("defaults %+v", e.opts)
	}
}

func TestDocumentedConcurrencyLimit(t *testing.T) {
	e := start(t, 0, func(o *Options) { o.Concurrent = 1 })
	// Occupy the user's one concurrent slot with a request in flight.
	if _, _, err := e.em.limit.take(SandboxClientID, fixedNow); err != nil {
		t.Fatal(err)
	}
	a := e.call(t, "GET", api+"systemusers", "")
	expect(t, a, 429, `{"error":{"code":"0x80072326","message":"Number of concurrent requests exceeded the limit of 1."}}`)
	if a.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	e.em.limit.done(SandboxClientID)
	expect(t, e.call(t, "GET", api+"systemusers", ""), 200, "")
}

func TestDocumentedAuthFailures(t *testing.T) {
	e := start(t, 0, nil)
	expect(t, e.call(t, "GET", api+"systemusers", "", "Authorization: Bearer nope"), 401, `"error"`)
	e.clk.t = fixedNow.Add(3599 * time.Second)
	expect(t, e.call(t, "GET", api+"systemusers", ""), 401, "ExpiredAuthTicket")
	e.clk.t = fixedNow
	e.token = e.fetchToken(t)
	e.em.ExpireTokens()
	a := e.call(t, "GET", api+"systemusers", "")
	expect(t, a, 401, "")
	if a.header.Get("WWW-Authenticate") == "" {
		t.Error("no WWW-Authenticate")
	}
}
