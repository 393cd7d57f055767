package config

import (
	"strings"
	"testing"
	"time"
)

// TestServeIdleTimeout: unset is the 30m default, 0 turns it off, a value
// in range is kept; trusted proxies are addresses or networks.
func TestServeIdleTimeout(t *testing.T) {
	for src, want := range map[string]time.Duration{
		"  session: {max_age: 12h}":                       DefaultSessionIdle,
		"  session: {idle_timeout: 0s}":                   0,
		"  session: {idle_timeout: 15m}":                  15 * time.Minute,
		"  trusted_proxies: [10.0.0.0/8, 127.0.0.1, ::1]": DefaultSessionIdle,
	} {
		f, err := Parse("good.yaml", []byte(good+"serve:\n"+src+"\n"), kinds, serveEnv)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if got := f.Serve.Session.Idle(); got != want {
			t.Errorf("%s: idle %s, want %s", src, got, want)
		}
	}
}

// TestServeSessionProblems: an idle timeout out of range and a trusted
// proxy that is no address, each at its line:col with a hint.
func TestServeSessionProblems(t *testing.T) {
	for src, want := range map[string]string{
		"  session: {idle_timeout: 1m}":                             `bad.yaml:26:13: serve.session.idle_timeout: idle_timeout 1m0s is out of range (hint: 0 turns it off; else between 5m0s and max_age (12h0m0s), e.g. 30m)`,
		"  session: {max_age: 1h, idle_timeout: 2h}":                `bad.yaml:26:26: serve.session.idle_timeout: idle_timeout 2h0m0s is out of range (hint: 0 turns it off; else between 5m0s and max_age (1h0m0s)`,
		"  session: {idle_timeout: -5m}":                            `serve.session.idle_timeout: idle_timeout -5m0s is out of range`,
		"  trusted_proxies: [10.0.0.0/8, proxy.local, 10.0.0.0/33]": `bad.yaml:26:33: serve.trusted_proxies[1]: trusted proxy "proxy.local" is not an address or a network (hint: write the proxy's address (10.0.0.5, fd00::5) or its network (10.0.0.0/8))`,
	} {
		_, err := Parse("bad.yaml", []byte(good+"serve:\n"+src+"\n"), kinds, serveEnv)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s:\n got %v\nwant %s", src, err, want)
		}
	}
	_, err := Parse("bad.yaml", []byte(good+"serve:\n  trusted_proxies: [10.0.0.0/33]\n"), kinds, serveEnv)
	if err == nil || !strings.Contains(err.Error(), "serve.trusted_proxies[0]") {
		t.Errorf("bad network: %v", err)
	}
}

// TestServeProxyWithoutTrustedProxiesWarns: insecure_http (a TLS proxy in
// front) without trusted_proxies warns that failed logins count against the
// proxy; naming the proxy silences it.
func TestServeProxyWithoutTrustedProxiesWarns(t *testing.T) {
	const behind = "  listen: 0.0.0.0:8080\n  insecure_http: true\n"
	f, err := Parse("w.yaml", []byte(good+"serve:\n"+behind), kinds, serveEnv)
	if err != nil {
		t.Fatal(err)
	}
	if ws := f.Warnings(); !strings.Contains(ws.Error(), "w.yaml:27:3: serve.insecure_http: behind a proxy, failed logins are counted against the proxy's address") {
		t.Errorf("warnings: %v", ws)
	}
	f, err = Parse("w.yaml", []byte(good+"serve:\n"+behind+"  trusted_proxies: [10.0.0.0/8]\n"), kinds, serveEnv)
	if err != nil {
		t.Fatal(err)
	}
	if ws := f.Warnings(); len(ws) != 0 {
		t.Errorf("warnings with the proxy named: %v", ws)
	}
}
