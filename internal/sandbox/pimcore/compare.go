package pimcore

import (
	"cmp"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// compare compiles one comparison of a column with a literal. Column values
// come as int64 (kInt), string, bool or float64 (kFloat), nil for NULL.
func compare(col string, k kind, op string, v any) (cond, error) {
	switch op {
	case "$like", "$notlike":
		return like(col, op == "$notlike", v)
	case "$eq", "$not", "$gt", "$gte", "$lt", "$lte":
	default:
		return nil, fmt.Errorf("unknown operator %q on column %q in filter (operators: $like, $notlike, $gt, $gte, $lt, $lte, $not, $and, $or)", op, col)
	}
	if v == nil {
		isNull := op == "$eq"
		if op != "$eq" && op != "$not" {
			return func(func(string) any) bool { return false }, nil
		}
		return func(get func(string) any) bool { return (get(col) == nil) == isNull }, nil
	}
	lit, err := literal(col, k, v)
	if err != nil {
		return nil, err
	}
	return func(get func(string) any) bool {
		c := get(col)
		if c == nil {
			return false // NULL compares to nothing
		}
		return holds(op, order(c, lit))
	}, nil
}

// holds says whether a comparison result fits op.
func holds(op string, r int) bool {
	switch op {
	case "$eq":
		return r == 0
	case "$not":
		return r != 0
	case "$gt":
		return r > 0
	case "$gte":
		return r >= 0
	case "$lt":
		return r < 0
	}
	return r <= 0
}

// literal types a filter value for a column; an integer column such as
// modificationDate (Unix seconds) takes integers only.
func literal(col string, k kind, v any) (any, error) {
	n, isNum := v.(json.Number)
	if str, ok := v.(string); ok && (k == kInt || k == kFloat || k == kBool) {
		// Datahub quotes every filter value ('1000') and MySQL casts a string
		// compared with a number column by its numeric prefix, without an
		// error: {"$gt":"1000"} (the filter docs' own example) is
		// {"$gt":1000}, and a date string "2026-01-01…" silently compares as
		// 2026.
		n, isNum = json.Number(numericPrefix(str)), true
	}
	switch k {
	case kInt:
		if isNum {
			if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
				return i, nil
			}
			if f, err := n.Float64(); err == nil {
				return f, nil // an int column against a decimal compares as DECIMAL
			}
		}
		return nil, fmt.Errorf("column %q is an integer (dates are Unix seconds): %s is not a number", col, show(v))
	case kFloat:
		if isNum {
			f, _ := n.Float64()
			return f, nil
		}
		return nil, fmt.Errorf("column %q is a number: %s is not a number", col, show(v))
	case kBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		if isNum && (n == "0" || n == "1") {
			return n == "1", nil
		}
		return nil, fmt.Errorf("column %q is a boolean: %s is not one", col, show(v))
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	if isNum {
		return n.String(), nil
	}
	return nil, fmt.Errorf("column %q is text: %s is not a string", col, show(v))
}

// order compares a column value with a literal of the same kind; text
// compares case-insensitively as MySQL's default collation does.
func order(c, lit any) int {
	switch c := c.(type) {
	case int64:
		if f, ok := lit.(float64); ok {
			return cmp.Compare(float64(c), f)
		}
		return cmp.Compare(c, lit.(int64))
	case float64:
		return cmp.Compare(c, lit.(float64))
	case bool:
		return cmp.Compare(b2i(c), b2i(lit.(bool)))
	case string:
		return cmp.Compare(strings.ToLower(c), strings.ToLower(lit.(string)))
	}
	return -1
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// like compiles $like / $notlike: the pattern is text; a column of another
// kind matches through its text, as in SQL.
func like(col string, negate bool, v any) (cond, error) {
	var pat string
	switch v := v.(type) {
	case string:
		pat = v
	case json.Number:
		pat = v.String()
	default:
		return nil, fmt.Errorf("$like on column %q takes a text pattern, got %s", col, show(v))
	}
	re := likeRegexp(pat)
	return func(get func(string) any) bool {
		c := get(col)
		if c == nil {
			return false
		}
		return re.MatchString(text(c)) != negate
	}, nil
}

// text is a column value as SQL casts it to text.
func text(c any) string {
	switch c := c.(type) {
	case string:
		return c
	case int64:
		return strconv.FormatInt(c, 10)
	case float64:
		return strconv.FormatFloat(c, 'f', -1, 64)
	case bool:
		return strconv.Itoa(b2i(c))
	}
	return ""
}

// numericPrefix is the number MySQL reads from the start of a string ("0"
// when there is none).
func numericPrefix(s string) string {
	if m := mysqlNumber.FindString(strings.TrimLeft(s, " \t\n")); m != "" {
		return strings.TrimPrefix(m, "+")
	}
	return "0"
}

// mysqlNumber is the longest decimal MySQL casts from a string's start.
var mysqlNumber = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?`)
