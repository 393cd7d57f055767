package webauth

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
)

// Cookie names, before the __Host- prefix a secure cookie gets.
const (
	sessionCookie = "steward_session"
	flowCookie    = "steward_login"
	preCookie     = "steward_form"
	flowTTL       = 10 * time.Minute
	preTTL        = time.Hour
)

// errNoCookie is a request without the cookie asked for.
var errNoCookie = errors.New("no cookie")

// session is what a login cookie holds, signed and encrypted.
type session struct {
	// ID names the session for logout; random.
	ID      string `json:"id"`
	Subject string `json:"sub"`
	Name    string `json:"name"`
	Role    Role   `json:"role"`
	Via     string `json:"via"`
	CSRF    string `json:"csrf"`
	Expires int64  `json:"exp"`
	// Seen is when the session was last renewed by activity (Unix
	// seconds); the idle timeout counts from it.
	Seen int64 `json:"seen,omitempty"`
	// Token is the fingerprint of the API token a token session was
	// started with; the session lasts while that token is configured.
	Token string `json:"tok,omitempty"`
	// Claims are the role claim's values that the settings mapped at login;
	// each request maps them again with the settings in force.
	Claims []string `json:"claims,omitempty"`
}

// principal is the session's holder as handlers see it.
func (s session) principal() Principal {
	return Principal{Name: s.Name, Role: s.Role, Via: s.Via, CSRF: s.CSRF}
}

// cookies writes and reads the guard's signed and encrypted cookies. Every
// value carries its own expiry, checked against the guard's clock.
type cookies struct {
	codec  *securecookie.SecureCookie
	secure bool
	now    func() time.Time
}

// newCookies derives the signing and encryption keys from key; an empty key
// draws a random one, so sessions end when the process does.
func newCookies(key []byte, secure bool, now func() time.Time) (*cookies, error) {
	if len(key) == 0 {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("draw session key: %w", err)
		}
	}
	hashKey, err := hkdf.Key(sha256.New, key, nil, "steward session mac", 32)
	if err != nil {
		return nil, fmt.Errorf("derive session keys: %w", err)
	}
	blockKey, err := hkdf.Key(sha256.New, key, nil, "steward session aes", 32)
	if err != nil {
		return nil, fmt.Errorf("derive session keys: %w", err)
	}
	codec := securecookie.New(hashKey, blockKey).SetSerializer(securecookie.JSONEncoder{})
	// Expiry is each value's own field, checked with the injected clock.
	codec.MaxAge(0)
	return &cookies{codec: codec, secure: secure, now: now}, nil
}

// name is the cookie's name on the wire: a secure cookie is bound to this
// host and path / by the __Host- prefix.
func (c *cookies) name(base string) string {
	if c.secure {
		return "__Host-" + base
	}
	return base
}

// write sets cookie base to v (which must carry its expiry too), living ttl.
func (c *cookies) write(w http.ResponseWriter, base string, v any, ttl time.Duration) error {
	enc, err := c.codec.Encode(c.name(base), v)
	if err != nil {
		return fmt.Errorf("encode %s cookie: %w", base, err)
	}
	http.SetCookie(w, &http.Cookie{
		Name: c.name(base), Value: enc, Path: "/", MaxAge: int(ttl.Seconds()),
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// read decodes cookie base into v; a missing, tampered or foreign cookie is
// an error.
func (c *cookies) read(r *http.Request, base string, v any) error {
	ck, err := r.Cookie(c.name(base))
	if err != nil {
		return errNoCookie
	}
	if err := c.codec.Decode(c.name(base), ck.Value, v); err != nil {
		return fmt.Errorf("decode %s cookie: %w", base, err)
	}
	return nil
}

// clear tells the browser to drop cookie base.
func (c *cookies) clear(w http.ResponseWriter, base string) {
	http.SetCookie(w, &http.Cookie{
		Name: c.name(base), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode,
	})
}

// expired reports whether a value expiring at unix seconds exp is past.
func (c *cookies) expired(exp int64) bool { return !c.now().Before(time.Unix(exp, 0)) }

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("draw random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
