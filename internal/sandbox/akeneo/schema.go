package akeneo

import (
	"slices"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// schema is the structure one emulated PIM serves and validates writes
// against: attributes with their options, channels, listed locales,
// families and categories. The headline catalog gets headlineSchema, the
// realistic profile realisticSchema (realistic.go).
type schema struct {
	attributes []attribute
	channels   []channel
	// locales the PIM lists, sorted by code. A PIM lists every locale it
	// knows (some two hundred); only the locales of a channel are enabled.
	locales []string
	// families are the rendered family items, without their links.
	families []map[string]any
	// options are the option items of each select attribute, without links.
	options map[string][]map[string]any
	// categories are the category codes below the channels' trees.
	categories []string
}

// schemaFor returns the structure of cat's profile.
func schemaFor(cat *catalog.Catalog) *schema {
	if cat.Profile == catalog.Realistic {
		return realisticSchema(cat)
	}
	return headlineSchema()
}

// headlineSchema is the headline PIM: one channel, one enabled locale, the
// headline families and the color options.
func headlineSchema() *schema {
	sc := &schema{attributes: slices.Clone(attributes), channels: channels, locales: locales, options: map[string][]map[string]any{}}
	for k := range sc.attributes {
		sc.attributes[k].currencies = currencies
		if sc.attributes[k].Code == "color" {
			sc.attributes[k].options = catalog.Colors
		}
	}
	for _, f := range catalog.Families {
		sc.families = append(sc.families, map[string]any{
			"code":                   f.Code,
			"attribute_as_label":     "name",
			"attributes":             []string{"sku", "name", "description", "color", "weight", "ean", "price", "description_draft"},
			"attribute_requirements": map[string][]string{channelCode: {"sku", "name", "description", "weight", "ean", "price"}},
			"labels":                 map[string]string{localeCode: f.Noun + "s"},
		})
		sc.categories = append(sc.categories, "master_"+f.Code)
	}
	for i, c := range catalog.Colors {
		sc.options["color"] = append(sc.options["color"], map[string]any{"code": c, "attribute": "color", "sort_order": i, "labels": map[string]string{localeCode: c}})
	}
	return sc
}

// attribute returns the attribute with code.
func (sc *schema) attribute(code string) (attribute, bool) {
	for _, a := range sc.attributes {
		if a.Code == code {
			return a, true
		}
	}
	return attribute{}, false
}

// localeEnabled reports whether a channel of the PIM has locale code.
func (sc *schema) localeEnabled(code string) bool {
	for _, c := range sc.channels {
		if slices.Contains(c.Locales, code) {
			return true
		}
	}
	return false
}

func (sc *schema) channelExists(code string) bool {
	return slices.ContainsFunc(sc.channels, func(c channel) bool { return c.Code == code })
}

// categoryExists reports whether code is a category of the PIM: a channel's
// tree root or a category under it.
func (sc *schema) categoryExists(code string) bool {
	return slices.ContainsFunc(sc.channels, func(c channel) bool { return c.CategoryTree == code }) || slices.Contains(sc.categories, code)
}

// unknownCategory returns the first code of cats that is not a category.
func (sc *schema) unknownCategory(cats []string) (string, bool) {
	for _, c := range cats {
		if !sc.categoryExists(c) {
			return c, true
		}
	}
	return "", false
}
