package sap

import (
	"encoding/json"
	"fmt"
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
