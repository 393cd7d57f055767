package akeneo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
)

const collectionType = "application/vnd.akeneo.collection+json"

type lineResult struct {
	Line       int          `json:"line"`
	Identifier string       `json:"identifier,omitempty"`
	UUID       string       `json:"uuid,omitempty"`
	StatusCode int          `json:"status_code"`
	Message    string       `json:"message,omitempty"`
	Errors     []fieldError `json:"errors,omitempty"`
}

type fieldError struct {
	Property  string `json:"property"`
	Message   string `json:"message"`
	Attribute string `json:"attribute,omitempty"`
}

type patchLine struct {
	Identifier string                       `json:"identifier"`
	UUID       string                       `json:"uuid"`
	Enabled    *bool                        `json:"enabled"`
	Family     *string                      `json:"family"`
	Categories []string                     `json:"categories"`
	Values     map[string][]json.RawMessage `json:"values"`
}

func (s *Server) patch(w http.ResponseWriter, r *http.Request, byIdentifier bool) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		writeError(w, http.StatusUnsupportedMediaType, "The 'Content-type' header is missing. 'application/json' has to specified as value.")
		return
	}
	if mt, _, _ := mime.ParseMediaType(ct); mt != collectionType {
		writeError(w, http.StatusUnsupportedMediaType, "\""+ct+"\" in \"Content-Type\" header is not valid. Only '"+collectionType+"' is allowed.")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 200<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, "Could not read the request body")
		return
	}
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 1<<16), 1_000_001)
	for sc.Scan() {
		if l := bytes.TrimSpace(sc.Bytes()); len(l) > 0 {
			lines = append(lines, append([]byte{}, l...))
		}
	}
	if sc.Err() != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "Line is too long (max 1000000 characters).")
		return
	}
	if len(lines) > 100 {
		writeError(w, http.StatusRequestEntityTooLarge, "Too many resources to process, 100 is the maximum allowed.")
		return
	}
	w.Header().Set("Content-Type", collectionType)
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	for n, l := range lines {
		_ = enc.Encode(s.applyLine(n+1, l, byIdentifier))
	}
}

func (s *Server) applyLine(n int, raw []byte, byIdentifier bool) lineResult {
	res := lineResult{Line: n}
	var pl patchLine
	if err := json.Unmarshal(raw, &pl); err != nil {
		res.StatusCode, res.Message = http.StatusBadRequest, "Invalid json message received"
		return res
	}
	res.Identifier, res.UUID = pl.Identifier, pl.UUID
	if !byIdentifier {
		res.Identifier = ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i, exists := s.locate(pl, byIdentifier)
	if i < 0 {
		res.StatusCode, res.Message = http.StatusUnprocessableEntity, "Validation failed."
		res.Errors = []fieldError{{Property: "identifier", Message: "The identifier must be filled."}}
		return res
	}
	var p *product
	if exists {
		cp := *s.get(i)
		cp.Values = cloneValues(cp.Values)
		p = &cp
	} else {
		p = &product{UUID: s.cat.UUID(i), Identifier: pl.Identifier, Enabled: true, Values: map[string][]value{}, Created: s.now()}
		p.Values["sku"] = []value{{Data: pl.Identifier}}
	}
	if errs := applyValues(p, pl.Values); len(errs) > 0 {
		res.StatusCode, res.Message, res.Errors = http.StatusUnprocessableEntity, "Validation failed.", errs
		return res
	}
	if pl.Enabled != nil {
		p.Enabled = *pl.Enabled
	}
	if pl.Family != nil {
		p.Family = *pl.Family
	}
	if pl.Categories != nil {
		p.Categories = pl.Categories
	}
	p.Updated = s.now().UTC()
	s.changed[i] = p
	if !exists {
		s.bySKU[p.Identifier] = i
		s.total = max(s.total, i+1)
		res.StatusCode = http.StatusCreated
	} else {
		res.StatusCode = http.StatusNoContent
	}
	s.statsMu.Lock()
	s.writes[p.Identifier]++
	s.statsMu.Unlock()
	return res
}

// locate returns the index of the product a line addresses, or a fresh index
// for a new one; -1 when the line has no key.
func (s *Server) locate(pl patchLine, byIdentifier bool) (int, bool) {
	if byIdentifier {
		if pl.Identifier == "" {
			return -1, false
		}
		if i, ok := s.indexOfIdentifier(pl.Identifier); ok {
			return i, true
		}
		return s.total, false
	}
	if i, ok := s.cat.IndexOfUUID(pl.UUID); ok && i < s.total {
		return i, true
	}
	return -1, false
}

func cloneValues(v map[string][]value) map[string][]value {
	out := make(map[string][]value, len(v))
	for k, vs := range v {
		out[k] = append([]value{}, vs...)
	}
	return out
}

// applyValues merges values by (attribute, locale, scope), validating each
// against the attribute's type.
func applyValues(p *product, values map[string][]json.RawMessage) []fieldError {
	var errs []fieldError
	for code, list := range values {
		attr, ok := attributeByCode(code)
		if !ok {
			errs = append(errs, fieldError{Property: "values", Attribute: code, Message: fmt.Sprintf("The %s attribute does not exist in your PIM.", code)})
			continue
		}
		for _, raw := range list {
			var v value
			if err := json.Unmarshal(raw, &v); err != nil {
				errs = append(errs, fieldError{Property: "values", Attribute: code, Message: "Property \"values\" expects an array of objects as data."})
				continue
			}
			if msg := attr.check(v.Data); msg != "" {
				errs = append(errs, fieldError{Property: "values", Attribute: code, Message: msg})
				continue
			}
			p.Values[code] = mergeValue(p.Values[code], v)
		}
	}
	return errs
}

func mergeValue(list []value, v value) []value {
	for k, old := range list {
		if eqPtr(old.Locale, v.Locale) && eqPtr(old.Scope, v.Scope) {
			if v.Data == nil {
				return append(list[:k:k], list[k+1:]...)
			}
			list[k] = v
			return list
		}
	}
	if v.Data == nil {
		return list
	}
	return append(list, v)
}

func eqPtr(a, b *string) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func isDecimal(v any) bool {
	switch x := v.(type) {
	case float64:
		return true
	case string:
		_, err := strconv.ParseFloat(x, 64)
		return err == nil
	}
	return false
}
