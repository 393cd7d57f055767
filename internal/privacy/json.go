package privacy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Fields returns the canonical JSON object payload with the values of the
// named fields replaced by their tokens (a string by the token of its text,
// any other value but null by the token of its JSON), and learns those
// values. Other fields and the key order are kept.
func (p *Pseudonymizer) Fields(payload []byte, fields []string) ([]byte, error) {
	if len(fields) == 0 {
		return payload, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(payload, &obj); err != nil {
		return nil, fmt.Errorf("pseudonymize record: %w", err)
	}
	for _, f := range fields {
		v, ok := obj[f]
		if !ok {
			continue
		}
		obj[f] = p.value(v)
	}
	return json.Marshal(obj)
}

// FieldMap pseudonymizes the named fields of a decoded object in place.
func (p *Pseudonymizer) FieldMap(obj map[string]json.RawMessage, fields []string) {
	for _, f := range fields {
		if v, ok := obj[f]; ok {
			obj[f] = p.value(v)
		}
	}
}

// value returns the token of one JSON value as a JSON string (null and
// empty strings stay).
func (p *Pseudonymizer) value(v json.RawMessage) json.RawMessage {
	t := bytes.TrimSpace(v)
	if len(t) == 0 || string(t) == "null" || string(t) == `""` {
		return v
	}
	text := string(t)
	var s string
	if json.Unmarshal(t, &s) == nil {
		text = s
	}
	if IsToken(text) {
		return v
	}
	p.Learn(text)
	return json.RawMessage(strconv.Quote(p.Token(text)))
}

// Raw returns the native bytes of a record of a data type with personal
// fields as they may rest outside staging (quarantine). Native field names
// are each connector's own, so inside parseable JSON every string and number
// becomes its token, keeping the structure, the names, booleans and nulls;
// bytes that do not parse are kept only as their length and token.
func (p *Pseudonymizer) Raw(raw []byte) []byte {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil || d.More() {
		b, _ := json.Marshal(map[string]any{"unparseable": true, "length": len(raw), "token": p.Token(string(raw))})
		return b
	}
	b, err := json.Marshal(p.walk(v))
	if err != nil {
		return []byte(`{"unparseable": true}`)
	}
	return b
}

// walk replaces the scalar leaves of a decoded JSON value.
func (p *Pseudonymizer) walk(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = p.walk(e)
		}
		return x
	case []any:
		return slices.Collect(func(yield func(any) bool) {
			for _, e := range x {
				if !yield(p.walk(e)) {
					return
				}
			}
		})
	case string:
		if x == "" || IsToken(x) {
			return x
		}
		return p.Token(x)
	case json.Number:
		return p.Token(string(x))
	}
	return v
}

// TextOf returns text (an error or reason about one record) with every
// string and number of the record's JSON raw replaced by its token, then
// with Text's replacements: a message quoting any of the record's values
// carries its token instead.
func (p *Pseudonymizer) TextOf(text string, raw []byte) string {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var leaves []string
	if d.Decode(&v) == nil {
		collect(v, &leaves)
	} else {
		// bytes that do not parse: the strings they quote
		for _, m := range quoted.FindAllSubmatch(raw, -1) {
			if s := string(m[1]); len([]rune(s)) >= minLearn {
				leaves = append(leaves, s)
			}
		}
	}
	if len(leaves) > 0 {
		slices.SortFunc(leaves, func(a, b string) int { return len(b) - len(a) })
		pairs := make([]string, 0, 2*len(leaves))
		for _, l := range leaves {
			pairs = append(pairs, l, p.Token(l))
		}
		text = strings.NewReplacer(pairs...).Replace(text)
	}
	return p.Text(text)
}

// quoted finds the JSON strings in bytes that do not parse as a whole.
var quoted = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

// collect appends the string and number leaves of v long enough to be
// replaced as text.
func collect(v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			collect(e, out)
		}
	case []any:
		for _, e := range x {
			collect(e, out)
		}
	case string:
		if len([]rune(x)) >= minLearn && !IsToken(x) {
			*out = append(*out, x)
		}
	case json.Number:
		if len(x) >= minLearn {
			*out = append(*out, string(x))
		}
	}
}
