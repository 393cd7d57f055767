package salsify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// maxBody is the largest request body the emulator reads.
const maxBody = 10 << 20

// readBody reads a JSON request body: Content-Type application/json, at most
// maxBody bytes, numbers kept as json.Number. It answers a body it cannot read
// itself (400, the documented status of a malformed request; 413 when too
// large) and returns ok false.
func readBody(w http.ResponseWriter, r *http.Request) (any, bool) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeErrors(w, http.StatusBadRequest, "Content-Type must be application/json")
		return nil, false
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeErrors(w, http.StatusRequestEntityTooLarge, "Request body is larger than 10 MB")
		} else {
			writeErrors(w, http.StatusBadRequest, "Could not read the request body")
		}
		return nil, false
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil || dec.More() {
		writeErrors(w, http.StatusBadRequest, "Request body is not valid JSON")
		return nil, false
	}
	return v, true
}

// change is one validated product item: its Product ID and the properties
// to set (a nil value removes the property).
type change struct {
	id    string
	props map[string]any
}

// parseItem validates one item of a write. It returns every problem of the
// item, each as Salsify words its errors, properties in id order. Keys starting with "salsify:" are
// system fields: they are read-only and ignored, so that a document read
// from the API can be sent back as it is.
func parseItem(raw any, needID bool) (change, []string) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return change{}, []string{"A product must be a JSON object"}
	}
	c := change{props: map[string]any{}}
	var errs []string
	if id, present := obj[PropProductID]; present {
		s, isString := id.(string)
		switch {
		case !isString || s == "":
			errs = append(errs, "Product ID must be a non-empty string")
		case strings.HasPrefix(s, "=") || strings.HasPrefix(s, "_") || strings.HasPrefix(s, "salsify"):
			errs = append(errs, "Product ID value cannot begin with =, _ or salsify")
		default:
			c.id = s
		}
	} else if needID {
		errs = append(errs, "Missing required property "+PropProductID)
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if strings.HasPrefix(k, "salsify:") || k == PropProductID {
			continue
		}
		nv, err := normalize(k, obj[k])
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		c.props[k] = nv
	}
	if c.id != "" {
		c.props[PropProductID] = c.id
	}
	return c, errs
}

// normalize checks a property value and returns it as stored: null or an
// empty array removes the property, a one-value array is that value, a
// number property takes only JSON numbers.
func normalize(prop string, v any) (any, error) {
	if strings.TrimSpace(prop) == "" {
		return nil, fmt.Errorf("Property ids cannot be blank")
	}
	list, multi := v.([]any)
	if !multi {
		list = []any{v}
	}
	out := make([]any, 0, len(list))
	for _, x := range list {
		switch x := x.(type) {
		case nil:
			continue
		case json.Number:
		case string, bool:
			if numberProps[prop] {
				return nil, fmt.Errorf("Property %s is a number property and cannot take the value %s", prop, jsonText(x))
			}
		default:
			return nil, fmt.Errorf("Property %s: a value must be a string, a number, a boolean or an array of them", prop)
		}
		out = append(out, x)
	}
	switch len(out) {
	case 0:
		return nil, nil
	case 1:
		return out[0], nil
	}
	return out, nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// apply writes a change's properties onto p and reports whether anything changed.
func (c change) apply(p *product) bool {
	changed := false
	for k, v := range c.props {
		old, had := p.Props[k]
		if v == nil {
			if had {
				delete(p.Props, k)
				changed = true
			}
			continue
		}
		if !had || jsonText(old) != jsonText(v) {
			p.Props[k] = v
			changed = true
		}
	}
	return changed
}
