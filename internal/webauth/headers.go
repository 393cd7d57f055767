package webauth

import "net/http"

// ConsoleCSP is the Content-Security-Policy of the console's pages: every
// resource from the console itself, no inline or eval'd script (a script is
// a file under the console), inline style attributes allowed, no plugins,
// no <base>, forms posting only to the console, never framed.
const ConsoleCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// hstsValue makes browsers use https for a year once they reached the
// console over TLS.
const hstsValue = "max-age=31536000"

// Headers wraps h (the console's whole mux) with the hardening headers of
// the OWASP HTTP Security Response Headers Cheat Sheet: ConsoleCSP,
// X-Frame-Options, X-Content-Type-Options, a same-origin Referrer-Policy
// (the console's URLs do not travel to the PIM links it renders),
// Cross-Origin-Opener-Policy, Cache-Control: no-store, and
// Strict-Transport-Security on a TLS connection (behind a TLS proxy the
// proxy sends it). A handler may set any of them again to change it.
func Headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hardening(w.Header(), ConsoleCSP)
		w.Header().Set("Cache-Control", "no-store")
		if r.TLS != nil {
			w.Header().Set("Strict-Transport-Security", hstsValue)
		}
		h.ServeHTTP(w, r)
	})
}

// hardening sets the headers every page of the console carries, with csp.
func hardening(hd http.Header, csp string) {
	hd.Set("Content-Security-Policy", csp)
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
}
