package hubspot

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// rateBody is a decoded 429.
type rateBody struct {
	Status        string `json:"status"`
	Message       string `json:"message"`
	ErrorType     string `json:"errorType"`
	CorrelationID string `json:"correlationId"`
	PolicyName    string `json:"policyName"`
}

func expect429(t *testing.T, a answer, policy string) {
	t.Helper()
	expect(t, a, 429)
	b := decode[rateBody](t, a)
	if b.Status != "error" || b.ErrorType != "RATE_LIMIT" || b.PolicyName != policy || b.CorrelationID == "" || b.Message == "" {
		t.Fatalf("429 body %s, want policy %s", a.body, policy)
	}
	if a.header.Get("Retry-After") != "" {
		t.Errorf("a 429 with Retry-After %q; HubSpot does not promise one", a.header.Get("Retry-After"))
	}
}

// §3.6: the rolling window (100 per 10 s by default) with the
// X-HubSpot-RateLimit-* headers on every answer; beyond it 429
// TEN_SECONDLY_ROLLING ("You have reached your ten_secondly_rolling limit.",
// as HubSpot answers it: HubSpot/hubspot-api-python#117,
// hubspot-api-nodejs#416) without Retry-After; the window rolls.
func TestDocumentedRollingWindow(t *testing.T) {
	_, srv, clk := start(t, func(o *Options) { o.BurstMax, o.DailyMax = 0, 1000 })
	for k := range 100 {
		a := call(t, srv, "GET", "/crm/v3/objects/contacts", "")
		expect(t, a, 200)
		h := a.header
		if h.Get(hdrMax) != "100" || h.Get(hdrRemaining) != strconv.Itoa(99-k) || h.Get(hdrInterval) != "10000" ||
			h.Get(hdrDaily) != "1000" || h.Get(hdrDailyRemaining) != strconv.Itoa(999-k) {
			t.Fatalf("request %d headers %v", k, h)
		}
		if k == 49 {
			clk.Add(5 * time.Second)
		}
	}
	a := call(t, srv, "GET", "/crm/v3/objects/contacts", "")
	expect429(t, a, "TEN_SECONDLY_ROLLING")
	if b := decode[rateBody](t, a); b.Message != "You have reached your ten_secondly_rolling limit." {
		t.Errorf("429 message %q", b.Message)
	}
	if a.header.Get(hdrRemaining) != "0" {
		t.Errorf("429 remaining %q", a.header.Get(hdrRemaining))
	}
	clk.Add(5 * time.Second)
	a = call(t, srv, "GET", "/crm/v3/objects/contacts", "")
	expect(t, a, 200)
	if a.header.Get(hdrRemaining) != "49" {
		t.Errorf("after the first 50 left the window: remaining %q, want 49", a.header.Get(hdrRemaining))
	}
}

// §3.6: the daily limit answers 429 DAILY until the day rolls over.
func TestDocumentedDailyLimit(t *testing.T) {
	e, srv, clk := start(t, func(o *Options) { o.DailyMax = 3 })
	for range 3 {
		expect(t, call(t, srv, "GET", "/crm/v3/owners", ""), 200)
	}
	expect429(t, call(t, srv, "GET", "/crm/v3/owners", ""), "DAILY")
	expect429(t, call(t, srv, "POST", "/crm/v3/objects/contacts/search", `{}`), "DAILY")
	clk.Add(14 * time.Hour)
	a := call(t, srv, "GET", "/crm/v3/owners", "")
	expect(t, a, 200)
	if a.header.Get(hdrDailyRemaining) != "2" {
		t.Errorf("next day remaining %q", a.header.Get(hdrDailyRemaining))
	}
	e.SetQuota(0, 0, 1, 0)
	expect429(t, call(t, srv, "GET", "/crm/v3/owners", ""), "DAILY")
}

// §3.6: search answers omit the rate-limit headers and have their own
// per-second limit (5 by default), 429 SECONDLY beyond it.
func TestDocumentedSearchLimit(t *testing.T) {
	_, srv, clk := start(t, func(o *Options) { o.SearchPerSecond = 0 })
	for range 5 {
		a := call(t, srv, "POST", "/crm/v3/objects/contacts/search", `{}`)
		expect(t, a, 200)
		if a.header.Get(hdrMax) != "" || a.header.Get(hdrDaily) != "" {
			t.Fatalf("search answer with rate-limit headers %v", a.header)
		}
	}
	expect429(t, call(t, srv, "POST", "/crm/v3/objects/contacts/search", `{}`), "SECONDLY")
	expect(t, call(t, srv, "GET", "/crm/v3/objects/contacts", ""), 200)
	clk.Add(time.Second)
	expect(t, call(t, srv, "POST", "/crm/v3/objects/contacts/search", `{}`), 200)
}

// Injected faults come in HubSpot's shape: a TEN_SECONDLY_ROLLING 429 body with the
// headers (Retry-After only when the fault set sends one), a 500 with the
// error body.
func TestFaultShape(t *testing.T) {
	e, _, _ := start(t, nil)
	rec := httptest.NewRecorder()
	e.FaultShape().TooManyRequests(rec, "")
	a := answer{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	expect429(t, a, "TEN_SECONDLY_ROLLING")
	if a.header.Get(hdrRemaining) != "0" || a.header.Get(hdrInterval) != "10000" {
		t.Errorf("fault 429 headers %v", a.header)
	}
	rec = httptest.NewRecorder()
	e.FaultShape().TooManyRequests(rec, "2")
	if rec.Header().Get("Retry-After") != "2" {
		t.Error("the fault set's Retry-After was dropped")
	}
	rec = httptest.NewRecorder()
	e.FaultShape().ServerError(rec, 500)
	expectError(t, answer{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}, 500, "INTERNAL_ERROR")
	rec = httptest.NewRecorder()
	e.FaultShape().ServerError(rec, 503)
	if rec.Code != 503 || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("503: %d %v", rec.Code, rec.Header())
	}
}
