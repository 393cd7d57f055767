// Package transform holds steward's canonical model per data type and turns
// canonical records into the keyed writes each target may receive, limited to
// the fields the job owns there.
package transform

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
)

// Price is the canonical sales price of one product.
type Price struct {
	// SKU is the product identifier shared by ERP and PIM (the crosswalk key).
	SKU string `json:"sku"`
	// Amount is an exact decimal string with at least the currency's ISO 4217
	// decimals (FormatAmount), such as "12.50" or "180" for JPY.
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	// Per is the pricing quantity the amount applies to (usually 1).
	Per       string `json:"per,omitempty"`
	Unit      string `json:"unit,omitempty"`
	ValidFrom string `json:"valid_from,omitempty"`
	ValidTo   string `json:"valid_to,omitempty"`
	// SourceID is the source record's own key (an SAP condition record).
	SourceID string `json:"source_id"`
}

// Product is the canonical product: identity and attribute values as the PIM
// holds them (attribute → list of {locale, scope, data}).
type Product struct {
	UUID       string                     `json:"uuid"`
	SKU        string                     `json:"sku"`
	Family     string                     `json:"family,omitempty"`
	Enabled    bool                       `json:"enabled"`
	Parent     string                     `json:"parent,omitempty"`
	Categories []string                   `json:"categories,omitempty"`
	Values     map[string]json.RawMessage `json:"values"`
	Updated    string                     `json:"updated"`
}

// PriceValue is the canonical "price" field written to a target.
type PriceValue struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// Decimal parses a decimal string (or JSON number text) exactly.
func Decimal(s string) (*big.Rat, error) {
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok {
		return nil, fmt.Errorf("%q is not a decimal number", s)
	}
	return r, nil
}

// SameAmount reports whether two decimal strings are the same number.
func SameAmount(a, b string) bool {
	x, err1 := Decimal(a)
	y, err2 := Decimal(b)
	return err1 == nil && err2 == nil && x.Cmp(y) == 0
}
