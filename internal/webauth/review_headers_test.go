package webauth

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// TestReviewSecurityHeaders: the guard set hardening headers on its own
// pages only; the console's pages had no place to get them. Headers wraps
// the whole mux with what the OWASP HTTP Security Response Headers Cheat
// Sheet recommends for an HTML application: a Content-Security-Policy
// without inline script (the console's script is a file) and with
// frame-ancestors 'none' (which obsoletes X-Frame-Options, still sent for
// old browsers), X-Content-Type-Options: nosniff, a Referrer-Policy that
// keeps the console's URLs (filters, product ids) from the PIM links it
// renders, no-store for pages holding production data (a handler may
// override it, e.g. for static assets), and HSTS on a TLS connection.
func TestReviewSecurityHeaders(t *testing.T) {
	h := Headers(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/static/app.js" {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		_, _ = w.Write([]byte("ok"))
	}))
	want := map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"X-Frame-Options":            "DENY",
		"Referrer-Policy":            "same-origin",
		"Cross-Origin-Opener-Policy": "same-origin",
		"Cache-Control":              "no-store",
	}
	for _, target := range []string{"http://127.0.0.1:8080/review", "https://steward.example.com/review"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		for k, v := range want {
			if got := rec.Header().Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", target, k, got, v)
			}
		}
		csp := rec.Header().Get("Content-Security-Policy")
		for _, d := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, d) {
				t.Errorf("%s: CSP %q lacks %q", target, csp, d)
			}
		}
		if script := directive(csp, "script-src"); strings.Contains(script, "unsafe") {
			t.Errorf("%s: script-src %q allows inline or eval", target, script)
		}
		hsts := rec.Header().Get("Strict-Transport-Security")
		if tls := strings.HasPrefix(target, "https"); tls != strings.HasPrefix(hsts, "max-age=") {
			t.Errorf("%s: Strict-Transport-Security %q", target, hsts)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/static/app.js", nil))
	if got := rec.Header().Get("Cache-Control"); got != "public, max-age=3600" {
		t.Errorf("a handler's own Cache-Control was overwritten: %q", got)
	}
}

// TestReviewLoginPageHeaders: the guard's own pages, which set their own
// stricter CSP, carry the other hardening headers too.
func TestReviewLoginPageHeaders(t *testing.T) {
	g, err := New(tokenServe(), Options{Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	g.loginPage(rec, httptest.NewRequest("GET", "/login", nil))
	for _, k := range []string{"X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
		if rec.Header().Get(k) == "" {
			t.Errorf("the login page lacks %s", k)
		}
	}
}

// directive returns the value of CSP directive name.
func directive(csp, name string) string {
	for d := range strings.SplitSeq(csp, ";") {
		if f := strings.Fields(d); len(f) > 0 && f[0] == name {
			return strings.Join(f[1:], " ")
		}
	}
	return ""
}
