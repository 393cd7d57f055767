// Package rawjson splits JSON text into its members and elements without
// decoding the values, tolerating what a strict decoder refuses inside them
// (raw control bytes in strings, nesting of any depth). Connectors use it to
// salvage the parts of a page around one poisoned record.
package rawjson

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ErrMalformed reports text whose structure cannot be followed even leniently.
var ErrMalformed = errors.New("malformed JSON structure")

// Member is one key and its value's raw text.
type Member struct {
	Key   string
	Value []byte
}

// Members splits an object into its members, in order.
func Members(b []byte) ([]Member, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, fmt.Errorf("%w: no object at offset %d", ErrMalformed, i)
	}
	var out []Member
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return out, nil
	}
	for {
		end, err := skipValue(b, i)
		if err != nil || b[i] != '"' {
			return nil, fmt.Errorf("%w: no key at offset %d", ErrMalformed, i)
		}
		var key string
		if json.Unmarshal(b[i:end], &key) != nil {
			key = string(b[i+1 : end-1])
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return nil, fmt.Errorf("%w: no ':' after key %q", ErrMalformed, key)
		}
		vs := skipSpace(b, i+1)
		ve, err := skipValue(b, vs)
		if err != nil {
			return nil, fmt.Errorf("value of %q: %w", key, err)
		}
		out = append(out, Member{Key: key, Value: b[vs:ve]})
		if i, err = next(b, ve, '}'); err != nil || i < 0 {
			return out, err
		}
	}
}

// Elements splits an array into its elements' raw text, in order.
func Elements(b []byte) ([][]byte, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil, fmt.Errorf("%w: no array at offset %d", ErrMalformed, i)
	}
	var out [][]byte
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return out, nil
	}
	for {
		end, err := skipValue(b, i)
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", len(out), err)
		}
		out = append(out, b[i:end])
		if i, err = next(b, end, ']'); err != nil || i < 0 {
			return out, err
		}
	}
}

// next moves past the separator after a value: the start of the following
// value, or -1 after the closing byte.
func next(b []byte, i int, closing byte) (int, error) {
	i = skipSpace(b, i)
	switch {
	case i < len(b) && b[i] == ',':
		return skipSpace(b, i+1), nil
	case i < len(b) && b[i] == closing:
		return -1, nil
	}
	return 0, fmt.Errorf("%w: expected ',' or %q at offset %d", ErrMalformed, closing, i)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the offset just past the value starting at i. It counts
// brackets instead of recursing, so depth costs nothing.
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, fmt.Errorf("%w: value expected at end of input", ErrMalformed)
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		return skipNested(b, i)
	}
	j := i
	for j < len(b) && !isDelimiter(b[j]) {
		j++
	}
	if j == i {
		return 0, fmt.Errorf("%w: unexpected %q at offset %d", ErrMalformed, b[i], i)
	}
	return j, nil
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ':', ' ', '\t', '\n', '\r', '{', '[', '"':
		return true
	}
	return false
}

func skipString(b []byte, i int) (int, error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("%w: string at offset %d is not closed", ErrMalformed, i)
}

func skipNested(b []byte, i int) (int, error) {
	var stack []byte
	for j := i; j < len(b); j++ {
		switch c := b[j]; c {
		case '"':
			end, err := skipString(b, j)
			if err != nil {
				return 0, err
			}
			j = end - 1
		case '{', '[':
			stack = append(stack, c)
		case '}', ']':
			if len(stack) == 0 || (c == '}') != (stack[len(stack)-1] == '{') {
				return 0, fmt.Errorf("%w: unbalanced %q at offset %d", ErrMalformed, c, j)
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, fmt.Errorf("%w: %q at offset %d is not closed", ErrMalformed, b[i], i)
}
