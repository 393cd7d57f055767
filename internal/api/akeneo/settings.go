// Package akeneo is a thin typed client for the Akeneo PIM REST API v1: product
// listing with search_after paging and the search filter, families and
// attributes, and collection upserts with per-line results. It knows nothing of
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
}

// DecodeSettings reads and checks a system's settings section.
func DecodeSettings(f *config.File, system string) (Settings, config.Problems) {
	s := Settings{PriceAttribute: "price", IdentifierAttribute: "sku"}
	ps := f.Section(system, &s)
	p := "systems." + system + ".settings"
	if s.PriceAttribute == "" {
		ps = append(ps, f.Problem(p+".price_attribute", "price_attribute is empty", "the code of the price attribute, e.g. price"))
	}
	if s.IdentifierAttribute == "" {
		ps = append(ps, f.Problem(p+".identifier_attribute", "identifier_attribute is empty", "the code of the identifier attribute, e.g. sku"))
	}
	return s, ps
}

// CheckSettings reports every problem in a system's settings section.
func CheckSettings(f *config.File, system string) config.Problems {
	_, ps := DecodeSettings(f, system)
	return ps
}

// MaxPageSize is Akeneo's largest limit.
const MaxPageSize = 100

// MaxBatch is the most lines one collection PATCH may carry.
const MaxBatch = 100

// TimeLayout is the format of the search filter's date values (server time, UTC on SaaS).
const TimeLayout = "2006-01-02 15:04:05"

// Error is an Akeneo error body.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Errors  []struct {
		Property  string `json:"property"`
		Message   string `json:"message"`
		Attribute string `json:"attribute"`
	} `json:"errors"`
}

// Describe renders the message with its field errors.
func (e Error) Describe() string {
	s := e.Message
	for _, fe := range e.Errors {
		s += fmt.Sprintf("; %s: %s", firstNonEmpty(fe.Attribute, fe.Property), fe.Message)
	}
	return s
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
