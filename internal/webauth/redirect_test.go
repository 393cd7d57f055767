package webauth

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLocalPath: next is followed only to a path on this site.
func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/review?family=shirts":  "/review?family=shirts",
		"/":                      "/",
		"":                       "/",
		"//evil.example/x":       "/",
		"/\\evil.example":        "/",
		"https://evil.example/":  "/",
		"javascript:alert(1)":    "/",
		"evil.example":           "/",
		"/%0d%0aSet-Cookie:x=1":  "/%0d%0aSet-Cookie:x=1",
		"/a\r\nLocation: //evil": "/",
		"/\t/evil.example":       "/",
		"http:/evil.example":     "/",
		"/runs/7#dead-letters":   "/runs/7#dead-letters",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLoginOpenRedirectRefused: after a token login the browser lands on a
// local next, never on another host, whatever the form or the login link
// says.
func TestLoginOpenRedirectRefused(t *testing.T) {
	f := newFixture(t, tokenServe())
	for next, want := range map[string]string{"//evil.example/x": "/", "https://evil.example": "/", "/review": "/review"} {
		c := f.client(t)
		csrf := f.formCSRF(t, c)
		st, loc, _ := f.do(t, c, "POST", "/login/token", url.Values{"token": {roleTokens[Viewer]}, "csrf": {csrf}, "next": {next}}, nil)
		if st != http.StatusSeeOther || loc != want {
			t.Errorf("next %q: %d %q, want %q", next, st, loc, want)
		}
	}
	_, _, body := f.do(t, f.client(t), "GET", "/login?next="+url.QueryEscape("//evil.example"), nil, html)
	if strings.Contains(body, "evil.example") {
		t.Errorf("the login page carries a foreign next:\n%s", body)
	}
}

// TestTokenLoginForm: the login form needs its own anti-forgery token and a
// known API token; a refusal re-renders the form and starts no session.
func TestTokenLoginForm(t *testing.T) {
	f := newFixture(t, tokenServe())
	c := f.client(t)
	csrf := f.formCSRF(t, c)
	cases := []struct {
		name string
		form url.Values
		hdr  map[string]string
		want int
	}{
		{"no form token", url.Values{"token": {roleTokens[Operator]}}, nil, http.StatusForbidden},
		{"cross-site", url.Values{"token": {roleTokens[Operator]}, "csrf": nil}, map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"unknown token", url.Values{"token": {"guess-guess-guess-guess"}, "csrf": nil}, nil, http.StatusUnauthorized},
		{"empty token", url.Values{"token": {""}, "csrf": nil}, nil, http.StatusUnauthorized},
	}
	for _, k := range cases {
		if _, ok := k.form["csrf"]; ok { // this case carries the page's current token
			k.form.Set("csrf", csrf)
		}
		st, _, body := f.do(t, c, "POST", "/login/token", k.form, k.hdr)
		if st != k.want || !strings.Contains(body, `action="/login/token"`) {
			t.Errorf("%s: %d, want %d with the form again", k.name, st, k.want)
		}
		csrf = hiddenCSRF.FindStringSubmatch(body)[1]
		if st, _, _ := f.do(t, c, "GET", "/view", nil, html); st != http.StatusSeeOther {
			t.Errorf("%s: a refused login opened a session (%d)", k.name, st)
		}
	}
	if st, _, body := f.do(t, c, "POST", "/login/token", url.Values{"token": {roleTokens[Steward]}, "csrf": {csrf}}, nil); st != http.StatusSeeOther {
		t.Fatalf("good login: %d %s", st, body)
	}
	if _, _, body := f.do(t, c, "GET", "/review", nil, html); !strings.Contains(body, "as steward-bot (steward, token)") {
		t.Errorf("session principal: %s", body)
	}
}
