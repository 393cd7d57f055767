package webauth

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/stewardhq/steward/config"
)

// idp starts a local OpenID provider and returns it with a serve section
// logging in through it: editors are stewards, ops are operators, staff
// are viewers.
func idp(t *testing.T) (*mockoidc.MockOIDC, config.Serve) {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	s := tokenServe()
	s.OIDC = &config.OIDC{
		Issuer: m.Issuer(), ClientID: m.ClientID, ClientSecret: config.NewSecret(m.ClientSecret),
		Scopes: []string{"profile", "email", "groups"}, RoleClaim: "groups", EmailClaim: "email",
		Roles: config.RoleClaims{Operator: []string{"ops"}, Steward: []string{"editors"}, Viewer: []string{"staff"}},
	}
	return m, s
}

// browse follows redirects with a cookie jar, as a browser does.
func browse(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

// TestOIDCLogin logs in end to end through the provider: the role claim's
// values map to the highest configured role, the browser lands on next,
// and the session's principal carries the e-mail.
func TestOIDCLogin(t *testing.T) {
	m, s := idp(t)
	f := newFixture(t, s)
	f.clock.t = time.Now() // the provider signs with the real time
	iss, _ := url.Parse(m.Issuer())
	if _, _, body := f.do(t, f.client(t), "GET", "/login", nil, html); !strings.Contains(body, "Sign in with "+iss.Host+"</a>") {
		t.Errorf("the login page offers no provider button:\n%s", body)
	}
	cases := []struct {
		groups []string
		path   string
		want   int
		role   Role
	}{
		{[]string{"staff", "editors"}, "/review", http.StatusOK, Steward},
		{[]string{"ops", "staff"}, "/ops", http.StatusOK, Operator},
		{[]string{"staff"}, "/review", http.StatusForbidden, Viewer},
	}
	for _, c := range cases {
		user := &mockoidc.MockUser{Subject: "sub-" + c.groups[0], Email: c.groups[0] + "@example.com", Groups: c.groups}
		m.QueueUser(user)
		cl := browse(t)
		st, _, body := f.do(t, cl, "GET", "/login/oidc?next="+url.QueryEscape(c.path), nil, html)
		if st != c.want {
			t.Errorf("groups %v: %d, want %d\n%s", c.groups, st, c.want, body)
			continue
		}
		want := "as " + user.Email + " (" + c.role.String() + ", oidc)"
		if c.want == http.StatusForbidden {
			want = "needs the steward role; " + user.Email + " holds viewer"
		}
		if !strings.Contains(body, want) {
			t.Errorf("groups %v: body lacks %q:\n%s", c.groups, want, body)
		}
	}
}

// TestOIDCNoRole: a person the provider knows but whose claim maps to no
// role gets 403 saying so, and no session.
func TestOIDCNoRole(t *testing.T) {
	m, s := idp(t)
	f := newFixture(t, s)
	f.clock.t = time.Now()
	m.QueueUser(&mockoidc.MockUser{Subject: "x", Email: "mallory@example.com", Groups: []string{"marketing"}})
	cl := browse(t)
	st, _, body := f.do(t, cl, "GET", "/login/oidc?next=/view", nil, html)
	if st != http.StatusForbidden || !strings.Contains(body, "You are authenticated as mallory@example.com but hold no steward role") {
		t.Errorf("%d %s", st, body)
	}
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if st, _, _ := f.do(t, cl, "GET", "/view", nil, html); st != http.StatusSeeOther {
		t.Errorf("no-role login opened a session: %d", st)
	}
}

// TestOIDCCallbackChecks: a callback without this browser's login cookie,
// with another state, or after ten minutes is refused; so is a forged code.
func TestOIDCCallbackChecks(t *testing.T) {
	_, s := idp(t)
	f := newFixture(t, s)
	f.clock.t = time.Now()
	c := f.client(t)
	st, loc, _ := f.do(t, c, "GET", "/login/oidc?next=/ops", nil, html)
	if st != http.StatusFound {
		t.Fatalf("start: %d", st)
	}
	u, _ := url.Parse(loc)
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("nonce") == "" || q.Get("state") == "" || q.Get("redirect_uri") != f.srv.URL+"/auth/callback" {
		t.Fatalf("authorize URL lacks PKCE, nonce or state: %s", loc)
	}
	if st, _, _ := f.do(t, c, "GET", "/auth/callback?code=abc&state=other", nil, html); st != http.StatusBadRequest {
		t.Errorf("other state: %d", st)
	}
	if st, _, _ := f.do(t, f.client(t), "GET", "/auth/callback?code=abc&state="+q.Get("state"), nil, html); st != http.StatusBadRequest {
		t.Errorf("no login cookie: %d", st)
	}
	f.do(t, c, "GET", "/login/oidc", nil, html)
	_, loc, _ = f.do(t, c, "GET", "/login/oidc", nil, html)
	u, _ = url.Parse(loc)
	if st, _, _ := f.do(t, c, "GET", "/auth/callback?code=forged&state="+u.Query().Get("state"), nil, html); st != http.StatusUnauthorized {
		t.Errorf("forged code: %d", st)
	}
	// The provider answers for another login's nonce (a replayed ID token).
	_, loc, _ = f.do(t, c, "GET", "/login/oidc", nil, html)
	u, _ = url.Parse(loc)
	q = u.Query()
	q.Set("nonce", "another-login")
	u.RawQuery = q.Encode()
	_, back, _ := f.do2(t, c, u.String())
	if st, _, _ := f.do(t, c, "GET", strings.TrimPrefix(back, f.srv.URL), nil, html); st != http.StatusUnauthorized {
		t.Errorf("foreign nonce: %d", st)
	}
	_, loc, _ = f.do(t, c, "GET", "/login/oidc", nil, html)
	u, _ = url.Parse(loc)
	f.clock.add(flowTTL)
	if st, _, _ := f.do(t, c, "GET", "/auth/callback?code=abc&state="+u.Query().Get("state"), nil, html); st != http.StatusBadRequest {
		t.Errorf("late callback: %d", st)
	}
	if n := f.called("GET /ops"); n != 0 {
		t.Errorf("a refused callback reached a page %d times", n)
	}
}

// do2 gets an absolute URL (the provider's) without following redirects.
func (f *fixture) do2(t *testing.T, c *http.Client, abs string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "GET", abs, nil)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location"), ""
}
