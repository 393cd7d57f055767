package webauth

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// TestMappedTrustedProxyNetwork: a trusted proxy network written in its
// IPv4-mapped IPv6 form (::ffff:10.0.0.0/104, which validate accepts)
// trusts the IPv4 proxies in it, as the single mapped address
// ::ffff:10.0.0.5 does.
func TestMappedTrustedProxyNetwork(t *testing.T) {
	for _, proxy := range []string{"::ffff:10.0.0.0/104", "::ffff:10.0.0.2", "::ffff:10.0.0.2/128"} {
		s := tokenServe()
		s.TrustedProxies = []string{proxy}
		g, err := New(s, Options{Log: zerolog.Nop()})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = "10.0.0.2:1000"
		req.Header.Set("X-Forwarded-For", "198.51.100.1")
		if got := g.clientAddr(req); got != "198.51.100.1" {
			t.Errorf("trusted proxy %s, request from 10.0.0.2 for 198.51.100.1: counted against %s", proxy, got)
		}
	}
}

// TestForwardedForWithPorts: a proxy that writes its client with a port in
// X-Forwarded-For (Azure Application Gateway writes 198.51.100.1:5555,
// others [2001:db8::1]:443) names that client; its clients are not all
// counted against the proxy, where one of them could lock out the others.
func TestForwardedForWithPorts(t *testing.T) {
	s := tokenServe()
	s.TrustedProxies = []string{"10.0.0.0/8"}
	g, err := New(s, Options{Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ xff, want string }{
		{"198.51.100.1:5555", "198.51.100.1"},
		{"6.6.6.6:1, 198.51.100.1:5555, 10.0.0.9:80", "198.51.100.1"},
		{"[2001:db8:1:2::7]:443", "2001:db8:1:2::/64"},
		{"198.51.100.1:junk", "10.0.0.2"}, // malformed: the proxy counts
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = "10.0.0.2:1000"
		req.Header.Set("X-Forwarded-For", c.xff)
		if got := g.clientAddr(req); got != c.want {
			t.Errorf("X-Forwarded-For %q: counted against %s, want %s", c.xff, got, c.want)
		}
	}
}

// TestRefusalsLogTheClient: behind a trusted proxy, a refused bearer token
// and a refused login form are logged with the client's address from
// X-Forwarded-For, as the throttle counts it, not the proxy's.
func TestRefusalsLogTheClient(t *testing.T) {
	s := tokenServe()
	s.TrustedProxies = []string{"10.0.0.0/8"}
	var logs syncBuffer
	g, err := New(s, Options{Log: zerolog.New(&logs)})
	if err != nil {
		t.Fatal(err)
	}
	from(g, "10.0.0.2:1000", "wrong-token", map[string]string{"X-Forwarded-For": "198.51.100.1"})
	req := httptest.NewRequest("POST", "/login/token", strings.NewReader("token=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "10.0.0.2:1001"
	req.Header.Set("X-Forwarded-For", "2001:db8::7")
	g.tokenLogin(httptest.NewRecorder(), req)
	l := logs.String()
	for _, want := range []string{`"remote":"198.51.100.1","error":"the API token is not recognized","message":"token refused"`, `"remote":"2001:db8::7","message":"login form refused"`} {
		if !strings.Contains(l, want) {
			t.Errorf("log lacks %s:\n%s", want, l)
		}
	}
	if strings.Contains(l, "10.0.0.2") {
		t.Errorf("the proxy is logged as the client:\n%s", l)
	}
}
