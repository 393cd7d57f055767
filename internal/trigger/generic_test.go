package trigger

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestGenericSignature: the signature is computed from the documented
// algorithm (HMAC-SHA256 over t + "." + body, hex), no vendor example
// exists for steward's own scheme; the known value was computed with
// `printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac KEY`.
func TestGenericSignature(t *testing.T) {
	got := Sign("0123456789abcdef", 1700000000, []byte(`{"a":1}`))
	if want := "9eb18f493f8ec135d9eb2dad817c369bb4e9cbfa818657897a7437c1cd8c3a23"; got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}

func TestGenericWebhook(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	body := []byte(`{"event":"order.created","id":42}`)
	tests := []struct {
		name   string
		header string
		want   int
	}{
		{"no signature", "", http.StatusUnauthorized},
		{"wrong secret", SignatureValue("another-secret-0123456789", now.Unix(), body), http.StatusUnauthorized},
		{"other body", SignatureValue(genericSecret, now.Unix(), []byte(`{}`)), http.StatusUnauthorized},
		{"stale", SignatureValue(genericSecret, now.Add(-6*time.Minute).Unix(), body), http.StatusUnauthorized},
		{"from the future", SignatureValue(genericSecret, now.Add(6*time.Minute).Unix(), body), http.StatusUnauthorized},
		{"garbled", "t=abc,v1=00", http.StatusUnauthorized},
		{"rotated secret among two", SignatureValue(genericSecret, now.Unix()-60, body) + ",v1=00ff", http.StatusAccepted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, srv, _, _ := testHooks(t, now)
			resp, text := post(t, srv.URL+"/hooks/leads/generic", body, map[string]string{SignatureHeader: tc.header})
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d (%s), want %d", resp.StatusCode, text, tc.want)
			}
			if queued(h, "leads") != (tc.want == http.StatusAccepted) {
				t.Errorf("queued = %v after status %d", queued(h, "leads"), resp.StatusCode)
			}
			if strings.Contains(text, "canary") {
				t.Errorf("response shows a secret: %s", text)
			}
		})
	}
}

func TestGenericReplayIsRefused(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	h, srv, _, _ := testHooks(t, now)
	body := []byte(`{"id":1}`)
	hdr := map[string]string{SignatureHeader: SignatureValue(genericSecret, now.Unix(), body)}
	if resp, _ := post(t, srv.URL+"/hooks/leads/generic", body, hdr); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("first delivery: %d", resp.StatusCode)
	}
	h.jobs["leads"].deb.take()
	resp, text := post(t, srv.URL+"/hooks/leads/generic", body, hdr)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(text, "replayed") || queued(h, "leads") {
		t.Errorf("replay: %d %q queued=%v; want 401 replayed, nothing queued", resp.StatusCode, text, queued(h, "leads"))
	}
}
