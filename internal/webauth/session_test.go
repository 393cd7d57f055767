package webauth

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
)

// TestSessionCookieFlags: HttpOnly, SameSite=Lax, Path=/, and Secure with
// the __Host- prefix when base_url is https.
func TestSessionCookieFlags(t *testing.T) {
	for _, base := range []string{"", "https://steward.example.com"} {
		s := tokenServe()
		s.BaseURL = base
		f := newFixture(t, s)
		got := rawLogin(t, f, Viewer)
		secure := base != ""
		switch {
		case got == nil:
			t.Errorf("base %q: no session cookie", base)
		case !got.HttpOnly || got.SameSite != http.SameSiteLaxMode || got.Path != "/" || got.Secure != secure ||
			strings.HasPrefix(got.Name, "__Host-") != secure || got.MaxAge != int((12*time.Hour).Seconds()):
			t.Errorf("base %q: cookie %s", base, got)
		}
	}
}

// rawLogin logs in with role r's token without a cookie jar (which keeps
// no Secure cookie over http) and returns the session cookie set.
func rawLogin(t *testing.T, f *fixture, r Role) *http.Cookie {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "GET", f.srv.URL+"/login", nil)
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := hiddenCSRF.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no csrf field: %s", b)
	}
	req, _ = http.NewRequestWithContext(t.Context(), "POST", f.srv.URL+"/login/token", strings.NewReader(url.Values{"token": {roleTokens[r]}, "csrf": {m[1]}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range res.Cookies() {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	res, err = http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, ck := range res.Cookies() {
		if strings.HasSuffix(ck.Name, sessionCookie) {
			return ck
		}
	}
	t.Errorf("login: %d, no session cookie", res.StatusCode)
	return nil
}

// TestSessionExpires: a session lasts max_age by the guard's clock, then
// the browser is sent back to login (the idle timeout off here).
func TestSessionExpires(t *testing.T) {
	s := tokenServe()
	off := config.Duration(0)
	s.Session.IdleTimeout = &off
	f := newFixture(t, s)
	c := f.client(t)
	f.login(t, c, Steward)
	if st, _, _ := f.do(t, c, "GET", "/review", nil, html); st != http.StatusOK {
		t.Fatalf("fresh session: %d", st)
	}
	f.clock.add(12*time.Hour - time.Second)
	if st, _, _ := f.do(t, c, "GET", "/review", nil, html); st != http.StatusOK {
		t.Fatalf("session before max_age: %d", st)
	}
	f.clock.add(time.Second)
	if st, loc, _ := f.do(t, c, "GET", "/review", nil, html); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?next=") {
		t.Errorf("expired session: %d %s", st, loc)
	}

}

// TestSessionTampered: a tampered cookie, one signed with another key and
// garbage send the browser back to login, the bad cookie cleared, and the
// page never runs.
func TestSessionTampered(t *testing.T) {
	f := newFixture(t, tokenServe())
	u, _ := url.Parse(f.srv.URL)
	c := f.client(t)
	f.login(t, c, Steward)
	good := c.Jar.Cookies(u)
	var value string
	for _, ck := range good {
		if ck.Name == sessionCookie {
			value = ck.Value
		}
	}
	foreign, err := newCookies([]byte(strings.Repeat("z", 32)), false, f.clock.now)
	if err != nil {
		t.Fatal(err)
	}
	forged, err := foreign.codec.Encode(sessionCookie, session{Name: "mallory", Role: Operator, Via: ViaToken, CSRF: "x", Expires: f.clock.now().Add(time.Hour).Unix()})
	if err != nil {
		t.Fatal(err)
	}
	flip := []byte(value)
	flip[len(flip)/2] ^= 1
	for name, v := range map[string]string{"tampered": string(flip), "other key": forged, "garbage": "abc"} {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", f.srv.URL+"/review", nil)
		req.Header.Set("Accept", "text/html")
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: v})
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		cleared := false
		for _, ck := range res.Cookies() {
			cleared = cleared || (ck.Name == sessionCookie && ck.MaxAge < 0)
		}
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") || !cleared {
			t.Errorf("%s cookie: %d %s cleared=%v", name, res.StatusCode, res.Header.Get("Location"), cleared)
		}
	}
	if n := f.called("GET /review"); n != 0 {
		t.Errorf("a bad cookie reached the page %d times", n)
	}
}
