package config

import (
	"strings"
	"testing"
)

// TestTrustedProxyOfEveryAddressWarns: a trusted proxy network that holds
// every address (0.0.0.0/0, ::/0) lets any client write its own
// X-Forwarded-For, so it could guess tokens without limit and lock out any
// address: validate warns at its line:col. A real proxy network does not.
func TestTrustedProxyOfEveryAddressWarns(t *testing.T) {
	for _, all := range []string{"0.0.0.0/0", "::/0", "::ffff:0.0.0.0/96"} {
		f, err := Parse("w.yaml", []byte(good+"serve:\n  trusted_proxies: [10.0.0.0/8, \""+all+"\"]\n"), kinds, serveEnv)
		if err != nil {
			t.Fatal(err)
		}
		want := "w.yaml:26:33: serve.trusted_proxies[1]: trusted proxy " + all + " holds every address"
		if ws := f.Warnings(); ws == nil || !strings.Contains(ws.Error(), want) {
			t.Errorf("%s: warnings %v, want %s", all, ws, want)
		}
	}
	f, err := Parse("w.yaml", []byte(good+"serve:\n  trusted_proxies: [10.0.0.0/8, \"fd00::/8\"]\n"), kinds, serveEnv)
	if err != nil {
		t.Fatal(err)
	}
	if ws := f.Warnings(); len(ws) != 0 {
		t.Errorf("proxy networks: %v", ws)
	}
}
