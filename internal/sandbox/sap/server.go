// Package sap emulates SAP S/4HANA OData v4 A2X services, and the OData v2
// business partner service (bp*.go), over a synthetic
// catalog, built to PROTOCOLS.md §4 and §6: the Product and sales price
// condition record entity sets with their SAP property names, $filter, $select,
// $orderby, $top/$skip, $count, server paging with @odata.nextLink/$skiptoken
// and Prefer: odata.maxpagesize, typed properties (a literal not of the
// property's Edm type or an unknown property is a 400), decimals as JSON numbers unless
// IEEE754Compatible=true is asked for, a 400 to '+' in a query, a Mode with
// offset skiptokens and rows leaving the result set mid-pass, CSRF tokens for writes, Basic and OAuth2
// client-credentials auth, and SAP-style OData error bodies.
package sap

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// Credentials the emulator accepts: Basic user/password, or a client for the
// token endpoint.
type Credentials struct {
	User, Password, ClientID, ClientSecret string
}

// TokenPath is the emulated OAuth2 token endpoint.
const TokenPath = "/sap/bc/sec/oauth2/token"

// Server is the emulator. It is safe for concurrent use.
type Server struct {
	cat   *catalog.Catalog
	creds Credentials
	now   func() time.Time

	mu      sync.RWMutex
	mode    Mode
	changed map[string]map[int]entity
	deleted map[string]map[int]bool
	shifted map[string][]string
	pages   map[string]int
	tokens  map[string]time.Time
	csrf    map[string]string // session cookie → CSRF token
	bp      bpTables          // the v2 business partner service's rows
	zone    *time.Location    // zone of the v2 service's clock (nil: UTC)

	statsMu sync.Mutex
	calls   map[string]int
}

// New returns an emulator serving cat.
func New(cat *catalog.Catalog, creds Credentials) *Server {
	return &Server{cat: cat, creds: creds, now: time.Now, changed: map[string]map[int]entity{},
		deleted: map[string]map[int]bool{}, shifted: map[string][]string{}, pages: map[string]int{},
		tokens: map[string]time.Time{}, csrf: map[string]string{}, calls: map[string]int{}, bp: seedPartners(cat)}
}

// Calls returns request counts by "METHOD path".
func (s *Server) Calls() map[string]int {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	out := map[string]int{}
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// ExpireTokens revokes every bearer token.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
}

// ServeHTTP routes a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.statsMu.Lock()
	s.calls[r.Method+" "+r.URL.Path]++
	s.statsMu.Unlock()
	if r.URL.Path == TokenPath {
		s.token(w, r)
		return
	}
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="SAP NetWeaver Application Server"`)
		fail := odataError
		if strings.HasPrefix(r.URL.Path, BPService) {
			fail = v2Error
		}
		fail(w, http.StatusUnauthorized, "/IWFND/CM_CONSUMER/101", "Logon failed")
		return
	}
	if !s.checkQuery(w, r) {
		return
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, BPService); ok || r.URL.Path+"/" == BPService {
		s.serveBP(w, r, rest)
		return
	}
	for _, set := range sets {
		rest, ok := strings.CutPrefix(r.URL.Path, set.service)
		if !ok {
			continue
		}
		s.serveSet(w, r, set, rest)
		return
	}
	odataError(w, http.StatusNotFound, "/IWFND/MED/170", "No service found for namespace '', name '"+r.URL.Path+"', version '0001'")
}

func (s *Server) serveSet(w http.ResponseWriter, r *http.Request, set entitySet, rest string) {
	if r.Header.Get("X-CSRF-Token") == "Fetch" && r.Method == http.MethodGet {
		s.issueCSRF(w)
	}
	switch {
	case rest == "" || rest == "$metadata":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("OData-Version", "4.0")
		_ = json.NewEncoder(w).Encode(map[string]any{"@odata.context": "$metadata", "value": []map[string]string{{"name": set.name, "kind": "EntitySet", "url": set.name}}})
	case rest == set.name && r.Method == http.MethodGet:
		s.list(w, r, set)
	case strings.HasPrefix(rest, set.name+"("):
		s.single(w, r, set, rest)
	default:
		odataError(w, http.StatusNotFound, "/IWBEP/CM_V4_RUNTIME/021", "Resource not found for segment '"+rest+"'")
	}
}

func (s *Server) authorized(r *http.Request) bool {
	if u, p, ok := r.BasicAuth(); ok {
		return u == s.creds.User && p == s.creds.Password
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	exp, ok := s.tokens[tok]
	return ok && s.now().Before(exp)
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	if id != s.creds.ClientID || secret != s.creds.ClientSecret {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "Bad credentials"})
		return
	}
	tok := randomToken()
	s.mu.Lock()
	s.tokens[tok] = s.now().Add(12 * time.Hour)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": 43199, "scope": "API_PRODUCT_0002"})
}

func (s *Server) issueCSRF(w http.ResponseWriter) {
	session, tok := randomToken(), randomToken()
	s.mu.Lock()
	s.csrf[session] = tok
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: "SAP_SESSIONID_S4H_100", Value: session, Path: "/", HttpOnly: true})
	w.Header().Set("X-CSRF-Token", tok)
}

func (s *Server) csrfValid(r *http.Request) bool {
	c, err := r.Cookie("SAP_SESSIONID_S4H_100")
	if err != nil {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	tok, ok := s.csrf[c.Value]
	return ok && tok == r.Header.Get("X-CSRF-Token")
}

func randomToken() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// odataError writes an OData v4 error with SAP's annotations.
func odataError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("OData-Version", "4.0")
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"code": code, "message": msg, "@SAP__common.ExceptionCategory": "Client_Error", "details": []any{},
		"innererror": map[string]any{"ErrorDetails": map[string]any{"@SAP__common.TransactionId": randomToken(), "@SAP__common.Timestamp": time.Now().UTC().Format("20060102150405.0000000")}},
	}})
}

// SetClock replaces the clock used for write times and token expiry.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}
