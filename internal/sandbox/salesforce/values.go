package salesforce

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// fatalError rejects a whole call (400 with a Salesforce error array).
type fatalError struct{ apiError }

func (f *fatalError) Error() string { return f.Message }

func parserError(msg string) *fatalError {
	return &fatalError{apiError{ErrorCode: "JSON_PARSER_ERROR", Message: msg}}
}

// op is the kind of a record write.
type op int

const (
	opCreate op = iota
	opUpdate
)

// convert checks a record's fields against o and returns them as stored.
// An unknown or read-only field is a record error; a value of the wrong
// JSON type fails the whole call, as Salesforce's deserializer does.
func convert(o *object, raw map[string]json.RawMessage, kind op) (map[string]any, *recError, *fatalError) {
	out := map[string]any{}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range raw {
			if k != "attributes" && !yield(k) {
				return
			}
		}
	})
	for _, name := range names {
		f, ok := o.field(name)
		if !ok {
			return nil, newRecError("INVALID_FIELD", "No such column '"+name+"' on sobject of type "+o.Name, name), nil
		}
		if f.ReadOnly || (kind == opUpdate && f.CreateOnly) {
			return nil, newRecError("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "+f.Name+
				". Please check the security settings of this field and verify that it is read/write for your profile or permission set.", f.Name), nil
		}
		v, err := value(f, raw[name])
		if err != nil {
			return nil, nil, parserError(err.Error())
		}
		out[f.Name] = v
	}
	return out, nil, nil
}

// value decodes one field's JSON value by its kind; null clears a field
// (false for a checkbox).
func value(f field, raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		if f.Kind == kBool {
			return false, nil
		}
		return nil, nil
	}
	switch f.Kind {
	case kBool:
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			return nil, fmt.Errorf("Cannot deserialize instance of boolean from %s value %s for field %s", token(raw), raw, f.Name)
		}
		return b, nil
	case kNumber:
		return number(f, raw)
	default:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return nil, fmt.Errorf("Cannot deserialize instance of string from %s value %s for field %s", token(raw), raw, f.Name)
		}
		if s == "" {
			return nil, nil // Salesforce stores an empty text as null
		}
		return s, nil
	}
}

// decimalText is a plain decimal as text may carry it: sign, digits, point.
var decimalText = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)

// number accepts a JSON number or a string holding a plain decimal, kept
// exact and stored as a valid JSON number ("+5" 5, ".5" 0.5, "007.50"
// 7.50): a stored value is written into query answers verbatim.
func number(f field, raw json.RawMessage) (any, error) {
	text := string(raw)
	var s string
	if json.Unmarshal(raw, &s) == nil {
		text = strings.TrimSpace(s)
	}
	if !decimalText.MatchString(text) {
		return nil, fmt.Errorf("Cannot deserialize instance of double from %s value %s for field %s", token(raw), raw, f.Name)
	}
	return json.Number(canonicalDecimal(text)), nil
}

// canonicalDecimal writes a decimalText match as a JSON number, keeping its
// scale.
func canonicalDecimal(text string) string {
	sign, digits := "", strings.TrimPrefix(text, "+")
	if rest, neg := strings.CutPrefix(digits, "-"); neg {
		sign, digits = "-", rest
	}
	whole, frac, _ := strings.Cut(digits, ".")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	if frac != "" {
		return sign + whole + "." + frac
	}
	return sign + whole
}

// token names a JSON value's type as Jackson does in its messages.
func token(raw json.RawMessage) string {
	switch raw[0] {
	case '{':
		return "START_OBJECT"
	case '[':
		return "START_ARRAY"
	case '"':
		return "VALUE_STRING"
	case 't', 'f':
		return "VALUE_TRUE"
	}
	return "VALUE_NUMBER"
}
