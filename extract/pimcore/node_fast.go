package pimcore

import (
	"encoding/json"

	"github.com/stewardhq/steward/internal/jsonscan"
)

// splitNode reads an object node into its members' raw values in one pass
// with jsonscan, as json.Unmarshal into a map[string]json.RawMessage does
// (a repeated key keeps its last value, keys match exactly), each value a
// slice of raw (no copy). ok is false for anything jsonscan cannot read
// the same (null, escaped keys, nesting past jsonscan.MaxDepth, bad JSON),
// and node then decodes with encoding/json, which also words the error.
// A key found in keys is stored as that string (no copy of its own).
func splitNode(raw []byte, keys map[string]string) (map[string]json.RawMessage, bool) {
	sc := jsonscan.New(raw)
	n := make(map[string]json.RawMessage, max(len(keys), 8))
	ok := sc.Object(func(key []byte) bool {
		v, ok := sc.Raw()
		if !ok {
			return false
		}
		k, known := keys[string(key)]
		if !known {
			k = string(key)
		}
		n[k] = v
		return true
	})
	return n, ok && sc.End()
}

// unquote decodes a JSON string into s as json.Unmarshal does, in one
// pass when jsonscan reads it (a null or any other value is left to
// encoding/json, which also words the error).
func unquote(raw []byte, s *string) error {
	sc := jsonscan.New(raw)
	if v, ok := sc.String(); ok && sc.End() {
		*s = v
		return nil
	}
	return json.Unmarshal(raw, s)
}
