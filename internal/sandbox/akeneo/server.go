// Package akeneo emulates the Akeneo PIM REST API v1 over a synthetic catalog,
// built to PROTOCOLS.md §1: the password grant with refresh-token rotation,
// /products-uuid and /products listings with search_after or page pagination
// and the search filter, families, attributes, locales and channels with page
// pagination, and collection PATCH with one
// JSON per line, the 100-line limit and per-line statuses; writes are
// validated as the API validates them (validate.go).
package akeneo

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

// Credentials the emulator accepts.
type Credentials struct {
	ClientID, Secret, Username, Password string
}

// Server is an Akeneo emulator. It is safe for concurrent use.
type Server struct {
	cat   *catalog.Catalog
	sch   *schema
	creds Credentials

	mu       sync.RWMutex
	changed  map[int]*product
	bySKU    map[string]int
	byUUID   map[string]int
	total    int
	access   map[string]time.Time
	refresh  map[string]bool
	tokenTTL time.Duration
	now      func() time.Time

	statsMu sync.Mutex
	writes  map[string]int
	calls   map[string]int
}

// New returns an emulator serving cat.
func New(cat *catalog.Catalog, creds Credentials) *Server {
	return &Server{cat: cat, sch: schemaFor(cat), creds: creds, changed: map[int]*product{}, bySKU: map[string]int{}, byUUID: map[string]int{}, total: cat.N,
		access: map[string]time.Time{}, refresh: map[string]bool{}, tokenTTL: time.Hour, now: time.Now,
		writes: map[string]int{}, calls: map[string]int{}}
}

// ExpireTokens revokes every access token, as an expiry mid-run would.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.access)
}

// Writes returns how many accepted PATCH lines touched each identifier.
func (s *Server) Writes() map[string]int {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	out := make(map[string]int, len(s.writes))
	for k, v := range s.writes {
		out[k] = v
	}
	return out
}

// Calls returns request counts by "METHOD path".
func (s *Server) Calls() map[string]int {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// ServeHTTP routes a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.statsMu.Lock()
	s.calls[r.Method+" "+r.URL.Path]++
	s.statsMu.Unlock()
	s.mu.RLock()
	now := s.now
	s.mu.RUnlock()
	// The Date header comes from the same clock as the update dates, as on
	// a real server: a pass fixes its top by it.
	w.Header().Set("Date", now().UTC().Format(http.TimeFormat))
	if r.URL.Path == "/api/oauth/v1/token" {
		s.token(w, r)
		return
	}
	if r.URL.Path == "/api/rest/v1" && r.Method == http.MethodGet {
		s.overview(w, r)
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/api/rest/v1/") {
		writeError(w, http.StatusNotFound, "Resource not found")
		return
	}
	if !s.authorized(r) {
		writeError(w, http.StatusUnauthorized, "Authentication is required")
		return
	}
	if a := r.Header.Get("Accept"); a != "" && !strings.Contains(a, "application/json") && !strings.Contains(a, "*/*") {
		writeError(w, http.StatusNotAcceptable, "'"+a+"' in 'Accept' header is not valid. Only 'application/json' is allowed.")
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/api/rest/v1/")
	switch {
	case (path == "products-uuid" || path == "products") && r.Method == http.MethodGet:
		s.list(w, r, path == "products")
	case (path == "products-uuid" || path == "products") && r.Method == http.MethodPatch:
		s.patch(w, r, path == "products")
	case path == "products-uuid" && r.Method == http.MethodPost:
		s.single(w, r, "")
	case strings.HasPrefix(path, "products-uuid/") && !strings.Contains(strings.TrimPrefix(path, "products-uuid/"), "/"):
		s.product(w, r, strings.TrimPrefix(path, "products-uuid/"))
	case path == "product-models" && r.Method == http.MethodGet:
		s.productModels(w, r, "")
	case strings.HasPrefix(path, "product-models/") && r.Method == http.MethodGet:
		s.productModels(w, r, strings.TrimPrefix(path, "product-models/"))
	case path == "families" && r.Method == http.MethodGet:
		s.families(w, r)
	case path == "attributes" && r.Method == http.MethodGet:
		s.attributes(w, r)
	case path == "locales" && r.Method == http.MethodGet:
		s.locales(w, r)
	case path == "channels" && r.Method == http.MethodGet:
		s.channels(w, r)
	case strings.HasPrefix(path, "attributes/") && strings.HasSuffix(path, "/options") && r.Method == http.MethodGet:
		s.options(w, r, strings.TrimSuffix(strings.TrimPrefix(path, "attributes/"), "/options"))
	default:
		writeError(w, http.StatusNotFound, "Resource not found")
	}
}

// overview lists the endpoints; it needs no authentication (overview.md).
func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	routes := map[string]any{}
	for _, p := range []string{"products-uuid", "products", "product-models", "families", "attributes", "locales", "channels"} {
		routes["pim_api_"+strings.ReplaceAll(p, "-", "_")+"_list"] = map[string]any{"route": "/api/rest/v1/" + p, "methods": []string{"GET"}}
	}
	writeJSON(w, http.StatusOK, map[string]any{"host": baseURL(r),
		"authentication": map[string]any{"fos_oauth_server_token": map[string]any{"route": "/api/oauth/v1/token", "methods": []string{"POST"}}},
		"routes":         routes})
}

func (s *Server) authorized(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	exp, ok := s.access[tok]
	return ok && s.now().Before(exp)
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, "Method not allowed")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok || id != s.creds.ClientID || secret != s.creds.Secret {
		writeError(w, http.StatusUnprocessableEntity, `Parameter "client_id" is missing or does not match any client, or secret is invalid`)
		return
	}
	form, err := tokenForm(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch form["grant_type"] {
	case "password":
		if form["username"] != s.creds.Username || form["password"] != s.creds.Password {
			writeError(w, http.StatusUnprocessableEntity, "No user found for the given username and password")
			return
		}
	case "refresh_token":
		if !s.refresh[form["refresh_token"]] {
			writeError(w, http.StatusUnprocessableEntity, "Invalid refresh token")
			return
		}
		delete(s.refresh, form["refresh_token"]) // rotation: each refresh token works once
	default:
		writeError(w, http.StatusUnprocessableEntity, "Invalid grant_type parameter or parameter missing")
		return
	}
	access, refresh := randomToken(), randomToken()
	s.access[access] = s.now().Add(s.tokenTTL)
	s.refresh[refresh] = true
	writeJSON(w, http.StatusOK, map[string]any{"access_token": access, "expires_in": int(s.tokenTTL.Seconds()),
		"token_type": "bearer", "scope": nil, "refresh_token": refresh})
}

// tokenForm reads the token request as JSON or as a form, both of which Akeneo accepts.
func tokenForm(r *http.Request) (map[string]string, error) {
	out := map[string]string{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<16)).Decode(&out)
		return out, err
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	for k := range r.PostForm {
		out[k] = r.PostForm.Get(k)
	}
	return out, nil
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"code": status, "message": msg})
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// SetClock replaces the clock used for write times and token expiry.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}
