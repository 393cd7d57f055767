package sap

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const (
	defaultPageSize = 1000
	maxPageSize     = 5000
)

// at returns entity i of a set, changed or generated; the caller holds s.mu.
func (s *Server) at(set entitySet, i int) entity {
	if e, ok := s.changed[set.name][i]; ok {
		return e
	}
	return set.build(s.cat, i)
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, set entitySet) {
	q := r.URL.Query()
	match, err := parseFilter(q.Get("$filter"))
	if err != nil {
		odataError(w, http.StatusBadRequest, "/IWBEP/CM_V4_COS/014", "Invalid $filter: "+err.Error())
		return
	}
	if ob := q.Get("$orderby"); ob != "" && ob != set.keyProp && ob != set.keyProp+" asc" {
		odataError(w, http.StatusBadRequest, "/IWBEP/CM_V4_COS/017", "$orderby is supported on the key property "+set.keyProp+" only")
		return
	}
	top, skip, err := intParam(q, "$top", -1), intParam(q, "$skip", 0), error(nil)
	if top < -1 || skip < 0 {
		odataError(w, http.StatusBadRequest, "/IWBEP/CM_V4_COS/013", "Invalid $top or $skip")
		return
	}
	start, remaining := 0, top
	if tok := q.Get("$skiptoken"); tok != "" {
		if start, remaining, err = decodeSkip(tok); err != nil {
			odataError(w, http.StatusBadRequest, "/IWBEP/CM_V4_COS/015", "Invalid $skiptoken")
			return
		}
		skip = 0
	}
	pageSize := defaultPageSize
	if n, ok := maxPageSizePref(r.Header.Get("Prefer")); ok {
		pageSize = min(n, maxPageSize)
		w.Header().Set("Preference-Applied", "odata.maxpagesize="+strconv.Itoa(pageSize))
	}
	sel := selectList(q.Get("$select"))
	s.mu.RLock()
	values, next, count := s.collect(set, match, start, skip, remaining, pageSize, sel, q.Get("$count") == "true")
	s.mu.RUnlock()
	body := map[string]any{"@odata.context": "$metadata#" + set.name, "value": values}
	if count >= 0 {
		body["@odata.count"] = count
	}
	if next >= 0 {
		nq := url.Values{}
		for k, v := range q {
			if k != "$skiptoken" && k != "$skip" {
				nq[k] = v
			}
		}
		left := -1
		if remaining >= 0 {
			left = remaining - len(values)
		}
		nq.Set("$skiptoken", encodeSkip(next, left))
		body["@odata.nextLink"] = set.name + "?" + nq.Encode()
	}
	w.Header().Set("OData-Version", "4.0")
	writeJSON(w, http.StatusOK, body)
}

// collect returns one page of matching entities from index start, the index to
// continue from (-1 at the end) and, when asked, the total count.
func (s *Server) collect(set entitySet, match pred, start, skip, remaining, pageSize int, sel map[string]bool, withCount bool) ([]map[string]any, int, int) {
	values := []map[string]any{}
	next, count := -1, -1
	limit := pageSize
	if remaining >= 0 {
		limit = min(limit, remaining)
	}
	i := start
	for ; i < s.cat.N && len(values) < limit; i++ {
		e := s.at(set, i)
		if !match(e) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		values = append(values, render(e, sel))
	}
	if len(values) == limit && (remaining < 0 || remaining > limit) {
		for j := i; j < s.cat.N; j++ {
			if match(s.at(set, j)) {
				next = i
				break
			}
		}
	}
	if withCount {
		count = 0
		for j := range s.cat.N {
			if match(s.at(set, j)) {
				count++
			}
		}
	}
	return values, next, count
}

func render(e entity, sel map[string]bool) map[string]any {
	out := map[string]any{"@odata.etag": etag(e)}
	for k, v := range e.props {
		if sel == nil || sel[k] {
			out[k] = v
		}
	}
	return out
}

func selectList(s string) map[string]bool {
	if s == "" || s == "*" {
		return nil
	}
	out := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		out[strings.TrimSpace(f)] = true
	}
	return out
}

func maxPageSizePref(h string) (int, bool) {
	for _, p := range strings.Split(h, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(p), "odata.maxpagesize="); ok {
			n, err := strconv.Atoi(v)
			return n, err == nil && n > 0
		}
	}
	return 0, false
}

func intParam(q url.Values, k string, def int) int {
	v := q.Get(k)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -2
	}
	return n
}

func encodeSkip(next, left int) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%d:%d", next, left))
}

func decodeSkip(tok string) (int, int, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, 0, err
	}
	var next, left int
	if _, err := fmt.Sscanf(string(b), "%d:%d", &next, &left); err != nil {
		return 0, 0, err
	}
	return next, left, nil
}

// single serves GET and PATCH on one entity, e.g. Product('SKU-0000001').
func (s *Server) single(w http.ResponseWriter, r *http.Request, set entitySet, rest string) {
	key := strings.TrimSuffix(strings.TrimPrefix(rest, set.name+"("), ")")
	key = strings.Trim(strings.TrimPrefix(key, set.keyProp+"="), "'")
	i, ok := s.indexOf(set, key)
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
		writeJSON(w, http.StatusOK, render(e, nil))
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
