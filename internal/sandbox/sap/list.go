package sap

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
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
	e := set.build(s.cat, i)
	if n := s.mode.NullChangeEvery; n > 0 && i%n == 0 {
		e.props["LastChangeDateTime"] = nil
	}
	return e
}

// listRequest is a parsed collection request.
type listRequest struct {
	match     pred
	order     []string
	skip      int
	remaining int // rows $top still allows (-1: no $top)
	token     int // skiptoken position (-1: none)
	pageSize  int
	sel       map[string]bool
	count     bool
	strings   bool // IEEE754Compatible=true: decimals as strings
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, set entitySet) {
	req, ok := s.parseList(w, r, set)
	if !ok {
		return
	}
	mode := s.currentMode()
	s.mu.RLock()
	rows := s.matching(set, req)
	values, next, first := s.page(set, req, rows, mode)
	s.mu.RUnlock()
	body := map[string]any{"@odata.context": "$metadata#" + set.name, "value": values}
	if req.count {
		body["@odata.count"] = len(rows)
	}
	if next >= 0 {
		body["@odata.nextLink"] = nextLink(set, r.URL.Query(), mode, next, req.remaining, len(values))
	}
	if mode.ShiftEachPage && first >= 0 {
		s.shift(set, first)
	}
	w.Header().Set("OData-Version", "4.0")
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) parseList(w http.ResponseWriter, r *http.Request, set entitySet) (listRequest, bool) {
	q := r.URL.Query()
	req := listRequest{sel: selectList(q.Get("$select")), count: q.Get("$count") == "true", strings: ieee754(r), token: -1}
	for prop := range req.sel {
		if err := set.types.check(prop, "$select"); err != nil {
			odataError(w, http.StatusBadRequest, "/IWBEP/CM_V4_COS/016", err.Error())
			return req, false
		}
	}
	var err error
	if req.match, err = parseFilter(q.Get("$filter"), set.types); err != nil {
		odataError(w, http.StatusBadRequest, "/IWBEP/CM_V4_COS/014", "Invalid $filter: "+err.Error())
		return req, false
	}
	if req.order, err = orderBy(q.Get("$orderby"), set.types); err != nil {
		odataError(w, http.StatusBadRequest, "/IWBEP/CM_V4_COS/017", err.Error())
		return req, false
	}
	req.remaining, req.skip = intParam(q, "$top", -1), intParam(q, "$skip", 0)
	if req.remaining < -1 || req.skip < 0 {
		odataError(w, http.StatusBadRequest, "/IWBEP/CM_V4_COS/013", "Invalid $top or $skip")
		return req, false
	}
	if tok := q.Get("$skiptoken"); tok != "" {
		if req.token, req.remaining, err = decodeSkip(tok); err != nil {
			odataError(w, http.StatusBadRequest, "/IWBEP/CM_V4_COS/015", "Invalid $skiptoken")
			return req, false
		}
		req.skip = 0
	}
	req.pageSize = defaultPageSize
	if m := s.currentMode(); m.PageSize > 0 {
		req.pageSize = m.PageSize
	} else if n, ok := maxPageSizePref(r.Header.Get("Prefer")); ok {
		req.pageSize = min(n, maxPageSize)
		w.Header().Set("Preference-Applied", "odata.maxpagesize="+strconv.Itoa(req.pageSize))
	}
	return req, true
}

// orderBy reads $orderby: properties, each asc (the default) or desc; a
// descending one is returned as "-Name".
func orderBy(s string, types propTypes) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		name, dir, _ := strings.Cut(strings.TrimSpace(f), " ")
		d := strings.TrimSpace(dir)
		if d != "" && d != "asc" && d != "desc" {
			return nil, fmt.Errorf("$orderby direction %q is not asc or desc", d)
		}
		if err := types.check(name, "$orderby"); err != nil {
			return nil, err
		}
		out = append(out, map[bool]string{true: "-", false: ""}[d == "desc"]+name)
	}
	return out, nil
}

// matching returns the indexes of the live entities that match, in $orderby
// order (catalog order without one; ties keep catalog order).
func (s *Server) matching(set entitySet, req listRequest) []int {
	var rows []int
	var ents []entity
	for i := range s.cat.N {
		if e := s.at(set, i); !s.deleted[set.name][i] && req.match(e) {
			rows = append(rows, i)
			ents = append(ents, e)
		}
	}
	if len(req.order) > 0 {
		sort.Stable(byProps{rows: rows, ents: ents, order: req.order, types: set.types})
	}
	return rows
}

// byProps sorts rows by the values of properties, in order.
type byProps struct {
	rows  []int
	ents  []entity
	order []string
	types propTypes
}

func (b byProps) Len() int { return len(b.rows) }

func (b byProps) Swap(i, j int) {
	b.rows[i], b.rows[j] = b.rows[j], b.rows[i]
	b.ents[i], b.ents[j] = b.ents[j], b.ents[i]
}

// Less orders by each property in turn ("-Name" descending), null before
// any value ascending and after every value descending.
func (b byProps) Less(i, j int) bool {
	for _, key := range b.order {
		p, desc := strings.CutPrefix(key, "-")
		x, y := b.ents[i].get(p), b.ents[j].get(p)
		if (x == nil) != (y == nil) {
			return (x == nil) != desc
		}
		if c, ok := compare(b.types.value(p, x), b.types.value(p, y)); ok && c != 0 {
			return (c < 0) != desc
		}
	}
	return false
}

// page cuts one page from rows. A skiptoken is an index into the catalog
// (stable when rows go) unless the mode makes it a row offset; with $orderby
// it is always an offset. next is the token of the next page (-1 at the end)
// and first the catalog index of the page's first row (-1 when empty).
func (s *Server) page(set entitySet, req listRequest, rows []int, mode Mode) ([]map[string]any, int, int) {
	offsets := mode.OffsetSkiptoken || len(req.order) > 0
	start := 0
	switch {
	case req.token >= 0 && offsets:
		start = req.token
	case req.token >= 0:
		start = sort.SearchInts(rows, req.token)
	}
	start = min(start+req.skip, len(rows))
	limit := req.pageSize
	if req.remaining >= 0 {
		limit = min(limit, req.remaining)
	}
	end := min(start+limit, len(rows))
	values := make([]map[string]any, 0, end-start)
	for _, i := range rows[start:end] {
		values = append(values, render(set, s.at(set, i), req.sel, req.strings))
	}
	next, first := -1, -1
	if end > start {
		first = rows[start]
	}
	if end < len(rows) && (req.remaining < 0 || req.remaining > end-start) {
		next = rows[end]
		if offsets {
			next = end
		}
	}
	return values, next, first
}

// nextLink builds the server's next link: the request's options with a new
// $skiptoken, spaces as %20; the mode's required query is left out.
func nextLink(set entitySet, q url.Values, mode Mode, next, remaining, served int) string {
	drop := map[string]bool{"$skiptoken": true, "$skip": true}
	if mode.Query != "" {
		want, _ := url.ParseQuery(mode.Query)
		for k := range want {
			drop[k] = true
		}
	}
	left := -1
	if remaining >= 0 {
		left = remaining - served
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		if !drop[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range q[k] {
			parts = append(parts, escape(k)+"="+escape(v))
		}
	}
	parts = append(parts, "$skiptoken="+encodeSkip(next, left))
	return set.name + "?" + strings.Join(parts, "&")
}

// escape percent-encodes as the OData ABNF reads it: a space is %20, and '$'
// stays as it is in system query option names.
func escape(s string) string {
	return strings.NewReplacer("+", "%20", "%24", "$").Replace(url.QueryEscape(s))
}

func render(set entitySet, e entity, sel map[string]bool, asStrings bool) map[string]any {
	out := map[string]any{"@odata.etag": etag(e)}
	for k, v := range e.props {
		if sel == nil || sel[k] {
			out[k] = v
		}
	}
	if !asStrings {
		for _, k := range set.decimals {
			if str, ok := out[k].(string); ok {
				out[k] = json.Number(shortest(str))
			}
		}
	}
	return out
}

// shortest writes a decimal as a JSON number the way a JavaScript server does:
// 180.00 becomes 180, 12.50 becomes 12.5.
func shortest(d string) string {
	if !strings.Contains(d, ".") {
		return d
	}
	d = strings.TrimRight(d, "0")
	return strings.TrimSuffix(d, ".")
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
