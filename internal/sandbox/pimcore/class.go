package pimcore

import "github.com/stewardhq/steward/internal/sandbox/catalog"

// DataType is a Pimcore class field's data type, named as in Pimcore's class
// editor.
type DataType string

// The data types the emulator's schema generator knows.
const (
	Input           DataType = "input"
	Textarea        DataType = "textarea"
	Numeric         DataType = "numeric"
	Select          DataType = "select"
	QuantityValue   DataType = "quantityValue"
	Checkbox        DataType = "checkbox"
	Date            DataType = "date"
	Image           DataType = "image"
	LocalizedFields DataType = "localizedfields"
)

// Field is one field of a class definition. A LocalizedFields field is the
// container whose Children hold one value per language.
type Field struct {
	Name string
	Type DataType
	// Options are a select's option values. Pimcore 11 does not check a
	// saved value against them (Select::checkValidity checks only a
	// mandatory field): an object can hold any text.
	Options []string
	// ValidUnits are the unit abbreviations the editor offers for a
	// quantityValue; a save does not check them (QuantityValue::checkValidity).
	ValidUnits []string
	// ColumnLength is an input's varchar length (DefaultColumnLength when
	// 0); a longer value fails the save.
	ColumnLength int
	// Precision is a numeric's decimal precision (digits after the point).
	Precision int
	// Children are the fields inside a localizedfields container.
	Children []Field
	// Mandatory is the class editor's flag. The sandbox's objects as
	// planted stand for an import that omitted the mandatory check, as
	// imports of incomplete data must; an update checks it as Pimcore does
	// (see validate and omitsMandatory): a published object left with an
	// empty mandatory field is refused unless the mutation passes
	// omitMandatoryCheck: true.
	Mandatory bool
}

// Class is a Pimcore class definition: the emulator generates its GraphQL
// schema (get<Name>, get<Name>Listing, update<Name>) from it.
type Class struct {
	Name   string
	Fields []Field
	// Languages are the system's valid languages, the first the default.
	Languages []string
	// Units is the system's quantity value unit list (abbreviations); it can
	// hold units no field accepts, as an old import left them.
	Units []string
	// Variants is the class's "allow variants" (and inheritance) setting.
	Variants bool
}

// flat lists the class's data fields with localized ones unwrapped; the flag
// says whether the field lives in localizedfields.
func (c Class) flat() []flatField {
	var out []flatField
	for _, f := range c.Fields {
		if f.Type == LocalizedFields {
			for _, ch := range f.Children {
				out = append(out, flatField{Field: ch, Localized: true})
			}
			continue
		}
		out = append(out, flatField{Field: f})
	}
	return out
}

type flatField struct {
	Field
	Localized bool
}

// ProductClass is the sandbox's class Product (see the PIM contract): one class
// for every family, names and descriptions localized in en and de, and an
// image field.
func ProductClass() Class {
	return Class{
		Name: "Product",
		Fields: []Field{
			{Name: "sku", Type: Input},
			{Name: "family", Type: Input},
			{Name: "localizedfields", Type: LocalizedFields, Children: []Field{
				{Name: "name", Type: Input},
				{Name: "description", Type: Textarea},
				{Name: "descriptionDraft", Type: Textarea},
			}},
			{Name: "color", Type: Select, Options: catalog.Colors},
			{Name: "weight", Type: QuantityValue, ValidUnits: []string{"MILLIGRAM", "GRAM", "KILOGRAM", "TON", "POUND", "OUNCE"}},
			{Name: "ean", Type: Input},
			{Name: "price", Type: Numeric, Precision: 2},
			// image is left empty for the synthetic products, as in the
			// Akeneo and Salsify sandboxes.
			{Name: "image", Type: Image},
		},
		Languages: []string{"en", "de"},
		// KILOGRAMS is the duplicate unit an old import created (the planted
		// misspelling); it is in the unit list, so a save keeps it.
		Units: []string{"MILLIGRAM", "GRAM", "KILOGRAM", "KILOGRAMS", "TON", "POUND", "OUNCE"},
	}
}
