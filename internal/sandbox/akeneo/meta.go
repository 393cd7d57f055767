package akeneo

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// attribute describes one attribute of the emulated PIM.
type attribute struct {
	Code         string `json:"code"`
	Type         string `json:"type"`
	Group        string `json:"group"`
	Localizable  bool   `json:"localizable"`
	Scopable     bool   `json:"scopable"`
	Unique       bool   `json:"unique"`
	MetricFamily string `json:"metric_family,omitempty"`
	DefaultUnit  string `json:"default_metric_unit,omitempty"`
	Decimals     *bool  `json:"decimals_allowed,omitempty"`
	MaxChars     *int   `json:"max_characters,omitempty"`
	// options are a select attribute's option codes, currencies a price
	// collection's; the schema sets them.
	options, currencies []string
}

func boolPtr(b bool) *bool { return &b }
func intPtr(n int) *int    { return &n }

var attributes = []attribute{
	{Code: "sku", Type: "pim_catalog_identifier", Group: "general", Unique: true},
	{Code: "name", Type: "pim_catalog_text", Group: "marketing", Localizable: true, MaxChars: intPtr(255)},
	{Code: "description", Type: "pim_catalog_textarea", Group: "marketing", Localizable: true, Scopable: true},
	{Code: "color", Type: "pim_catalog_simpleselect", Group: "marketing"},
	{Code: "weight", Type: "pim_catalog_metric", Group: "technical", MetricFamily: "Weight", DefaultUnit: "KILOGRAM", Decimals: boolPtr(true)},
	{Code: "ean", Type: "pim_catalog_text", Group: "technical", Unique: true},
	{Code: "price", Type: "pim_catalog_price_collection", Group: "marketing", Decimals: boolPtr(true)},
	{Code: "description_draft", Type: "pim_catalog_textarea", Group: "marketing", Localizable: true, Scopable: true},
	// The sandbox rules check image; like most PIMs this one has the attribute,
	// though the synthetic products carry no image yet.
	{Code: "image", Type: "pim_catalog_image", Group: "media"},
}

// check validates data against the attribute type; "" when valid.
func (a attribute) check(data any) string {
	if data == nil {
		return ""
	}
	switch a.Type {
	case "pim_catalog_identifier", "pim_catalog_text", "pim_catalog_textarea":
		if _, ok := data.(string); !ok {
			return "Property \"" + a.Code + "\" expects a string as data."
		}
	case "pim_catalog_simpleselect":
		code, ok := data.(string)
		if !ok {
			return "Property \"" + a.Code + "\" expects a string as data."
		}
		if !a.hasOption(code) {
			return "Property \"" + a.Code + "\" expects a valid code. The option \"" + code + "\" does not exist"
		}
	case "pim_catalog_metric":
		return a.checkMetric(data)
	case "pim_catalog_price_collection":
		list, ok := data.([]any)
		if !ok {
			return "Property \"" + a.Code + "\" expects an array as data."
		}
		for _, e := range list {
			m, ok := e.(map[string]any)
			if !ok {
				return "Property \"" + a.Code + "\" expects an array with the key \"amount\" holding a number."
			}
			if msg := a.checkAmount(m["amount"], "Property \""+a.Code+"\" expects an array with the key \"amount\" holding a number."); msg != "" {
				return msg
			}
			if c, _ := m["currency"].(string); !slices.Contains(a.currencies, c) {
				return "Property \"" + a.Code + "\" expects a valid currency. The currency does not exist."
			}
		}
	}
	return ""
}

// hasOption reports whether code is an option of the select attribute;
// option codes match without regard to case, as in the PIM.
func (a attribute) hasOption(code string) bool {
	for _, c := range a.options {
		if strings.EqualFold(c, code) {
			return true
		}
	}
	return false
}

// listedAttribute is an attribute as listed, with its own link.
type listedAttribute struct {
	Links map[string]any `json:"_links"`
	attribute
}

func (s *Server) attributes(w http.ResponseWriter, r *http.Request) {
	items := make([]any, len(s.sch.attributes))
	for i, a := range s.sch.attributes {
		self := map[string]string{"href": baseURL(r) + "/api/rest/v1/attributes/" + url.PathEscape(a.Code)}
		items[i] = listedAttribute{Links: map[string]any{"self": self}, attribute: a}
	}
	paged(w, r, items)
}

func (s *Server) families(w http.ResponseWriter, r *http.Request) {
	var items []any
	for _, f := range s.sch.families {
		items = append(items, f)
	}
	paged(w, r, items)
}

func (s *Server) options(w http.ResponseWriter, r *http.Request, code string) {
	opts, ok := s.sch.options[code]
	if !ok {
		writeError(w, http.StatusNotFound, "Attribute \""+code+"\" does not exist or has no options.")
		return
	}
	items := make([]any, len(opts))
	for i, o := range opts {
		items[i] = o
	}
	paged(w, r, items)
}
