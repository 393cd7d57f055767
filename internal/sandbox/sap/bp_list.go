package sap

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// bpListRequest is a parsed v2 collection request.
type bpListRequest struct {
	match  pred
	order  []string
	sel    map[string]bool
	expand []string
	skip   int
	top    int // -1: no $top
	count  bool
}

func (s *Server) bpList(w http.ResponseWriter, r *http.Request, set v2Set) {
	req, err := parseBPList(r.URL.Query(), set)
	if err != nil {
		v2Error(w, http.StatusBadRequest, "/IWBEP/CM_MGW_RT/022", err.Error())
		return
	}
	size := bpDefaultPage
	if m := s.currentMode(); m.PageSize > 0 {
		size = m.PageSize
	}
	s.mu.RLock()
	var rows []map[string]any
	for _, row := range s.bp[set.name] {
		if req.match(entity{props: row}) {
			rows = append(rows, row)
		}
	}
	if len(req.order) > 0 {
		ents := make([]entity, len(rows))
		for i, row := range rows {
			ents[i] = entity{props: row}
		}
		sort.Stable(byProps{rows: make([]int, len(rows)), ents: ents, order: req.order, types: set.types})
		for i := range ents {
			rows[i] = ents[i].props
		}
	}
	total := len(rows)
	start := min(req.skip, total)
	end := min(start+size, total)
	if req.top >= 0 {
		end = min(end, start+req.top)
	}
	results := make([]map[string]any, 0, end-start)
	for _, row := range rows[start:end] {
		results = append(results, s.bpRender(r, set, row, req.sel, req.expand))
	}
	s.mu.RUnlock()
	d := map[string]any{"results": results}
	if req.count {
		d["__count"] = strconv.Itoa(total)
	}
	if end < total && (req.top < 0 || req.top > end-start) {
		d["__next"] = s.bpNext(r, set, end, req.top-(end-start), req.top >= 0)
	}
	bpAnswerList(w, r, set, d)
}

// bpAnswerList writes a collection in the format the request asks for.
func bpAnswerList(w http.ResponseWriter, r *http.Request, set v2Set, d map[string]any) {
	if asJSON, _ := bpFormat(r); !asJSON {
		writeAtomFeed(w, r, set, d)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"d": d})
}

// parseBPList reads a v2 collection request's system query options. The
// server's $skiptoken is a row offset, as SAP Gateway's is.
func parseBPList(q url.Values, set v2Set) (bpListRequest, error) {
	req := bpListRequest{sel: selectList(q.Get("$select")), top: intParam(q, "$top", -1), skip: intParam(q, "$skip", 0)}
	for prop := range req.sel {
		if _, nav := set.nav[prop]; !nav {
			if err := set.types.check(prop, "$select"); err != nil {
				return req, err
			}
		}
	}
	var err error
	if req.match, err = parseFilter(q.Get("$filter"), set.types); err != nil {
		return req, fmt.Errorf("invalid $filter: %w", err)
	}
	if req.order, err = orderBy(q.Get("$orderby"), set.types); err != nil {
		return req, err
	}
	if req.expand, err = parseExpand(set, q.Get("$expand")); err != nil {
		return req, err
	}
	switch q.Get("$inlinecount") {
	case "allpages":
		req.count = true
	case "", "none":
	default:
		return req, fmt.Errorf("$inlinecount %q is not allpages or none", q.Get("$inlinecount"))
	}
	if q.Has("$count") {
		return req, fmt.Errorf("system query option $count is not supported in OData v2; use $inlinecount=allpages")
	}
	for k := range q {
		if strings.HasPrefix(k, "$") && !v2Options[k] {
			return req, fmt.Errorf("system query option %s is not supported", k)
		}
	}
	if tok := q.Get("$skiptoken"); tok != "" {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 {
			return req, fmt.Errorf("invalid $skiptoken %q", tok)
		}
		req.skip += n
	}
	if req.top < -1 || req.skip < 0 || (q.Has("$top") && req.top < 0) {
		return req, fmt.Errorf("invalid $top or $skip")
	}
	return req, nil
}

// v2Options are the system query options of an OData v2 collection read.
var v2Options = map[string]bool{"$filter": true, "$select": true, "$orderby": true, "$expand": true, "$top": true,
	"$skip": true, "$skiptoken": true, "$inlinecount": true, "$format": true}

// parseExpand reads $expand: navigation properties of set.
func parseExpand(set v2Set, s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []string
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		if _, ok := set.nav[n]; !ok {
			return nil, fmt.Errorf("property %s in $expand is not a navigation property of %sType", n, set.name)
		}
		out = append(out, n)
	}
	return out, nil
}

// bpNext builds __next: the request's absolute URL with the skiptoken at the
// next row offset and $top lowered by the rows served; the mode's required
// query is left out, as the real server leaves it out.
func (s *Server) bpNext(r *http.Request, set v2Set, next, left int, hasTop bool) string {
	q := r.URL.Query()
	drop := map[string]bool{"$skiptoken": true, "$skip": true, "$top": true}
	if m := s.currentMode(); m.Query != "" {
		want, _ := url.ParseQuery(m.Query)
		for k := range want {
			drop[k] = true
		}
	}
	var parts []string
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range q {
			if !drop[k] && !yield(k) {
				return
			}
		}
	}) {
		parts = append(parts, escape(k)+"="+escape(q.Get(k)))
	}
	if hasTop {
		parts = append(parts, "$top="+strconv.Itoa(left))
	}
	parts = append(parts, "$skiptoken="+strconv.Itoa(next))
	return serviceRoot(r) + set.name + "?" + strings.Join(parts, "&")
}

func serviceRoot(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + BPService
}

// bpRender writes one row in verbose JSON with __metadata, its selected
// properties, expanded navigation properties inline and the others deferred.
func (s *Server) bpRender(r *http.Request, set v2Set, row map[string]any, sel map[string]bool, expand []string) map[string]any {
	uri := serviceRoot(r) + set.name + "(" + keyPredicate(set, row) + ")"
	out := map[string]any{"__metadata": map[string]any{"id": uri, "uri": uri, "type": bpNamespace + "." + set.name + "Type", "etag": bpEtag(row)}}
	for k, v := range row {
		if sel == nil || sel[k] {
			out[k] = v
		}
	}
	for name, nav := range set.nav {
		if sel != nil && !sel[name] {
			continue
		}
		if !slices.Contains(expand, name) {
			out[name] = map[string]any{"__deferred": map[string]any{"uri": uri + "/" + name}}
			continue
		}
		out[name] = s.bpExpand(r, nav, row[set.keys[0]])
	}
	return out
}

// bpExpand renders the rows a navigation property of the partner (or
// customer) with key id leads to.
func (s *Server) bpExpand(r *http.Request, nav v2Nav, id any) any {
	target := bpSets[nav.set]
	var rows []any
	for _, row := range s.bp[nav.set] {
		if row[target.keys[0]] == id {
			rows = append(rows, s.bpRender(r, target, row, nil, nil))
		}
	}
	if nav.many {
		return map[string]any{"results": append([]any{}, rows...)}
	}
	if len(rows) == 0 {
		return nil
	}
	return rows[0]
}

func keyPredicate(set v2Set, row map[string]any) string {
	if len(set.keys) == 1 {
		return "'" + fmt.Sprint(row[set.keys[0]]) + "'"
	}
	parts := make([]string, len(set.keys))
	for i, k := range set.keys {
		parts[i] = k + "='" + fmt.Sprint(row[k]) + "'"
	}
	return strings.Join(parts, ",")
}

// bpEtag is a weak etag over the row's contents: any change changes it.
func bpEtag(row map[string]any) string {
	b, _ := json.Marshal(row)
	sum := sha256.Sum256(b)
	return `W/"` + hex.EncodeToString(sum[:8]) + `"`
}
