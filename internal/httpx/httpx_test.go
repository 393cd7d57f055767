package httpx

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/retry"
)

func system(base string, auth config.Auth) config.System {
	n := 5
	return config.System{BaseURL: base, Auth: auth, AllowInsecureLoopback: true,
		Retry:    config.Retry{MaxRetries: &n, BaseDelay: config.Duration(time.Second), MaxDelay: config.Duration(time.Minute)},
		Timeouts: config.Timeouts{Request: config.Duration(5 * time.Second), Connect: config.Duration(time.Second)},
		TLS:      config.TLS{MinVersion: "1.2"}}
}

// recorder captures the waits a client would have slept.
type recorder struct{ waits []time.Duration }

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.waits = append(r.waits, d)
	return ctx.Err()
}

func newClient(t *testing.T, sys config.System) (*Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	c, err := New("test", sys, zerolog.Nop(), Options{Sleep: rec.sleep, Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

func get(t *testing.T, c *Client, url string) error {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	_, err := c.Do(req)
	return err
}

func TestRetryAfterHonoured(t *testing.T) {
	for _, ra := range []string{"7", "Thu, 01 Jan 2026 00:00:09 GMT"} {
		var calls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) <= 2 {
				w.Header().Set("Retry-After", ra)
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			w.WriteHeader(http.StatusOK)
		}))
		c, rec := newClient(t, system(srv.URL, config.Auth{Type: config.AuthNone}))
		if err := get(t, c, srv.URL+"/x"); err != nil {
			t.Fatal(err)
		}
		want := 7 * time.Second
		if ra != "7" {
			want = 9 * time.Second
		}
		if calls.Load() != 3 || len(rec.waits) != 2 || rec.waits[0] != want {
			t.Errorf("Retry-After %q: calls %d, waits %v; want 3 calls waiting %v", ra, calls.Load(), rec.waits, want)
		}
		srv.Close()
	}
}

func TestRetryAfterOverCapStops(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c, rec := newClient(t, system(srv.URL, config.Auth{Type: config.AuthNone}))
	err := get(t, c, srv.URL)
	var ra *RetryAfterError
	if !errors.As(err, &ra) || calls.Load() != 1 || len(rec.waits) != 0 {
		t.Fatalf("err %v, calls %d, waits %v; want a RetryAfterError after one call", err, calls.Load(), rec.waits)
	}
}

func TestRetryClassification(t *testing.T) {
	cases := []struct {
		status, calls int
	}{{500, 6}, {502, 6}, {503, 6}, {504, 6}, {408, 6}, {429, 6}, {400, 1}, {403, 1}, {404, 1}, {409, 1}, {422, 1}}
	for _, c := range cases {
		var calls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.WriteHeader(c.status)
		}))
		cl, rec := newClient(t, system(srv.URL, config.Auth{Type: config.AuthNone}))
		err := get(t, cl, srv.URL)
		var se *StatusError
		if !errors.As(err, &se) || se.Status != c.status || int(calls.Load()) != c.calls {
			t.Errorf("status %d: err %v, calls %d; want %d calls", c.status, err, calls.Load(), c.calls)
		}
		for i, w := range rec.waits {
			if ceil := time.Second << i; w > ceil {
				t.Errorf("status %d: wait %d = %v over the full-jitter ceiling %v", c.status, i, w, ceil)
			}
		}
		srv.Close()
	}
}

func TestPostNotRetriedUnlessIdempotent(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c, _ := newClient(t, system(srv.URL, config.Auth{Type: config.AuthNone}))
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL, strings.NewReader("x"))
	_, _ = c.Do(req)
	if calls.Load() != 1 {
		t.Errorf("plain POST made %d calls, want 1", calls.Load())
	}
	calls.Store(0)
	req, _ = http.NewRequestWithContext(Idempotent(t.Context()), http.MethodPatch, srv.URL, strings.NewReader("x"))
	_, _ = c.Do(req)
	if calls.Load() != 6 {
		t.Errorf("idempotent PATCH made %d calls, want 6", calls.Load())
	}
}

func TestBudgetExhausted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c, _ := newClient(t, system(srv.URL, config.Auth{Type: config.AuthNone}))
	ctx := retry.WithBudget(t.Context(), retry.NewBudget(45*time.Second))
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	_, err := c.Do(req)
	if !errors.Is(err, retry.ErrBudgetExhausted) {
		t.Fatalf("err %v, want ErrBudgetExhausted", err)
	}
}

// TestRefreshOnceOn401: a token the server refuses is renewed once and the
// request replayed once; a second 401 is final.
func TestRefreshOnceOn401(t *testing.T) {
	var grants, calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			n := grants.Add(1)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"tok` + string(rune('0'+n)) + `","expires_in":3600,"token_type":"bearer"}`))
			return
		}
		calls.Add(1)
		if r.Header.Get("Authorization") == "Bearer tok1" || r.URL.Path == "/always401" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	auth := config.Auth{Type: config.AuthOAuth2ClientCredentials, TokenURL: srv.URL + "/token", ClientID: "c", ClientSecret: config.NewSecret("s")}
	c, _ := newClient(t, system(srv.URL, auth))
	if err := get(t, c, srv.URL+"/ok"); err != nil {
		t.Fatalf("after one refresh: %v", err)
	}
	if grants.Load() != 2 || calls.Load() != 2 {
		t.Errorf("grants %d, calls %d; want 2 and 2 (one refresh, one replay)", grants.Load(), calls.Load())
	}
	calls.Store(0)
	err := get(t, c, srv.URL+"/always401")
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 401 || calls.Load() != 2 {
		t.Errorf("a second 401: err %v after %d calls; want a final 401 after 2", err, calls.Load())
	}
}

// TestReplayWithATokenRenewedByAnotherRequest: when the renewed token is
// refused too because the tokens were revoked again while the request was in
// flight, and another request has renewed them meanwhile, the request is
// replayed once with that token instead of failing; it renews nothing itself.
func TestReplayWithATokenRenewedByAnotherRequest(t *testing.T) {
	var grants atomic.Int32
	var c *Client
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			n := grants.Add(1)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"tok` + string(rune('0'+n)) + `","expires_in":3600,"token_type":"bearer"}`))
			return
		}
		switch auth := r.Header.Get("Authorization"); {
		case auth == "Bearer tok1":
			w.WriteHeader(http.StatusUnauthorized) // the first revocation
		case auth == "Bearer tok2" && r.URL.Path == "/race":
			// A second revocation while /race is in flight: another request
			// meets it first and renews the token.
			if err := get(t, c, "http://"+r.Host+"/other"); err != nil {
				t.Errorf("the other request: %v", err)
			}
			w.WriteHeader(http.StatusUnauthorized)
		case auth == "Bearer tok2":
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	auth := config.Auth{Type: config.AuthOAuth2ClientCredentials, TokenURL: srv.URL + "/token", ClientID: "c", ClientSecret: config.NewSecret("s")}
	c, _ = newClient(t, system(srv.URL, auth))
	if err := get(t, c, srv.URL+"/race"); err != nil {
		t.Fatalf("a request whose renewed token was revoked again: %v", err)
	}
	if grants.Load() != 3 {
		t.Errorf("grants %d; want 3 (one renewal per request)", grants.Load())
	}
}

// TestUnknownAuthTypeRefused: an auth type no flow is registered for (a
// vendor grant without its connector's registration) is an error naming it.
func TestUnknownAuthTypeRefused(t *testing.T) {
	_, err := New("test", system("http://127.0.0.1:1", config.Auth{Type: "akeneo_password"}), zerolog.Nop(), Options{})
	if err == nil || !strings.Contains(err.Error(), `unknown auth type "akeneo_password"`) {
		t.Fatalf("err %v; want the unknown auth type named", err)
	}
	auths := NewAuths()
	auths.Register("custom", Flow{New: func(config.System) (Credentials, error) {
		return Credentials{Apply: func(r *http.Request) { r.Header.Set("X-Custom", "yes") }}, nil
	}})
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got.Store(r.Header.Get("X-Custom")) }))
	defer srv.Close()
	c, err := New("test", system(srv.URL, config.Auth{Type: "custom"}), zerolog.Nop(), Options{Auth: auths})
	if err != nil {
		t.Fatal(err)
	}
	if err := get(t, c, srv.URL+"/x"); err != nil || got.Load() != "yes" {
		t.Fatalf("registered flow: err %v, header %v", err, got.Load())
	}
}

func TestForeignRedirectRefused(t *testing.T) {
	var foreignHits atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { foreignHits.Add(1) }))
	defer foreign.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, foreign.URL+"/steal?access_token=abc", http.StatusFound)
	}))
	defer srv.Close()
	c, _ := newClient(t, system(srv.URL, config.Auth{Type: config.AuthBearer, Token: config.NewSecret("canary-token")}))
	err := get(t, c, srv.URL)
	var fe *ForeignHostError
	if !errors.As(err, &fe) || foreignHits.Load() != 0 {
		t.Fatalf("err %v, foreign hits %d; want ForeignHostError and none", err, foreignHits.Load())
	}
	if strings.Contains(err.Error(), "abc") || strings.Contains(err.Error(), "canary") {
		t.Errorf("error leaks a credential: %v", err)
	}
	if _, err := c.Resolve(foreign.URL + "/next"); !errors.As(err, &fe) {
		t.Errorf("Resolve of a foreign next link: %v", err)
	}
}

func TestPlainHTTPRefusedWithoutOptIn(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	sys := system(srv.URL, config.Auth{Type: config.AuthNone})
	sys.AllowInsecureLoopback = false
	c, _ := newClient(t, sys)
	var ie *InsecureError
	if err := get(t, c, srv.URL); !errors.As(err, &ie) {
		t.Fatalf("plain http without opt-in: %v", err)
	}
}

func TestTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	noRetry := 0
	sys := system(srv.URL, config.Auth{Type: config.AuthNone})
	sys.Retry.MaxRetries = &noRetry
	c, _ := newClient(t, sys)
	if err := get(t, c, srv.URL); err == nil {
		t.Error("a self-signed certificate was accepted without a CA file")
	}
	sys.TLS.CAFile = caFile
	c, _ = newClient(t, sys)
	if err := get(t, c, srv.URL); err != nil {
		t.Errorf("with the CA file: %v", err)
	}
	old := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	old.TLS = &tls.Config{MaxVersion: tls.VersionTLS11}
	old.StartTLS()
	defer old.Close()
	sys.BaseURL = old.URL
	c, _ = newClient(t, sys)
	if err := get(t, c, old.URL); err == nil {
		t.Error("a TLS 1.1 server was accepted")
	}
}

func TestRedact(t *testing.T) {
	got := RedactString("https://user:pw@host/p?apikey=k1&page=2&access_token=t")
	if strings.Contains(got, "pw") || strings.Contains(got, "k1") || strings.Contains(got, "=t") || !strings.Contains(got, "page=2") {
		t.Errorf("Redact = %s", got)
	}
}

// TestTrickleAndStallAreRetried serves a body one byte at a time and, on the
// first attempts, stalls before the headers: each attempt ends at the request
// timeout and is retried; nothing hangs. The timeout (1 s) leaves the
// attempt that succeeds time to connect and be answered on a loaded machine
// (at 200 ms one timed out there before it reached the server), and is
// still well below the trickle's 5 s.
func TestTrickleAndStallAreRetried(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1: // stall before headers
			<-r.Context().Done()
		case 2: // trickle: headers, then a byte at a time
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(http.StatusOK)
			for range 100 {
				if _, err := w.Write([]byte("x")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
		default:
			_, _ = w.Write([]byte("ok"))
		}
	}))
	defer srv.Close()
	sys := system(srv.URL, config.Auth{Type: config.AuthNone})
	sys.Timeouts.Request = config.Duration(time.Second)
	c, rec := newClient(t, sys)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("after a stall and a trickle: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "ok" || calls.Load() != 3 || len(rec.waits) != 2 {
		t.Fatalf("body %q after %d calls and %d waits", body, calls.Load(), len(rec.waits))
	}
}
