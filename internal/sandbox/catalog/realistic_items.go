package catalog

import (
	"fmt"
	"strings"
)

// Value is one planted attribute value; Locale and Channel are "" where the
// attribute is not localizable or not scopable.
type Value struct {
	Attribute, Locale, Channel string
	// Text is the data of identifier, text, option and image values (an
	// image's media file code).
	Text string
	// Amount is a metric's amount in Unit or a price's amount in Currency,
	// exact decimal text; a price collection is one Value per currency.
	Amount, Unit, Currency string
}

// Item is one sellable product: a simple product, or a variant whose Parent
// model holds the values it inherits.
type Item struct {
	UUID, SKU, Family, Parent string
	// Values are the product's own values (a variant's, without the
	// inherited ones: see Effective).
	Values []Value
}

// Model is a product model: the parent of variants, holding their shared
// values.
type Model struct {
	Code, Family string
	// FamilyVariant names the family's variant set (Akeneo's family_variant).
	FamilyVariant string
	Variants      []int
	Values        []Value
}

// ModelOf returns the model code of product i, "" for a simple product.
func (c *Catalog) ModelOf(i int) string {
	if c.real == nil {
		return ""
	}
	g := i / groupSize
	f := c.groupFamily(g)
	if f.Axes == nil {
		return ""
	}
	return fmt.Sprintf("%s_model_%d", f.Code, g)
}

// ModelCodes returns the codes of the catalog's models in index order.
func (c *Catalog) ModelCodes() []string {
	var out []string
	for g := 0; c.real != nil && g*groupSize < c.N; g++ {
		if code := c.ModelOf(g * groupSize); code != "" {
			out = append(out, code)
		}
	}
	return out
}

// Model returns the model with code.
func (c *Catalog) Model(code string) (Model, bool) {
	var g int
	at := strings.LastIndex(code, "_model_")
	if at < 0 {
		return Model{}, false
	}
	if _, err := fmt.Sscanf(code[at+len("_model_"):], "%d", &g); err != nil || g < 0 || g*groupSize >= c.N || c.ModelOf(g*groupSize) != code {
		return Model{}, false
	}
	f := c.groupFamily(g)
	m := Model{Code: code, Family: f.Code, FamilyVariant: f.Code + "_by_" + strings.Join(f.Axes, "_"), Values: c.texts(c.N+g, f, g*groupSize+1)}
	for i := g * groupSize; i < min((g+1)*groupSize, c.N); i++ {
		m.Variants = append(m.Variants, i)
	}
	return m, true
}

// Item returns product i with its own values. For the headline profile it is
// PIM(i) in the realistic shape, without a parent: the headline catalog has
// no models (the Akeneo emulator groups some of its products under models
// of its own).
func (c *Catalog) Item(i int) Item {
	if c.real == nil {
		return c.headlineItem(i)
	}
	f := c.groupFamily(i / groupSize)
	it := Item{UUID: c.UUID(i), SKU: c.SKU(i), Family: f.Code, Parent: c.ModelOf(i)}
	if it.Parent == "" {
		it.Values = c.texts(i, f, i+1)
	}
	it.Values = append(it.Values, c.variantValues(i, f)...)
	return it
}

// Effective returns product i's values as a PIM serves them: a variant's own
// values with those it inherits from its model.
func (c *Catalog) Effective(i int) []Value {
	it := c.Item(i)
	if it.Parent == "" {
		return it.Values
	}
	m, _ := c.Model(it.Parent)
	return append(m.Values, it.Values...)
}

// headlineItem renders PIM(i) as an Item.
func (c *Catalog) headlineItem(i int) Item {
	p := c.PIM(i)
	vals := []Value{{Attribute: "sku", Text: p.SKU}, {Attribute: "name", Locale: "en_US", Text: p.Name}}
	if p.Description != "" {
		vals = append(vals, Value{Attribute: "description", Locale: "en_US", Channel: "ecommerce", Text: p.Description})
	}
	vals = append(vals, Value{Attribute: "color", Text: p.Color}, Value{Attribute: "weight", Amount: p.Weight, Unit: p.WeightUnit},
		Value{Attribute: "ean", Text: p.EAN}, Value{Attribute: "price", Amount: p.Price, Currency: "EUR"})
	return Item{UUID: p.UUID, SKU: p.SKU, Family: p.Family, Values: vals}
}
