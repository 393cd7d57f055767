package salsify

import (
	"encoding/json"
	"strings"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// The realistic profile (catalog.Realistic) as a Salsify organization holds
// it. Each product model is a parent product (its Product ID the model's
// code) holding the values its children share: family, names and
// descriptions. Each variant is a child product naming its parent in
// salsify:parent_id and holding only its own values (Product ID, color,
// size, EAN, weight, price, image); Salsify shows a child with its parent's
// values, but the API's document carries the child's own properties, so a
// client reading children must take the rest from the parent. Simple
// products hold everything. A listing filter ending in :product_type:leaf
// lists products without children (simple products and children),
// :product_type:root those without a parent, :product_type:all every
// product.
//
// Salsify has no locales or channels of its own here: an organization holds
// one property per locale ("Product Name (de-DE)") and per channel ("Print
// Description"). Images are digital assets, their URLs in the Image
// property. One Price property holds the EUR price (the profile's USD
// prices have none).

// Property ids of the realistic organization beyond the headline's.
const (
	PropSize             = "Size"
	PropImage            = "Image"
	PropPrintDescription = "Print Description"
)

// LocalProperty is the property id of base in locale: base itself in
// en_US, "base (de-DE)" in another locale.
func LocalProperty(base, locale string) string {
	if locale == "en_US" || locale == "" {
		return base
	}
	return base + " (" + strings.ReplaceAll(locale, "_", "-") + ")"
}

// AssetURL is the URL of a product's image asset.
func AssetURL(sku string) string {
	return "https://images.salsify.com/image/upload/s--sandbox--/" + strings.ToLower(sku) + ".jpg"
}

// parents lists the models of a realistic catalog, parent k at index N+k.
type parents struct {
	codes []string
	index map[string]int
}

func newParents(cat *catalog.Catalog) parents {
	p := parents{index: map[string]int{}}
	if cat.Profile != catalog.Realistic {
		return p
	}
	p.codes = cat.ModelCodes()
	for k, c := range p.codes {
		p.index[c] = cat.N + k
	}
	return p
}

// base is how many products the catalog plants: its products, then the
// realistic profile's parents.
func (s *Server) base() int { return s.cat.N + len(s.parents.codes) }

// plantedRealistic builds planted index i of the realistic profile.
func (s *Server) plantedRealistic(i int) *product {
	created := s.cat.Created()
	if i >= s.cat.N {
		m, _ := s.cat.Model(s.parents.codes[i-s.cat.N])
		props := map[string]any{PropProductID: m.Code, PropFamily: m.Family}
		realisticProps(props, m.Values, m.Code)
		return &product{ID: m.Code, Props: props, Created: created, Updated: created, Version: 1,
			SystemID: "s-" + s.cat.UUID(i), Kids: true}
	}
	it := s.cat.Item(i)
	props := map[string]any{PropProductID: it.SKU}
	if it.Parent == "" {
		props[PropFamily] = it.Family
	}
	realisticProps(props, it.Values, it.SKU)
	return &product{ID: it.SKU, Props: props, Created: created, Updated: s.cat.Updated(i), Version: 1,
		SystemID: "s-" + it.UUID, Parent: it.Parent}
}

// realisticProps sets catalog values as the organization's properties.
func realisticProps(props map[string]any, vals []catalog.Value, id string) {
	for _, v := range vals {
		switch v.Attribute {
		case "name":
			props[LocalProperty(PropName, v.Locale)] = v.Text
		case "description":
			base := PropDescription
			if v.Channel == "print" {
				base = PropPrintDescription
			}
			props[LocalProperty(base, v.Locale)] = v.Text
		case "color":
			props[PropColor] = v.Text
		case "size":
			props[PropSize] = v.Text
		case "ean":
			props[PropEAN] = v.Text
		case "weight":
			props[PropWeight], props[PropWeightUnit] = json.Number(v.Amount), v.Unit
		case "price":
			if v.Currency == "EUR" {
				props[PropPrice] = json.Number(v.Amount)
			}
		case "image":
			props[PropImage] = AssetURL(id)
		}
	}
}

// plantedID is the salsify:id the catalog plants at index i < base().
func (s *Server) plantedID(i int) string {
	if i >= s.cat.N {
		return s.parents.codes[i-s.cat.N]
	}
	return s.cat.SKU(i)
}

// plantedIndex finds a planted product by salsify:id.
func (s *Server) plantedIndex(id string) (int, bool) {
	if i, ok := s.cat.IndexOfSKU(id); ok {
		return i, true
	}
	i, ok := s.parents.index[id]
	return i, ok
}
