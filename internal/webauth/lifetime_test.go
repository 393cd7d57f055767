package webauth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// TestLogoutSurvivesRestart: a logged-out session's cookie, sent to a guard
// built again on the same state store (a restart, same session key), is
// refused; a session that was not logged out still opens the console.
func TestLogoutSurvivesRestart(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := newFixtureWith(t, tokenServe(), st)
	c, kept := f.client(t), f.client(t)
	csrf := f.login(t, c, Steward)
	f.login(t, kept, Steward)
	cookie, keptCookie := jarSession(t, f, c), jarSession(t, f, kept)
	if st, _, _ := f.do(t, c, "POST", "/logout", url.Values{"csrf": {csrf}}, nil); st != http.StatusSeeOther {
		t.Fatalf("logout: %d", st)
	}
	g, err := New(tokenServe(), Options{Log: zerolog.Nop(), Now: f.clock.now, Revocations: st})
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := present(g, Viewer, cookie); code != http.StatusSeeOther {
		t.Errorf("logged-out cookie after a restart: %d, want 303 to login", code)
	}
	if code, _ := present(g, Viewer, keptCookie); code != http.StatusOK {
		t.Errorf("a session not logged out, after a restart: %d, want 200", code)
	}
}

// failingRevocations cannot be written, nor read unless readable.
type failingRevocations struct{ readable bool }

var errStoreDown = errors.New("database is locked")

func (failingRevocations) RevokeSession(context.Context, string, time.Time) error {
	return errStoreDown
}
func (r failingRevocations) SessionRevoked(context.Context, string) (bool, error) {
	if r.readable {
		return false, nil
	}
	return false, errStoreDown
}

// TestSessionCheckFailsClosed: when the revocations cannot be read the
// session is neither let in nor logged out (503, cookie kept); a logout
// that cannot be recorded says so (500) and keeps the cookie.
func TestSessionCheckFailsClosed(t *testing.T) {
	f := newFixtureWith(t, tokenServe(), failingRevocations{})
	c := f.client(t)
	f.login(t, c, Steward)
	if st, _, _ := f.do(t, c, "GET", "/view", nil, html); st != http.StatusServiceUnavailable {
		t.Errorf("page with unreadable revocations: %d, want 503", st)
	}
	if n := f.called("GET /view"); n != 0 {
		t.Errorf("the page ran %d times", n)
	}
	jarSession(t, f, c) // still there

	f = newFixtureWith(t, tokenServe(), failingRevocations{readable: true})
	c = f.client(t)
	csrf := f.login(t, c, Steward)
	if st, _, body := f.do(t, c, "POST", "/logout", url.Values{"csrf": {csrf}}, html); st != http.StatusInternalServerError || !strings.Contains(body, "stays open") {
		t.Errorf("logout that cannot be recorded: %d %s, want 500 saying the session stays open", st, body)
	}
	jarSession(t, f, c)
}

// visit sends a browser's GET with session cookie value to g and returns
// the status and the session cookie re-issued ("" when none was).
func visit(t *testing.T, g *Guard, cookie string) (int, string) {
	t.Helper()
	h := g.Require(Viewer, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	req := httptest.NewRequest("GET", "/page", nil)
	req.Header.Set("Accept", "text/html")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == sessionCookie && ck.MaxAge > 0 {
			return rec.Code, ck.Value
		}
	}
	return rec.Code, ""
}

// TestSessionIdleEnds: a session unused for idle_timeout (default 30m) is
// sent to login and its cookie cleared, long before max_age.
func TestSessionIdleEnds(t *testing.T) {
	f := newFixture(t, tokenServe())
	c := f.client(t)
	f.login(t, c, Steward)
	f.clock.add(30 * time.Minute)
	if st, loc, _ := f.do(t, c, "GET", "/review", nil, html); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?next=") {
		t.Errorf("idle 30m: %d %s, want 303 to login", st, loc)
	}
	u, _ := url.Parse(f.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			t.Error("the idle session's cookie was not cleared")
		}
	}
}

// TestSessionIdleTimeout: a session unused for idle_timeout (default 30m)
// is sent to login; activity renews it (the cookie re-issued at most once
// a minute), and renewal never passes max_age.
func TestSessionIdleTimeout(t *testing.T) {
	f := newFixture(t, tokenServe())
	c := f.client(t)
	f.login(t, c, Steward)
	cookie := jarSession(t, f, c)
	f.clock.add(30*time.Minute - time.Second)
	st, renewed := visit(t, f.guard, cookie)
	if st != http.StatusOK || renewed == "" {
		t.Fatalf("used just before the idle timeout: %d, renewed %v", st, renewed != "")
	}
	f.clock.add(time.Second)
	if st, _ := visit(t, f.guard, cookie); st != http.StatusSeeOther {
		t.Errorf("the old cookie, idle 30m: %d, want 303 to login", st)
	}
	f.clock.add(30 * time.Second)
	if st, again := visit(t, f.guard, renewed); st != http.StatusOK || again != "" {
		t.Errorf("renewed 30 s ago: %d, re-issued %v; want 200 and no new cookie within the minute", st, again != "")
	}
	// Active every 20 minutes, the session lives until max_age, not longer.
	cookie = renewed
	for f.clock.add(20 * time.Minute); f.clock.now().Before(time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC)); f.clock.add(20 * time.Minute) {
		st, next := visit(t, f.guard, cookie)
		if st != http.StatusOK || next == "" {
			t.Fatalf("active session at %s: %d, renewed %v", f.clock.now().Format(time.TimeOnly), st, next != "")
		}
		cookie = next
	}
	if st, _ := visit(t, f.guard, cookie); st != http.StatusSeeOther {
		t.Errorf("active session at max_age (12h): %d, want 303 to login", st)
	}
}

// TestSessionIdleTimeoutOff: idle_timeout 0 keeps an unused session until
// max_age and re-issues no cookie.
func TestSessionIdleTimeoutOff(t *testing.T) {
	s := tokenServe()
	off := config.Duration(0)
	s.Session.IdleTimeout = &off
	f := newFixture(t, s)
	c := f.client(t)
	f.login(t, c, Steward)
	f.clock.add(11 * time.Hour)
	if st, renewed := visit(t, f.guard, jarSession(t, f, c)); st != http.StatusOK || renewed != "" {
		t.Errorf("unused 11h without idle timeout: %d, renewed %v; want 200, no new cookie", st, renewed != "")
	}
}

// TestIdleRenewalKeepsCSRF: the renewed cookie keeps the session's CSRF
// token, so a form rendered before the renewal still posts.
func TestIdleRenewalKeepsCSRF(t *testing.T) {
	f := newFixture(t, tokenServe())
	c := f.client(t)
	csrf := f.login(t, c, Steward)
	f.clock.add(10 * time.Minute)
	if st, _, _ := f.do(t, c, "GET", "/review", nil, html); st != http.StatusOK {
		t.Fatalf("page: %d", st)
	}
	if got := f.sessionCSRF(t, c); got != csrf {
		t.Fatal("the renewal changed the CSRF token")
	}
	if st, _, body := f.do(t, c, "POST", "/review", url.Values{"csrf": {csrf}}, nil); st != http.StatusOK || !strings.Contains(body, "POST /review") {
		t.Errorf("form after renewal: %d %s", st, body)
	}
}
