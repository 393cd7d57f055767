package webauth

import (
	"embed"
	"html/template"
	"net/http"
	"strings"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// messageData fills the message page.
type messageData struct {
	Title, Message string
}

// loginData fills the login page. It holds no secret: CSRF is the token of
// the login form, bound to this browser's form cookie.
type loginData struct {
	Issuer  string
	OIDC    bool
	Tokens  bool
	Next    string
	CSRF    string
	Field   string
	Problem string
}

// page answers with a short message: an HTML page for browsers, plain text
// for programs.
func (g *Guard) page(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	if !strings.Contains(r.Header.Get("Accept"), "text/html") {
		http.Error(w, strings.ToLower(title)+": "+msg, status)
		return
	}
	g.render(w, status, "message.html", messageData{Title: title, Message: msg})
}

// render executes template name into w with status.
func (g *Guard) render(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	hardening(w.Header(), "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	if err := pages.ExecuteTemplate(w, name, data); err != nil {
		g.log.Error().Err(err).Str("template", name).Msg("render page")
	}
}
