package transform

import (
	"encoding/json"
	"strings"
	"unicode"
)

// structFields encodes v and returns its members except skip, by JSON name.
func structFields(v any, skip ...string) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for _, k := range skip {
		delete(m, k)
	}
	return m, nil
}

// NormalizeName folds a name for matching: lower case, letters and digits
// only, single spaces.
func NormalizeName(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(f, " ")
}
