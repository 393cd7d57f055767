// Package salsify is a thin typed client for the Salsify REST API
// (PROTOCOLS.md section 9): product listing with page/per_page and the filter
// language on salsify:updated_at, single product reads, the bulk upsert with
// its per-item error arrays, and a slow-down ahead of the hourly request
// budget announced in the x-ratelimit-* headers. It knows nothing of
// pipelines; the extractor and loader build on it.
package salsify

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
)

// Settings is a Salsify system's own config section.
type Settings struct {
	// OrgID is the organization, the s-… segment after /orgs/ in the app URL.
	OrgID string `yaml:"org_id"`
	// ProductIDProperty holds the product-id role (the SKU); the bulk upsert
	// matches products by it.
	ProductIDProperty string `yaml:"product_id_property"`
	// FamilyProperty holds the product's family ("" when none is kept).
	FamilyProperty string `yaml:"family_property"`
	// PriceProperty holds the price (a number), in PriceCurrency; the prices
	// job's "price" field is written to it and it is read as the canonical
	// attribute PriceAttribute.
	PriceProperty  string `yaml:"price_property"`
	PriceCurrency  string `yaml:"price_currency"`
	PriceAttribute string `yaml:"price_attribute"`
	// PerPage is the listing page size (default and maximum 100); a job's
	// page_size, when smaller, wins.
	PerPage int `yaml:"per_page"`
	// BatchSize is how many products one bulk upsert carries (at most 100).
	BatchSize int `yaml:"batch_size"`
	// Partitions is how many listing requests a large pass keeps in flight,
	// each salsify:updated_at window read by its own chain (default 2, at
	// most MaxPartitions; 1 reads every pass as one chain). They share the
	// organization's one hourly request budget.
	Partitions int `yaml:"partitions"`
	// Properties map Salsify properties to canonical attribute values.
	Properties []Property `yaml:"properties"`
	// PriceRequired marks the price property as required (see
	// Property.Required).
	PriceRequired bool `yaml:"price_required"`
	// Channels are the canonical channels with the locales each is graded
	// in: Salsify has no channels (the property map gives them), so steward
	// names them here. A required property mapped to no channel is required
	// on each of them.
	Channels map[string][]string `yaml:"channels"`
	// Variants reads parents and children: the listing asks for leaf
	// products only (simple products and children; a parent is no product
	// of its own), and a child, whose document holds only its own
	// properties, takes every other property from its parent
	// (salsify:parent_id), read once per pass.
	Variants bool `yaml:"variants"`
}

// Property maps one Salsify property (its id, which may contain spaces) to a
// canonical attribute value in a locale and channel ("" for none), of a kind.
type Property struct {
	Property  string `yaml:"property"`
	Attribute string `yaml:"attribute"`
	Locale    string `yaml:"locale"`
	Channel   string `yaml:"channel"`
	Kind      string `yaml:"kind"`
	// UnitProperty holds a metric's unit code (KILOGRAM, …); metric only.
	UnitProperty string `yaml:"unit_property"`
	// Required marks a property the organization requires of every product:
	// completeness requires its attribute on its channel, or on every one
	// of Settings.Channels when it maps to none. The sandbox serves no
	// properties endpoint to read Salsify's own flag from.
	Required bool `yaml:"required"`
}

// MaxPerPage is the largest page the listing serves.
const MaxPerPage = 100

// MaxBatch is the most products one bulk upsert carries here.
const MaxBatch = 100

// DefaultPartitions is the number of requests a large pass keeps in flight
// when none is set.
const DefaultPartitions = 2

// MaxPartitions bounds partitions: Salsify's binding limit is the hourly
// request budget (10,000 an hour, about 2.8 a second), which one chain at
// 250 ms a page already exceeds; more requests in flight only spend it
// sooner.
const MaxPartitions = 4

// ResultWindow is the deepest offset a listing serves: page × per_page
// beyond it is refused with 422.
const ResultWindow = 10000

// Kinds are the canonical value kinds (transform.Kind) a property may map to;
// prices come only through the price property.
var Kinds = []string{"text", "number", "metric", "option", "options", "boolean", "date", "media"}

// DecodeSettings reads and checks a system's settings section; every problem
// carries its line:col and key path.
func DecodeSettings(f *config.File, system string) (Settings, config.Problems) {
	s := Settings{ProductIDProperty: "Product ID", PriceAttribute: "price", PerPage: MaxPerPage, BatchSize: MaxBatch, Partitions: DefaultPartitions}
	ps := f.Section(system, &s)
	p := "systems." + system + ".settings"
	need := func(key, v, hint string) {
		if strings.TrimSpace(v) == "" {
			ps = append(ps, f.Problem(p+"."+key, key+" is empty", hint))
		}
	}
	need("org_id", s.OrgID, "the organization id after /orgs/ in the Salsify app URL, e.g. s-0123abcd-…")
	need("product_id_property", s.ProductIDProperty, `the property holding the product-id role, e.g. "Product ID"`)
	if s.PriceProperty != "" {
		need("price_currency", s.PriceCurrency, "the currency of the price property, e.g. EUR")
		need("price_attribute", s.PriceAttribute, "the canonical attribute the price is read as, e.g. price")
	}
	if s.PerPage < 1 || s.PerPage > MaxPerPage {
		ps = append(ps, f.Problem(p+".per_page", fmt.Sprintf("per_page %d is out of range", s.PerPage), "1 to 100 (default 100)"))
	}
	if s.BatchSize < 1 || s.BatchSize > MaxBatch {
		ps = append(ps, f.Problem(p+".batch_size", fmt.Sprintf("batch_size %d is out of range", s.BatchSize), "1 to 100 (default 100)"))
	}
	if s.Partitions < 1 || s.Partitions > MaxPartitions {
		ps = append(ps, f.Problem(p+".partitions", fmt.Sprintf("partitions %d is outside 1 to %d", s.Partitions, MaxPartitions),
			fmt.Sprintf("requests a large pass keeps in flight (default %d); they share the hourly request budget", DefaultPartitions)))
	}
	for _, ch := range slices.Sorted(maps.Keys(s.Channels)) {
		if ch == "" || len(s.Channels[ch]) == 0 {
			ps = append(ps, f.Problem(p+".channels."+ch, fmt.Sprintf("channel %q has no locales", ch), "a channel and the locales it is graded in, e.g. ecommerce: [en_US, de_DE]"))
		}
	}
	return s, append(ps, s.checkProperties(f, p+".properties")...)
}

// checkProperties reports empty, unknown and repeated entries of the
// property map.
func (s Settings) checkProperties(f *config.File, p string) config.Problems {
	var ps config.Problems
	props, slots := map[string]bool{}, map[string]bool{}
	for i, m := range s.Properties {
		at := fmt.Sprintf("%s[%d]", p, i)
		switch {
		case strings.TrimSpace(m.Property) == "":
			ps = append(ps, f.Problem(at+".property", "property is empty", `the Salsify property id, e.g. "Product Name"`))
		case props[m.Property]:
			ps = append(ps, f.Problem(at+".property", fmt.Sprintf("property %q is mapped twice", m.Property), "map each property once"))
		}
		if strings.TrimSpace(m.Attribute) == "" {
			ps = append(ps, f.Problem(at+".attribute", "attribute is empty", "the canonical attribute code, e.g. name"))
		}
		slot := m.Attribute + "\x00" + m.Locale + "\x00" + m.Channel
		if slots[slot] {
			ps = append(ps, f.Problem(at+".attribute", fmt.Sprintf("attribute %s (locale %q, channel %q) is mapped twice", m.Attribute, m.Locale, m.Channel), "one property per attribute, locale and channel"))
		}
		if !slices.Contains(Kinds, m.Kind) {
			ps = append(ps, f.Problem(at+".kind", fmt.Sprintf("kind %q is not a value kind", m.Kind), "one of: text, number, metric, option, options, boolean, date, media"))
		}
		if (m.UnitProperty != "") != (m.Kind == "metric") {
			ps = append(ps, f.Problem(at+".unit_property", "unit_property goes with kind metric and only with it", `for a metric, the property holding its unit, e.g. "Weight Unit"`))
		}
		props[m.Property], slots[slot] = true, true
	}
	return ps
}

// CheckSettings reports every problem in a system's settings section.
func CheckSettings(f *config.File, system string) config.Problems {
	_, ps := DecodeSettings(f, system)
	return ps
}

// Slot finds the property mapped to a canonical attribute in a locale and
// channel.
func (s Settings) Slot(attribute, locale, channel string) (Property, bool) {
	for _, m := range s.Properties {
		if m.Attribute == attribute && m.Locale == locale && m.Channel == channel {
			return m, true
		}
	}
	return Property{}, false
}
