package webauth

// Security review of the session lifecycle (2026-11-27). The cookie is
// self-contained (encrypted and MACed by gorilla/securecookie), so the
// server holds no session table; these tests check what such a design must
// still do on the server side. OWASP ASVS 7.4.1: "when session termination
// is triggered (such as logout or expiration), the application disallows
// any further use of the session ... Applications using self-contained
// tokens will need a solution such as maintaining a list of terminated
// tokens". OWASP WSTG OTG-SESS-006 (Testing for logout functionality): a
// common mistake is that "the client-side session token is set to a new
// value while the server-side state remains active and can be reused by
// setting the session cookie back to the previous value".

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"
	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
)

// jarSession returns the value of c's session cookie for f's server.
func jarSession(t *testing.T, f *fixture, c *http.Client) string {
	t.Helper()
	u, _ := url.Parse(f.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// restarted is the guard a restarted process builds from s, with f's clock:
// the same session key, so old cookies still decode.
func restarted(t *testing.T, f *fixture, s config.Serve) *Guard {
	t.Helper()
	g, err := New(s, Options{Log: zerolog.Nop(), Now: f.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// present sends a browser's GET for a page needing need to g with the
// session cookie value and returns the status and the principal's role.
func present(g *Guard, need Role, cookie string) (int, Role) {
	var got Role
	h := g.Require(need, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		p, _ := FromContext(r.Context())
		got = p.Role
	}))
	req := httptest.NewRequest("GET", "/page", nil)
	req.Header.Set("Accept", "text/html")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, got
}

// TestReviewTokenSessionEndsWithToken: a session started by pasting an API
// token lives max_age (12 h by default, 30 days at most). When the token is
// removed from the config (say it leaked), rotated, or its role lowered,
// and steward restarts with the same session key, the sessions started
// with it must stop working or take the new role, as a bearer request
// with the token already does. Before the review they kept the old role
// until they expired.
func TestReviewTokenSessionEndsWithToken(t *testing.T) {
	f := newFixture(t, tokenServe())
	c := f.client(t)
	f.login(t, c, Operator)
	cookie := jarSession(t, f, c)

	if st, role := present(restarted(t, f, tokenServe()), Operator, cookie); st != http.StatusOK || role != Operator {
		t.Fatalf("unchanged config after restart: %d %s, want 200 operator", st, role)
	}
	removed := tokenServe()
	removed.Tokens = removed.Tokens[:2] // viewer and steward only
	if st, _ := present(restarted(t, f, removed), Viewer, cookie); st != http.StatusSeeOther {
		t.Errorf("token removed from the config: %d, want 303 to login", st)
	}
	rotated := tokenServe()
	rotated.Tokens[2].Token = config.NewSecret("operator-rotated-token-0123456789")
	if st, _ := present(restarted(t, f, rotated), Viewer, cookie); st != http.StatusSeeOther {
		t.Errorf("token rotated: %d, want 303 to login", st)
	}
	lowered := tokenServe()
	lowered.Tokens[2].Role = "viewer"
	if st, role := present(restarted(t, f, lowered), Operator, cookie); st != http.StatusForbidden {
		t.Errorf("token's role lowered to viewer: %d as %s, want 403", st, role)
	}
}

// TestReviewOIDCSessionFollowsRoleMapping: an OIDC session's role comes
// from the role claim mapped through serve.oidc.roles at login. When an
// administrator changes that mapping (a group no longer grants operator)
// or removes the identity provider, and restarts with the same session
// key, the existing sessions must follow the new mapping. What the session
// cannot follow is a change at the provider (the person removed from a
// group): that needs a new login, so max_age bounds it (reasonable for a
// 12 h default; shorten max_age where that matters).
func TestReviewOIDCSessionFollowsRoleMapping(t *testing.T) {
	m, s := idp(t)
	f := newFixture(t, s)
	f.clock.t = time.Now() // the provider signs with the real time
	m.QueueUser(&mockoidc.MockUser{Subject: "sub-ops", Email: "ops@example.com", Groups: []string{"ops", "staff"}})
	c := browse(t)
	if st, _, body := f.do(t, c, "GET", "/login/oidc?next=/ops", nil, html); st != http.StatusOK {
		t.Fatalf("login: %d %s", st, body)
	}
	cookie := jarSession(t, f, c)
	with := func(r config.RoleClaims) config.Serve {
		o := *s.OIDC
		o.Roles = r
		n := s
		n.OIDC = &o
		n.BaseURL = f.srv.URL
		return n
	}
	if st, role := present(restarted(t, f, with(s.OIDC.Roles)), Operator, cookie); st != http.StatusOK || role != Operator {
		t.Fatalf("unchanged mapping after restart: %d %s", st, role)
	}
	lowered := with(config.RoleClaims{Steward: []string{"editors"}, Viewer: []string{"staff", "ops"}})
	if st, role := present(restarted(t, f, lowered), Operator, cookie); st != http.StatusForbidden {
		t.Errorf("ops no longer maps to operator: %d as %s, want 403", st, role)
	}
	gone := with(config.RoleClaims{Operator: []string{"sre"}, Steward: []string{"editors"}})
	if st, _ := present(restarted(t, f, gone), Viewer, cookie); st != http.StatusSeeOther {
		t.Errorf("no group of the session maps to a role: %d, want 303 to login", st)
	}
	noIdP := tokenServe()
	noIdP.BaseURL = f.srv.URL
	if st, _ := present(restarted(t, f, noIdP), Viewer, cookie); st != http.StatusSeeOther {
		t.Errorf("identity provider removed: %d, want 303 to login", st)
	}
}

// TestReviewLogoutRevokesSession: after POST /logout the cookie value the
// browser held (copied by malware, a shared machine or a proxy log) must
// not open a page again; clearing it in the browser is not enough (ASVS
// 7.4.1, WSTG OTG-SESS-006 quoted above).
func TestReviewLogoutRevokesSession(t *testing.T) {
	f := newFixture(t, tokenServe())
	c := f.client(t)
	csrf := f.login(t, c, Steward)
	cookie := jarSession(t, f, c)
	if st, _, _ := f.do(t, c, "POST", "/logout", url.Values{"csrf": {csrf}}, nil); st != http.StatusSeeOther {
		t.Fatalf("logout: %d", st)
	}
	if st, _ := present(f.guard, Viewer, cookie); st != http.StatusSeeOther {
		t.Errorf("the logged-out cookie, sent again: %d, want 303 to login", st)
	}
	other := f.client(t)
	f.login(t, other, Steward)
	if st, _ := present(f.guard, Viewer, jarSession(t, f, other)); st != http.StatusOK {
		t.Errorf("another session of the same token was ended too: %d", st)
	}
}

// TestReviewInsecureHTTPCookiesSecure: insecure_http: true states that a
// proxy in front terminates TLS, so browsers reach the console over https
// and its cookies must be Secure (and __Host-), also when base_url is not
// set (a token-only install needs none). Before the review they were sent
// without Secure, so a browser also sent them over plain http to that host.
func TestReviewInsecureHTTPCookiesSecure(t *testing.T) {
	s := tokenServe()
	s.Listen, s.InsecureHTTP = "0.0.0.0:8080", true
	g, err := New(s, Options{Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	g.loginPage(rec, httptest.NewRequest("GET", "/login", nil))
	cks := rec.Result().Cookies()
	if len(cks) != 1 || !cks[0].Secure || !strings.HasPrefix(cks[0].Name, "__Host-") {
		t.Errorf("login form cookie behind a TLS proxy: %v, want Secure and __Host-", cks)
	}
	s.BaseURL = "http://127.0.0.1:8080" // a plain-http console on loopback keeps working
	s.Listen, s.InsecureHTTP = "127.0.0.1:8080", false
	if g, _ := New(s, Options{Log: zerolog.Nop()}); g.cookies.secure {
		t.Error("plain http on loopback: cookies Secure, so the browser would drop them")
	}
}
