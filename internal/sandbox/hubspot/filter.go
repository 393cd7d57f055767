package hubspot

import (
	"cmp"
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// operators of a search filter and what they take: a value, values, or a
// value and a highValue (PROTOCOLS.md §3.3).
var operators = map[string]string{
	"EQ": "value", "NEQ": "value", "LT": "value", "LTE": "value", "GT": "value", "GTE": "value",
	"BETWEEN": "range", "IN": "values", "NOT_IN": "values", "HAS_PROPERTY": "", "NOT_HAS_PROPERTY": "",
	"CONTAINS_TOKEN": "value", "NOT_CONTAINS_TOKEN": "value",
}

// checkFilter refuses (400) an unknown property or operator, a filter
// missing what its operator takes, and a value its property's type cannot
// compare with.
func (e *Emulator) checkFilter(w http.ResponseWriter, t *table, f filter) bool {
	p, ok := t.byName[f.PropertyName]
	if !ok {
		e.noProperty(w, t.name, f.PropertyName)
		return false
	}
	takes, ok := operators[f.Operator]
	if !ok {
		e.invalid(w, "Invalid operator "+strconv.Quote(f.Operator)+" for property "+strconv.Quote(f.PropertyName))
		return false
	}
	vals := filterValues(f)
	switch {
	case takes == "value" && f.Value == nil, takes == "values" && len(f.Values) == 0,
		takes == "range" && (f.Value == nil || f.HighValue == nil):
		e.invalid(w, "Operator "+f.Operator+" on "+f.PropertyName+" needs "+map[string]string{"value": "a value", "values": "values", "range": "a value and a highValue"}[takes])
		return false
	}
	for _, v := range vals {
		if _, ok := typed(p.Type, v); !ok && f.Operator != "CONTAINS_TOKEN" && f.Operator != "NOT_CONTAINS_TOKEN" {
			e.invalid(w, strconv.Quote(v)+" is not a valid "+p.Type+" value for "+f.PropertyName+" (dates: epoch milliseconds or ISO-8601)")
			return false
		}
	}
	return true
}

func filterValues(f filter) []string {
	var vs []string
	if f.Value != nil {
		vs = append(vs, *f.Value)
	}
	if f.HighValue != nil {
		vs = append(vs, *f.HighValue)
	}
	return append(vs, f.Values...)
}

// typed turns a value into a comparable of its property type: *big.Rat for
// numbers, epoch milliseconds (as *big.Rat) for dates, the lower-cased
// string otherwise.
func typed(typ, v string) (any, bool) {
	switch typ {
	case "number":
		r, ok := new(big.Rat).SetString(v)
		return r, ok && decimal.MatchString(v)
	case "datetime":
		if ms, err := strconv.ParseInt(v, 10, 64); err == nil {
			return new(big.Rat).SetInt64(ms), true
		}
		for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
			if ts, err := time.Parse(layout, v); err == nil {
				return new(big.Rat).SetInt64(ts.UnixMilli()), true
			}
		}
		return nil, false
	}
	return strings.ToLower(v), true
}

// compare orders two typed values.
func compare(a, b any) int {
	if x, ok := a.(*big.Rat); ok {
		return x.Cmp(b.(*big.Rat))
	}
	return strings.Compare(a.(string), b.(string))
}

// match reports whether r passes the (checked) filter f.
func (t *table) match(r *record, f filter) bool {
	typ := t.byName[f.PropertyName].Type
	raw, has := t.value(r, f.PropertyName)
	switch f.Operator {
	case "HAS_PROPERTY":
		return has
	case "NOT_HAS_PROPERTY":
		return !has
	case "CONTAINS_TOKEN":
		return has && containsToken(raw, *f.Value)
	case "NOT_CONTAINS_TOKEN":
		return !has || !containsToken(raw, *f.Value)
	}
	got, ok := typed(typ, raw)
	if !has || !ok {
		return f.Operator == "NEQ" || f.Operator == "NOT_IN"
	}
	cmp := func(v string) int { want, _ := typed(typ, v); return compare(got, want) }
	switch f.Operator {
	case "EQ":
		return cmp(*f.Value) == 0
	case "NEQ":
		return cmp(*f.Value) != 0
	case "LT":
		return cmp(*f.Value) < 0
	case "LTE":
		return cmp(*f.Value) <= 0
	case "GT":
		return cmp(*f.Value) > 0
	case "GTE":
		return cmp(*f.Value) >= 0
	case "BETWEEN":
		return cmp(*f.Value) >= 0 && cmp(*f.HighValue) <= 0
	case "IN":
		return slices.ContainsFunc(f.Values, func(v string) bool { return cmp(v) == 0 })
	default: // NOT_IN
		return !slices.ContainsFunc(f.Values, func(v string) bool { return cmp(v) == 0 })
	}
}

// containsToken reports whether text holds the token (case-insensitive,
// words split at anything but letters, digits, '@', '.', '-' and '_'); a
// '*' at either end of the token matches any prefix or suffix.
func containsToken(text, token string) bool {
	token = strings.ToLower(token)
	prefix, suffix := strings.HasSuffix(token, "*"), strings.HasPrefix(token, "*")
	core := strings.Trim(token, "*")
	words := strings.FieldsFunc(strings.ToLower(text), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune("@.-_", c)
	})
	for _, wd := range words {
		switch {
		case prefix && suffix && strings.Contains(wd, core), prefix && !suffix && strings.HasPrefix(wd, core),
			suffix && !prefix && strings.HasSuffix(wd, core), wd == core:
			return true
		}
	}
	return false
}

// sortRecords orders hits by the sorts, then by id; records without a
// value sort last. Each hit's values are typed once, not at every
// comparison (a search over 10,000 records sorts them on every page).
func (t *table) sortRecords(hits []*record, sorts []sortSpec) {
	ks := make([]sortKeys, len(hits))
	for i, r := range hits {
		ks[i] = t.sortKeysOf(r, sorts)
	}
	slices.SortStableFunc(ks, func(a, b sortKeys) int {
		for j, s := range sorts {
			if c := compareKeys(a.keys[j], b.keys[j], s.Direction); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.r.ID, b.r.ID)
	})
	for i := range ks {
		hits[i] = ks[i].r
	}
}

// sortKeys is a record with its typed value under each sort.
type sortKeys struct {
	r    *record
	keys []sortKey
}

// sortKey is a typed value; has says the record has the property.
type sortKey struct {
	v   any
	has bool
}

func (t *table) sortKeysOf(r *record, sorts []sortSpec) sortKeys {
	k := sortKeys{r: r, keys: make([]sortKey, len(sorts))}
	for j, s := range sorts {
		raw, has := t.value(r, s.PropertyName)
		k.keys[j].has = has
		if has {
			k.keys[j].v, _ = typed(t.byName[s.PropertyName].Type, raw)
		}
	}
	return k
}

// compareKeys orders two typed values of one sort.
func compareKeys(a, b sortKey, direction string) int {
	switch {
	case !a.has && !b.has:
		return 0
	case !a.has:
		return 1
	case !b.has:
		return -1
	}
	c := compare(a.v, b.v)
	if direction == "DESCENDING" {
		c = -c
	}
	return c
}
