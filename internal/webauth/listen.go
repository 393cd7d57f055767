package webauth

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"

	"github.com/stewardhq/steward/config"
)

// ErrOpenBind is a non-loopback bind without TLS and without insecure_http.
var ErrOpenBind = errors.New("refuse to serve plain HTTP beyond loopback: configure serve.tls, or insecure_http: true behind a TLS proxy")

// TLSConfig returns the console's TLS settings: its certificate and TLS 1.3
// at least (1.2 when min_version says so). It returns nil, nil when the
// console serves no TLS itself.
func TLSConfig(s config.Serve) (*tls.Config, error) {
	if !s.TLS.Enabled() {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(s.TLS.CertFile, s.TLS.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("load serve certificate: %w", err)
	}
	c := &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}}
	switch s.TLS.MinVersion {
	case "", "1.3":
	case "1.2":
		c.MinVersion = tls.VersionTLS12
	default:
		return nil, fmt.Errorf("serve.tls.min_version %q: want 1.2 or 1.3", s.TLS.MinVersion)
	}
	return c, nil
}

// Listen binds serve.listen (default 127.0.0.1:8080), wrapped in TLS when
// configured. It refuses an address that is not loopback once bound unless
// the console serves TLS or insecure_http states a TLS proxy in front.
func Listen(s config.Serve) (net.Listener, error) {
	addr := s.Listen
	if addr == "" {
		addr = config.DefaultListen
	}
	tc, err := TLSConfig(s)
	if err != nil {
		return nil, err
	}
	open := tc == nil && !s.InsecureHTTP
	if open && !loopbackHost(addr) {
		return nil, fmt.Errorf("listen on %s: %w", addr, ErrOpenBind)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	if open && !loopback(ln.Addr()) {
		_ = ln.Close()
		return nil, fmt.Errorf("listen on %s: %w", addr, ErrOpenBind)
	}
	if tc != nil {
		ln = tls.NewListener(ln, tc)
	}
	return ln, nil
}

func loopback(a net.Addr) bool {
	t, ok := a.(*net.TCPAddr)
	return ok && t.IP.IsLoopback()
}

// loopbackHost reports whether addr names localhost or a loopback address;
// an empty host (every interface) is not.
func loopbackHost(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	return err == nil && config.IsLoopback(host)
}
