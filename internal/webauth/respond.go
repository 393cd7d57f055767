package webauth

import (
	"net/http"
	"net/url"
	"strings"
)

// unauthenticated sends a browser's page request to the login page, which
// returns to the page after login, and tells anything else 401.
func (g *Guard) unauthenticated(w http.ResponseWriter, r *http.Request) {
	if browserPage(r) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="steward"`)
	http.Error(w, "unauthorized: log in or send Authorization: Bearer <api token>", http.StatusUnauthorized)
}

// refuseUnauthenticated answers a request whose bearer token is not valid.
func (g *Guard) refuseUnauthenticated(w http.ResponseWriter, r *http.Request, err error) {
	g.log.Warn().Str("path", r.URL.Path).Str("remote", g.remote(r)).Err(err).Msg("token refused")
	w.Header().Set("WWW-Authenticate", `Bearer realm="steward", error="invalid_token"`)
	http.Error(w, "unauthorized: "+err.Error(), http.StatusUnauthorized)
}

// forbidden tells p that the request needs role need.
func (g *Guard) forbidden(w http.ResponseWriter, r *http.Request, p Principal, need Role) {
	msg := "This needs the " + need.String() + " role; " + p.Name + " holds " + p.Role.String() + "."
	g.page(w, r, http.StatusForbidden, "Not allowed", msg)
}

// csrfRefused answers a form that may be forged; nothing was done.
func (g *Guard) csrfRefused(w http.ResponseWriter, r *http.Request, err error) {
	g.page(w, r, http.StatusForbidden, "Form refused", "Nothing was done: "+err.Error()+". Reload the page and try again.")
}

// browserPage reports whether r is a browser asking for a page, which is
// sent to the login page rather than told 401.
func browserPage(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.Contains(r.Header.Get("Accept"), "text/html")
}

// localPath returns next when it is a path on this site, else "/": a login
// never redirects to another host (no open redirect).
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f {
			return "/"
		}
	}
	return next
}
