package transform

import (
	"encoding/json"
	"time"
)

// Products is the product data type: PIM → shop/ERP/CRM and drafts → PIM; the
// PIM is the source of truth. Its fields are the product's attribute codes
// (configuration, not code) plus family, categories and enabled.
var Products = DataType{
	Name: "products", Strategy: SourceOfTruth, KeyField: "id", ChangeField: "updated", TargetKey: "sku", MatchKeyNames: []string{"sku", "gtin"},
	FieldNames: []string{"family", "categories", "enabled"}, OpenFields: true,
	New: func() Entity { return new(Product) },
}

// Product is the canonical product, the same whichever PIM holds it (Akeneo,
// Pimcore, Salsify): identity, classification, variant structure and typed
// attribute values with their locale and channel. No vendor's wire shape
// leaks into it; each PIM connector maps its own to and from it.
type Product struct {
	// ID is the product's own id in its source system: an Akeneo uuid, a
	// Pimcore object id, a Salsify product id.
	ID string `json:"id"`
	// Identifier is the business key shared across systems (the SKU); it
	// may be empty (Akeneo 7 products without identifier).
	Identifier string `json:"identifier,omitempty"`
	// Family is the product's family (Akeneo), class (Pimcore) or product
	// type (Salsify).
	Family     string   `json:"family,omitempty"`
	Categories []string `json:"categories,omitempty"`
	// Parent is the identifier of the product model or parent product a
	// variant inherits its values from; "" for a product without parent.
	Parent string `json:"parent,omitempty"`
	// Enabled is false for a product disabled or unpublished in its PIM.
	Enabled bool `json:"enabled"`
	// Values are the attribute values; an attribute that is localizable or
	// scopable has one value per locale and channel it is filled in.
	Values []Value `json:"values,omitempty"`
	// Updated is the source's change time, UTC.
	Updated time.Time `json:"updated,omitzero"`
}

// Kind is the type of an attribute value.
type Kind string

// Value kinds.
const (
	KindText    Kind = "text"    // Text; identifiers, text areas, rich text
	KindNumber  Kind = "number"  // Number, an exact decimal
	KindMetric  Kind = "metric"  // Number with Unit
	KindPrices  Kind = "prices"  // a price collection: Amounts, one per currency
	KindOption  Kind = "option"  // Text is one option code
	KindOptions Kind = "options" // Options are option codes
	KindBoolean Kind = "boolean" // Bool
	KindDate    Kind = "date"    // Text as YYYY-MM-DD
	KindMedia   Kind = "media"   // Text is the file or asset reference
)

// Value is one attribute value in one locale and channel. Locale and Channel
// are "" for an attribute that is not localizable or not scopable. An empty
// value is left out of a product rather than stored as null.
type Value struct {
	Attribute string `json:"attribute"`
	Locale    string `json:"locale,omitempty"`
	Channel   string `json:"channel,omitempty"`
	Kind      Kind   `json:"kind"`
	// Text holds text, option, date and media values.
	Text string `json:"text,omitempty"`
	// Number holds number and metric amounts as exact decimal strings.
	Number string `json:"number,omitempty"`
	// Unit is a metric's unit code (KILOGRAM, CENTIMETER, ...).
	Unit string `json:"unit,omitempty"`
	// Amounts is a price collection.
	Amounts []PriceValue `json:"amounts,omitempty"`
	// Options holds a multi-select's option codes.
	Options []string `json:"options,omitempty"`
	// Bool holds a boolean.
	Bool *bool `json:"bool,omitempty"`
}

// Get returns the value of attribute in locale and channel. With locale or
// channel "" it takes the attribute's value whatever its locale or channel,
// the first one found.
func (p *Product) Get(attribute, locale, channel string) (Value, bool) {
	for _, v := range p.Values {
		if v.Attribute == attribute && (locale == "" || v.Locale == locale) && (channel == "" || v.Channel == channel) {
			return v, true
		}
	}
	return Value{}, false
}

// Set replaces the value of v's attribute, locale and channel, or adds it.
func (p *Product) Set(v Value) {
	for i, old := range p.Values {
		if old.Attribute == v.Attribute && old.Locale == v.Locale && old.Channel == v.Channel {
			p.Values[i] = v
			return
		}
	}
	p.Values = append(p.Values, v)
}

// Inherit returns p with every value of parent that p does not set itself
// (a variant inherits its product model's values).
func (p Product) Inherit(parent Product) Product {
	out := p
	out.Values = append([]Value(nil), p.Values...)
	for _, v := range parent.Values {
		if _, ok := p.exact(v.Attribute, v.Locale, v.Channel); !ok {
			out.Values = append(out.Values, v)
		}
	}
	return out
}

func (p *Product) exact(attribute, locale, channel string) (Value, bool) {
	for _, v := range p.Values {
		if v.Attribute == attribute && v.Locale == locale && v.Channel == channel {
			return v, true
		}
	}
	return Value{}, false
}

// EntityKey is the product's id in its source.
func (p *Product) EntityKey() string { return p.ID }

// ChangedAt is the source's change time.
func (p *Product) ChangedAt() time.Time { return p.Updated }

// MatchKeys matches a product by SKU and, where it has one, by GTIN (an ean
// or gtin attribute).
func (p *Product) MatchKeys() map[string]string {
	gtin := ""
	for _, a := range []string{"gtin", "ean"} {
		if v, ok := p.Get(a, "", ""); ok && v.Text != "" {
			gtin = v.Text
			break
		}
	}
	return nonEmpty("sku", p.Identifier, "gtin", gtin)
}

// Fields returns each attribute's values (a JSON list of Value) by attribute
// code, plus family, categories and enabled.
func (p *Product) Fields() (map[string]json.RawMessage, error) {
	byAttr := map[string][]Value{}
	for _, v := range p.Values {
		byAttr[v.Attribute] = append(byAttr[v.Attribute], v)
	}
	out := make(map[string]json.RawMessage, len(byAttr)+3)
	for a, vs := range byAttr {
		b, err := json.Marshal(vs)
		if err != nil {
			return nil, err
		}
		out[a] = b
	}
	for name, v := range map[string]any{"family": p.Family, "categories": p.Categories, "enabled": p.Enabled} {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		out[name] = b
	}
	return out, nil
}
