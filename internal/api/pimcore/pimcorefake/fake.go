// Package pimcorefake is a small, strict stand-in for a Pimcore Datahub
// GraphQL endpoint, for the connector's own tests: a real GraphQL schema
// (parsed, validated and executed by graphql-go) for one class Product with
// the sandbox contract's fields, the apikey header, HTML 403/404 pages,
// variables that must be an object, offset listings with Pimcore's filter
// syntax, and hooks that change the data between pages. It is not the
// sandbox emulator and shares no code with it.
package pimcorefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"sync"

	"github.com/graphql-go/graphql"
)

// Quantity is a quantityValue.
type Quantity struct {
	Value string // exact number text
	Unit  string // abbreviation
}

// Object is one Product data object.
type Object struct {
	ID        int64
	Mod       int64 // modificationDate, Unix seconds
	Published bool
	SKU       string
	Family    string
	Price     string // exact number text, "" for null
	EAN       string
	Color     string
	Weight    *Quantity
	// Localized fields by language: name, description, descriptionDraft.
	Localized map[string]map[string]string
	// Fail makes every resolver of this object's fields fail (a broken
	// object: "Internal server error" with partial data).
	Fail bool
	// FailUpdate makes updates of this object fail with a GraphQL error.
	FailUpdate bool
}

// Request is one request the fake answered.
type Request struct {
	Query     string
	Variables map[string]any
}

// Server is the fake endpoint. Its fields may be set before serving.
type Server struct {
	Config string // configuration name (steward)
	Key    string // API key

	mu   sync.Mutex
	objs map[int64]*Object
	now  int64
	reqs []Request
	// AfterListing runs after each listing is served, with the lock held and
	// the ids it served.
	AfterListing func(s *Server, served []int64)
	schema       graphql.Schema
}

// New returns a fake holding objs, answering at configuration "steward"
// with key "test-key".
func New(objs []Object) *Server {
	s := &Server{Config: "steward", Key: "test-key", objs: map[int64]*Object{}, now: 1_800_000_000}
	for i := range objs {
		o := objs[i]
		s.objs[o.ID] = &o
	}
	s.schema = s.buildSchema()
	return s
}

// Object returns a copy of an object (false when there is none).
func (s *Server) Object(id int64) (Object, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.objs[id]
	if !ok {
		return Object{}, false
	}
	return *o, true
}

// Delete removes an object; Touch sets its modificationDate. Both are for
// AfterListing hooks (the lock is held there) or between requests.
func (s *Server) Delete(id int64) { delete(s.objs, id) }

// Touch sets an object's modificationDate.
func (s *Server) Touch(id, mod int64) {
	if o, ok := s.objs[id]; ok {
		o.Mod = mod
	}
}

// IDs returns the ids held, ascending.
func (s *Server) IDs() []int64 {
	var ids []int64
	for id := range s.objs {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// Requests returns the requests answered so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// ServeHTTP answers as the Datahub's WebserviceController does.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path != "/pimcore-graphql-webservices/"+s.Config:
		html(w, http.StatusNotFound, "Not Found")
		return
	case r.Header.Get("apikey") != s.Key:
		html(w, http.StatusForbidden, "Access Denied")
		return
	case r.Method != http.MethodPost:
		html(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	var body struct {
		Query     string          `json:"query"`
		Variables json.RawMessage `json:"variables"`
	}
	var vars map[string]any
	if json.NewDecoder(r.Body).Decode(&body) != nil || json.Unmarshal(body.Variables, &vars) != nil || vars == nil {
		// Pimcore fails on variables that are not an object.
		html(w, http.StatusInternalServerError, "Internal Server Error")
		return
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{Query: body.Query, Variables: vars})
	res := graphql.Do(graphql.Params{Schema: s.schema, RequestString: body.Query, VariableValues: vars})
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(res)
}

func html(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<!DOCTYPE html><html><body><h1>" + text + "</h1></body></html>"))
}

// Catalog returns n objects with ids 1..n, four sharing each
// modificationDate second from base, every fifth unpublished.
func Catalog(n int, base int64) []Object {
	out := make([]Object, n)
	for i := range out {
		out[i] = Object{ID: int64(i + 1), Mod: base + int64(i/4), Published: i%5 != 4,
			SKU: fmt.Sprintf("SKU-%05d", i+1), Family: "shirts", Price: fmt.Sprintf("%d.%02d", 10+i, i%100),
			EAN: fmt.Sprintf("400%010d", i+1), Color: "red", Weight: &Quantity{Value: "1.250", Unit: "KILOGRAM"},
			Localized: map[string]map[string]string{"en": {"name": fmt.Sprintf("Shirt %d", i+1)}, "de": {"name": fmt.Sprintf("Hemd %d", i+1)}}}
	}
	return out
}
