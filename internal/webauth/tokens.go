package webauth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/stewardhq/steward/config"
)

// errBadToken is a bearer credential that matches no configured token.
var errBadToken = errors.New("the API token is not recognized")

// apiToken is a configured token: only its digest is kept.
type apiToken struct {
	name   string
	role   Role
	digest [sha256.Size]byte
	// fp names the token in the sessions started with it.
	fp string
}

// fingerprint is what a token session keeps of its token: a hash of the
// token's digest, which names the token without revealing it.
func fingerprint(digest [sha256.Size]byte) string {
	h := sha256.Sum256(append([]byte("steward token session\x00"), digest[:]...))
	return base64.RawURLEncoding.EncodeToString(h[:16])
}

// byFingerprint finds the configured token a session was started with.
func (g *Guard) byFingerprint(fp string) (apiToken, bool) {
	for _, t := range g.tokens {
		if fp != "" && subtle.ConstantTimeCompare([]byte(fp), []byte(t.fp)) == 1 {
			return t, true
		}
	}
	return apiToken{}, false
}

// ParseRole returns the role config names name (viewer, steward, operator).
func ParseRole(name string) (Role, error) {
	for _, r := range []Role{Viewer, Steward, Operator} {
		if r.String() == name {
			return r, nil
		}
	}
	return 0, fmt.Errorf("parse role %q: want viewer, steward or operator", name)
}

func newTokens(ts []config.APIToken) ([]apiToken, error) {
	out := make([]apiToken, 0, len(ts))
	for i, t := range ts {
		role, err := ParseRole(t.Role)
		if err != nil {
			return nil, fmt.Errorf("serve.tokens[%d]: %w", i, err)
		}
		if t.Token.Reveal() == "" {
			return nil, fmt.Errorf("serve.tokens[%d] (%s): token is empty", i, t.Name)
		}
		d := sha256.Sum256([]byte(t.Token.Reveal()))
		out = append(out, apiToken{name: t.Name, role: role, digest: d, fp: fingerprint(d)})
	}
	return out, nil
}

// match finds the token whose value is v. It compares digests in constant
// time against every token, so timing tells nothing of which matched.
func (g *Guard) match(v string) (apiToken, bool) {
	d := sha256.Sum256([]byte(v))
	var found apiToken
	hit := 0
	for _, t := range g.tokens {
		if subtle.ConstantTimeCompare(d[:], t.digest[:]) == 1 {
			found, hit = t, 1
		}
	}
	return found, hit == 1 && v != ""
}

// bearer reads an Authorization header of the form "Bearer <token>".
func (g *Guard) bearer(h string) (apiToken, bool) {
	scheme, v, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return apiToken{}, false
	}
	return g.match(strings.TrimSpace(v))
}
