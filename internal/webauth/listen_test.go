package webauth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
)

// selfSigned writes a certificate for 127.0.0.1 and its key; it returns the
// files and a pool trusting the certificate.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "steward test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestTLSVersions: the console speaks TLS 1.3 only by default; a TLS 1.2
// client is refused unless min_version is 1.2.
func TestTLSVersions(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	for _, c := range []struct {
		min       string
		tls12Gets bool
	}{{"", false}, {"1.3", false}, {"1.2", true}} {
		s := config.Serve{Listen: "127.0.0.1:0", TLS: config.ServeTLS{CertFile: certFile, KeyFile: keyFile, MinVersion: c.min}}
		ln, err := Listen(s)
		if err != nil {
			t.Fatal(err)
		}
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }), ErrorLog: nil}
		go func() { _ = srv.Serve(ln) }()
		for _, max := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
			cl := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: max}}}
			req, _ := http.NewRequestWithContext(t.Context(), "GET", "https://"+ln.Addr().String()+"/", nil)
			res, err := cl.Do(req)
			if err == nil {
				res.Body.Close()
			}
			want := max == tls.VersionTLS13 || c.tls12Gets
			if (err == nil) != want {
				t.Errorf("min_version %q, client max %x: err %v, want success %v", c.min, max, err, want)
			}
			cl.CloseIdleConnections()
		}
		_ = srv.Close()
	}
}

// TestListenRefusesOpenBind: plain HTTP beyond loopback is refused before
// binding unless TLS or insecure_http says otherwise; loopback is served.
func TestListenRefusesOpenBind(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.10:0", "steward.internal:0"} {
		ln, err := Listen(config.Serve{Listen: addr})
		if !errors.Is(err, ErrOpenBind) {
			if ln != nil {
				ln.Close()
			}
			t.Errorf("listen %s: %v, want ErrOpenBind", addr, err)
		}
	}
	ln, err := Listen(config.Serve{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatalf("loopback: %v", err)
	}
	ln.Close()
	if _, err := TLSConfig(config.Serve{TLS: config.ServeTLS{CertFile: "/nonexistent.crt", KeyFile: "/nonexistent.key"}}); err == nil {
		t.Error("a missing certificate loaded")
	}
}
