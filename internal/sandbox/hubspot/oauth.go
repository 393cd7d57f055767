package hubspot

import (
	"fmt"
	"mime"
	"net/http"
	"slices"
	"time"
)

// AccessTokenTTL is the lifetime of an OAuth access token.
const AccessTokenTTL = 1800 * time.Second

// tokenResponse is POST /oauth/v1/token's answer (PROTOCOLS.md §3.2).
type tokenResponse struct {
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token"`
	AccessToken  string `json:"access_token"`
	ExpiresIn    int    `json:"expires_in"`
}

// oauthError is the token endpoint's error body.
type oauthError struct {
	Status        string `json:"status"`
	Message       string `json:"message"`
	CorrelationID string `json:"correlationId"`
}

// tokenEndpoint serves POST /oauth/v1/token with the refresh_token grant:
// a form body with grant_type, client_id, client_secret and refresh_token.
// Errors are 400 {"status":"BAD_…","message",…}; the answers carry no
// rate-limit headers.
func (e *Emulator) tokenEndpoint(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		e.fail(w, http.StatusMethodNotAllowed, catValidation, "HTTP method "+r.Method+" is not supported by this URL")
		return
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		e.oauthFail(w, "BAD_REQUEST", "the token request must be application/x-www-form-urlencoded")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	if err := r.ParseForm(); err != nil {
		e.oauthFail(w, "BAD_REQUEST", "unreadable form: "+err.Error())
		return
	}
	f := r.PostForm
	switch {
	case f.Get("grant_type") != "refresh_token":
		e.oauthFail(w, "BAD_GRANT_TYPE", fmt.Sprintf("unsupported grant_type %q", f.Get("grant_type")))
	case e.opt.ClientID == "" || f.Get("client_id") != e.opt.ClientID:
		e.oauthFail(w, "BAD_CLIENT_ID", "missing or unknown client id")
	case f.Get("client_secret") != e.opt.ClientSecret:
		e.oauthFail(w, "BAD_CLIENT_SECRET", "missing or invalid client secret")
	case !slices.Contains(e.opt.RefreshTokens, f.Get("refresh_token")) || f.Get("refresh_token") == "":
		e.oauthFail(w, "BAD_REFRESH_TOKEN", "missing or unknown refresh token")
	default:
		writeJSON(w, http.StatusOK, tokenResponse{TokenType: "bearer", RefreshToken: f.Get("refresh_token"),
			AccessToken: e.issue(), ExpiresIn: int(AccessTokenTTL / time.Second)})
	}
}

// issue makes a new access token valid for AccessTokenTTL.
func (e *Emulator) issue() string {
	now := e.clock()
	e.mu.Lock()
	defer e.mu.Unlock()
	e.issued++
	tok := fmt.Sprintf("oauth-access-%06d", e.issued)
	e.oauth[tok] = now.Add(AccessTokenTTL)
	return tok
}

func (e *Emulator) oauthFail(w http.ResponseWriter, status, msg string) {
	writeJSON(w, http.StatusBadRequest, oauthError{Status: status, Message: msg, CorrelationID: e.correlation()})
}
