// Package pimcore emulates Pimcore 11's Datahub GraphQL webservice over the
// sandbox catalog, built to PROTOCOLS.md §8 with its corrections from
// Pimcore's own sources. The GraphQL schema is generated from a class
// definition (class.go) and served by a real GraphQL implementation
// (graphql-go), which parses and validates every query (once per query
// text: documents are cached, as a server's query cache does) and executes
// every request:
// get<Class>Listing with integer first/after offsets, the webservice filter
// syntax and unstable order without sortBy; get<Class>; update<Class> with
// Pimcore's save validation, mandatory fields included (omitMandatoryCheck).
// Transport answers are Pimcore's too: errors with HTTP 200, HTML pages for
// an unknown configuration (404) or a bad API key (403), HTTP 500 when
// variables is not an object.
//
// Known differences from graphql-php: graphql-go v0.8.1 cannot parse a null
// literal (a syntax error here; nulls through variables work and clear a
// field), and data keys come in alphabetical rather than selection order.
package pimcore

import (
	"net/http"
	"sync"
	"time"

	"github.com/graphql-go/graphql"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// Configuration is the Datahub configuration name the emulator serves.
const Configuration = "steward"

// EndpointPrefix is the path before the configuration name.
const EndpointPrefix = "/pimcore-graphql-webservices/"

// Server is a Pimcore Datahub emulator. It is safe for concurrent use.
type Server struct {
	cat    *catalog.Catalog
	key    string
	class  Class
	fields map[string]flatField
	schema graphql.Schema
	// broken is why the schema did not build.
	broken error

	// plants caches the objects as planted (see planted).
	plants plantCache
	// idx holds the indexes on string columns (see eqIndexes).
	idx eqIndexes
	// docs caches parsed and validated queries (see docCache).
	docs docCache

	mu      sync.RWMutex
	changed map[int]*object
	now     func() time.Time
	// listings counts listing requests; without sortBy each one sees the
	// rows in another order, as a database without ORDER BY may.
	listings uint64

	statsMu sync.Mutex
	writes  map[string]int
	calls   int
}

// New returns an emulator serving cat as objects of ProductClass (of
// RealisticClass for the realistic profile, see realistic.go), accepting
// the API key key. Should the built-in class not build (a bug its tests
// catch), every request answers HTTP 500.
func New(cat *catalog.Catalog, key string) *Server {
	class := ProductClass()
	if cat.Profile == catalog.Realistic {
		class = RealisticClass()
	}
	s, err := NewWithClass(cat, key, class)
	if err != nil {
		return &Server{cat: cat, key: key, broken: err, changed: map[int]*object{}, now: time.Now, writes: map[string]int{}}
	}
	return s
}

// NewWithClass returns an emulator whose schema is generated from class; the
// catalog's products fill the fields ProductClass names.
func NewWithClass(cat *catalog.Catalog, key string, class Class) (*Server, error) {
	s := &Server{cat: cat, key: key, class: class, fields: map[string]flatField{}, changed: map[int]*object{}, now: time.Now,
		writes: map[string]int{}}
	for _, f := range class.flat() {
		s.fields[f.Name] = f
	}
	schema, err := s.buildSchema()
	if err != nil {
		return nil, err
	}
	s.schema = schema
	return s, nil
}

// SetClock replaces the clock used for modification dates.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// clock reads the clock under the lock.
func (s *Server) clock() time.Time {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.now()
}

// ExpireTokens does nothing: Datahub API keys do not expire.
func (s *Server) ExpireTokens() {}

// Writes returns how many successful update mutations touched each object,
// by key (the SKU).
func (s *Server) Writes() map[string]int {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	out := make(map[string]int, len(s.writes))
	for k, v := range s.writes {
		out[k] = v
	}
	return out
}

// Calls returns how many requests reached the endpoint.
func (s *Server) Calls() int {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	return s.calls
}

// ServeHTTP answers POST {prefix}{configuration} as the Datahub webservice
// controller does.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.statsMu.Lock()
	s.calls++
	s.statsMu.Unlock()
	name, ok := cutPrefix(r.URL.Path)
	if !ok || name != Configuration {
		htmlPage(w, http.StatusNotFound, "Not Found", "The requested page could not be found.")
		return
	}
	if s.broken != nil {
		htmlPage(w, http.StatusInternalServerError, "Internal Server Error", "Something is broken.")
		return
	}
	if r.Method != http.MethodPost {
		htmlPage(w, http.StatusMethodNotAllowed, "Method Not Allowed", "The method is not allowed for the requested URL.")
		return
	}
	if apiKey(r) != s.key {
		htmlPage(w, http.StatusForbidden, "Access Denied", "You do not have permission to access this page.")
		return
	}
	s.serveGraphQL(w, r)
}

// cutPrefix returns the configuration name of an endpoint path.
func cutPrefix(path string) (string, bool) {
	if len(path) <= len(EndpointPrefix) || path[:len(EndpointPrefix)] != EndpointPrefix {
		return "", false
	}
	return path[len(EndpointPrefix):], true
}

// apiKey reads the key where Datahub looks for it, in its order: the header
// apikey, the header X-API-Key, the query parameter apikey. The first one
// present wins, right or wrong.
func apiKey(r *http.Request) string {
	if k := r.Header.Get("apikey"); k != "" {
		return k
	}
	if k := r.Header.Get("X-API-Key"); k != "" {
		return k
	}
	return r.URL.Query().Get("apikey")
}

// htmlPage writes a Symfony production error page: Pimcore's own message
// shows only in debug mode.
func htmlPage(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<!DOCTYPE html>\n<html>\n<head><meta charset=\"UTF-8\"><title>An Error Occurred: " + title +
		"</title></head>\n<body>\n<h1>Oops! An Error Occurred</h1>\n<h2>The server returned a \"" +
		itoa(status) + " " + title + "\".</h2>\n<p>" + text + "</p>\n</body>\n</html>\n"))
}
