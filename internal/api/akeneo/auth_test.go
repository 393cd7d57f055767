package akeneo

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
)

func authSystem(base string, auth config.Auth) config.System {
	n := 5
	return config.System{BaseURL: base, Auth: auth, AllowInsecureLoopback: true,
		Retry:    config.Retry{MaxRetries: &n, BaseDelay: config.Duration(time.Second), MaxDelay: config.Duration(time.Minute)},
		Timeouts: config.Timeouts{Request: config.Duration(5 * time.Second), Connect: config.Duration(time.Second)},
		TLS:      config.TLS{MinVersion: "1.2"}}
}

func authClient(t *testing.T, sys config.System) *httpx.Client {
	t.Helper()
	noSleep := httpx.Options{Auth: Auths(), Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}
	c, err := httpx.New("pim", sys, zerolog.Nop(), noSleep)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func getURL(t *testing.T, c *httpx.Client, u string) error {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
	_, err := c.Do(req)
	return err
}

var passwordAuth = config.Auth{Type: AuthPassword, ClientID: "c", ClientSecret: config.NewSecret("s"), Username: "u", Password: config.NewSecret("p")}

// TestPasswordGrantRefreshesOnceOn401: a token the PIM refuses is renewed with
// the refresh token once and the request replayed once; a second 401 is final.
func TestPasswordGrantRefreshesOnceOn401(t *testing.T) {
	var grants, refreshes, calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/oauth/v1/token" {
			_ = r.ParseForm()
			if r.Form.Get("grant_type") == "refresh_token" {
				refreshes.Add(1)
			}
			n := grants.Add(1)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"tok` + string(rune('0'+n)) + `","expires_in":3600,"token_type":"bearer","refresh_token":"r"}`))
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
	c := authClient(t, authSystem(srv.URL, passwordAuth))
	if err := getURL(t, c, srv.URL+"/ok"); err != nil {
		t.Fatalf("after one refresh: %v", err)
	}
	if grants.Load() != 2 || refreshes.Load() != 1 || calls.Load() != 2 {
		t.Errorf("grants %d (refreshes %d), calls %d; want 2 (1) and 2: one refresh, one replay", grants.Load(), refreshes.Load(), calls.Load())
	}
	calls.Store(0)
	err := getURL(t, c, srv.URL+"/always401")
	var se *httpx.StatusError
	if !errors.As(err, &se) || se.Status != 401 || calls.Load() != 2 {
		t.Errorf("a second 401: err %v after %d calls; want a final 401 after 2", err, calls.Load())
	}
}

// TestPasswordGrantEchoIsScrubbed: a token endpoint that echoes the request in
// its error body leaves no client secret, password or Basic header in the
// error text (issue 6 #36).
func TestPasswordGrantEchoIsScrubbed(t *testing.T) {
	const id, secret, user, password = "STEWARD_COMM", "cl!ent/secret+1", "steward", "pa ss:word"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, "invalid request: Authorization: "+r.Header.Get("Authorization")+" body: "+string(body))
	}))
	defer srv.Close()
	auth := config.Auth{Type: AuthPassword, ClientID: id, ClientSecret: config.NewSecret(secret), Username: user, Password: config.NewSecret(password)}
	err := getURL(t, authClient(t, authSystem(srv.URL, auth)), srv.URL+"/api")
	if err == nil || !strings.Contains(err.Error(), "status 401") {
		t.Fatalf("err %v; want the 401 named", err)
	}
	leaks := []string{secret, url.QueryEscape(secret), password, url.QueryEscape(password),
		base64.StdEncoding.EncodeToString([]byte(id + ":" + url.QueryEscape(secret)))}
	for _, leak := range leaks {
		if strings.Contains(err.Error(), leak[:len(leak)-2]) {
			t.Errorf("error text keeps %q: %v", leak, err)
		}
	}
	if strings.Contains(err.Error(), "Authorization: Basic") {
		t.Errorf("error text keeps an Authorization header: %v", err)
	}
}
