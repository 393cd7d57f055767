// Package pimcore is a thin typed client for Pimcore's Datahub GraphQL API
// (Pimcore 11, data-hub 1.x): it sends queries and mutations built from the
// configured class and fields, with the API key in the apikey header, and
// treats an answer carrying errors[] as the failure it is. It knows nothing
// of pipelines; the extractor and loader build on it.
package pimcore

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/stewardhq/steward/config"
)

// Settings is a Pimcore system's own config section.
type Settings struct {
	// Endpoint is the Datahub configuration name: requests go to
	// POST {base_url}/pimcore-graphql-webservices/{endpoint}.
	Endpoint string `yaml:"endpoint"`
	// Class is the data object class read and written (Product gives
	// getProductListing, getProduct and updateProduct).
	Class string `yaml:"class"`
	// IdentifierField holds the SKU, FamilyField the family (optional).
	IdentifierField string `yaml:"identifier_field"`
	FamilyField     string `yaml:"family_field"`
	// PriceField is the numeric field holding the price in Currency, the
	// canonical attribute "price".
	PriceField string `yaml:"price_field"`
	Currency   string `yaml:"currency"`
	// DraftField is the field drafts are written to: Datahub mutations always
	// save the published object, so drafts need a field of their own. It must
	// be one of Fields.
	DraftField string `yaml:"draft_field"`
	// Languages maps each Pimcore language read to its canonical locale
	// (en: en_US).
	Languages map[string]string `yaml:"languages"`
	// Fields maps Pimcore field names to canonical attributes.
	Fields map[string]Field `yaml:"fields"`
	// PageSize is the listing's first (default 100).
	PageSize int `yaml:"page_size"`
	// PriceRequired mirrors the price field's mandatory flag (see
	// Field.Required).
	PriceRequired bool `yaml:"price_required"`
	// Channels are the canonical channels with the locales each is graded
	// in: Pimcore has no channels (fields map to them), so steward names
	// them here. A mandatory field mapped to no channel is required on each
	// of them, as Pimcore's flag knows no channel.
	Channels map[string][]string `yaml:"channels"`
	// Variants says the class allows variants: each object's parent and
	// variant children are read, an object with variants is a product model
	// (left out of the products; its variants inherit its values, which the
	// Datahub serves with theirs) and a variant names its parent's key.
	Variants bool `yaml:"variants"`
	// OmitMandatoryCheck sends omitMandatoryCheck: true with every update
	// (default true). steward writes only the fields a job owns (a price, a
	// draft, a correction), while Pimcore refuses to save a published object
	// with any mandatory field empty ("Validation failed: Empty mandatory
	// field [ image ]"), so one field editors have not filled yet would block
	// every write to that product. false sends no argument and lets
	// Pimcore's own check decide (a published object is checked, an
	// unpublished one not): a refused save is then a rejected item, a dead
	// letter whose reason names the empty field.
	OmitMandatoryCheck bool `yaml:"omit_mandatory_check"`
	// Partitions is how many listing requests a large pass keeps in flight,
	// each modificationDate window read by its own id keyset chain (default
	// 4, at most MaxPartitions; 1 reads every pass as one chain).
	Partitions int `yaml:"partitions"`
}

// Field is one Pimcore field's canonical attribute.
type Field struct {
	Attribute string `yaml:"attribute"`
	// Kind is text, number, metric (a quantityValue), option (a select),
	// options (a multiselect), boolean or media (an image field, read as its
	// asset's full path; not written).
	Kind string `yaml:"kind"`
	// Localized reads the field once per language of Languages.
	Localized bool `yaml:"localized"`
	// Channel is the canonical channel of the values ("" for none).
	Channel string `yaml:"channel"`
	// Required mirrors the class editor's "mandatory" flag: completeness
	// requires the attribute of every product, on Channel, or on every one
	// of Settings.Channels when the field maps to none (the Datahub's
	// GraphQL schema does not expose the flag).
	Required bool `yaml:"required"`
}

// Field kinds, as the canonical value kinds they map to.
const (
	KindText    = "text"
	KindNumber  = "number"
	KindMetric  = "metric"
	KindOption  = "option"
	KindOptions = "options"
	KindBoolean = "boolean"
	KindMedia   = "media"
)

var kinds = []string{KindText, KindNumber, KindMetric, KindOption, KindOptions, KindBoolean, KindMedia}

// DefaultPageSize is the listing page size when none is set.
const DefaultPageSize = 100

// MaxPageSize bounds first; the Datahub has no documented cap, so this is
// steward's own bound on one answer's size.
const MaxPageSize = 1000

// DefaultPartitions is the number of requests a large pass keeps in
// flight when none is set.
const DefaultPartitions = 4

// MaxPartitions bounds partitions. The Datahub itself has no limit of
// concurrent requests (each one is a PHP worker of the server); this is
// steward's own bound on the load one pass puts on it.
const MaxPartitions = 8

// PriceAttribute is the canonical attribute the price field maps to.
const PriceAttribute = "price"

// name is a GraphQL name, as class, field and language names must be.
var name = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]*$`)

// DecodeSettings reads and checks a system's settings section.
func DecodeSettings(f *config.File, system string) (Settings, config.Problems) {
	s := Settings{Class: "Product", IdentifierField: "sku", PageSize: DefaultPageSize, Partitions: DefaultPartitions, OmitMandatoryCheck: true}
	ps := f.Section(system, &s)
	c := checker{f: f, p: "systems." + system + ".settings"}
	c.check(s)
	return s, append(ps, c.ps...)
}

// CheckSettings reports every problem in a system's settings section.
func CheckSettings(f *config.File, system string) config.Problems {
	_, ps := DecodeSettings(f, system)
	return ps
}

type checker struct {
	f  *config.File
	p  string
	ps config.Problems
}

func (c *checker) add(key, msg, hint string) {
	c.ps = append(c.ps, c.f.Problem(c.p+"."+key, msg, hint))
}

func (c *checker) check(s Settings) {
	if s.Endpoint == "" || strings.ContainsAny(s.Endpoint, "/?#") {
		c.add("endpoint", fmt.Sprintf("endpoint %q is not a Datahub configuration name", s.Endpoint), "the name of the Datahub GraphQL configuration, e.g. steward")
	}
	c.name("class", s.Class, "the data object class, e.g. Product")
	c.name("identifier_field", s.IdentifierField, "the field holding the SKU, e.g. sku")
	c.optionalName("family_field", s.FamilyField)
	c.optionalName("price_field", s.PriceField)
	if s.PriceField != "" && !currency.MatchString(s.Currency) {
		c.add("currency", fmt.Sprintf("currency %q is not an ISO 4217 code", s.Currency), "the currency of the price field, e.g. EUR")
	}
	if s.PageSize < 1 || s.PageSize > MaxPageSize {
		c.add("page_size", fmt.Sprintf("page_size %d is out of range", s.PageSize), fmt.Sprintf("1..%d (default %d)", MaxPageSize, DefaultPageSize))
	}
	if s.Partitions < 1 || s.Partitions > MaxPartitions {
		c.add("partitions", fmt.Sprintf("partitions %d is outside 1 to %d", s.Partitions, MaxPartitions),
			fmt.Sprintf("requests a large pass keeps in flight (default %d; the Datahub sets no limit, %d is steward's)", DefaultPartitions, MaxPartitions))
	}
	if _, ok := s.Fields[s.DraftField]; s.DraftField != "" && !ok {
		c.add("draft_field", fmt.Sprintf("draft_field %q is not one of fields", s.DraftField), "map the draft field under fields too, e.g. descriptionDraft: {attribute: description_draft, kind: text, localized: true}")
	}
	c.languages(s.Languages)
	c.fields(s)
	for _, ch := range sortedKeys(s.Channels) {
		if ch == "" || len(s.Channels[ch]) == 0 {
			c.add("channels."+ch, fmt.Sprintf("channel %q has no locales", ch), "a channel and the locales it is graded in, e.g. ecommerce: [en_US, de_DE]")
		}
	}
}

var currency = regexp.MustCompile(`^[A-Z]{3}$`)

func (c *checker) name(key, v, hint string) {
	if !name.MatchString(v) {
		c.add(key, fmt.Sprintf("%s %q is not a GraphQL name", key, v), hint)
	}
}

func (c *checker) optionalName(key, v string) {
	if v != "" {
		c.name(key, v, "a field name of the class, or leave it out")
	}
}

func (c *checker) languages(ls map[string]string) {
	for _, l := range sortedKeys(ls) {
		if !name.MatchString(l) || ls[l] == "" {
			c.add("languages."+l, fmt.Sprintf("language %q -> locale %q is not usable", l, ls[l]), "a Pimcore language and its canonical locale, e.g. en: en_US")
		}
	}
}

func (c *checker) fields(s Settings) {
	reserved := []string{"id", "key", "published", "modificationDate", "creationDate", "classname", "parent", s.IdentifierField, s.FamilyField, s.PriceField}
	attrs := map[string]string{}
	for _, fn := range sortedKeys(s.Fields) {
		fd, key := s.Fields[fn], "fields."+fn
		switch {
		case !name.MatchString(fn):
			c.add(key, fmt.Sprintf("field %q is not a GraphQL name", fn), "the field's name in the class definition")
		case slices.Contains(reserved, fn):
			c.add(key, fmt.Sprintf("field %q is a system, identifier, family or price field", fn), "map only the class's other fields here")
		}
		if fd.Attribute == "" || fd.Attribute == PriceAttribute {
			c.add(key+".attribute", fmt.Sprintf("attribute %q is not usable", fd.Attribute), "the canonical attribute code, e.g. name (price comes from price_field)")
		}
		if prev, dup := attrs[fd.Attribute+"\x00"+fd.Channel]; dup {
			c.add(key+".attribute", fmt.Sprintf("attribute %q (channel %q) is mapped by %s too", fd.Attribute, fd.Channel, prev), "map each canonical attribute and channel once")
		}
		attrs[fd.Attribute+"\x00"+fd.Channel] = fn
		if !slices.Contains(kinds, fd.Kind) {
			c.add(key+".kind", fmt.Sprintf("kind %q is not supported", fd.Kind), "one of: "+strings.Join(kinds, ", "))
		}
		if fd.Localized && len(s.Languages) == 0 {
			c.add(key+".localized", "a localized field needs languages", "add languages: {en: en_US}")
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Path is the URL path of the configured Datahub endpoint.
func (s Settings) Path() string { return "/pimcore-graphql-webservices/" + s.Endpoint }

// SortedFields returns the field names in a stable order.
func (s Settings) SortedFields() []string { return sortedKeys(s.Fields) }

// SortedLanguages returns the languages in a stable order.
func (s Settings) SortedLanguages() []string { return sortedKeys(s.Languages) }

// FieldOf returns the Pimcore field that holds a canonical attribute.
func (s Settings) FieldOf(attribute string) (string, Field, bool) {
	for _, fn := range s.SortedFields() {
		if s.Fields[fn].Attribute == attribute {
			return fn, s.Fields[fn], true
		}
	}
	return "", Field{}, false
}
