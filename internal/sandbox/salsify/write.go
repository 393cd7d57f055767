package salsify

import (
	"net/http"
	"time"
)

// mode is a bulk write's kind.
type mode int

const (
	modeCreate mode = iota // POST /products: 201 + documents
	modeUpdate             // PUT /products: 204
	modeUpsert             // PUT /products/_upsert: 200 + documents
)

// bulk serves the three bulk writes. The body is a JSON array of product
// items matched by "Product ID". A bulk write is all or nothing (the
// emulator's reading of the documented bulk-update 422, whose errors hold an
// empty array for the item that had none): if any item fails, the answer is
// 422 {"errors":[[...],[...]]}, one inner array per input item in input
// order, empty for a good item, and nothing is written.
func (s *Server) bulk(w http.ResponseWriter, r *http.Request, m mode) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	items, isArray := body.([]any)
	if !isArray {
		writeErrors(w, http.StatusBadRequest, "The request body must be a JSON array of products")
		return
	}
	changes, errs, failed := parseItems(items)
	s.mu.Lock()
	if !failed {
		failed = s.checkExistence(changes, errs, m)
	}
	var docs []map[string]any
	if !failed {
		docs = s.applyAll(changes)
	}
	s.mu.Unlock()
	switch {
	case failed:
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"errors": errs})
	case m == modeUpdate:
		w.WriteHeader(http.StatusNoContent)
	case m == modeCreate:
		writeJSON(w, http.StatusCreated, docs)
	default:
		writeJSON(w, http.StatusOK, docs)
	}
}

// parseItems validates every item; errs has one (possibly empty) array per item.
func parseItems(items []any) ([]change, [][]string, bool) {
	changes := make([]change, len(items))
	errs := make([][]string, len(items))
	seen := map[string]bool{}
	failed := false
	for k, raw := range items {
		c, e := parseItem(raw, true)
		if c.id != "" && seen[c.id] {
			e = append(e, "Product ID "+c.id+" appears more than once in this request")
		}
		seen[c.id] = true
		changes[k], errs[k] = c, append([]string{}, e...)
		failed = failed || len(e) > 0
	}
	return changes, errs, failed
}

// checkExistence adds the errors of items that must or must not exist; the
// caller holds s.mu.
func (s *Server) checkExistence(changes []change, errs [][]string, m mode) bool {
	failed := false
	for k, c := range changes {
		_, exists := s.live(c.id)
		switch {
		case m == modeCreate && exists:
			errs[k] = append(errs[k], "A product already exists with the same id.")
		case m == modeUpdate && !exists:
			errs[k] = append(errs[k], notFound(c.id))
		default:
			continue
		}
		failed = true
	}
	return failed
}

// applyAll writes every change, creating missing products, and returns the
// resulting documents; the caller holds s.mu for writing.
func (s *Server) applyAll(changes []change) []map[string]any {
	now := s.nowLocked()
	docs := make([]map[string]any, 0, len(changes))
	for _, c := range changes {
		docs = append(docs, s.write(c, now).doc())
		s.countWrite(c.id)
	}
	return docs
}

// write applies one change: onto the live product, or as a new product
// (a destroyed product's id starts afresh). Time and version move only when
// a value changed.
func (s *Server) write(c change, now time.Time) *product {
	if i, ok := s.live(c.id); ok {
		p := s.get(i).clone()
		if c.apply(p) {
			p.Updated, p.Version = now, p.Version+1
			s.store(i, p)
		}
		return p
	}
	i, existed := s.indexOf(c.id)
	if !existed {
		i = s.total
		s.total++
		s.bySKU[c.id] = i
	}
	p := &product{ID: c.id, Props: map[string]any{}, Created: now, Updated: now, SystemID: "s-" + s.cat.UUID(i)}
	c.apply(p)
	s.store(i, p)
	return p
}

// nowLocked is clock for a caller that holds s.mu.
func (s *Server) nowLocked() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// putOne serves PUT /products/{salsify:id}: a JSON object of properties to
// set (null clears one); 204, 404 for a product that does not exist, 422
// {"errors":[...]} for a bad value or an attempt to change Product ID.
func (s *Server) putOne(w http.ResponseWriter, r *http.Request, id string) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	c, errs := parseItem(body, false)
	if c.id != "" && c.id != id {
		errs = append(errs, "Product ID cannot be changed from "+id+" to "+c.id)
	}
	if len(errs) > 0 {
		writeErrors(w, http.StatusUnprocessableEntity, errs...)
		return
	}
	c.id = id
	s.mu.Lock()
	_, exists := s.live(id)
	if exists {
		s.write(c, s.nowLocked())
	}
	s.mu.Unlock()
	if !exists {
		writeErrors(w, http.StatusNotFound, notFound(id))
		return
	}
	s.countWrite(id)
	w.WriteHeader(http.StatusNoContent)
}

// deleteOne serves DELETE /products/{salsify:id}: the product is destroyed
// (204); it stays listed with salsify:destroyed_at.
func (s *Server) deleteOne(w http.ResponseWriter, id string) {
	if !s.Delete(id) {
		writeErrors(w, http.StatusNotFound, notFound(id))
		return
	}
	s.countWrite(id)
	w.WriteHeader(http.StatusNoContent)
}
