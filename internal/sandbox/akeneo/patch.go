package akeneo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
)

const collectionType = "application/vnd.akeneo.collection+json"

type lineResult struct {
	Line       int          `json:"line"`
	Identifier string       `json:"identifier,omitempty"`
	UUID       string       `json:"uuid,omitempty"`
	StatusCode int          `json:"status_code"`
	Message    string       `json:"message,omitempty"`
	Errors     []fieldError `json:"errors,omitempty"`
	// Links carries the documentation link of some rejections.
	Links map[string]any `json:"_links,omitempty"`
}

// fieldError is one entry of a 422's errors[]: property and message, and for a
// value the attribute with the value's locale and scope (null when the
// attribute is not localizable or scopable), as responses.md documents.
type fieldError struct {
	Property  string  `json:"property"`
	Message   string  `json:"message"`
	Attribute string  `json:"attribute,omitempty"`
	Locale    *string `json:"locale"`
	Scope     *string `json:"scope"`
}

// MarshalJSON writes locale and scope only for an error about a value (one
// with an attribute); a property error is property and message alone.
func (e fieldError) MarshalJSON() ([]byte, error) {
	if e.Attribute == "" {
		return json.Marshal(struct {
			Property string `json:"property"`
			Message  string `json:"message"`
		}{e.Property, e.Message})
	}
	type plain fieldError
	return json.Marshal(plain(e))
}

type patchLine struct {
	Identifier string                       `json:"identifier"`
	UUID       string                       `json:"uuid"`
	Enabled    *bool                        `json:"enabled"`
	Family     *string                      `json:"family"`
	Parent     *string                      `json:"parent"`
	Categories []string                     `json:"categories"`
	Values     map[string][]json.RawMessage `json:"values"`
}

// lineProperties are the properties a product line may carry on each endpoint.
var lineProperties = map[bool]map[string]bool{
	false: setOf("uuid", "enabled", "family", "parent", "categories", "groups", "values", "associations",
		"quantified_associations", "add_categories", "remove_categories", "created", "updated"),
	true: setOf("identifier", "uuid", "enabled", "family", "parent", "categories", "groups", "values", "associations",
		"quantified_associations", "add_categories", "remove_categories", "created", "updated"),
}

func setOf(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func (s *Server) patch(w http.ResponseWriter, r *http.Request, byIdentifier bool) {
	lines, ok := readLines(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", collectionType)
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	for n, l := range lines {
		_ = enc.Encode(s.applyLine(n+1, l, byIdentifier, ""))
	}
}

// readLines checks a collection PATCH's content type and splits its body
// into lines, answering the documented errors itself; ok is false then.
func readLines(w http.ResponseWriter, r *http.Request) ([][]byte, bool) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		writeError(w, http.StatusUnsupportedMediaType, "The 'Content-type' header is missing. 'application/json' has to specified as value.")
		return nil, false
	}
	if mt, _, _ := mime.ParseMediaType(ct); mt != collectionType {
		writeError(w, http.StatusUnsupportedMediaType, "\""+ct+"\" in \"Content-Type\" header is not valid. Only '"+collectionType+"' is allowed.")
		return nil, false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 200<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, "Could not read the request body")
		return nil, false
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
		return nil, false
	}
	if len(lines) > 100 {
		writeError(w, http.StatusRequestEntityTooLarge, "Too many resources to process, 100 is the maximum allowed.")
		return nil, false
	}
	return lines, true
}

// applyLine upserts one product. pathUUID is the uuid of a single-product
// PATCH (/products-uuid/{uuid}), "" for a collection line.
func (s *Server) applyLine(n int, raw []byte, byIdentifier bool, pathUUID string) lineResult {
	res := lineResult{Line: n}
	pl, errRes := decodeLine(raw, byIdentifier)
	res.Identifier, res.UUID = pl.Identifier, pl.UUID
	if !byIdentifier {
		res.Identifier = ""
	}
	if errRes == nil {
		if code, unknown := s.sch.unknownCategory(pl.Categories); unknown {
			errRes = categoryError(code)
		}
	}
	if errRes != nil {
		res.StatusCode, res.Message, res.Errors, res.Links = errRes.StatusCode, errRes.Message, errRes.Errors, errRes.Links
		return res
	}
	if pathUUID != "" && !strings.EqualFold(pl.UUID, pathUUID) {
		res.StatusCode, res.Message = http.StatusUnprocessableEntity, "The uuid \""+pl.UUID+"\" provided in the request body must match the uuid \""+pathUUID+"\" provided in the url."
		return res
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.upsert(res, pl, byIdentifier)
}

// decodeLine reads a line, refusing unknown properties and a missing or
// malformed key as the API does.
func decodeLine(raw []byte, byIdentifier bool) (patchLine, *lineResult) {
	var pl patchLine
	var props map[string]json.RawMessage
	if err := json.Unmarshal(raw, &props); err != nil {
		return pl, &lineResult{StatusCode: http.StatusBadRequest, Message: "Invalid json message received"}
	}
	// The key is echoed on every result line, even a rejected one.
	_ = json.Unmarshal(props["uuid"], &pl.UUID)
	_ = json.Unmarshal(props["identifier"], &pl.Identifier)
	for k := range props {
		if !lineProperties[byIdentifier][k] {
			return pl, &lineResult{StatusCode: http.StatusUnprocessableEntity, Message: "Property \"" + k + "\" does not exist."}
		}
	}
	if err := json.Unmarshal(raw, &pl); err != nil {
		var te *json.UnmarshalTypeError
		field := "values"
		if errors.As(err, &te) && te.Field != "" {
			field = strings.SplitN(te.Field, ".", 2)[0]
		}
		return pl, &lineResult{StatusCode: http.StatusUnprocessableEntity, Message: "Property \"" + field + "\" does not have the expected type."}
	}
	switch {
	case byIdentifier && pl.Identifier == "":
		return pl, validation(fieldError{Property: "identifier", Message: "The identifier must be filled."})
	case !byIdentifier && pl.UUID == "":
		// The uuid is the key of /products-uuid lines (swagger: required ["uuid"]); wording unverified.
		return pl, validation(fieldError{Property: "uuid", Message: "The uuid must be filled."})
	case pl.UUID != "" && !uuidPattern.MatchString(pl.UUID):
		return pl, validation(fieldError{Property: "uuid", Message: "The uuid \"" + pl.UUID + "\" is not a valid UUID."})
	}
	pl.UUID = strings.ToLower(pl.UUID)
	return pl, nil
}

func validation(errs ...fieldError) *lineResult {
	return &lineResult{StatusCode: http.StatusUnprocessableEntity, Message: "Validation failed.", Errors: errs}
}

// upsert applies a decoded line; the caller holds s.mu.
func (s *Server) upsert(res lineResult, pl patchLine, byIdentifier bool) lineResult {
	i, exists := s.locate(pl, byIdentifier)
	var p *product
	if exists {
		cp := *s.get(i)
		cp.Values = cloneValues(cp.Values)
		p = &cp
	} else {
		p = &product{UUID: pl.UUID, Enabled: true, Values: map[string][]value{}, Created: s.now().UTC()}
		if p.UUID == "" {
			p.UUID = s.cat.UUID(i)
		}
		if pl.Identifier != "" {
			p.Values["sku"] = []value{{Data: pl.Identifier}}
		}
	}
	written, errs := applyValues(s.sch, p, pl.Values)
	if len(errs) == 0 {
		errs = s.checkUnique(i, p, written, !exists)
	}
	if len(errs) > 0 {
		res.StatusCode, res.Message, res.Errors = http.StatusUnprocessableEntity, "Validation failed.", errs
		return res
	}
	if pl.Enabled != nil {
		p.Enabled = *pl.Enabled
	}
	if pl.Family != nil {
		p.Family = *pl.Family
	}
	if pl.Parent != nil {
		p.Parent = *pl.Parent
	}
	if pl.Categories != nil {
		p.Categories = pl.Categories
	}
	s.store(i, p)
	res.UUID = p.UUID
	res.StatusCode = http.StatusNoContent
	if !exists {
		res.StatusCode = http.StatusCreated
	}
	return res
}

// store saves product i, keeping the identifier and uuid indexes and the
// write counts; the caller holds s.mu.
func (s *Server) store(i int, p *product) {
	old := s.identifierOf(i)
	p.Identifier = identifierIn(p.Values)
	p.Updated = s.now().UTC()
	s.changed[i] = p
	if old != "" && old != p.Identifier && s.bySKU[old] == i {
		delete(s.bySKU, old)
	}
	if p.Identifier != "" {
		s.bySKU[p.Identifier] = i
	}
	s.byUUID[p.UUID] = i
	s.total = max(s.total, i+1)
	key := p.Identifier
	if key == "" {
		key = p.UUID
	}
	s.statsMu.Lock()
	s.writes[key]++
	s.statsMu.Unlock()
}

// identifierIn reads the identifier attribute's value: in the products-uuid
// world the identifier is an ordinary value.
func identifierIn(vals map[string][]value) string {
	for _, v := range vals["sku"] {
		if s, ok := v.Data.(string); ok {
			return s
		}
	}
	return ""
}

// locate returns the index of the product a line addresses, or a fresh index
// for a new one (PATCH creates what does not exist).
func (s *Server) locate(pl patchLine, byIdentifier bool) (int, bool) {
	if byIdentifier {
		if i, ok := s.indexOfIdentifier(pl.Identifier); ok {
			return i, true
		}
		return s.total, false
	}
	if i, ok := s.indexOfUUID(pl.UUID); ok {
		return i, true
	}
	return s.total, false
}

func cloneValues(v map[string][]value) map[string][]value {
	out := make(map[string][]value, len(v))
	for k, vs := range v {
		out[k] = append([]value{}, vs...)
	}
	return out
}

// applyValues merges values by (attribute, locale, scope), validating each
// against the attribute: its locale and scope, then its data. It returns the
// values written, by attribute.
func applyValues(sc *schema, p *product, values map[string][]json.RawMessage) (map[string][]value, []fieldError) {
	var errs []fieldError
	written := map[string][]value{}
	for code, list := range values {
		attr, known := sc.attribute(code)
		for _, raw := range list {
			var v value
			if err := json.Unmarshal(raw, &v); err != nil {
				errs = append(errs, fieldError{Property: "values", Attribute: code, Message: "Property \"values\" expects an array of objects as data."})
				continue
			}
			msg := ""
			if !known {
				msg = "The " + code + " attribute does not exist in your PIM."
			} else if msg = sc.checkContext(attr, v.Locale, v.Scope); msg == "" {
				msg = attr.check(v.Data)
			}
			if msg != "" {
				errs = append(errs, fieldError{Property: "values", Attribute: code, Locale: v.Locale, Scope: v.Scope, Message: msg})
				continue
			}
			p.Values[code] = mergeValue(p.Values[code], v)
			written[code] = append(written[code], v)
		}
	}
	return written, errs
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
