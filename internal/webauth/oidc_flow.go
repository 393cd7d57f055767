package webauth

import (
	"crypto/subtle"
	"errors"
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// loginFlow is what the short-lived login cookie holds between the redirect
// to the provider and its callback.
type loginFlow struct {
	State    string `json:"state"`
	Nonce    string `json:"nonce"`
	Verifier string `json:"verifier"`
	Next     string `json:"next"`
	Expires  int64  `json:"exp"`
}

// oidcStart (GET /login/oidc) sends the browser to the provider with a fresh
// state, nonce and PKCE challenge, kept in the login cookie.
func (g *Guard) oidcStart(w http.ResponseWriter, r *http.Request) {
	p, err := g.oidc.discover(r.Context())
	if err != nil {
		g.log.Error().Err(err).Msg("discover identity provider")
		g.page(w, r, http.StatusBadGateway, "Identity provider unreachable", "The identity provider did not answer. Try again in a moment, or log in with a token.")
		return
	}
	f, err := newLoginFlow(localPath(r.URL.Query().Get("next")), g.cookies.now().Add(flowTTL).Unix())
	if err == nil {
		err = g.cookies.write(w, flowCookie, f, flowTTL)
	}
	if err != nil {
		g.log.Error().Err(err).Msg("start login")
		http.Error(w, "start login failed", http.StatusInternalServerError)
		return
	}
	u := g.oidc.oauth2Config(p).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	http.Redirect(w, r, u, http.StatusFound)
}

func newLoginFlow(next string, exp int64) (loginFlow, error) {
	state, err := randomToken()
	if err != nil {
		return loginFlow{}, err
	}
	nonce, err := randomToken()
	if err != nil {
		return loginFlow{}, err
	}
	return loginFlow{State: state, Nonce: nonce, Verifier: oauth2.GenerateVerifier(), Next: next, Expires: exp}, nil
}

// errLoginExpired is a callback without a live login cookie or with a
// different state: started elsewhere, too long ago, or forged.
var errLoginExpired = errors.New("this login was not started here or took too long")

// oidcCallback (GET /auth/callback) finishes the login: it checks state,
// exchanges the code with the PKCE verifier, verifies the ID token and its
// nonce, maps the role claim to a role and starts the session.
func (g *Guard) oidcCallback(w http.ResponseWriter, r *http.Request) {
	var f loginFlow
	err := g.cookies.read(r, flowCookie, &f)
	g.cookies.clear(w, flowCookie)
	q := r.URL.Query()
	// The state comes first: an error is shown only for this browser's own
	// login (RFC 6749 4.1.2.1 returns the state with it), so nobody can make
	// the console's origin show a text of their own.
	switch {
	case err != nil || g.cookies.expired(f.Expires) || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.State)) != 1:
		g.page(w, r, http.StatusBadRequest, "Login expired", errLoginExpired.Error()+". Start again from the login page.")
		return
	case q.Get("error") != "":
		g.log.Warn().Str("error", q.Get("error")).Msg("identity provider refused login")
		g.page(w, r, http.StatusForbidden, "Login refused", "The identity provider refused the login: "+q.Get("error")+".")
		return
	}
	s, err := g.oidcSession(r, q.Get("code"), f)
	if err != nil {
		g.log.Warn().Err(err).Msg("oidc login failed")
		g.page(w, r, http.StatusUnauthorized, "Login failed", "The identity provider's answer could not be verified. Start again from the login page.")
		return
	}
	if s.Role == 0 {
		g.log.Warn().Str("principal", s.Name).Msg("login without a steward role")
		g.page(w, r, http.StatusForbidden, "No steward role", "You are authenticated as "+s.Name+" but hold no steward role. Ask an administrator to add you to a group mapped in serve.oidc.roles.")
		return
	}
	g.startSession(w, r, s, f.Next)
}
