package akeneo

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

type condition struct {
	Operator string          `json:"operator"`
	Value    json.RawMessage `json:"value"`
}

// match is a compiled search filter over product indexes; the caller holds s.mu.
type match func(s *Server, i int) bool

func compileSearch(raw string) (match, error) {
	if raw == "" {
		return func(*Server, int) bool { return true }, nil
	}
	var search map[string][]condition
	if err := json.Unmarshal([]byte(raw), &search); err != nil {
		return nil, fmt.Errorf("Search query parameter should be valid JSON.")
	}
	var preds []match
	for prop, conds := range search {
		for _, c := range conds {
			m, err := compileCondition(prop, c)
			if err != nil {
				return nil, err
			}
			preds = append(preds, m)
		}
	}
	return func(s *Server, i int) bool {
		for _, p := range preds {
			if !p(s, i) {
				return false
			}
		}
		return true
	}, nil
}

func compileCondition(prop string, c condition) (match, error) {
	unsupported := fmt.Errorf("Filter on property %q is not supported or does not support operator %q", prop, c.Operator)
	switch prop {
	case "updated":
		return compileUpdated(c, unsupported)
	case "identifier", "uuid", "sku":
		var ids []string
		if c.Operator == "=" {
			var one string
			if json.Unmarshal(c.Value, &one) != nil {
				return nil, unsupported
			}
			ids = []string{one}
		} else if c.Operator != "IN" || json.Unmarshal(c.Value, &ids) != nil {
			return nil, unsupported
		}
		set := map[string]bool{}
		for _, id := range ids {
			set[id] = true
		}
		if prop == "uuid" {
			return func(s *Server, i int) bool { return set[s.uuidOf(i)] }, nil
		}
		// sku is the identifier attribute: a value filter, the same set.
		return func(s *Server, i int) bool { return set[s.identifierOf(i)] }, nil
	case "family":
		var fams []string
		if json.Unmarshal(c.Value, &fams) != nil || (c.Operator != "IN" && c.Operator != "NOT IN") {
			return nil, unsupported
		}
		in := c.Operator == "IN"
		return func(s *Server, i int) bool {
			f := s.get(i).Family
			for _, x := range fams {
				if x == f {
					return in
				}
			}
			return !in
		}, nil
	case "parent":
		return compileParent(c, unsupported)
	case "enabled":
		var b bool
		if json.Unmarshal(c.Value, &b) != nil || (c.Operator != "=" && c.Operator != "!=") {
			return nil, unsupported
		}
		eq := c.Operator == "="
		return func(s *Server, i int) bool { return (s.get(i).Enabled == b) == eq }, nil
	}
	return nil, unsupported
}

func compileUpdated(c condition, unsupported error) (match, error) {
	parse := func(raw json.RawMessage) (time.Time, error) {
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return time.Time{}, err
		}
		return time.Parse("2006-01-02 15:04:05", v)
	}
	switch c.Operator {
	case ">", "<", "=", "!=":
		t, err := parse(c.Value)
		if err != nil {
			return nil, fmt.Errorf("Property \"updated\" expects a string with the format \"yyyy-mm-dd H:i:s\" as data, %q given.", string(c.Value))
		}
		op := c.Operator
		return func(s *Server, i int) bool {
			u := s.updated(i).Truncate(time.Second)
			switch op {
			case ">":
				return u.After(t)
			case "<":
				return u.Before(t)
			case "=":
				return u.Equal(t)
			}
			return !u.Equal(t)
		}, nil
	case "SINCE LAST N DAYS":
		var days int
		if json.Unmarshal(c.Value, &days) != nil || days < 0 {
			return nil, unsupported
		}
		return func(s *Server, i int) bool {
			return !s.updated(i).Before(s.now().AddDate(0, 0, -days))
		}, nil
	case "BETWEEN", "NOT BETWEEN":
		var pair []json.RawMessage
		if json.Unmarshal(c.Value, &pair) != nil || len(pair) != 2 {
			return nil, unsupported
		}
		a, err1 := parse(pair[0])
		b, err2 := parse(pair[1])
		if err1 != nil || err2 != nil {
			return nil, unsupported
		}
		in := c.Operator == "BETWEEN"
		return func(s *Server, i int) bool {
			u := s.updated(i).Truncate(time.Second)
			return (!u.Before(a) && !u.After(b)) == in
		}, nil
	}
	return nil, unsupported
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, byIdentifier bool) {
	q := r.URL.Query()
	limit := 10
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusUnprocessableEntity, "The value "+v+" of the limit parameter is not valid.")
			return
		}
		limit = n
	}
	if limit > 100 {
		writeError(w, http.StatusUnprocessableEntity, "You cannot request more than 100 items.")
		return
	}
	m, err := compileSearch(q.Get("search"))
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	var attrs map[string]bool
	if a := q.Get("attributes"); a != "" {
		attrs = map[string]bool{}
		for _, x := range strings.Split(a, ",") {
			attrs[x] = true
		}
	}
	if q.Get("pagination_type") == "search_after" {
		s.listSearchAfter(w, r, m, limit, byIdentifier, attrs)
		return
	}
	s.listPage(w, r, m, limit, byIdentifier, attrs)
}

func (s *Server) listSearchAfter(w http.ResponseWriter, r *http.Request, m match, limit int, byIdentifier bool, attrs map[string]bool) {
	q := r.URL.Query()
	start := 0
	if after := q.Get("search_after"); after != "" {
		i, err := s.indexAfter(after)
		if err != nil {
			writeError(w, http.StatusUnprocessableEntity, err.Error())
			return
		}
		start = i + 1
	}
	s.mu.RLock()
	items, last, more := s.collect(r, m, start, limit, byIdentifier, attrs)
	s.mu.RUnlock()
	links := map[string]any{"self": link(r, q), "first": link(r, without(q, "search_after"))}
	if more {
		next := without(q, "search_after")
		next.Set("search_after", encodeAfter(s.uuidOfLocked(last)))
		links["next"] = link(r, next)
	}
	writeJSON(w, http.StatusOK, map[string]any{"_links": links, "_embedded": map[string]any{"items": items}})
}

func (s *Server) listPage(w http.ResponseWriter, r *http.Request, m match, limit int, byIdentifier bool, attrs map[string]bool) {
	q := r.URL.Query()
	page := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusUnprocessableEntity, "The value "+v+" of the page parameter is not valid.")
			return
		}
		page = n
	}
	if page*limit > 10000 {
		writeError(w, http.StatusUnprocessableEntity, `You have reached the maximum number of pages you can retrieve with the "page" pagination type. Please use the search after pagination type instead`)
		return
	}
	s.mu.RLock()
	skip, start := (page-1)*limit, 0
	for ; start < s.total && skip > 0; start++ {
		if m(s, start) {
			skip--
		}
	}
	items, _, more := s.collect(r, m, start, limit, byIdentifier, attrs)
	count := -1
	if q.Get("with_count") == "true" {
		count = 0
		for i := range s.total {
			if m(s, i) {
				count++
			}
		}
	}
	s.mu.RUnlock()
	links := map[string]any{"self": link(r, q), "first": link(r, with(q, "page", "1"))}
	if page > 1 {
		links["previous"] = link(r, with(q, "page", strconv.Itoa(page-1)))
	}
	if more {
		links["next"] = link(r, with(q, "page", strconv.Itoa(page+1)))
	}
	body := map[string]any{"_links": links, "current_page": page, "_embedded": map[string]any{"items": items}}
	if count >= 0 {
		body["items_count"] = count
	}
	writeJSON(w, http.StatusOK, body)
}

// collect gathers up to limit matching products from start; more reports
// whether any match follows the last one.
func (s *Server) collect(r *http.Request, m match, start, limit int, byIdentifier bool, attrs map[string]bool) (items []map[string]any, last int, more bool) {
	items = []map[string]any{}
	path := "/api/rest/v1/products-uuid/"
	if byIdentifier {
		path = "/api/rest/v1/products/"
	}
	for i := start; i < s.total; i++ {
		if !m(s, i) {
			continue
		}
		if len(items) == limit {
			return items, last, true
		}
		p := s.get(i)
		key := p.UUID
		if byIdentifier {
			key = p.Identifier
		}
		items = append(items, p.item(byIdentifier, attrs, baseURL(r)+path+url.PathEscape(key)))
		last = i
	}
	return items, last, false
}

func (s *Server) uuidOfLocked(i int) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.uuidOf(i)
}

// search_after tokens are opaque to clients; here they carry the last uuid.
func encodeAfter(uuid string) string { return strings.ReplaceAll(uuid, "-", "") }

func (s *Server) indexAfter(tok string) (int, error) {
	bad := fmt.Errorf("The search_after parameter %q is not valid.", tok)
	if len(tok) != 32 {
		return 0, bad
	}
	u := tok[0:8] + "-" + tok[8:12] + "-" + tok[12:16] + "-" + tok[16:20] + "-" + tok[20:]
	s.mu.RLock()
	defer s.mu.RUnlock()
	if i, ok := s.indexOfUUID(u); ok {
		return i, nil
	}
	return 0, bad
}

func link(r *http.Request, q url.Values) map[string]string {
	return map[string]string{"href": baseURL(r) + r.URL.Path + "?" + q.Encode()}
}

func without(q url.Values, key string) url.Values {
	c := url.Values{}
	for k, v := range q {
		if k != key {
			c[k] = v
		}
	}
	return c
}

func with(q url.Values, key, val string) url.Values {
	c := without(q, key)
	c.Set(key, val)
	return c
}

func compileParent(c condition, unsupported error) (match, error) {
	switch c.Operator {
	case "EMPTY", "NOT EMPTY":
		empty := c.Operator == "EMPTY"
		return func(s *Server, i int) bool { return (s.get(i).Parent == "") == empty }, nil
	case "=":
		var code string
		if json.Unmarshal(c.Value, &code) != nil {
			return nil, unsupported
		}
		return func(s *Server, i int) bool { return s.get(i).Parent == code }, nil
	case "IN":
		var codes []string
		if json.Unmarshal(c.Value, &codes) != nil {
			return nil, unsupported
		}
		set := setOf(codes...)
		return func(s *Server, i int) bool { return set[s.get(i).Parent] }, nil
	}
	return nil, unsupported
}
