package webauth

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
)

// TestRoleRefusals is each role against routes needing each role, by GET
// and POST, through a cookie session and a bearer token: 200 when the role
// suffices, else 403 naming the role needed, and the handler never runs.
func TestRoleRefusals(t *testing.T) {
	f := newFixture(t, tokenServe())
	for _, holder := range []Role{Viewer, Steward, Operator} {
		c := f.client(t)
		csrf := f.login(t, c, holder)
		for path, need := range routeRoles {
			for _, method := range []string{"GET", "POST"} {
				for _, via := range []string{"cookie", "bearer"} {
					name := fmt.Sprintf("%s %s %s %s", holder, via, method, path)
					var form url.Values
					hdr := map[string]string{"Accept": "text/html"}
					cl := c
					if via == "bearer" {
						hdr, cl = bearer(holder), &http.Client{}
					} else if method == "POST" {
						form = url.Values{"csrf": {csrf}}
					}
					before := f.called(method + " " + path)
					st, _, body := f.do(t, cl, method, path, form, hdr)
					ran := f.called(method+" "+path) - before
					want, wantRan := http.StatusForbidden, 0
					if holder.Allows(need) {
						want, wantRan = http.StatusOK, 1
					}
					if st != want || ran != wantRan {
						t.Errorf("%s: status %d, handler ran %d times; want %d, %d\n%s", name, st, ran, want, wantRan, body)
					}
					if st == http.StatusForbidden && !strings.Contains(body, "needs the "+need.String()+" role") {
						t.Errorf("%s: the refusal does not name the role needed: %s", name, body)
					}
					if st == http.StatusOK && !strings.Contains(body, "as "+holder.String()+"-bot ("+holder.String()+", token)") {
						t.Errorf("%s: principal not in context: %s", name, body)
					}
				}
			}
		}
	}
}

// TestUnauthenticated: a browser's page request goes to the login page with
// the page as next; a program, or any POST, gets 401 and nothing runs.
func TestUnauthenticated(t *testing.T) {
	f := newFixture(t, tokenServe())
	c := f.client(t)
	st, loc, _ := f.do(t, c, "GET", "/review?family=shirts", nil, html)
	if st != http.StatusSeeOther || loc != "/login?next=%2Freview%3Ffamily%3Dshirts" {
		t.Errorf("browser: %d %q", st, loc)
	}
	for _, m := range []string{"GET", "POST"} {
		st, _, _ := f.do(t, c, m, "/view", url.Values{}, map[string]string{"Accept": "application/json"})
		if st != http.StatusUnauthorized {
			t.Errorf("api %s: %d", m, st)
		}
	}
	st, _, _ = f.do(t, c, "POST", "/view", url.Values{}, html)
	if st != http.StatusUnauthorized {
		t.Errorf("browser POST: %d", st)
	}
	st, _, _ = f.do(t, c, "GET", "/view", nil, map[string]string{"Authorization": "Bearer not-a-configured-token-at-all"})
	if st != http.StatusUnauthorized {
		t.Errorf("unknown bearer: %d", st)
	}
	st, _, _ = f.do(t, c, "GET", "/view", nil, map[string]string{"Authorization": "Basic " + roleTokens[Operator]})
	if st != http.StatusUnauthorized {
		t.Errorf("basic scheme: %d", st)
	}
	if n := f.called("GET /view") + f.called("POST /view") + f.called("GET /review"); n != 0 {
		t.Errorf("handlers ran %d times for unauthenticated requests", n)
	}
}

// TestCSRF: a cookie session's POST without the session's token, with a
// wrong one, or from another origin is refused with nothing done; the token
// in the form or the X-CSRF-Token header passes; a bearer POST needs none.
func TestCSRF(t *testing.T) {
	f := newFixture(t, tokenServe())
	c := f.client(t)
	csrf := f.login(t, c, Operator)
	refused := []struct {
		name string
		form url.Values
		hdr  map[string]string
	}{
		{"missing", url.Values{"x": {"1"}}, nil},
		{"wrong", url.Values{"csrf": {csrf[:len(csrf)-2] + "xx"}}, nil},
		{"wrong header", url.Values{}, map[string]string{CSRFHeader: "nope"}},
		{"other session's", url.Values{"csrf": {f.login(t, f.client(t), Operator)}}, nil},
		{"cross-site fetch", url.Values{"csrf": {csrf}}, map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"foreign origin", url.Values{"csrf": {csrf}}, map[string]string{"Origin": "https://evil.example"}},
	}
	for _, r := range refused {
		st, _, body := f.do(t, c, "POST", "/ops", r.form, r.hdr)
		if st != http.StatusForbidden {
			t.Errorf("%s: %d %s", r.name, st, body)
		}
	}
	if n := f.called("POST /ops"); n != 0 {
		t.Fatalf("a refused form ran the handler %d times", n)
	}
	if st, _, body := f.do(t, c, "POST", "/ops", url.Values{"csrf": {csrf}}, map[string]string{"Sec-Fetch-Site": "same-origin"}); st != http.StatusOK {
		t.Errorf("form token: %d %s", st, body)
	}
	if st, _, body := f.do(t, c, "DELETE", "/ops", nil, map[string]string{CSRFHeader: csrf}); st != http.StatusOK {
		t.Errorf("header token: %d %s", st, body)
	}
	if st, _, body := f.do(t, &http.Client{}, "POST", "/ops", url.Values{}, bearer(Operator)); st != http.StatusOK {
		t.Errorf("bearer without csrf: %d %s", st, body)
	}
}

// TestLogout: POST /logout needs the session's CSRF token, then the cookie
// no longer opens a page.
func TestLogout(t *testing.T) {
	f := newFixture(t, tokenServe())
	c := f.client(t)
	csrf := f.login(t, c, Viewer)
	if st, _, _ := f.do(t, c, "POST", "/logout", url.Values{}, nil); st != http.StatusForbidden {
		t.Errorf("logout without csrf: %d", st)
	}
	if st, _, _ := f.do(t, c, "GET", "/view", nil, html); st != http.StatusOK {
		t.Fatalf("a refused logout ended the session: %d", st)
	}
	if st, loc, _ := f.do(t, c, "POST", "/logout", url.Values{"csrf": {csrf}}, nil); st != http.StatusSeeOther || loc != "/login" {
		t.Errorf("logout: %d %s", st, loc)
	}
	if st, loc, _ := f.do(t, c, "GET", "/view", nil, html); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
		t.Errorf("after logout: %d %s", st, loc)
	}
}

// TestNewNeedsAWayToLogIn: a serve section with neither an identity
// provider nor a token is refused at start, not served unusable.
func TestNewNeedsAWayToLogIn(t *testing.T) {
	if _, err := New(config.Serve{}, Options{}); !errors.Is(err, ErrNoLogin) {
		t.Errorf("err %v, want ErrNoLogin", err)
	}
	s := tokenServe()
	s.Tokens[0].Role = "admin"
	if _, err := New(s, Options{}); err == nil || !strings.Contains(err.Error(), `serve.tokens[0]: parse role "admin"`) {
		t.Errorf("unknown role: %v", err)
	}
}
