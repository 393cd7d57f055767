package akeneo

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stewardhq/steward/internal/jsonscan"
	"github.com/stewardhq/steward/transform"
)

// The fast path maps an item in one pass over its bytes, straight into the
// canonical product, with no intermediate maps or raw copies. It reads
// only what it is sure to read exactly as the encoding/json path
// (mapItem's slow path) would: anything else - a null where a list is due, a
// duplicate key, a key differing from a known one only in case, an escape in
// a key, deep nesting, data of an unexpected shape - makes it give up, and
// the item is mapped by the slow path, which also words any error. Tests
// compare both paths item by item (fast_test.go).

// itemFields are the product members the mapping reads; encoding/json would
// match them case-insensitively, which the fast path refuses to guess at.
var itemFields = []string{"uuid", "identifier", "enabled", "family", "parent", "categories", "values", "updated"}

// mapper is what the fast path reuses from one item of a page to the next.
type mapper struct {
	sc jsonscan.Scanner
	in jsonscan.Interner
	// values is the last product's values, whose array the next one
	// reuses: a product is encoded before the next is read.
	values []transform.Value
}

func newMapper() *mapper { return &mapper{in: jsonscan.Interner{}} }

// fastItem is an item read by the fast path.
type fastItem struct {
	m       *mapper
	p       transform.Product
	updated string
	ident   string // the identifier attribute's first data, when a string
}

// mapFast maps one item, or reports ok false when the slow path must.
func mapFast(m *mapper, raw []byte, identifierAttr string, kinds map[string]transform.Kind) (transform.Product, bool) {
	sc := &m.sc
	sc.Reset(raw)
	it := fastItem{m: m}
	seen := 0
	ok := sc.Object(func(key []byte) bool {
		i := fieldIndex(key)
		if i < 0 {
			return !foldsToKnown(key, itemFields) && sc.Skip()
		}
		if seen&(1<<i) != 0 {
			return false // duplicate: encoding/json keeps the last one
		}
		seen |= 1 << i
		return it.member(sc, i, identifierAttr, kinds)
	})
	if !ok || !sc.End() || it.p.ID == "" {
		return transform.Product{}, false
	}
	updated, err := time.Parse(time.RFC3339, it.updated)
	if err != nil {
		return transform.Product{}, false
	}
	it.p.Updated = updated.UTC()
	if it.p.Identifier == "" {
		it.p.Identifier = it.ident
	}
	return it.p, true
}

func (it *fastItem) member(sc *jsonscan.Scanner, field int, identifierAttr string, kinds map[string]transform.Kind) bool {
	var ok bool
	switch itemFields[field] {
	case "uuid":
		it.p.ID, ok = sc.String()
	case "identifier":
		it.p.Identifier, ok = nullableString(sc)
	case "enabled":
		ok = sc.Null()
		if !ok {
			it.p.Enabled, ok = sc.Bool()
		}
	case "family":
		if ok = sc.Null(); !ok {
			it.p.Family, ok = sc.InternString(it.m.in)
		}
	case "parent":
		it.p.Parent, ok = nullableString(sc)
	case "categories":
		it.p.Categories, ok = stringList(sc)
		ok = ok && it.p.Categories != nil
	case "values":
		it.p.Values, it.ident, ok = fastValues(sc, it.m.in, it.m.values[:0], identifierAttr, kinds)
	case "updated":
		it.updated, ok = sc.String()
	}
	return ok
}

// fieldIndex is the index of key in itemFields, -1 if not there.
func fieldIndex(key []byte) int {
	switch string(key) {
	case "uuid":
		return 0
	case "identifier":
		return 1
	case "enabled":
		return 2
	case "family":
		return 3
	case "parent":
		return 4
	case "categories":
		return 5
	case "values":
		return 6
	case "updated":
		return 7
	}
	return -1
}

// nullableString reads a string or null ("").
func nullableString(sc *jsonscan.Scanner) (string, bool) {
	if sc.Null() {
		return "", true
	}
	return sc.String()
}

// stringList reads a list of strings; nil for anything else (null
// elements included: encoding/json would read them as "").
func stringList(sc *jsonscan.Scanner) ([]string, bool) {
	out := []string{}
	ok := sc.Array(func() bool {
		s, ok := sc.String()
		out = append(out, s)
		return ok
	})
	if !ok {
		return nil, false
	}
	return out, true
}

// foldsToKnown reports whether encoding/json might match key to one of
// known: the same but for case, or any key beyond ASCII (Unicode folds "ſ"
// to "s").
func foldsToKnown(key []byte, known []string) bool {
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	for _, k := range known {
		if len(k) == len(key) && strings.EqualFold(k, string(key)) {
			return true
		}
	}
	return false
}

// hasKey reports whether key is one of known.
func hasKey(key []byte, known ...string) bool {
	for _, k := range known {
		if bytes.Equal(key, []byte(k)) {
			return true
		}
	}
	return false
}
