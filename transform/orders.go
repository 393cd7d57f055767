package transform

import (
	"encoding/json"
	"time"
)

// Orders is the transactions data type: ERP → staging and CRM within
// minutes; the last write wins.
var Orders = DataType{
	Name: "orders", Strategy: LastWriteWins, KeyField: "id", ChangeField: "changed", TargetKey: "number",
	FieldNames: []string{"number", "customer", "status", "currency", "total", "lines"},
	New:        func() Entity { return new(Order) },
}

// Order is the canonical sales order.
type Order struct {
	ID       string `json:"id"`
	Number   string `json:"number"`
	Customer string `json:"customer,omitempty"`
	Status   string `json:"status,omitempty"`
	Currency string `json:"currency"`
	// Total is an exact decimal.
	Total   string      `json:"total"`
	Lines   []OrderLine `json:"lines,omitempty"`
	Changed time.Time   `json:"changed,omitzero"`
}

// OrderLine is one line of an order.
type OrderLine struct {
	SKU      string `json:"sku"`
	Quantity string `json:"quantity"`
	Amount   string `json:"amount"`
}

// EntityKey is the order's id in its source.
func (o *Order) EntityKey() string { return o.ID }

// ChangedAt is the source's change time.
func (o *Order) ChangedAt() time.Time { return o.Changed }

// MatchKeys matches an order by its number.
func (o *Order) MatchKeys() map[string]string { return nonEmpty("number", o.Number) }

// Fields holds every order field by its canonical name.
func (o *Order) Fields() (map[string]json.RawMessage, error) { return structFields(o, "id", "changed") }
