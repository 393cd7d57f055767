package pimcore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// kind is a filterable column's SQL type.
type kind int

const (
	kInt kind = iota
	kString
	kBool
	kFloat
)

// cond is a compiled filter: it reads columns through get (nil = SQL NULL).
type cond func(get func(col string) any) bool

// compiler turns Pimcore's webservice filter JSON into a cond, with the
// columns the class offers.
type compiler struct{ cols map[string]kind }

// columns are the filterable columns: Pimcore 11's system columns and the
// class's scalar fields (localized ones in the request's language).
func (c Class) columns() map[string]kind {
	cols := map[string]kind{"id": kInt, "key": kString, "path": kString, "modificationDate": kInt,
		"creationDate": kInt, "published": kBool}
	for _, f := range c.flat() {
		switch f.Type {
		case Input, Textarea, Select, Date:
			cols[f.Name] = kString
		case Numeric:
			cols[f.Name] = kFloat
		case Checkbox:
			cols[f.Name] = kBool
		}
	}
	return cols
}

// parseFilter decodes the filter argument; it is nil when PHP's json_decode
// would give a falsy value.
func parseFilter(s string) map[string]any {
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil || m == nil || d.More() {
		return nil
	}
	return m
}

// object compiles a filter object: its keys are ANDed.
func (c compiler) object(m map[string]any) (cond, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []cond
	for _, k := range keys {
		var p cond
		var err error
		switch k {
		case "$and", "$or":
			p, err = c.group(k, m[k])
		default:
			p, err = c.column(k, m[k])
		}
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	return all(parts), nil
}

// group compiles $and/$or over a list of filter objects.
func (c compiler) group(op string, v any) (cond, error) {
	var items []any
	switch v := v.(type) {
	case []any:
		items = v
	case map[string]any:
		items = []any{v}
	default:
		return nil, fmt.Errorf("%s takes a list of conditions, got %s", op, show(v))
	}
	var parts []cond
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s takes a list of conditions, got %s", op, show(it))
		}
		p, err := c.object(m)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	if op == "$or" {
		return anyOf(parts), nil
	}
	return all(parts), nil
}

// column compiles the condition on one column: a value (equality), a list
// of values (OR), null (IS NULL) or an object of operators (ANDed).
func (c compiler) column(col string, v any) (cond, error) {
	k, ok := c.cols[col]
	if !ok {
		return nil, fmt.Errorf("unknown column %q in filter", col)
	}
	ops, isOps := v.(map[string]any)
	if !isOps {
		return c.operator(col, k, "$eq", v)
	}
	names := make([]string, 0, len(ops))
	for op := range ops {
		names = append(names, op)
	}
	sort.Strings(names)
	var parts []cond
	for _, op := range names {
		p, err := c.operator(col, k, op, ops[op])
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	return all(parts), nil
}

// operator compiles one operator; a list of values is an OR of each.
func (c compiler) operator(col string, k kind, op string, v any) (cond, error) {
	if list, ok := v.([]any); ok {
		var parts []cond
		for _, x := range list {
			p, err := c.operator(col, k, op, x)
			if err != nil {
				return nil, err
			}
			parts = append(parts, p)
		}
		return anyOf(parts), nil
	}
	if op == "$not" {
		if m, ok := v.(map[string]any); ok {
			inner, err := c.column(col, m)
			if err != nil {
				return nil, err
			}
			return func(get func(string) any) bool { return !inner(get) }, nil
		}
	}
	return compare(col, k, op, v)
}

func all(parts []cond) cond {
	return func(get func(string) any) bool {
		for _, p := range parts {
			if !p(get) {
				return false
			}
		}
		return true
	}
}

func anyOf(parts []cond) cond {
	return func(get func(string) any) bool {
		for _, p := range parts {
			if p(get) {
				return true
			}
		}
		return false
	}
}

// likeRegexp turns an SQL LIKE pattern into a case-insensitive regexp, as
// MySQL's default collation compares.
func likeRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?is)^")
	esc := false
	for _, r := range pattern {
		switch {
		case esc:
			b.WriteString(regexp.QuoteMeta(string(r)))
			esc = false
		case r == '\\':
			esc = true
		case r == '%':
			b.WriteString(".*")
		case r == '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}
