package salesforce

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Grant types of the token endpoint.
const (
	grantClientCredentials = "client_credentials"
	grantJWT               = "urn:ietf:params:oauth:grant-type:jwt-bearer"
)

// session is an issued access token.
type session struct {
	user     string
	lastUsed time.Time
}

// tokenError is the token endpoint's error body.
type tokenError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func writeTokenErr(w http.ResponseWriter, code, desc string) {
	writeJSON(w, http.StatusBadRequest, tokenError{Error: code, Description: desc})
}

// token serves POST /services/oauth2/token (form body only).
func (e *Emulator) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeTokenErr(w, "invalid_request", "must use HTTP POST")
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		writeTokenErr(w, "invalid_request", "request body must be application/x-www-form-urlencoded")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeTokenErr(w, "invalid_request", "malformed request body")
		return
	}
	var user, code, desc string
	switch r.PostForm.Get("grant_type") {
	case grantClientCredentials:
		user, code, desc = e.clientCredentials(r)
	case grantJWT:
		user, code, desc = e.jwtBearer(r.PostForm.Get("assertion"))
	default:
		code, desc = "unsupported_grant_type", "grant type not supported"
	}
	if code != "" {
		writeTokenErr(w, code, desc)
		return
	}
	writeJSON(w, http.StatusOK, e.issue(r, user))
}

// clientCredentials checks the client id and secret, in the body or as
// HTTP Basic (not both).
func (e *Emulator) clientCredentials(r *http.Request) (user, code, desc string) {
	id, secret, basic := r.BasicAuth()
	inBody := r.PostForm.Has("client_id") || r.PostForm.Has("client_secret")
	switch {
	case basic && inBody:
		return "", "invalid_request", "client credentials given both as HTTP Basic and in the body"
	case !basic:
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id == "" || id != e.opts.ClientID {
		return "", "invalid_client_id", "client identifier invalid"
	}
	if secret == "" || !hmac.Equal([]byte(secret), []byte(e.opts.ClientSecret)) {
		return "", "invalid_client", "invalid client credentials"
	}
	return e.runAs(), "", ""
}

// runAs is the user client credentials sessions run as.
func (e *Emulator) runAs() string {
	if len(e.opts.RunAs) > 0 {
		return e.opts.RunAs[0]
	}
	return RepEmail(1)
}

// knownUser reports whether username may authenticate: a RunAs name or an
// active seeded user's Username.
func (e *Emulator) knownUser(username string) bool {
	for _, u := range e.opts.RunAs {
		if u == username {
			return true
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range e.tables["User"].recs {
		if r.Fields["Username"] == username && r.Fields["IsActive"] == true {
			return true
		}
	}
	return false
}

// tokenBody is the success body of the token endpoint (§2.2).
type tokenBody struct {
	AccessToken string `json:"access_token"`
	Signature   string `json:"signature"`
	Scope       string `json:"scope"`
	InstanceURL string `json:"instance_url"`
	ID          string `json:"id"`
	TokenType   string `json:"token_type"`
	IssuedAt    string `json:"issued_at"`
}

// issue starts a session for user and returns the token body.
func (e *Emulator) issue(r *http.Request, user string) tokenBody {
	raw := make([]byte, 24)
	_, _ = rand.Read(raw)
	tok := orgID + "!" + base64.RawURLEncoding.EncodeToString(raw)
	e.mu.Lock()
	now := e.clock()
	e.sessions[tok] = &session{user: user, lastUsed: now}
	e.mu.Unlock()
	inst := instanceURL(r)
	id := inst + "/id/" + orgID + "/" + e.userID(user)
	issued := strconv.FormatInt(now.UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte(e.opts.ClientSecret))
	mac.Write([]byte(id + issued))
	return tokenBody{AccessToken: tok, Signature: base64.StdEncoding.EncodeToString(mac.Sum(nil)), Scope: "api",
		InstanceURL: inst, ID: id, TokenType: "Bearer", IssuedAt: issued}
}

// orgID is the emulated org's id.
const orgID = "00D5g000000StwdEAC"

// userID returns the User id of username, or a stable id derived from it
// for a RunAs user without a record.
func (e *Emulator) userID(username string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.userIDLocked(username)
}

// userIDLocked is userID for a caller holding e.mu.
func (e *Emulator) userIDLocked(username string) string {
	for _, r := range e.tables["User"].recs {
		if r.Fields["Username"] == username {
			return r.ID
		}
	}
	sum := sha256.Sum256([]byte(username))
	return makeID("005", 100000+int(sum[0])<<8|int(sum[1]))
}

// authorize returns the session of the request's bearer token, nil when it
// is missing, unknown or timed out; it refreshes the session's last use.
func (e *Emulator) authorize(r *http.Request) *session {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		tok, ok = strings.CutPrefix(h, "OAuth ")
	}
	if !ok || tok == "" {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.sessions[tok]
	now := e.clock()
	if s == nil || now.Sub(s.lastUsed) >= e.opts.SessionTimeout {
		delete(e.sessions, tok)
		return nil
	}
	s.lastUsed = now
	return s
}
