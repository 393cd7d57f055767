package pimcore

import (
	"cmp"
	"slices"
	"strings"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// The realistic profile (catalog.Realistic) as Pimcore holds it: one class
// Product allowing inheritance and variants, its localized fields in en, de
// and fr. A product model is an object of the class (type object) holding
// the values its variants share (names and descriptions); each variant is a
// child object of type variant holding its own values (SKU, color, size,
// EAN, weight, price, image) and inheriting the rest: outside the admin
// interface Pimcore reads a variant's empty field from its parent, so the
// Datahub serves a variant with the values it inherits (per field, per
// language for localized fields), as Akeneo's API does. Simple products are
// objects without variants.
//
// Pimcore has no channels: the profile's two channels become fields, the
// ecommerce description in description and the print one in
// descriptionPrint. A class holds one numeric price, in EUR (the profile's
// USD prices have no field). The mandatory flags mirror the profile's
// requirements where Pimcore can hold them: a mandatory field is required
// whatever the channel, so image, weight and price are mandatory for print
// too, which the profile does not ask of print (see the sandbox config's
// required flags). Datahub's GraphQL schema does not expose the flags.

// RealisticClass is the class Product of the realistic profile.
func RealisticClass() Class {
	return Class{
		Name: "Product",
		Fields: []Field{
			{Name: "sku", Type: Input, Mandatory: true},
			{Name: "family", Type: Input},
			{Name: "localizedfields", Type: LocalizedFields, Children: []Field{
				{Name: "name", Type: Input, Mandatory: true},
				{Name: "description", Type: Textarea, Mandatory: true},
				{Name: "descriptionPrint", Type: Textarea, Mandatory: true},
				{Name: "descriptionDraft", Type: Textarea},
			}},
			{Name: "color", Type: Select, Options: catalog.Colors},
			{Name: "size", Type: Select, Options: catalog.Sizes},
			{Name: "weight", Type: QuantityValue, Mandatory: true, ValidUnits: []string{"MILLIGRAM", "GRAM", "KILOGRAM", "TON", "POUND", "OUNCE"}},
			{Name: "ean", Type: Input},
			{Name: "price", Type: Numeric, Precision: 2, Mandatory: true},
			{Name: "image", Type: Image, Mandatory: true},
		},
		Languages: []string{"en", "de", "fr"},
		Units:     []string{"MILLIGRAM", "GRAM", "KILOGRAM", "TON", "POUND", "OUNCE"},
		Variants:  true,
	}
}

// language is the Pimcore language of a catalog locale (en_US: en).
func language(locale string) string { return strings.ToLower(locale[:2]) }

// realistic reports whether the server renders the realistic profile.
func (s *Server) realistic() bool { return s.cat.Profile == catalog.Realistic }

// size is the number of object slots: the catalog's products, then for the
// realistic profile one slot per group of catalog.GroupSize products, holding its model
// (empty for a group of simple products).
func (s *Server) size() int {
	if !s.realistic() {
		return s.cat.N
	}
	return s.cat.N + (s.cat.N+catalog.GroupSize-1)/catalog.GroupSize
}

// modelSlot returns the slot of the model with code, ok false when none.
func (s *Server) modelSlot(code string) (int, bool) {
	m, ok := s.cat.Model(code)
	if !ok || len(m.Variants) == 0 {
		return 0, false
	}
	return s.cat.N + m.Variants[0]/catalog.GroupSize, true
}

// buildRealistic builds slot i of the realistic profile, nil for an empty
// model slot.
func (s *Server) buildRealistic(i int) *object {
	created := s.cat.Created().Unix()
	if i >= s.cat.N {
		return s.buildModel(i, created)
	}
	it := s.cat.Item(i)
	o := &object{ID: i + 1, Key: it.SKU, Published: true, Created: created, Modified: s.cat.Updated(i).Unix(),
		Text: map[string]string{"family": it.Family}, Local: map[string]map[string]string{},
		Qty: map[string]Quantity{}, Bool: map[string]bool{}}
	if it.Parent != "" {
		slot, _ := s.modelSlot(it.Parent)
		o.Type, o.ParentID, o.Path = "variant", slot+1, folderPath+"/"+it.Parent
		delete(o.Text, "family") // inherited from the model
	}
	s.fill(o, it.Values)
	return o
}

// buildModel builds the model of slot i, nil when its group has none.
func (s *Server) buildModel(i int, created int64) *object {
	code := s.cat.ModelOf((i - s.cat.N) * catalog.GroupSize)
	m, ok := s.cat.Model(code)
	if code == "" || !ok {
		return nil
	}
	o := &object{ID: i + 1, Key: code, Published: true, Created: created, Modified: created,
		Text: map[string]string{"family": m.Family}, Local: map[string]map[string]string{},
		Qty: map[string]Quantity{}, Bool: map[string]bool{}}
	s.fill(o, m.Values)
	return o
}

// fill sets catalog values on o in the realistic class's fields.
func (s *Server) fill(o *object, vals []catalog.Value) {
	for _, v := range vals {
		switch {
		case v.Attribute == "description":
			field := "description"
			if v.Channel == "print" {
				field = "descriptionPrint"
			}
			setLocal(o, field, language(v.Locale), v.Text)
		case v.Locale != "":
			setLocal(o, v.Attribute, language(v.Locale), v.Text)
		case v.Attribute == "weight":
			o.Qty["weight"] = Quantity{Value: v.Amount, Unit: v.Unit}
		case v.Attribute == "price":
			if v.Currency == "EUR" {
				o.Text["price"] = v.Amount
			}
		case v.Attribute == "image":
			o.Text["image"] = "/Product Images/" + strings.ToLower(o.Key) + ".jpg"
		default:
			o.Text[v.Attribute] = v.Text
		}
	}
}

func setLocal(o *object, field, lang, text string) {
	if o.Local[field] == nil {
		o.Local[field] = map[string]string{}
	}
	o.Local[field][lang] = text
}

// effective returns o as Pimcore reads it outside the admin interface: a
// variant's empty fields (each language of a localized one) filled from its
// parent's, recursively; the caller holds s.mu.
func (s *Server) effective(o *object) *object {
	if o == nil || o.ParentID == 0 {
		return o
	}
	parent := s.effective(s.get(o.ParentID - 1))
	if parent == nil {
		return o
	}
	out := o.clone()
	for k, v := range parent.Text {
		if _, ok := out.Text[k]; !ok {
			out.Text[k] = v
		}
	}
	for k, v := range parent.Qty {
		if _, ok := out.Qty[k]; !ok {
			out.Qty[k] = v
		}
	}
	for field, langs := range parent.Local {
		for lang, v := range langs {
			if _, ok := out.Local[field][lang]; !ok {
				setLocal(out, field, lang, v)
			}
		}
	}
	return out
}

// children returns the objects whose parent is object i, of the types
// asked for; the caller holds s.mu.
func (s *Server) children(i int, types []string) []*object {
	if !s.realistic() || i < s.cat.N {
		return nil
	}
	m, ok := s.cat.Model(s.cat.ModelOf((i - s.cat.N) * catalog.GroupSize))
	if !ok {
		return nil
	}
	var out []*object
	for _, v := range m.Variants {
		if o := s.get(v); o != nil && o.ParentID == i+1 && slices.Contains(types, cmp.Or(o.Type, "object")) {
			out = append(out, o)
		}
	}
	return out
}
