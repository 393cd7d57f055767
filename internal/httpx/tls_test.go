package httpx

import (
	"crypto/tls"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stewardhq/steward/config"
)

// TestTLSMinimumDefaultsToOneThree: a server that speaks at most TLS 1.2 is
// refused unless the system's config asks for 1.2 (issue 6 #33).
func TestTLSMinimumDefaultsToOneThree(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.TLS = &tls.Config{MaxVersion: tls.VersionTLS12}
	srv.StartTLS()
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		min    string
		wantOK bool
	}{{"", false}, {"1.3", false}, {"1.2", true}} {
		noRetry := 0
		sys := system(srv.URL, config.Auth{Type: config.AuthNone})
		sys.Retry.MaxRetries = &noRetry
		sys.TLS = config.TLS{CAFile: caFile, MinVersion: c.min}
		client, _ := newClient(t, sys)
		if err := get(t, client, srv.URL); (err == nil) != c.wantOK {
			t.Errorf("min_version %q against a TLS 1.2 server: err = %v, want ok = %v", c.min, err, c.wantOK)
		}
	}
}
