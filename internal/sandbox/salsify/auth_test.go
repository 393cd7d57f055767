package salsify

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

func escape(s string) string { return url.QueryEscape(s) }

const signIn = `{"error":"You need to sign in before continuing."}`

func TestAuthVariants(t *testing.T) {
	s, srv := start(t, 5)
	header := func(v string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", v) }
	}
	cases := []struct {
		name   string
		path   string
		edit   func(*http.Request)
		status int
	}{
		{"bearer header", base + "/products/SKU-0000001", header("Bearer " + SandboxToken), 200},
		{"access_token parameter", base + "/products/SKU-0000001?access_token=" + SandboxToken, nil, 200},
		{"no credentials", base + "/products/SKU-0000001", nil, 401},
		{"wrong bearer", base + "/products/SKU-0000001", header("Bearer nope"), 401},
		{"other scheme", base + "/products/SKU-0000001", header("Token " + SandboxToken), 401},
		{"empty bearer", base + "/products/SKU-0000001", header("Bearer "), 401},
		{"wrong access_token", base + "/products/SKU-0000001?access_token=nope", nil, 401},
		{"unknown org", "/api/v1/orgs/s-other/products", header("Bearer " + SandboxToken), 404},
		{"unknown org without credentials", "/api/v1/orgs/s-other/products", nil, 401},
		{"outside the api", "/api/v2/orgs/" + SandboxOrg + "/products", header("Bearer " + SandboxToken), 404},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := send(t, srv, "GET", c.path, "", c.edit)
			want := ""
			if c.status == 401 {
				want = signIn
			}
			expect(t, a, c.status, want)
		})
	}
	s.SetToken("rotated")
	expect(t, call(t, srv, "GET", base+"/products/SKU-0000001", ""), 401, signIn)
	s.ExpireTokens() // a no-op: API tokens do not expire
	expect(t, send(t, srv, "GET", base+"/products/SKU-0000001?access_token=rotated", "", nil), 200, "")
}

func TestRateLimitHeadersOnEveryAnswer(t *testing.T) {
	_, srv := start(t, 5)
	for _, a := range []answer{
		call(t, srv, "GET", base+"/products", ""),
		call(t, srv, "GET", base+"/products/none", ""),
		call(t, srv, "GET", base+"/products?filter=bad", ""),
		send(t, srv, "GET", base+"/products", "", nil),
		call(t, srv, "GET", "/api/v1/orgs/s-x/products", ""),
	} {
		for _, h := range []string{"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} {
			if a.header.Get(h) == "" {
				t.Errorf("answer %d %s has no %s", a.status, a.body, h)
			}
		}
		if a.header.Get("x-ratelimit-limit") != "10000" || a.header.Get("x-ratelimit-reset") != "1800" {
			t.Errorf("limit %s reset %s, want 10000 and 1800 (seconds to the top of the hour)",
				a.header.Get("x-ratelimit-limit"), a.header.Get("x-ratelimit-reset"))
		}
	}
	// Three counted requests so far (the 401 and the unknown org do not count).
	a := call(t, srv, "GET", base+"/products", "")
	if got := a.header.Get("x-ratelimit-remaining"); got != "9996" {
		t.Errorf("remaining %s after four counted requests, want 9996", got)
	}
}

func TestRateLimitExceeded(t *testing.T) {
	s, srv := start(t, 5)
	now := fixedNow
	s.SetClock(func() time.Time { return now })
	s.SetRateLimit(3, time.Hour)
	for k := range 3 {
		a := call(t, srv, "GET", base+"/products/SKU-0000001", "")
		expect(t, a, 200, "")
		if got := a.header.Get("x-ratelimit-remaining"); got != strconv.Itoa(2-k) {
			t.Errorf("request %d: remaining %s", k+1, got)
		}
	}
	a := call(t, srv, "GET", base+"/products/SKU-0000001", "")
	expect(t, a, 429, `{"errors":["API rate limit of 3 requests exceeded for this organization"]}`)
	if a.header.Get("x-ratelimit-remaining") != "0" || a.header.Get("x-ratelimit-reset") != "1800" || a.header.Get("x-ratelimit-limit") != "3" {
		t.Errorf("429 headers %v", a.header)
	}
	if a.header.Get("Retry-After") != "" {
		t.Error("the limiter sent Retry-After, which Salsify does not document")
	}
	now = time.Date(2026, 2, 1, 11, 0, 0, 0, time.UTC)
	a = call(t, srv, "GET", base+"/products/SKU-0000001", "")
	expect(t, a, 200, "")
	if a.header.Get("x-ratelimit-remaining") != "2" || a.header.Get("x-ratelimit-reset") != "3600" {
		t.Errorf("new hour: remaining %s reset %s", a.header.Get("x-ratelimit-remaining"), a.header.Get("x-ratelimit-reset"))
	}
	s.SetRateLimit(1, time.Minute)
	call(t, srv, "GET", base+"/products", "")
	if a := call(t, srv, "GET", base+"/products", ""); a.status != 429 || a.header.Get("x-ratelimit-reset") != "60" {
		t.Errorf("a one-minute window: %d reset %s", a.status, a.header.Get("x-ratelimit-reset"))
	}
}
