// Package akeneo is a thin typed client for the Akeneo PIM REST API v1: product
// listing with search_after paging and the search filter, the codes of the
// PIM's attributes, enabled locales and channels, and collection upserts with
// per-line results. It knows nothing of
// pipelines; the extractor and loader build on it.
package akeneo

import (
	"fmt"

	"github.com/stewardhq/steward/config"
)

// Settings is an Akeneo system's own config section.
type Settings struct {
	// PriceAttribute is the price-collection attribute prices are written to.
	PriceAttribute string `yaml:"price_attribute"`
	// IdentifierAttribute holds the product identifier (the SKU).
	IdentifierAttribute string `yaml:"identifier_attribute"`
	// Scope and Locales restrict the values read (empty: all).
	Scope   string   `yaml:"scope"`
	Locales []string `yaml:"locales"`
	// WriteEndpoint is the product endpoint writes go to: products-uuid
	// (default; uuid lines, for PIM 7.0 and SaaS, where products may have no
	// identifier) or products (identifier lines, for older PIMs).
	WriteEndpoint string `yaml:"write_endpoint"`
	// Partitions is how many update-date windows a large pass is split into
	// and read concurrently, each with its own search_after chain (default
	// 4, Akeneo's limit of concurrent calls per connection; 1 reads serially).
	Partitions int `yaml:"partitions"`
}

// MaxPartitions is Akeneo's documented limit of concurrent calls per API
// connection (good-practices.md).
const MaxPartitions = 4

// Write endpoints.
const (
	EndpointUUID       = "products-uuid"
	EndpointIdentifier = "products"
)

// DecodeSettings reads and checks a system's settings section.
func DecodeSettings(f *config.File, system string) (Settings, config.Problems) {
	s := Settings{PriceAttribute: "price", IdentifierAttribute: "sku", WriteEndpoint: EndpointUUID, Partitions: MaxPartitions}
	ps := f.Section(system, &s)
	p := "systems." + system + ".settings"
	if s.PriceAttribute == "" {
		ps = append(ps, f.Problem(p+".price_attribute", "price_attribute is empty", "the code of the price attribute, e.g. price"))
	}
	if s.IdentifierAttribute == "" {
		ps = append(ps, f.Problem(p+".identifier_attribute", "identifier_attribute is empty", "the code of the identifier attribute, e.g. sku"))
	}
	if s.WriteEndpoint != EndpointUUID && s.WriteEndpoint != EndpointIdentifier {
		ps = append(ps, f.Problem(p+".write_endpoint", fmt.Sprintf("write_endpoint %q is not a product endpoint", s.WriteEndpoint), "products-uuid (default), or products for a PIM older than 7.0"))
	}
	if s.Partitions < 1 || s.Partitions > MaxPartitions {
		ps = append(ps, f.Problem(p+".partitions", fmt.Sprintf("partitions %d is outside 1 to %d", s.Partitions, MaxPartitions),
			"Akeneo allows 4 concurrent calls per API connection: use 1 (serial) to 4 (default)"))
	}
	return s, ps
}

// MaxPageSize is Akeneo's largest limit.
const MaxPageSize = 100

// MaxBatch is the most lines one collection PATCH may carry.
const MaxBatch = 100

// TimeLayout is the format of the search filter's date values (server time, UTC on SaaS).
const TimeLayout = "2006-01-02 15:04:05"

// Error is an Akeneo error body.
type Error struct {
	Code    int          `json:"code"`
	Message string       `json:"message"`
	Errors  []FieldError `json:"errors"`
}

// FieldError is one entry of a 422's errors: the property, and for a value
// the attribute with the value's locale and scope (null when not localizable
// or scopable).
type FieldError struct {
	Property  string  `json:"property"`
	Message   string  `json:"message"`
	Attribute string  `json:"attribute"`
	Locale    *string `json:"locale"`
	Scope     *string `json:"scope"`
}

// Describe renders the message with its field errors, naming the locale and
// scope of a rejected value.
func (e Error) Describe() string {
	s := e.Message
	for _, fe := range e.Errors {
		s += "; " + firstNonEmpty(fe.Attribute, fe.Property)
		if fe.Locale != nil || fe.Scope != nil {
			s += fmt.Sprintf(" [%s/%s]", orAll(fe.Locale), orAll(fe.Scope))
		}
		s += ": " + fe.Message
	}
	return s
}

func orAll(p *string) string {
	if p == nil {
		return "-"
	}
	return *p
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
