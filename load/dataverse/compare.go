package dataverse

import (
	"bytes"
	"encoding/json"
	"maps"
	"math/big"
	"slices"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// same reports whether a column's current JSON holds the value a cell
// writes: numbers compare by value, text exactly, null as "".
func same(cur json.RawMessage, want any) bool {
	have := plain(cur)
	w := ""
	switch v := want.(type) {
	case json.Number:
		w = string(v)
	case string:
		w = v
	}
	a, aok := new(big.Rat).SetString(have)
	b, bok := new(big.Rat).SetString(w)
	if aok && bok && json.Valid([]byte(have)) {
		return a.Cmp(b) == 0
	}
	return have == w
}

// plain is a column's text: a string's content, a literal's text, "" for
// null or absent.
func plain(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// canonicalOf turns a row's column back into the canonical form of field,
// for a Conflict's Current.
func (l *Loader) canonicalOf(field string, cols map[string]json.RawMessage) json.RawMessage {
	col, _ := l.table.Column(field)
	v := plain(cols[col])
	var out any = v
	switch {
	case field == "reasons":
		rs := []string{}
		if v != "" {
			rs = strings.Split(v, "; ")
		}
		out = rs
	case field == "price" && l.dataType == "products":
		out = transform.PriceValue{Amount: v, Currency: l.settings.PriceCurrency}
	case l.dataType == "products":
		out = []transform.Value{{Attribute: field, Locale: "en_US", Kind: transform.KindText, Text: v}}
	}
	b, _ := json.Marshal(out)
	return b
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
