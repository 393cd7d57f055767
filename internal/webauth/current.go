package webauth

import (
	"sync"
	"time"
)

// current re-derives s's role from the settings in force, so a restart
// with changed settings (and the same session key) reaches the sessions
// already open: a token session lasts while its token is configured and
// takes the token's role now; an OIDC session's claim values are mapped by
// today's serve.oidc.roles. false: the session was logged out or no longer
// holds a role. A change at the identity provider (a person removed from a
// group) reaches a session only at its next login, within max_age.
func (g *Guard) current(s session) (session, bool) {
	if s.ID == "" || g.ended.has(s.ID) {
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

// MaxEnded bounds the logged-out sessions remembered until they expire.
const MaxEnded = 100_000

// ended remembers logged-out sessions until their expiry, so a copy of a
// logged-out cookie opens nothing. It lives in memory: a restart forgets
// it (rotate serve.session.key to end every session).
type ended struct {
	mu  sync.Mutex
	ids map[string]time.Time // session id → its expiry
}

// revoke ends session s now.
func (g *Guard) revoke(s session) {
	if s.ID == "" {
		return
	}
	if !g.ended.add(s.ID, time.Unix(s.Expires, 0), g.now()) {
		g.log.Warn().Int("remembered", MaxEnded).Msg("too many logged-out sessions to remember; this one lasts until it expires")
	}
}

// add remembers id until exp, first forgetting what expired by now; false
// when MaxEnded live sessions are remembered already.
func (e *ended) add(id string, exp, now time.Time) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ids == nil {
		e.ids = map[string]time.Time{}
	}
	if len(e.ids) >= MaxEnded {
		for k, t := range e.ids {
			if !now.Before(t) {
				delete(e.ids, k)
			}
		}
	}
	if len(e.ids) >= MaxEnded {
		return false
	}
	e.ids[id] = exp
	return true
}

// has reports whether session id was logged out.
func (e *ended) has(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.ids[id]
	return ok
}
