package trigger

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestHubSpotSDKExample is the v3 test vector of HubSpot's official Python
// SDK (tests/spec/utils/test_signature.py in HubSpot/hubspot-api-python).
func TestHubSpotSDKExample(t *testing.T) {
	got := HubSpotSignature(hubspotSecret, "POST", "https://www.example.com/webhook_uri",
		[]byte("{'example_field':'example_value'}"), "15000000")
	if want := "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw="; got != want {
		t.Errorf("signature %s, want %s", got, want)
	}
}

// TestHubSpotURIDecoding: HubSpot signs the URI with the characters of its
// table decoded, so a request that arrives with %3A, %2c, ... verifies
// against the decoded form; other escapes (%20) stay.
func TestHubSpotURIDecoding(t *testing.T) {
	body := []byte(`[{"objectId":1}]`)
	decoded := "https://hooks.example.com/hooks/leads/hubspot?a=b:c,d@e(f)&g=h%20i"
	want := HubSpotSignature(hubspotSecret, "POST", decoded, body, "1")
	got := HubSpotSignature(hubspotSecret, "POST", "https://hooks.example.com/hooks/leads/hubspot?a=b%3Ac%2cd%40e%28f%29&g=h%20i", body, "1")
	if got != want {
		t.Errorf("encoded and decoded URIs sign differently")
	}
	if HubSpotSignature(hubspotSecret, "POST", strings.Replace(decoded, "%20", " ", 1), body, "1") == want {
		t.Errorf("%%20 was decoded; HubSpot's table leaves it")
	}
}

func hubspotHeaders(uri string, body []byte, at time.Time) map[string]string {
	ts := strconv.FormatInt(at.UnixMilli(), 10)
	return map[string]string{
		HubSpotSignatureHeader: HubSpotSignature(hubspotSecret, "POST", uri, body, ts),
		HubSpotTimestampHeader: ts,
	}
}

func TestHubSpotWebhook(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_123)
	body := []byte(`[{"eventId":1,"subscriptionType":"contact.creation","objectId":123}]`)
	const path = "/hooks/leads/hubspot?portal=1%3A2"
	tests := []struct {
		name string
		hdr  func(base string) map[string]string
		want int
	}{
		{"signed", func(base string) map[string]string { return hubspotHeaders(base+path, body, now) }, http.StatusAccepted},
		{"wrong secret", func(base string) map[string]string {
			h := hubspotHeaders(base+path, body, now)
			h[HubSpotSignatureHeader] = HubSpotSignature("other-secret", "POST", base+path, body, h[HubSpotTimestampHeader])
			return h
		}, http.StatusUnauthorized},
		{"other URI", func(base string) map[string]string { return hubspotHeaders(base+"/other", body, now) }, http.StatusUnauthorized},
		{"stale", func(base string) map[string]string {
			return hubspotHeaders(base+path, body, now.Add(-5*time.Minute-time.Millisecond))
		}, http.StatusUnauthorized},
		{"no timestamp", func(base string) map[string]string {
			h := hubspotHeaders(base+path, body, now)
			delete(h, HubSpotTimestampHeader)
			return h
		}, http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, srv, _, _ := testHooks(t, now)
			resp, text := post(t, srv.URL+path, body, tc.hdr(srv.URL))
			if resp.StatusCode != tc.want || queued(h, "leads") != (tc.want == http.StatusAccepted) {
				t.Fatalf("status %d (%s) queued=%v, want %d", resp.StatusCode, text, queued(h, "leads"), tc.want)
			}
		})
	}
}

// TestHubSpotBehindAProxy: the URI HubSpot signed names the public scheme
// and host, taken from public_url or the forwarding headers.
func TestHubSpotBehindAProxy(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	body := []byte(`[]`)
	h, _, _, _ := testHooks(t, now)
	handler := h.Routes()[0].Handler
	mux := http.NewServeMux()
	mux.Handle(PatternHubSpot, handler)
	req := httptest.NewRequest(http.MethodPost, "/hooks/leads/hubspot", strings.NewReader(string(body)))
	for k, v := range hubspotHeaders("https://steward.example.com/hooks/leads/hubspot", body, now) {
		req.Header.Set(k, v)
	}
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-Host", "steward.example.com")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	if w.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if got := hubspotURI(req, "https://public.example.com/"); got != "https://public.example.com/hooks/leads/hubspot" {
		t.Errorf("with public_url: %s", got)
	}
}

func TestHubSpotReplayIsRefused(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	h, srv, _, _ := testHooks(t, now)
	body := []byte(`[{"eventId":7}]`)
	hdr := hubspotHeaders(srv.URL+"/hooks/leads/hubspot", body, now)
	if resp, _ := post(t, srv.URL+"/hooks/leads/hubspot", body, hdr); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("first delivery: %d", resp.StatusCode)
	}
	h.jobs["leads"].deb.take()
	if resp, _ := post(t, srv.URL+"/hooks/leads/hubspot", body, hdr); resp.StatusCode != http.StatusUnauthorized || queued(h, "leads") {
		t.Errorf("replay: %d queued=%v; want 401, nothing queued", resp.StatusCode, queued(h, "leads"))
	}
}
