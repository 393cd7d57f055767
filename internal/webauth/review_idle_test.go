package webauth

import (
	"net/http"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// legacyCookie is a session cookie as steward wrote it before idle
// timeouts: no time of last use, only the absolute expiry.
func legacyCookie(t *testing.T, g *Guard, expires time.Time) string {
	t.Helper()
	s := session{ID: "legacy-session-id", Subject: "token:steward-bot", Name: "steward-bot", Role: Steward,
		Via: ViaToken, CSRF: "legacy-csrf", Expires: expires.Unix(), Token: g.tokens[1].fp}
	v, err := g.cookies.codec.Encode(g.cookies.name(sessionCookie), s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestLegacyCookieIdlesOut: a cookie from before idle timeouts counts its
// idle time from its login. When max_age was shortened since, that login
// cannot be known (expiry minus today's max_age lies ahead): such a cookie
// is sent to login, not kept alive for the rest of its old max_age. One
// whose login can be known is let in while it has been used recently.
func TestLegacyCookieIdlesOut(t *testing.T) {
	login := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	now := login.Add(time.Hour)
	s := tokenServe() // max_age 12h, idle_timeout 30m by default
	g, err := New(s, Options{Log: zerolog.Nop(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	// Logged in at 9:00 with max_age 72h, unused since; now 10:00.
	if code, _ := present(g, Viewer, legacyCookie(t, g, login.Add(72*time.Hour))); code != http.StatusSeeOther {
		t.Errorf("cookie of a 72h max_age, unused 1h: %d, want 303 to login", code)
	}
	// Logged in at 9:00 with today's max_age: idle 1h, refused too.
	if code, _ := present(g, Viewer, legacyCookie(t, g, login.Add(12*time.Hour))); code != http.StatusSeeOther {
		t.Errorf("cookie of a 12h max_age, unused 1h: %d, want 303 to login", code)
	}
	// Logged in at 9:50 with today's max_age: within the idle timeout.
	if code, _ := present(g, Viewer, legacyCookie(t, g, login.Add(50*time.Minute+12*time.Hour))); code != http.StatusOK {
		t.Errorf("cookie of a 12h max_age, unused 10m: %d, want 200", code)
	}
}
