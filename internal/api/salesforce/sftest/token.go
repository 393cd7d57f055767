package sftest

import (
	"fmt"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// tokenEndpoint grants client credentials (form or Basic) and JWT bearer
// assertions; the answer has no expires_in.
func (f *Fake) tokenEndpoint(w http.ResponseWriter, r *http.Request) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		reply(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "POST a form"})
		return
	}
	var ok bool
	switch r.PostForm.Get("grant_type") {
	case "client_credentials":
		id, secret, basic := r.BasicAuth()
		if !basic {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		ok = id == f.ClientID && secret == f.ClientSecret
	case "urn:ietf:params:oauth:grant-type:jwt-bearer":
		ok = f.validJWT(r.PostForm.Get("assertion"))
	}
	if !ok {
		reply(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "authentication failure"})
		return
	}
	f.Tokens++
	f.token = fmt.Sprintf("00DFAKE!token%d", f.Tokens)
	inst := f.InstanceURL
	if inst == "" {
		inst = "http://" + r.Host
	}
	reply(w, http.StatusOK, map[string]string{"access_token": f.token, "instance_url": inst, "id": inst + "/id/00D/005",
		"token_type": "Bearer", "issued_at": fmt.Sprint(time.Now().UnixMilli()), "signature": "sig", "scope": "api"})
}

// validJWT checks an RS256 assertion: iss, sub, aud and exp ≤ now + 3 min.
func (f *Fake) validJWT(assertion string) bool {
	if f.PublicKey == nil {
		return false
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(assertion, claims, func(*jwt.Token) (any, error) { return f.PublicKey, nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithAudience("https://login.salesforce.com"), jwt.WithExpirationRequired())
	if err != nil {
		return false
	}
	exp, _ := claims.GetExpirationTime()
	return claims["iss"] == f.ClientID && claims["sub"] == f.Username && exp.Before(time.Now().Add(3*time.Minute+5*time.Second))
}
