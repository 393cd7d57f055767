package salesforce

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// Audiences a JWT bearer assertion may name.
var jwtAudiences = []string{"https://login.salesforce.com", "https://test.salesforce.com"}

// jwtMaxAhead is how far in the future a JWT's exp may lie.
const jwtMaxAhead = 3 * time.Minute

type jwtClaims struct {
	Iss string          `json:"iss"`
	Sub string          `json:"sub"`
	Aud json.RawMessage `json:"aud"`
	Exp json.Number     `json:"exp"`
}

// jwtBearer checks an RS256 assertion: signature by the connected app's
// key, iss the consumer key, sub a known user, aud a login host, exp in the
// future but at most three minutes ahead.
func (e *Emulator) jwtBearer(assertion string) (user, code, desc string) {
	claims, err := e.verifyJWT(assertion)
	if err != "" {
		return "", "invalid_grant", err
	}
	if claims.Iss != e.opts.ClientID || claims.Iss == "" {
		return "", "invalid_client_id", "client identifier invalid"
	}
	if !audienceOK(claims.Aud) {
		return "", "invalid_grant", "audience is invalid"
	}
	e.mu.Lock()
	now := e.clock()
	e.mu.Unlock()
	exp, perr := claims.Exp.Int64()
	switch {
	case perr != nil:
		return "", "invalid_grant", "invalid assertion: exp is missing or not a number"
	case time.Unix(exp, 0).Before(now):
		return "", "invalid_grant", "expired authorization code"
	case time.Unix(exp, 0).After(now.Add(jwtMaxAhead)):
		return "", "invalid_grant", "invalid assertion: exp is more than 3 minutes ahead"
	}
	if claims.Sub == "" || !e.knownUser(claims.Sub) {
		return "", "invalid_grant", "user hasn't approved this consumer"
	}
	return claims.Sub, "", ""
}

// verifyJWT decodes the assertion and checks its RS256 signature; the
// string is the error description ("" when valid).
func (e *Emulator) verifyJWT(assertion string) (jwtClaims, string) {
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		return jwtClaims{}, "invalid assertion"
	}
	var head struct {
		Alg string `json:"alg"`
	}
	if !decodeSegment(parts[0], &head) || head.Alg != "RS256" {
		return jwtClaims{}, "invalid assertion: the header must name alg RS256"
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || e.opts.PublicKey == nil {
		return jwtClaims{}, "invalid assertion"
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(e.opts.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		return jwtClaims{}, "invalid assertion: signature is invalid"
	}
	var c jwtClaims
	if !decodeSegment(parts[1], &c) {
		return jwtClaims{}, "invalid assertion: malformed claims"
	}
	return c, ""
}

func decodeSegment(seg string, v any) bool {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return false
	}
	return json.Unmarshal(b, v) == nil
}

// audienceOK accepts aud as one of jwtAudiences, as a string or a
// one-element array.
func audienceOK(raw json.RawMessage) bool {
	var one string
	if json.Unmarshal(raw, &one) != nil {
		var many []string
		if json.Unmarshal(raw, &many) != nil || len(many) != 1 {
			return false
		}
		one = many[0]
	}
	for _, a := range jwtAudiences {
		if strings.TrimSuffix(one, "/") == a {
			return true
		}
	}
	return false
}
