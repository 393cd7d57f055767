package pimcore

import "math"

// span is an inclusive range of integer column values; empty when no value
// fits.
type span struct {
	lo, hi int64
	empty  bool
}

// anySpan holds every value.
var anySpan = span{lo: math.MinInt64, hi: math.MaxInt64}

// set reports whether s bounds its column at all.
func (s span) set() bool { return s.empty || s.lo != math.MinInt64 || s.hi != math.MaxInt64 }

// holds reports whether v lies in s.
func (s span) holds(v int64) bool { return !s.empty && v >= s.lo && v <= s.hi }

// narrow intersects s with the values satisfying `column op lit`.
func (s span) narrow(op string, lit int64) span {
	switch op {
	case "$gt":
		if lit == math.MaxInt64 {
			s.empty = true
		} else {
			s.lo = max(s.lo, lit+1)
		}
	case "$gte":
		s.lo = max(s.lo, lit)
	case "$lt":
		if lit == math.MinInt64 {
			s.empty = true
		} else {
			s.hi = min(s.hi, lit-1)
		}
	case "$lte":
		s.hi = min(s.hi, lit)
	}
	if s.lo > s.hi {
		s.empty = true
	}
	return s
}

// bounds are the ranges a listing filter sets on id and modificationDate:
// what every matching object must satisfy, read from the filter's
// top-level conjuncts ($and nests them). Anything else (an $or, $not, a
// list of values, a decimal) sets no bound; the compiled filter still
// decides, the bounds only narrow the objects it reads.
type bounds struct{ id, mod span }

// set reports whether b bounds either column.
func (b bounds) set() bool { return b.id.set() || b.mod.set() }

// boundsOf reads the bounds of filter m.
func boundsOf(m map[string]any) bounds {
	b := bounds{id: anySpan, mod: anySpan}
	b.conjuncts(m)
	return b
}

// conjuncts narrows b by the comparisons of filter object m, whose keys are
// ANDed.
func (b *bounds) conjuncts(m map[string]any) {
	for k, v := range m {
		switch k {
		case "$and":
			b.group(v)
		case "id":
			b.id = b.id.narrowBy("id", v)
		case "modificationDate":
			b.mod = b.mod.narrowBy("modificationDate", v)
		}
	}
}

// group narrows b by each filter object of an $and.
func (b *bounds) group(v any) {
	switch v := v.(type) {
	case map[string]any:
		b.conjuncts(v)
	case []any:
		for _, it := range v {
			if m, ok := it.(map[string]any); ok {
				b.conjuncts(m)
			}
		}
	}
}

// narrowBy narrows s by a column's operators {"$gt": lit, …}, typed as the
// compiled filter types them; other forms leave s as it is.
func (s span) narrowBy(col string, v any) span {
	ops, ok := v.(map[string]any)
	if !ok {
		return s
	}
	for op, x := range ops {
		switch op {
		case "$gt", "$gte", "$lt", "$lte":
		default:
			continue
		}
		if x == nil {
			continue // the compiled filter matches nothing; no bound needed
		}
		if _, isList := x.([]any); isList {
			continue
		}
		if lit, err := literal(col, kInt, x); err == nil {
			if n, isInt := lit.(int64); isInt {
				s = s.narrow(op, n)
			}
		}
	}
	return s
}
