// Package salsify emulates the Salsify REST API v1 (PROTOCOLS.md §9) over the
// sandbox catalog, as strictly as the documentation allows:
//
//   - base {base}/api/v1/orgs/{org_id}; one organization; any other org id is
//     404 {"errors":[...]};
//   - auth by `Authorization: Bearer <token>` or the access_token query
//     parameter; a missing or wrong token is 401
//     {"error":"You need to sign in before continuing."} (the body of the
//     vendor's OpenAPI examples for 401);
//   - GET /products?filter=&per_page=&page= answering
//     {"data":[...],"meta":{"per_page","cursor":null,"total_entries","current_page"}}
//     (current_page absent when nothing matches, as the documented "Empty
//     Response" example); page*per_page above 10,000 is 422
//     {"errors":["result_window limit of <page*per_page> exceeded 10000"]};
//     see list.go for per_page and filter.go for the filter language;
//   - GET, PUT (204) and DELETE (204) /products/{salsify:id}; bulk POST (201 +
//     documents), bulk PUT (204) and PUT /products/_upsert (200 + documents),
//     matched by the "Product ID" property, with per-item errors as an array of
//     arrays (see write.go);
//   - 10,000 requests per hour per organization with x-ratelimit-limit,
//     x-ratelimit-remaining and x-ratelimit-reset on every answer, 429 beyond
//     (see ratelimit.go).
//
// Products are flat documents: salsify: system fields and customer properties
// keyed by property id (with spaces), multi-valued properties as arrays,
// numbers as JSON numbers keeping their exact text.
package salsify

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// Sandbox identity: the org id and API token the sandbox serves.
const (
	SandboxOrg   = "s-steward-sandbox"
	SandboxToken = "sandbox-salsify-token"
)

// Server is a Salsify emulator for one organization. It is safe for
// concurrent use.
type Server struct {
	cat *catalog.Catalog
	org string

	mu      sync.RWMutex
	token   string
	changed map[int]*product
	bySKU   map[string]int // products created through the API, by salsify:id
	parents parents        // the realistic profile's parent products (realistic.go)
	total   int
	now     func() time.Time
	orders  orders
	onPage  func(page int)

	limit limiter

	statsMu sync.Mutex
	writes  map[string]int
	calls   map[string]int
}

// New returns an emulator serving cat as organization org, accepting token.
func New(cat *catalog.Catalog, org, token string) *Server {
	ps := newParents(cat)
	return &Server{cat: cat, org: org, token: token, changed: map[int]*product{}, bySKU: map[string]int{}, parents: ps,
		total: cat.N + len(ps.codes), now: time.Now, limit: limiter{max: DefaultRateLimit, window: time.Hour},
		writes: map[string]int{}, calls: map[string]int{}}
}

// SetClock replaces the clock used for write times and the rate-limit window.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// clock returns the current time, truncated to the milliseconds Salsify's
// time stamps carry, so that what is stored is what clients see.
func (s *Server) clock() time.Time {
	s.mu.RLock()
	now := s.now
	s.mu.RUnlock()
	return now().UTC().Truncate(time.Millisecond)
}

// ExpireTokens does nothing: Salsify API tokens do not expire (they are
// revoked by regenerating them; see SetToken). It exists so the sandbox can
// treat every emulator alike.
func (s *Server) ExpireTokens() {}

// SetToken replaces the accepted API token, as a user regenerating their key
// would; requests with the old one get 401 from then on.
func (s *Server) SetToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = token
}

// Writes returns how many accepted item writes touched each salsify:id
// (single PUT, bulk items, upsert items, deletes), including writes that
// changed nothing.
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

func (s *Server) countWrite(id string) {
	s.statsMu.Lock()
	s.writes[id]++
	s.statsMu.Unlock()
}

const apiPrefix = "/api/v1/orgs/"

// ServeHTTP authenticates, checks the organization and the rate limit, then
// routes the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.statsMu.Lock()
	s.calls[r.Method+" "+r.URL.Path]++
	s.statsMu.Unlock()
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), apiPrefix)
	if !ok {
		s.rateHeaders(w)
		writeErrors(w, http.StatusNotFound, "Not Found")
		return
	}
	if !s.authorized(r) {
		s.rateHeaders(w)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "You need to sign in before continuing."})
		return
	}
	org, path, _ := strings.Cut(rest, "/")
	if o, err := url.PathUnescape(org); err != nil || o != s.org {
		s.rateHeaders(w)
		writeErrors(w, http.StatusNotFound, "Organization "+org+" not found")
		return
	}
	if !s.admit(w) {
		return
	}
	s.route(w, r, path)
}

// route dispatches a request inside the organization; path is still escaped.
func (s *Server) route(w http.ResponseWriter, r *http.Request, path string) {
	switch {
	case path == "products" && r.Method == http.MethodGet:
		s.list(w, r)
	case path == "products" && r.Method == http.MethodPost:
		s.bulk(w, r, modeCreate)
	case path == "products" && r.Method == http.MethodPut:
		s.bulk(w, r, modeUpdate)
	case path == "products/_upsert" && r.Method == http.MethodPut:
		s.bulk(w, r, modeUpsert)
	case strings.HasPrefix(path, "products/") && !strings.Contains(path[len("products/"):], "/"):
		id, err := url.PathUnescape(path[len("products/"):])
		if err != nil || id == "" {
			writeErrors(w, http.StatusNotFound, "Not Found")
			return
		}
		s.product(w, r, id)
	default:
		writeErrors(w, http.StatusNotFound, "Not Found")
	}
}

// product serves GET, PUT and DELETE of one product by salsify:id.
func (s *Server) product(w http.ResponseWriter, r *http.Request, id string) {
	switch r.Method {
	case http.MethodGet:
		s.getOne(w, id)
	case http.MethodPut:
		s.putOne(w, r, id)
	case http.MethodDelete:
		s.deleteOne(w, id)
	default:
		writeErrors(w, http.StatusNotFound, "Not Found")
	}
}

// authorized accepts the token as a bearer header or the access_token query
// parameter.
func (s *Server) authorized(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		tok = r.URL.Query().Get("access_token")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return tok != "" && tok == s.token
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeErrors writes Salsify's error envelope {"errors":["msg", ...]}.
func writeErrors(w http.ResponseWriter, status int, msgs ...string) {
	writeJSON(w, status, map[string][]string{"errors": msgs})
}
