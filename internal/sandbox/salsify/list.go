package salsify

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Listing limits. Salsify caps a listing's result window at 10,000
// (page*per_page, the documented 422). The maximum per_page is not in the
// harvested documentation; the emulator reads it as 100 (the value of every
// documented example) and clamps a larger per_page to 100, reporting the
// clamped value in meta.per_page, as Rails pagination does, rather than
// refusing it: a client must page by what meta says, not by what it asked.
// per_page defaults to 100.
const (
	resultWindow   = 10000
	maxPerPage     = 100
	defaultPerPage = 100
)

// listParams are the query parameters GET /products knows; any other is 400,
// the emulator's reading of the documented 400 "unknown query parameter".
var listParams = map[string]bool{"filter": true, "page": true, "per_page": true, "access_token": true}

// list serves GET /products. With a filter, products come by
// (salsify:updated_at, salsify:id); without one, in a stable order that is
// not by id. Destroyed products stay listed with salsify:destroyed_at so that
// incremental readers see deletions.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k := range q {
		if !listParams[k] {
			writeErrors(w, http.StatusBadRequest, "Unknown parameter: "+k)
			return
		}
	}
	perPage, page, ok := pageParams(w, q)
	if !ok {
		return
	}
	f, err := parseFilter(q.Get("filter"))
	if err != nil {
		writeErrors(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	data, total := s.page(f, page, perPage)
	meta := listMeta{PerPage: perPage, TotalEntries: total}
	if total > 0 {
		meta.CurrentPage = &page
	}
	s.mu.RLock()
	hook := s.onPage
	s.mu.RUnlock()
	if hook != nil {
		hook(page)
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "meta": meta})
}

// listMeta is a listing's meta in the documented key order; current_page is
// absent when nothing matches, as in the documented empty answer.
type listMeta struct {
	PerPage      int  `json:"per_page"`
	Cursor       any  `json:"cursor"`
	TotalEntries int  `json:"total_entries"`
	CurrentPage  *int `json:"current_page,omitempty"`
}

// pageParams reads per_page and page; a value that is not a positive integer
// is 422, and so is a page past the result window.
func pageParams(w http.ResponseWriter, q url.Values) (perPage, page int, ok bool) {
	perPage, ok = positive(w, q, "per_page", defaultPerPage)
	if !ok {
		return 0, 0, false
	}
	perPage = min(perPage, maxPerPage)
	if page, ok = positive(w, q, "page", 1); !ok {
		return 0, 0, false
	}
	if page > resultWindow/perPage {
		writeErrors(w, http.StatusUnprocessableEntity, fmt.Sprintf("result_window limit of %d exceeded %d", int64(page)*int64(perPage), resultWindow))
		return 0, 0, false
	}
	return perPage, page, true
}

// positive reads a positive integer parameter (at most 10^9), def when absent.
func positive(w http.ResponseWriter, q url.Values, name string, def int) (int, bool) {
	v := q.Get(name)
	if v == "" && !q.Has(name) {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1e9 {
		writeErrors(w, http.StatusUnprocessableEntity, name+" must be a positive integer, got "+strconv.Quote(v))
		return 0, false
	}
	return n, true
}

// page returns the documents of one page and how many products match.
func (s *Server) page(f *filter, page, perPage int) ([]map[string]any, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	from := (page - 1) * perPage
	var order []int
	if f.empty() {
		order = s.hashOrder()
	} else {
		order = s.updatedRange(s.updatedOrder(), f.updated)
	}
	data := []map[string]any{}
	if !f.narrows(len(s.parents.codes) > 0) {
		for _, i := range order[min(from, len(order)):min(from+perPage, len(order))] {
			data = append(data, s.get(i).doc())
		}
		return data, len(order)
	}
	total := 0
	for _, i := range order {
		p := s.get(i)
		if !f.matches(p) {
			continue
		}
		if total >= from && total < from+perPage {
			data = append(data, p.doc())
		}
		total++
	}
	return data, total
}

// getOne serves GET /products/{salsify:id}; a destroyed product is 404.
func (s *Server) getOne(w http.ResponseWriter, id string) {
	s.mu.RLock()
	i, ok := s.live(id)
	var doc map[string]any
	if ok {
		doc = s.get(i).doc()
	}
	s.mu.RUnlock()
	if !ok {
		writeErrors(w, http.StatusNotFound, notFound(id))
		return
	}
	writeJSON(w, http.StatusOK, doc)
}

func notFound(id string) string { return "Product '" + id + "' does not exist." }
