package transform

import (
	"encoding/json"
	"fmt"
	"time"
)

// Prices is the prices data type: ERP → PIM, the ERP is the source of truth.
var Prices = DataType{
	Name: "prices", Strategy: SourceOfTruth, KeyField: "source_id", ChangeField: "changed", TargetKey: "sku",
	FieldNames: []string{"price"},
	New:        func() Entity { return new(Price) },
}

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
	// Changed is the source's change time, when it keeps one.
	Changed time.Time `json:"changed,omitzero"`
}

// PriceValue is the canonical "price" field written to a target.
type PriceValue struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// EntityKey is the source record's key.
func (p *Price) EntityKey() string { return p.SourceID }

// ChangedAt is the source's change time.
func (p *Price) ChangedAt() time.Time { return p.Changed }

// MatchKeys matches a price to its product by SKU.
func (p *Price) MatchKeys() map[string]string { return nonEmpty("sku", p.SKU) }

// Fields holds the one field a price write carries: price.
func (p *Price) Fields() (map[string]json.RawMessage, error) {
	if p.SKU == "" {
		return nil, fmt.Errorf("price has no sku")
	}
	if _, err := Decimal(p.Amount); err != nil {
		return nil, fmt.Errorf("price of %s: %w", p.SKU, err)
	}
	v, err := json.Marshal(PriceValue{Amount: p.Amount, Currency: p.Currency})
	if err != nil {
		return nil, err
	}
	return map[string]json.RawMessage{"price": v}, nil
}

// nonEmpty builds a match key map from name, value pairs, leaving out empty values.
func nonEmpty(kv ...string) map[string]string {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			m[kv[i]] = kv[i+1]
		}
	}
	return m
}
