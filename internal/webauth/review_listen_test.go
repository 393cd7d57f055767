package webauth

import (
	"errors"
	"net"
	"testing"

	"github.com/stewardhq/steward/config"
)

// TestReviewListenLoopbackNames: the bind refusal reads addresses the way
// the kernel does. "localhost" and [::1] are loopback and served; an empty
// host (":8080") and the unspecified addresses 0.0.0.0 and [::] mean every
// interface and are refused over plain HTTP; insecure_http opens them
// (a TLS proxy in front). The listener actually bound is checked too.
func TestReviewListenLoopbackNames(t *testing.T) {
	for _, addr := range []string{"localhost:0", "127.0.0.1:0", "[::1]:0"} {
		ln, err := Listen(config.Serve{Listen: addr})
		if addr == "[::1]:0" && err != nil && !errors.Is(err, ErrOpenBind) {
			t.Logf("no IPv6 loopback here: %v", err)
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", addr, err)
			continue
		}
		if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
			t.Errorf("%s bound %s", addr, ip)
		}
		ln.Close()
	}
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0", "[::ffff:0.0.0.0]:0", "localhost.:0"} {
		ln, err := Listen(config.Serve{Listen: addr})
		if !errors.Is(err, ErrOpenBind) {
			if ln != nil {
				ln.Close()
			}
			t.Errorf("%s: %v, want ErrOpenBind", addr, err)
		}
	}
	ln, err := Listen(config.Serve{Listen: "0.0.0.0:0", InsecureHTTP: true})
	if err != nil {
		t.Fatalf("insecure_http behind a proxy: %v", err)
	}
	ln.Close()
}
