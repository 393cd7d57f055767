package console

import (
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
	"github.com/stewardhq/steward/internal/webauth"
)

var (
	ana    = webauth.Principal{Name: "ana@example.com", Role: webauth.Steward, Via: "oidc", CSRF: "csrf-ana"}
	viewer = webauth.Principal{Name: "vic@example.com", Role: webauth.Viewer, Via: "oidc", CSRF: "csrf-vic"}
)

// fixture is a console on a real SQLite store.
type fixture struct {
	st  *store.Store
	srv *Server
	cfg *config.File
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := &config.File{}
	clock := func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }
	srv := New(Deps{Review: st, Escalations: st, Audit: st, Quality: st, Runs: st, Config: cfg, Now: clock}, zerolog.Nop())
	return &fixture{st: st, srv: srv, cfg: cfg}
}

// mux registers the routes as the wiring does, with a stand-in guard that
// puts p in the context and refuses a lower role with 403.
func mux(s *Server, p webauth.Principal) *http.ServeMux {
	m := http.NewServeMux()
	for _, rt := range s.Routes() {
		m.Handle(rt.Pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !p.Role.Allows(rt.Role) {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			rt.Handler.ServeHTTP(w, r.WithContext(webauth.WithPrincipal(r.Context(), p)))
		}))
	}
	return m
}

func (f *fixture) get(t *testing.T, p webauth.Principal, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	mux(f.srv, p).ServeHTTP(w, httptest.NewRequestWithContext(t.Context(), http.MethodGet, target, nil))
	return w
}

func (f *fixture) post(t *testing.T, p webauth.Principal, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	mux(f.srv, p).ServeHTTP(w, r)
	return w
}

func TestShellLayout(t *testing.T) {
	f := newFixture(t)
	w := f.get(t, ana, "/review")
	if w.Code != http.StatusOK {
		t.Fatalf("GET /review: %d %s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{
		`href="/static/console.css"`, `href="/review"`, `href="/escalations"`, `href="/quality"`, `href="/runs"`, `href="/audit"`,
		"ana@example.com", ">steward<", `action="/logout"`, `name="csrf" value="csrf-ana"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("layout lacks %s", want)
		}
	}
	if strings.Contains(body, "https://") || strings.Contains(body, "http://") {
		t.Errorf("layout links an external asset")
	}
}

func TestStylesheetServed(t *testing.T) {
	w := newFixture(t).get(t, viewer, "/static/console.css")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("GET /static/console.css: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	css := w.Body.String()
	for _, want := range []string{"system-ui", "@media (max-width:720px)", ".navtoggle:checked~.nav"} {
		if !strings.Contains(css, want) {
			t.Errorf("stylesheet lacks %s", want)
		}
	}
	if strings.Contains(css, "@import") || strings.Contains(css, "url(") {
		t.Errorf("stylesheet loads an external asset")
	}
}

// TestRouteRoles checks every route's role: reading needs a viewer, every
// change at least a steward.
func TestRouteRoles(t *testing.T) {
	routes := newFixture(t).srv.Routes()
	seen := map[string]bool{}
	for _, rt := range routes {
		if seen[rt.Pattern] {
			t.Errorf("%s registered twice", rt.Pattern)
		}
		seen[rt.Pattern] = true
		method, _, _ := strings.Cut(rt.Pattern, " ")
		switch {
		case method == http.MethodGet && rt.Role != webauth.Viewer:
			t.Errorf("%s needs %s; every page is for viewers", rt.Pattern, rt.Role)
		case method != http.MethodGet && !rt.Role.Allows(webauth.Steward):
			t.Errorf("%s needs only %s; a change needs at least steward", rt.Pattern, rt.Role)
		}
		if rt.Handler == nil {
			t.Errorf("%s has no handler", rt.Pattern)
		}
	}
	for _, want := range []string{"GET /review", "GET /escalations", "GET /audit", "GET /static/console.css"} {
		if !seen[want] {
			t.Errorf("no route %s", want)
		}
	}
}

func TestErrorPage(t *testing.T) {
	f := newFixture(t)
	w := httptest.NewRecorder()
	r := httptest.NewRequestWithContext(webauth.WithPrincipal(t.Context(), ana), http.MethodGet, "/x", nil)
	f.srv.fail(w, r, http.StatusBadRequest, errString("filter status: <b>bogus</b> is not a status"))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "&lt;b&gt;bogus&lt;/b&gt; is not a status") {
		t.Fatalf("error page: %d %s", w.Code, w.Body)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
