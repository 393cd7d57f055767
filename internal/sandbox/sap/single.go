package sap

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// single serves GET and PATCH on one entity, e.g. Product('SKU-0000001').
func (s *Server) single(w http.ResponseWriter, r *http.Request, set entitySet, rest string) {
	key := strings.TrimSuffix(strings.TrimPrefix(rest, set.name+"("), ")")
	key = strings.Trim(strings.TrimPrefix(key, set.keyProp+"="), "'")
	i, ok := s.indexOf(set, key)
	if ok {
		s.mu.RLock()
		ok = !s.deleted[set.name][i]
		s.mu.RUnlock()
	}
	if !ok {
		odataError(w, http.StatusNotFound, "/IWBEP/CM_V4_RUNTIME/024", fmt.Sprintf("Entity %s('%s') does not exist", set.name, key))
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.mu.RLock()
		e := s.at(set, i)
		s.mu.RUnlock()
		w.Header().Set("ETag", etag(e))
		writeJSON(w, http.StatusOK, render(set, e, nil, ieee754(r)))
	case http.MethodPatch:
		s.update(w, r, set, i)
	default:
		odataError(w, http.StatusMethodNotAllowed, "/IWBEP/CM_V4_RUNTIME/003", "Method not allowed")
	}
}

func (s *Server) indexOf(set entitySet, key string) (int, bool) {
	if set.name == ProductSet {
		return s.cat.IndexOfSKU(key)
	}
	n, err := strconv.Atoi(key)
	if err != nil || n < 1 || n > s.cat.N || fmt.Sprintf("%010d", n) != key {
		return 0, false
	}
	return n - 1, true
}

func (s *Server) update(w http.ResponseWriter, r *http.Request, set entitySet, i int) {
	if !s.csrfValid(r) {
		w.Header().Set("X-CSRF-Token", "Required")
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, "CSRF token validation failed")
		return
	}
	var patch map[string]any
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&patch); err != nil {
		odataError(w, http.StatusBadRequest, "/IWBEP/CM_V4_COS/001", "The request body is not valid JSON")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.at(set, i)
	if m := r.Header.Get("If-Match"); m != "" && m != "*" && m != etag(e) {
		odataError(w, http.StatusPreconditionFailed, "/IWBEP/CM_V4_RUNTIME/026", "The entity was changed by another user (ETag mismatch)")
		return
	}
	props := map[string]any{}
	for k, v := range e.props {
		props[k] = v
	}
	for k, v := range patch {
		if _, ok := props[k]; !ok || k == set.keyProp {
			odataError(w, http.StatusBadRequest, "/IWBEP/CM_V4_COS/002", "Property '"+k+"' is not known or cannot be changed")
			return
		}
		props[k] = v
	}
	props["LastChangeDateTime"] = s.now().UTC().Format(odataTime)
	if s.changed[set.name] == nil {
		s.changed[set.name] = map[int]entity{}
	}
	s.changed[set.name][i] = entity{keys: e.keys, props: props}
	w.WriteHeader(http.StatusNoContent)
}
