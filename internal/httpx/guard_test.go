package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/retry"
)

// TestHostRefusalIsOneAttempt: a redirect to another host, a plain-http
// redirect or a foreign token endpoint redirect is refused on the first
// attempt, never retried (not even for requests marked idempotent), and keeps
// its type for errors.As (issue 6 #39).
func TestHostRefusalIsOneAttempt(t *testing.T) {
	var foreignHits atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { foreignHits.Add(1) }))
	defer foreign.Close()
	cases := []struct {
		name, method string
		status       int
		auth         config.Auth
	}{
		{"get 302", http.MethodGet, http.StatusFound, config.Auth{Type: config.AuthNone}},
		{"idempotent post 307", http.MethodPost, http.StatusTemporaryRedirect, config.Auth{Type: config.AuthNone}},
		{"idempotent patch 308", http.MethodPatch, http.StatusPermanentRedirect, config.Auth{Type: config.AuthBearer, Token: config.NewSecret("tok")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				http.Redirect(w, r, foreign.URL+"/x", tc.status)
			}))
			defer srv.Close()
			c, rec := newClient(t, system(srv.URL, tc.auth))
			req, _ := http.NewRequestWithContext(Idempotent(t.Context()), tc.method, srv.URL+"/x", strings.NewReader("{}"))
			_, err := c.Do(req)
			var fe *ForeignHostError
			if !errors.As(err, &fe) || !IsHostRefusal(err) || retry.Error(err) != retry.Permanent {
				t.Fatalf("err %v (class %v); want a permanent ForeignHostError", err, retry.Error(err))
			}
			if calls.Load() != 1 || len(rec.waits) != 0 || foreignHits.Load() != 0 {
				t.Errorf("%d calls, waits %v, %d foreign hits; want exactly one attempt", calls.Load(), rec.waits, foreignHits.Load())
			}
		})
	}
}

func TestIsHostRefusal(t *testing.T) {
	wrapped := fmt.Errorf("chat completion for SKU-1: %w", &url.Error{Op: "Post", URL: "http://x", Err: retry.Final(&InsecureError{URL: "http://x"})})
	if !IsHostRefusal(wrapped) || IsHostRefusal(errors.New("status 503")) || IsHostRefusal(nil) {
		t.Fatal("IsHostRefusal misreads wrapped refusals or other errors")
	}
}

// TestTokenEndpointRefusalIsFinal: a token endpoint that redirects to another
// host is refused once; the request is not retried and the refusal keeps its
// type through the token layer's wrapping.
func TestTokenEndpointRefusalIsFinal(t *testing.T) {
	var foreignHits, tokenCalls, apiCalls atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { foreignHits.Add(1) }))
	defer foreign.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			tokenCalls.Add(1)
			http.Redirect(w, r, foreign.URL+"/token", http.StatusTemporaryRedirect)
			return
		}
		apiCalls.Add(1)
	}))
	defer srv.Close()
	auth := config.Auth{Type: config.AuthOAuth2ClientCredentials, ClientID: "c", ClientSecret: config.NewSecret("s3cr3t-value"), TokenURL: srv.URL + "/token"}
	c, rec := newClient(t, system(srv.URL, auth))
	err := get(t, c, srv.URL+"/api")
	var fe *ForeignHostError
	if !errors.As(err, &fe) || retry.Error(err) != retry.Permanent {
		t.Fatalf("err %v (class %v); want a permanent ForeignHostError", err, retry.Error(err))
	}
	if tokenCalls.Load() != 1 || apiCalls.Load() != 0 || foreignHits.Load() != 0 || len(rec.waits) != 0 {
		t.Errorf("token calls %d, api calls %d, foreign hits %d, waits %v; want one token call and nothing else",
			tokenCalls.Load(), apiCalls.Load(), foreignHits.Load(), rec.waits)
	}
}
