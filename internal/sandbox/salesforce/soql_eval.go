package salesforce

import (
	"encoding/json"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"time"
)

func (c andCond) match(r *record) bool {
	for _, x := range c {
		if !x.match(r) {
			return false
		}
	}
	return true
}

func (c orCond) match(r *record) bool {
	for _, x := range c {
		if x.match(r) {
			return true
		}
	}
	return false
}

func (c notCond) match(r *record) bool { return !c.c.match(r) }

// match applies the comparison: text compares case-insensitively, a null
// field equals only null and differs from everything else.
func (c cmp) match(r *record) bool {
	v := r.value(c.field.Name)
	if id, ok := v.(string); ok && c.field.Kind == kID {
		v = idKey(id) // ids compare case-sensitively
	}
	switch c.op {
	case "=":
		return compare(v, c.vals[0]) == 0 && sameNull(v, c.vals[0])
	case "!=":
		return !(compare(v, c.vals[0]) == 0 && sameNull(v, c.vals[0]))
	case "IN", "NOT IN":
		in := slices.ContainsFunc(c.vals, func(x any) bool { return compare(v, x) == 0 && sameNull(v, x) })
		return in == (c.op == "IN")
	case "LIKE":
		s, ok := v.(string)
		return ok && likeRegexp(c.vals[0].(string)).MatchString(s)
	}
	if v == nil || c.vals[0] == nil {
		return false
	}
	n := compare(v, c.vals[0])
	switch c.op {
	case "<":
		return n < 0
	case "<=":
		return n <= 0
	case ">":
		return n > 0
	}
	return n >= 0
}

// idKey wraps an id so that compare treats it case-sensitively.
type idKey string

func sameNull(a, b any) bool { return (a == nil) == (b == nil) }

// compare orders two values of one field's type; nil sorts first.
func compare(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case idKey:
		return strings.Compare(string(x), b.(string))
	case string:
		return strings.Compare(strings.ToLower(x), strings.ToLower(b.(string)))
	case bool:
		return boolInt(x) - boolInt(b.(bool))
	case time.Time:
		return x.Compare(b.(time.Time))
	case json.Number:
		return rat(x).Cmp(rat(b))
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func rat(v any) *big.Rat {
	switch x := v.(type) {
	case *big.Rat:
		return x
	case json.Number:
		r, _ := new(big.Rat).SetString(x.String())
		if r != nil {
			return r
		}
	}
	return new(big.Rat)
}

// likeRegexp turns a LIKE pattern (% any, _ one, \% and \_ literal) into a
// case-insensitive regexp.
func likeRegexp(pat string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?is)^")
	for i := 0; i < len(pat); i++ {
		switch c := pat[i]; {
		case c == '\\' && i+1 < len(pat) && (pat[i+1] == '%' || pat[i+1] == '_'):
			b.WriteString(regexp.QuoteMeta(string(pat[i+1])))
			i++
		case c == '%':
			b.WriteString(".*")
		case c == '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// run evaluates the query over recs (deleted ones only with all): filter,
// order (ties by Id), limit.
func (s *soql) run(recs []*record, all bool) []*record {
	var out []*record
	for _, r := range recs {
		if (all || r.Deleted == nil) && (s.where == nil || s.where.match(r)) {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, s.less)
	if s.limit >= 0 && len(out) > s.limit {
		out = out[:s.limit]
	}
	return out
}

func (s *soql) less(a, b *record) int {
	for _, k := range s.order {
		va, vb := a.value(k.field.Name), b.value(k.field.Name)
		if (va == nil) != (vb == nil) {
			if (va == nil) == k.nullsFirst {
				return -1
			}
			return 1
		}
		n := compare(va, vb)
		if k.desc {
			n = -n
		}
		if n != 0 {
			return n
		}
	}
	return strings.Compare(a.ID, b.ID)
}
