package webauth

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
)

// formGuard is what the login form cookie holds: the form's anti-forgery
// token, since no session exists yet.
type formGuard struct {
	CSRF    string `json:"csrf"`
	Expires int64  `json:"exp"`
}

// loginPage (GET /login) offers the identity provider's button and the
// token form.
func (g *Guard) loginPage(w http.ResponseWriter, r *http.Request) {
	g.renderLogin(w, r, http.StatusOK, localPath(r.URL.Query().Get("next")), "")
}

func (g *Guard) renderLogin(w http.ResponseWriter, r *http.Request, status int, next, problem string) {
	csrf, err := randomToken()
	if err == nil {
		err = g.cookies.write(w, preCookie, formGuard{CSRF: csrf, Expires: g.now().Add(preTTL).Unix()}, preTTL)
	}
	if err != nil {
		g.log.Error().Err(err).Msg("render login page")
		http.Error(w, "render login page failed", http.StatusInternalServerError)
		return
	}
	d := loginData{OIDC: g.oidc != nil, Tokens: len(g.tokens) > 0, Next: next, CSRF: csrf, Field: CSRFField, Problem: problem}
	if g.oidc != nil {
		d.Issuer = issuerHost(g.oidc.cfg.Issuer)
	}
	g.render(w, status, "login.html", d)
}

// issuerHost names the identity provider on the button: its host.
func issuerHost(issuer string) string {
	if u, err := url.Parse(issuer); err == nil && u.Host != "" {
		return u.Host
	}
	return issuer
}

// tokenLogin (POST /login/token) starts a session for the holder of a
// pasted API token, with the token's name and role.
func (g *Guard) tokenLogin(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.PostFormValue("next"))
	var fg formGuard
	err := g.cookies.read(r, preCookie, &fg)
	if err == nil {
		err = g.cop.Check(r)
	}
	if err != nil || g.cookies.expired(fg.Expires) || subtle.ConstantTimeCompare([]byte(r.PostFormValue(CSRFField)), []byte(fg.CSRF)) != 1 {
		g.log.Warn().Str("remote", g.remote(r)).Msg("login form refused")
		g.renderLogin(w, r, http.StatusForbidden, next, "The form expired or came from another site. Try again.")
		return
	}
	t, err := g.tokenAttempt(r, func() (apiToken, bool) { return g.match(r.PostFormValue("token")) })
	var te *throttledError
	switch {
	case errors.As(err, &te):
		w.Header().Set("Retry-After", retryAfter(te.Wait))
		g.renderLogin(w, r, http.StatusTooManyRequests, next, "Too many failed logins from your address. Try again in "+minutes(te.Wait)+".")
		return
	case err != nil:
		g.log.Warn().Str("remote", g.remote(r)).Msg("token login refused")
		g.renderLogin(w, r, http.StatusUnauthorized, next, "That token is not recognized.")
		return
	}
	g.cookies.clear(w, preCookie)
	g.startSession(w, r, session{Subject: "token:" + t.name, Name: t.name, Role: t.role, Via: ViaToken, Token: t.fp}, next)
}

// startSession completes s with its CSRF token and expiry, sets the session
// cookie and sends the browser to next.
func (g *Guard) startSession(w http.ResponseWriter, r *http.Request, s session, next string) {
	csrf, err := randomToken()
	if err == nil {
		s.ID, err = randomToken()
	}
	if err == nil {
		s.CSRF, s.Expires, s.Seen = csrf, g.now().Add(g.maxAge).Unix(), g.now().Unix()
		err = g.cookies.write(w, sessionCookie, s, g.maxAge)
	}
	if err != nil {
		g.log.Error().Err(err).Msg("start session")
		http.Error(w, "start session failed", http.StatusInternalServerError)
		return
	}
	g.log.Info().Str("principal", s.Name).Str("role", s.Role.String()).Str("via", s.Via).Msg("login")
	http.Redirect(w, r, localPath(next), http.StatusSeeOther)
}

// logout (POST /logout, behind Require) ends the session: the guard
// refuses its cookie from now on, and the browser drops it.
func (g *Guard) logout(w http.ResponseWriter, r *http.Request) {
	if p, ok := FromContext(r.Context()); ok {
		g.log.Info().Str("principal", p.Name).Msg("logout")
	}
	var s session
	if err := g.cookies.read(r, sessionCookie, &s); err == nil {
		if err := g.revoke(r.Context(), s); err != nil {
			g.log.Error().Err(err).Msg("logout")
			g.page(w, r, http.StatusInternalServerError, "Logout failed", "The session could not be ended; it stays open. Try again.")
			return
		}
	}
	g.cookies.clear(w, sessionCookie)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// Handle registers the login routes on mux: GET /login, POST /login/token,
// GET /login/oidc, GET /auth/callback (the last two only with an identity
// provider) and POST /logout.
func (g *Guard) Handle(mux *http.ServeMux) {
	mux.HandleFunc("GET /login", g.loginPage)
	if len(g.tokens) > 0 {
		mux.HandleFunc("POST /login/token", g.tokenLogin)
	}
	if g.oidc != nil {
		mux.HandleFunc("GET /login/oidc", g.oidcStart)
		mux.HandleFunc("GET /auth/callback", g.oidcCallback)
	}
	mux.Handle("POST /logout", g.Require(Viewer, http.HandlerFunc(g.logout)))
}
