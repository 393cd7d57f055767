package webauth

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
)

// Guard authenticates every request of the console: a browser by its
// session cookie, a program by Authorization: Bearer <api token>. It is
// built once from the serve section and is safe for concurrent use.
type Guard struct {
	log     zerolog.Logger
	now     func() time.Time
	cookies *cookies
	tokens  []apiToken
	oidc    *oidcLogin
	cop     *http.CrossOriginProtection
	maxAge  time.Duration
	idle    time.Duration
	revoked Revocations
	fails   *throttle
	proxies []netip.Prefix
}

// Options are what a Guard needs beside its settings.
type Options struct {
	// Log receives login, logout and refusal events (never a secret).
	Log zerolog.Logger
	// Now is the clock sessions expire by (default time.Now).
	Now func() time.Time
	// Client talks to the identity provider (default http.DefaultClient).
	Client *http.Client
	// Revocations keeps logged-out sessions across restarts (default: in
	// memory, forgotten at restart).
	Revocations Revocations
}

// ErrNoLogin means the settings give nobody a way to log in.
var ErrNoLogin = errors.New("no way to log in: configure serve.oidc or serve.tokens")

// New builds the guard from a validated serve section. Without a session key
// it draws a random one: sessions then end when the process does.
func New(s config.Serve, o Options) (*Guard, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if s.OIDC == nil && len(s.Tokens) == 0 {
		return nil, ErrNoLogin
	}
	tokens, err := newTokens(s.Tokens)
	if err != nil {
		return nil, err
	}
	proxies, err := parseProxies(s.TrustedProxies)
	if err != nil {
		return nil, err
	}
	ck, err := newCookies([]byte(s.Session.Key.Reveal()), secureCookies(s), o.Now)
	if err != nil {
		return nil, err
	}
	g := &Guard{log: o.Log, now: o.Now, cookies: ck, tokens: tokens, cop: http.NewCrossOriginProtection(),
		maxAge: s.Session.MaxAge.Std(), idle: s.Session.Idle(), revoked: o.Revocations, fails: newThrottle(), proxies: proxies}
	if g.maxAge <= 0 {
		g.maxAge = config.DefaultSessionMaxAge
	}
	if g.revoked == nil {
		g.revoked = &memoryRevocations{now: o.Now}
	}
	if s.BaseURL != "" {
		if err := g.cop.AddTrustedOrigin(origin(s.BaseURL)); err != nil {
			return nil, fmt.Errorf("trust base_url origin: %w", err)
		}
	}
	if s.OIDC != nil {
		g.oidc = newOIDCLogin(*s.OIDC, s.BaseURL, o.Client)
	}
	return g, nil
}

// secureCookies reports whether cookies travel over TLS only: when the
// console serves TLS itself, its external URL is https, or insecure_http
// states that a TLS proxy is in front (unless base_url says plain http).
func secureCookies(s config.Serve) bool {
	u, err := url.Parse(s.BaseURL)
	switch {
	case s.TLS.Enabled():
		return true
	case err == nil && u.Scheme == "https":
		return true
	case err == nil && u.Scheme == "http":
		return false
	}
	return s.InsecureHTTP
}

func origin(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	return u.Scheme + "://" + u.Host
}

// Require serves h to principals holding need or a higher role. A request
// without a principal is sent to the login page (a browser's GET) or gets
// 401; a lower role gets 403 naming the role needed. A cookie session's
// unsafe request (POST, PUT, PATCH, DELETE) must carry the session's CSRF
// token and come from the console's own origin, or gets 403 and h is not
// called. h finds the principal with FromContext.
func (g *Guard) Require(need Role, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok, err := g.authenticate(w, r)
		if err != nil {
			g.refuse(w, r, err)
			return
		}
		if !ok {
			g.unauthenticated(w, r)
			return
		}
		if !p.Role.Allows(need) {
			g.log.Warn().Str("principal", p.Name).Str("role", p.Role.String()).Str("need", need.String()).Str("path", r.URL.Path).Msg("role refused")
			g.forbidden(w, r, p, need)
			return
		}
		if p.Via != viaBearer && unsafeMethod(r.Method) {
			if err := g.checkCSRF(r, p.CSRF); err != nil {
				g.log.Warn().Str("principal", p.Name).Str("path", r.URL.Path).Err(err).Msg("csrf refused")
				g.csrfRefused(w, r, err)
				return
			}
		}
		if p.Via == viaBearer {
			p.Via = ViaToken
		}
		h.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
	})
}

// Ways a principal came in.
const (
	// ViaOIDC is a person logged in through the identity provider.
	ViaOIDC = "oidc"
	// ViaToken is an API token, sent as a bearer token or pasted into the
	// login form.
	ViaToken = "token"
	// viaBearer marks a bearer request inside the guard: no cookie, no CSRF.
	viaBearer = "bearer"
)

// authenticate finds the request's principal: a bearer token when the
// request carries an Authorization header, else the session cookie. An
// error is a credential that was presented but is not valid, an address
// throttled for failed tokens (*throttledError), or revocations that could
// not be read (errSessionCheck).
func (g *Guard) authenticate(w http.ResponseWriter, r *http.Request) (Principal, bool, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		t, err := g.tokenAttempt(r, func() (apiToken, bool) { return g.bearer(h) })
		if err != nil {
			return Principal{}, false, err
		}
		return Principal{Name: t.name, Role: t.role, Via: viaBearer}, true, nil
	}
	var s session
	err := g.cookies.read(r, sessionCookie, &s)
	if errors.Is(err, errNoCookie) {
		return Principal{}, false, nil
	}
	if err == nil {
		cur, ok, err := g.live(r.Context(), s)
		if err != nil {
			return Principal{}, false, err
		}
		if ok {
			g.renew(w, s)
			return cur.principal(), true, nil
		}
	}
	// A tampered, foreign, expired, idle or ended session, or one whose
	// token or role the settings no longer give, is no session: log in again.
	g.cookies.clear(w, sessionCookie)
	return Principal{}, false, nil
}

func unsafeMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return false
	}
	return true
}
