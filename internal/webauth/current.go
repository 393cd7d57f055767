package webauth

import (
	"context"
	"net/http"
	"time"
)

// live returns session s as it stands now, with its role from the settings
// in force; false when it expired, idled out, was logged out or holds no
// role any more. An error (errSessionCheck) means the revocations could not
// be read.
func (g *Guard) live(ctx context.Context, s session) (session, bool, error) {
	if g.cookies.expired(s.Expires) || s.CSRF == "" || g.idledOut(s) {
		return s, false, nil
	}
	cur, ok := g.current(s)
	if !ok {
		return s, false, nil
	}
	revoked, err := g.isRevoked(ctx, s)
	if err != nil {
		g.log.Error().Err(err).Msg("check session")
		return s, false, errSessionCheck
	}
	return cur, !revoked, nil
}

// current re-derives s's role from the settings in force, so a restart
// with changed settings (and the same session key) reaches the sessions
// already open: a token session lasts while its token is configured and
// takes the token's role now; an OIDC session's claim values are mapped by
// today's serve.oidc.roles. false: the session no longer holds a role. A
// change at the identity provider (a person removed from a group) reaches
// a session only at its next login, within max_age.
func (g *Guard) current(s session) (session, bool) {
	if s.ID == "" {
		return s, false
	}
	switch s.Via {
	case ViaToken:
		t, ok := g.byFingerprint(s.Token)
		if !ok {
			return s, false
		}
		s.Name, s.Role = t.name, t.role
	case ViaOIDC:
		if g.oidc == nil {
			return s, false
		}
		s.Role = g.oidc.roleOf(s.Claims)
	default:
		return s, false
	}
	return s, s.Role.Allows(Viewer)
}

// renewEvery is how often activity re-issues a session cookie at most.
const renewEvery = time.Minute

// lastSeen is when s was last renewed; a cookie from before idle timeouts
// counts from its login, its expiry less max_age. When that lies ahead,
// the cookie was issued under a longer max_age and its login is unknown:
// it counts as unused since ever, rather than for the rest of its old
// max_age.
func (g *Guard) lastSeen(s session) time.Time {
	if s.Seen != 0 {
		return time.Unix(s.Seen, 0)
	}
	login := time.Unix(s.Expires, 0).Add(-g.maxAge)
	if login.After(g.now()) {
		return time.Time{}
	}
	return login
}

// idledOut reports whether s went unused for the idle timeout.
func (g *Guard) idledOut(s session) bool {
	return g.idle > 0 && !g.now().Before(g.lastSeen(s).Add(g.idle))
}

// renewal is how long activity waits before it re-issues the cookie: a
// minute, or a quarter of a short idle timeout.
func (g *Guard) renewal() time.Duration {
	return min(renewEvery, g.idle/4)
}

// renew re-issues s's cookie, seen now, when the idle timeout is on and the
// cookie is older than renewal; the session's id, CSRF token and absolute
// expiry stay.
func (g *Guard) renew(w http.ResponseWriter, s session) {
	now := g.now()
	if g.idle <= 0 || now.Sub(g.lastSeen(s)) < g.renewal() {
		return
	}
	s.Seen = now.Unix()
	if err := g.cookies.write(w, sessionCookie, s, time.Unix(s.Expires, 0).Sub(now)); err != nil {
		g.log.Error().Err(err).Msg("renew session")
	}
}
