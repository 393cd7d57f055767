package console

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/stewardhq/steward/internal/webauth"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/console.css
var consoleCSS []byte

// pages holds one template set per page: the base layout plus the page's own
// file templates/<page>.html, which defines "title" and "content".
type pages map[string]*template.Template

// mustParsePages parses every page under templates/ with the layout. A
// section adds a page by adding its file; nothing else needs listing.
func mustParsePages() pages {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := pages{}
	for _, name := range names {
		page := strings.TrimSuffix(path.Base(name), ".html")
		if page == "layout" {
			continue
		}
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", name))
		out[page] = t
	}
	return out
}

// view is what every page template receives: the page's own data under
// .Data, and the principal and nav state for the layout.
type view struct {
	Page      string
	User      webauth.Principal
	CSRFField string
	Data      any
}

// render writes page with data inside the layout, status 200. A template
// error becomes the error page (nothing half-written reaches the client).
func (s *Server) render(w http.ResponseWriter, r *http.Request, page string, data any) {
	s.renderStatus(w, r, http.StatusOK, page, data)
}

func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	t, ok := s.pages[page]
	if !ok {
		s.fail(w, r, http.StatusInternalServerError, fmt.Errorf("render page %s: no such template", page))
		return
	}
	p, _ := webauth.FromContext(r.Context())
	var buf bytes.Buffer
	if err := t.Execute(&buf, view{Page: page, User: p, CSRFField: webauth.CSRFField, Data: data}); err != nil {
		if page == "error" {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		s.fail(w, r, http.StatusInternalServerError, fmt.Errorf("render page %s: %w", page, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; script-src 'sha256-"+shortcutsHash+"'")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorData is the error page's content.
type errorData struct {
	Status  int
	Title   string
	Message string
	Back    string
}

// fail logs err (server errors only) and renders the error page. A status
// below 500 shows err's text, which is written for the reader; a server error
// shows a generic text and logs the detail.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	msg := err.Error()
	if status >= 500 {
		s.log.Error().Err(err).Str("path", r.URL.Path).Msg("console request failed")
		msg = "steward could not complete this request; the server log has the details."
	}
	back := r.Header.Get("Referer")
	if !strings.HasPrefix(back, "/") && !sameOrigin(r, back) {
		back = ""
	}
	s.renderStatus(w, r, status, "error", errorData{Status: status, Title: http.StatusText(status), Message: msg, Back: back})
}

// sameOrigin reports whether ref points at the host the request came to.
func sameOrigin(r *http.Request, ref string) bool {
	return ref != "" && (strings.HasPrefix(ref, "http://"+r.Host+"/") || strings.HasPrefix(ref, "https://"+r.Host+"/"))
}

func serveCSS(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(consoleCSS)
}
