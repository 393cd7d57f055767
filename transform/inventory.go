package transform

import (
	"encoding/json"
	"time"
)

// Inventory is the stock data type: ERP → PIM, shop, CRM every few minutes;
// the ERP is the source of truth.
var Inventory = DataType{
	Name: "inventory", Strategy: SourceOfTruth, KeyField: "key", ChangeField: "changed", TargetKey: "sku",
	FieldNames: []string{"quantity", "available"},
	New:        func() Entity { return new(Stock) },
}

// Stock is the canonical stock level of one product at one location.
type Stock struct {
	// Key is the source's key of the stock record (plant/storage location/material).
	Key      string `json:"key"`
	SKU      string `json:"sku"`
	Location string `json:"location,omitempty"`
	// Quantity is an exact decimal in Unit.
	Quantity string    `json:"quantity"`
	Unit     string    `json:"unit,omitempty"`
	Changed  time.Time `json:"changed,omitzero"`
}

// EntityKey is the source's key.
func (s *Stock) EntityKey() string { return s.Key }

// ChangedAt is the source's change time.
func (s *Stock) ChangedAt() time.Time { return s.Changed }

// MatchKeys matches stock to its product by SKU.
func (s *Stock) MatchKeys() map[string]string { return nonEmpty("sku", s.SKU) }

// Fields holds quantity and available (quantity above zero).
func (s *Stock) Fields() (map[string]json.RawMessage, error) {
	q, err := Decimal(s.Quantity)
	if err != nil {
		return nil, err
	}
	avail, _ := json.Marshal(q.Sign() > 0)
	qty, _ := json.Marshal(s.Quantity)
	return map[string]json.RawMessage{"quantity": qty, "available": avail}, nil
}
