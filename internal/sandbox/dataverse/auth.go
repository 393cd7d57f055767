package dataverse

import (
	"crypto/sha1"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// tokenLifetime is what Entra grants an application token (expires_in 3599).
const tokenLifetime = 3599 * time.Second

type token struct {
	client  string
	expires time.Time
}

// tokens are the issued access tokens.
type tokens struct {
	mu     sync.Mutex
	issued map[string]token
	n      int
}

func (t *tokens) issue(client string, now time.Time) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n++
	h := sha1.Sum([]byte(client + strconv.Itoa(t.n) + now.String()))
	tok := "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + hex.EncodeToString(h[:])
	t.issued[tok] = token{client: client, expires: now.Add(tokenLifetime)}
	return tok
}

// check returns the token's client, or "" and whether it had expired.
func (t *tokens) check(tok string, now time.Time) (client string, expired bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	it, ok := t.issued[tok]
	if !ok {
		return "", false
	}
	if !now.Before(it.expires) {
		return "", true
	}
	return it.client, false
}

func (t *tokens) revoke() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.issued = map[string]token{}
}

// serveToken answers POST /{tenant}/oauth2/v2.0/token, the Entra ID client
// credentials grant (PROTOCOLS.md §5.2).
func (e *Emulator) serveToken(w http.ResponseWriter, r *http.Request, tenant string) {
	if r.Method != http.MethodPost {
		entraError(w, http.StatusMethodNotAllowed, "invalid_request", 900561, "AADSTS900561: The endpoint only accepts POST requests.")
		return
	}
	if tenant != e.opts.Tenant {
		entraError(w, http.StatusBadRequest, "invalid_tenant", 90002, "AADSTS90002: Tenant '"+tenant+"' not found.")
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") || r.ParseForm() != nil {
		entraError(w, http.StatusBadRequest, "invalid_request", 900144, "AADSTS900144: The request body must contain the following parameter: 'grant_type'.")
		return
	}
	if err := e.checkGrant(r); err != nil {
		entraError(w, err.status, err.code, err.number, err.msg)
		return
	}
	id, _, _ := clientCredentials(r)
	writePlain(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
		"access_token": e.tokens.issue(id, e.clock())})
}

type entraErr struct {
	status int
	code   string
	number int
	msg    string
}

// checkGrant checks grant type, client credentials and scope.
func (e *Emulator) checkGrant(r *http.Request) *entraErr {
	if g := r.PostForm.Get("grant_type"); g != "client_credentials" {
		return &entraErr{400, "unsupported_grant_type", 70003, "AADSTS70003: The app requested an unsupported grant type '" + g + "'."}
	}
	id, secret, ok := clientCredentials(r)
	if !ok || id != e.opts.ClientID {
		return &entraErr{400, "unauthorized_client", 700016, "AADSTS700016: Application with identifier '" + id + "' was not found in the directory '" + e.opts.Tenant + "'."}
	}
	if secret != e.opts.ClientSecret {
		return &entraErr{401, "invalid_client", 7000215, "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + id + "'."}
	}
	if want := e.baseURL(r) + "/.default"; r.PostForm.Get("scope") != want {
		return &entraErr{400, "invalid_scope", 70011, "AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope " + r.PostForm.Get("scope") + " is not valid."}
	}
	return nil
}

// clientCredentials reads client_id and client_secret from the form or, if
// absent there, from Basic authentication.
func clientCredentials(r *http.Request) (id, secret string, ok bool) {
	if id = r.PostForm.Get("client_id"); id != "" {
		return id, r.PostForm.Get("client_secret"), true
	}
	return r.BasicAuth()
}

// entraError writes Entra's error body (PROTOCOLS.md §5.2).
func entraError(w http.ResponseWriter, status int, code string, number int, msg string) {
	writePlain(w, status, map[string]any{"error": code, "error_description": msg, "error_codes": []int{number},
		"timestamp": time.Now().UTC().Format("2006-01-02 15:04:05Z"), "trace_id": guid("trace" + msg),
		"correlation_id": guid("correlation" + msg)})
}

// authenticate returns the calling user (the token's client) or writes 401.
func (e *Emulator) authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	client, expired := "", false
	if ok {
		client, expired = e.tokens.check(tok, e.clock())
	}
	if client != "" {
		return client, true
	}
	w.Header().Set("WWW-Authenticate", `Bearer authorization_uri="https://login.microsoftonline.com/`+e.opts.Tenant+`/oauth2/authorize", resource_id="`+e.baseURL(r)+`"`)
	msg := "The user is not authenticated: the bearer token is missing or not valid."
	if expired {
		msg = "ExpiredAuthTicket: the access token has expired."
	}
	writeError(w, fail(http.StatusUnauthorized, "", msg))
	return "", false
}

// baseURL is the organization URL: Options.BaseURL or the request's host.
func (e *Emulator) baseURL(r *http.Request) string {
	if e.opts.BaseURL != "" {
		return strings.TrimSuffix(e.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
