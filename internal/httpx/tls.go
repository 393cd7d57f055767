package httpx

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/stewardhq/steward/config"
)

// transport builds the base transport with TLS 1.3 (1.2 only when the system's
// config says min_version: "1.2"), an optional private CA and an optional
// client certificate for mutual TLS.
func transport(sys config.System) (*http.Transport, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS13}
	if sys.TLS.MinVersion == "1.2" {
		tc.MinVersion = tls.VersionTLS12
	}
	if sys.TLS.CAFile != "" {
		pem, err := os.ReadFile(sys.TLS.CAFile)
		if err != nil {
			return nil, fmt.Errorf("read CA file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA file %s holds no PEM certificate", sys.TLS.CAFile)
		}
		tc.RootCAs = pool
	}
	if sys.TLS.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(sys.TLS.CertFile, sys.TLS.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("load client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	connect := sys.Timeouts.Connect.Std()
	if connect == 0 {
		connect = config.DefaultConnectTimeout
	}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       tc,
		TLSHandshakeTimeout:   connect,
		ResponseHeaderTimeout: sys.Timeouts.Request.Std(),
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}, nil
}
