package salsify

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The filter language subset the emulator implements (Salsify's filter
// language, PROTOCOLS.md §9; the subset is the emulator's reading of the
// vendor's syntax as integrations use it, unverified beyond that):
//
//	filter   = "=" clause { "," clause } [ ":product_type:" ( "all" | "leaf" | "root" ) ]
//	clause   = quoted ":" ( quoted | op "(" quoted ")" )
//	op       = "gt" | "gte" | "lt" | "lte"
//	quoted   = "'" { char | "\'" | "\\" } "'"
//
// Clauses are joined by AND. 'property':'value' matches a product whose
// property (any property id, or salsify:id) has that value (for a
// multi-valued property, one of its values; numbers by their text). The
// comparison ops apply only to 'salsify:updated_at', with an RFC 3339 time
// (fractional seconds optional, zone required), compared at milliseconds.
// Anything else - another op, an op on another property, a bad time, stray
// text - is 422 {"errors":["Filter is invalid"]}, the documented answer.
// product_type selects among parents and children (realistic.go): leaf the
// products without children, root those without a parent, all (or none
// given) every product; the headline catalog has no parents, so there each
// selects all.
//
// Example: ='salsify:updated_at':gt('2026-01-05T08:00:00.000Z'),'Family':'shoes'

// errInvalidFilter is the documented answer to any filter the emulator cannot use.
var errInvalidFilter = errors.New("Filter is invalid")

// bounds limit salsify:updated_at.
type bounds struct {
	hasLow, lowIncl   bool
	low               time.Time
	hasHigh, highIncl bool
	high              time.Time
}

// equal is one 'property':'value' clause.
type equal struct{ prop, value string }

// filter is a compiled filter.
type filter struct {
	updated bounds
	equals  []equal
	// leaf and root are the product_type narrowing, if any.
	leaf, root bool
}

// parseFilter compiles a filter parameter; "" selects everything.
func parseFilter(raw string) (*filter, error) {
	f := &filter{}
	if raw == "" {
		return f, nil
	}
	rest, ok := strings.CutPrefix(raw, "=")
	if !ok {
		return nil, errInvalidFilter
	}
	for {
		var err error
		if rest, err = f.clause(rest); err != nil {
			return nil, err
		}
		if r, more := strings.CutPrefix(rest, ","); more {
			rest = r
			continue
		}
		break
	}
	if rest == "" {
		return f, nil
	}
	switch rest {
	case ":product_type:all":
		return f, nil
	case ":product_type:leaf":
		f.leaf = true
		return f, nil
	case ":product_type:root":
		f.root = true
		return f, nil
	}
	return nil, errInvalidFilter
}

// clause parses one clause at the start of s and returns what follows it.
func (f *filter) clause(s string) (string, error) {
	prop, s, err := quoted(s)
	if err != nil {
		return "", err
	}
	s, ok := strings.CutPrefix(s, ":")
	if !ok {
		return "", errInvalidFilter
	}
	if strings.HasPrefix(s, "'") {
		var value string
		if value, s, err = quoted(s); err != nil {
			return "", err
		}
		f.equals = append(f.equals, equal{prop, value})
		return s, nil
	}
	op, s, ok := strings.Cut(s, "(")
	if !ok || prop != "salsify:updated_at" {
		return "", errInvalidFilter
	}
	arg, s, err := quoted(s)
	if err != nil {
		return "", err
	}
	s, ok = strings.CutPrefix(s, ")")
	if !ok {
		return "", errInvalidFilter
	}
	return s, f.compare(op, arg)
}

// compare adds a comparison on salsify:updated_at, narrowing the bounds.
func (f *filter) compare(op, arg string) error {
	t, err := time.Parse(time.RFC3339Nano, arg)
	if err != nil {
		return errInvalidFilter
	}
	t = t.UTC().Truncate(time.Millisecond)
	b := &f.updated
	switch op {
	case "gt", "gte":
		incl := op == "gte"
		if !b.hasLow || t.After(b.low) || (t.Equal(b.low) && !incl) {
			b.hasLow, b.low, b.lowIncl = true, t, incl
		}
	case "lt", "lte":
		incl := op == "lte"
		if !b.hasHigh || t.Before(b.high) || (t.Equal(b.high) && !incl) {
			b.hasHigh, b.high, b.highIncl = true, t, incl
		}
	default:
		return errInvalidFilter
	}
	return nil
}

// quoted reads a single-quoted string with \' and \\ escapes at the start of s.
func quoted(s string) (string, string, error) {
	if !strings.HasPrefix(s, "'") {
		return "", "", errInvalidFilter
	}
	var b strings.Builder
	for k := 1; k < len(s); k++ {
		switch c := s[k]; c {
		case '\\':
			if k+1 >= len(s) || (s[k+1] != '\'' && s[k+1] != '\\') {
				return "", "", errInvalidFilter
			}
			k++
			b.WriteByte(s[k])
		case '\'':
			return b.String(), s[k+1:], nil
		default:
			b.WriteByte(c)
		}
	}
	return "", "", errInvalidFilter
}

// empty reports whether the filter selects everything.
func (f *filter) empty() bool {
	return !f.updated.hasLow && !f.updated.hasHigh && len(f.equals) == 0 && !f.leaf && !f.root
}

// narrows reports whether the filter must look at each product: equality
// clauses, or a product type where the organization has parents.
func (f *filter) narrows(hasParents bool) bool {
	return len(f.equals) > 0 || (hasParents && (f.leaf || f.root))
}

// matches applies the equality clauses (the bounds are applied by the
// order's binary search).
func (f *filter) matches(p *product) bool {
	if (f.leaf && p.Kids) || (f.root && p.Parent != "") {
		return false
	}
	for _, e := range f.equals {
		var v any
		if e.prop == "salsify:id" {
			v = p.ID
		} else {
			v = p.Props[e.prop]
		}
		if !valueIs(v, e.value) {
			return false
		}
	}
	return true
}

// valueIs compares a property value with a filter's text.
func valueIs(v any, want string) bool {
	switch v := v.(type) {
	case string:
		return v == want
	case json.Number:
		return v.String() == want
	case bool:
		return fmt.Sprint(v) == want
	case []any:
		for _, x := range v {
			if valueIs(x, want) {
				return true
			}
		}
	}
	return false
}
