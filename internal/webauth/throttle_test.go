package webauth

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// from sends a bearer request with token to a page behind g, as if from
// remote (host:port), with extra headers; it returns the response.
func from(g *Guard, remote, token string, hdr map[string]string) *httptest.ResponseRecorder {
	h := g.Require(Viewer, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	req := httptest.NewRequest("GET", "/page", nil)
	req.RemoteAddr = remote
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestFailedTokensThrottled: after 10 failed tokens in 10 minutes from one
// address, its 11th attempt is 429 with Retry-After even with the right
// token, on the API and on the login form, until the window passes; a
// success does not reset the count; another address is unaffected; one
// warning is logged, holding no token.
func TestFailedTokensThrottled(t *testing.T) {
	f := newFixture(t, tokenServe())
	for i := range MaxFailedTokens {
		if i == 5 {
			if st, _, _ := f.do(t, f.client(t), "GET", "/view", nil, bearer(Viewer)); st != http.StatusOK {
				t.Fatalf("good token between failures: %d", st)
			}
		}
		if st, _, _ := f.do(t, f.client(t), "GET", "/view", nil, map[string]string{"Authorization": "Bearer wrong-canary-guess-" + fmt.Sprint(i)}); st != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, st)
		}
		f.clock.add(30 * time.Second)
	}
	c := f.client(t)
	req, _ := http.NewRequestWithContext(t.Context(), "GET", f.srv.URL+"/view", nil)
	req.Header.Set("Authorization", "Bearer "+roleTokens[Operator])
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	// The window began at the first failure, 5 minutes ago.
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "300" {
		t.Errorf("11th attempt, right token: %d Retry-After %q, want 429 and 300", res.StatusCode, res.Header.Get("Retry-After"))
	}
	csrf := f.formCSRF(t, c)
	if st, _, body := f.do(t, c, "POST", "/login/token", url.Values{"token": {roleTokens[Steward]}, "csrf": {csrf}}, nil); st != http.StatusTooManyRequests || !strings.Contains(body, "Too many failed logins") {
		t.Errorf("login form from the throttled address, right token: %d", st)
	}
	if rec := from(f.guard, "198.51.100.7:4000", roleTokens[Viewer], nil); rec.Code != http.StatusOK {
		t.Errorf("another address: %d, want 200", rec.Code)
	}
	f.clock.add(5 * time.Minute)
	if st, _, _ := f.do(t, f.client(t), "GET", "/view", nil, bearer(Viewer)); st != http.StatusOK {
		t.Errorf("after the window: %d, want 200", st)
	}
	logs := f.log.String()
	if n := strings.Count(logs, "failed tokens throttled"); n != 1 {
		t.Errorf("%d throttle warnings, want 1:\n%s", n, logs)
	}
	if strings.Contains(logs, "canary") {
		t.Errorf("a token reached the log:\n%s", logs)
	}
}

// TestFailedLoginFormThrottled: failed tokens pasted into the login form
// count too; the 11th is 429 with the right token.
func TestFailedLoginFormThrottled(t *testing.T) {
	f := newFixture(t, tokenServe())
	c := f.client(t)
	for i := range MaxFailedTokens {
		csrf := f.formCSRF(t, c)
		if st, _, _ := f.do(t, c, "POST", "/login/token", url.Values{"token": {"guess-" + fmt.Sprint(i)}, "csrf": {csrf}}, nil); st != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, st)
		}
	}
	csrf := f.formCSRF(t, c)
	st, _, _ := f.do(t, c, "POST", "/login/token", url.Values{"token": {roleTokens[Operator]}, "csrf": {csrf}}, nil)
	if st != http.StatusTooManyRequests {
		t.Errorf("11th login, right token: %d, want 429", st)
	}
	f.clock.add(FailWindow)
	f.login(t, c, Operator)
}

// TestThrottleBounded: 100k distinct failing addresses keep the table at
// MaxTrackedAddrs; the oldest are forgotten first.
func TestThrottleBounded(t *testing.T) {
	g, err := New(tokenServe(), Options{Log: zerolog.Nop(), Now: func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100_000 {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:1", i>>16, (i>>8)&255, i&255)
		_, _ = g.tokenAttempt(req, func() (apiToken, bool) { return apiToken{}, false })
	}
	if n := g.fails.size(); n != MaxTrackedAddrs {
		t.Errorf("table holds %d addresses, want %d", n, MaxTrackedAddrs)
	}
	if _, ok := g.fails.by["10.0.0.0"]; ok {
		t.Error("the first address is still counted")
	}
	if _, ok := g.fails.by[fmt.Sprintf("10.%d.%d.%d", 99_999>>16, (99_999>>8)&255, 99_999&255)]; !ok {
		t.Error("the last address is not counted")
	}
}

// TestClientAddr: X-Forwarded-For counts only from a trusted proxy, walked
// from the right past trusted hops; IPv6 clients count by their /64.
func TestClientAddr(t *testing.T) {
	s := tokenServe()
	s.TrustedProxies = []string{"10.0.0.0/8", "::1"}
	g, err := New(s, Options{Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ remote, xff, want string }{
		{"203.0.113.5:1000", "198.51.100.1", "203.0.113.5"},                  // not a proxy: XFF ignored
		{"10.0.0.2:1000", "198.51.100.1", "198.51.100.1"},                    // proxy: its client
		{"10.0.0.2:1000", "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"}, // spoofed left part ignored
		{"10.0.0.2:1000", "junk", "10.0.0.2"},                                // malformed: the proxy counts
		{"10.0.0.2:1000", "", "10.0.0.2"},                                    // no header
		{"[::1]:1000", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},          // IPv6 by /64
		{"[::ffff:203.0.113.5]:1", "", "203.0.113.5"},                        // 4in6 unmapped
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = c.remote
		if c.xff != "" {
			req.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := g.clientAddr(req); got != c.want {
			t.Errorf("remote %s, XFF %q: %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
	s.TrustedProxies = []string{"10.0.0.0/33"}
	if _, err := New(s, Options{Log: zerolog.Nop()}); err == nil || !strings.Contains(err.Error(), "serve.trusted_proxies[0]") {
		t.Errorf("bad trusted proxy: %v", err)
	}
}

// TestSpoofedForwardedForStillThrottled: without trusted proxies, a client
// changing X-Forwarded-For on each guess is still counted by its address.
func TestSpoofedForwardedForStillThrottled(t *testing.T) {
	g, err := New(tokenServe(), Options{Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	for i := range MaxFailedTokens {
		from(g, "203.0.113.5:1", "guess", map[string]string{"X-Forwarded-For": fmt.Sprintf("198.51.100.%d", i)})
	}
	if rec := from(g, "203.0.113.5:1", roleTokens[Viewer], map[string]string{"X-Forwarded-For": "198.51.100.200"}); rec.Code != http.StatusTooManyRequests {
		t.Errorf("spoofed X-Forwarded-For: %d, want 429", rec.Code)
	}
}
