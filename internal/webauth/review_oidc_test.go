package webauth

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/stewardhq/steward/config"
)

// TestReviewUnverifiedEmailNotAName: the audit name of an OIDC login is
// the e-mail claim. OpenID Connect Core 1.0 (5.7, Claim Stability) says
// only iss+sub identify a person; email_verified=false means the provider
// has not checked that the person owns the address, so with a provider
// where people edit their own profile (Keycloak, Auth0 database users) a
// steward could sign audit records as someone else. An address the
// provider says is unverified (a JSON false, or the string "false" some
// providers such as Cognito send) must not become the name; the subject
// is used instead. An absent email_verified (Entra ID, most workforce
// directories, where administrators set addresses) keeps the e-mail.
func TestReviewUnverifiedEmailNotAName(t *testing.T) {
	o := newOIDCLogin(config.OIDC{EmailClaim: "email"}, "https://steward.example.com", nil)
	for _, c := range []struct {
		claims map[string]any
		want   string
	}{
		{map[string]any{"email": "boss@example.com", "email_verified": false}, "sub-1"},
		{map[string]any{"email": "boss@example.com", "email_verified": "false"}, "sub-1"},
		{map[string]any{"email": "boss@example.com", "email_verified": true}, "boss@example.com"},
		{map[string]any{"email": "boss@example.com"}, "boss@example.com"},
		{map[string]any{}, "sub-1"},
	} {
		if got := o.name(c.claims, "sub-1"); got != c.want {
			t.Errorf("claims %v: name %q, want %q", c.claims, got, c.want)
		}
	}
}

// TestReviewCallbackErrorNeedsState: /auth/callback?error=... is answered
// from the query before the login's state is checked, so anyone can link a
// steward to a page of the console's own origin saying what the attacker
// wrote ("The identity provider refused the login: your account is locked,
// call ..."), a content-spoofing page (OWASP WSTG-CLNT-03; html/template
// escapes it, so it is text, not script). RFC 6749 4.1.2.1 returns the
// state with an error, so the error is shown only for this browser's
// login; anything else is the "login expired" page.
func TestReviewCallbackErrorNeedsState(t *testing.T) {
	_, s := idp(t)
	f := newFixture(t, s)
	f.clock.t = time.Now()
	spoof := "access_denied: your account is locked, call +1 555 0100"
	st, _, body := f.do(t, f.client(t), "GET", "/auth/callback?state=x&error="+strings.ReplaceAll(spoof, " ", "+"), nil, html)
	if st != http.StatusBadRequest || strings.Contains(body, "your account is locked") {
		t.Errorf("error without this login's state: %d, want 400 without the text\n%s", st, body)
	}
	c := f.client(t)
	_, loc, _ := f.do(t, c, "GET", "/login/oidc", nil, html)
	state := loc[strings.Index(loc, "state=")+len("state="):]
	state, _, _ = strings.Cut(state, "&")
	st, _, body = f.do(t, c, "GET", "/auth/callback?error=access_denied&state="+state, nil, html)
	if st != http.StatusForbidden || !strings.Contains(body, "refused the login: access_denied") {
		t.Errorf("the provider's own refusal: %d\n%s", st, body)
	}
}

// TestReviewCallbackReplay: a callback URL used once (from the browser's
// history, a proxy log or the Referer of the next page) opens nothing a
// second time: the login cookie went with the first use, and with a copy
// of that cookie the provider refuses the used code (single use, RFC 6749
// 4.1.2), so the PKCE verifier it holds is worth nothing either.
func TestReviewCallbackReplay(t *testing.T) {
	m, s := idp(t)
	f := newFixture(t, s)
	f.clock.t = time.Now()
	m.QueueUser(&mockoidc.MockUser{Subject: "sub-ed", Email: "ed@example.com", Groups: []string{"editors"}})
	var callback string
	c := browse(t)
	c.CheckRedirect = func(r *http.Request, _ []*http.Request) error {
		if r.URL.Path == "/auth/callback" {
			callback = r.URL.RequestURI()
			return http.ErrUseLastResponse
		}
		return nil
	}
	f.do(t, c, "GET", "/login/oidc?next=/review", nil, html)
	if callback == "" {
		t.Fatal("the provider did not send the browser back")
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	u, _ := url.Parse(f.srv.URL)
	var flow string
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == flowCookie {
			flow = ck.Value
		}
	}
	if st, loc, _ := f.do(t, c, "GET", callback, nil, html); st != http.StatusSeeOther || loc != "/review" {
		t.Fatalf("first use: %d %s", st, loc)
	}
	if st, _, _ := f.do(t, c, "GET", callback, nil, html); st != http.StatusBadRequest {
		t.Errorf("the same browser again: %d, want 400", st)
	}
	thief := f.client(t)
	thief.Jar.SetCookies(u, []*http.Cookie{{Name: flowCookie, Value: flow}})
	if st, _, _ := f.do(t, thief, "GET", callback, nil, html); st != http.StatusUnauthorized {
		t.Errorf("with a copy of the login cookie: %d, want 401", st)
	}
	if n := f.called("GET /review"); n != 0 {
		t.Errorf("a callback reached a page %d times", n)
	}
}
