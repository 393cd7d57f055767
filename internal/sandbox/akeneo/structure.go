package akeneo

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// The emulated PIM has one channel, ecommerce, in one locale, en_US: the
// scope and locale of every localizable or scopable value the catalog plants.
const (
	channelCode = "ecommerce"
	localeCode  = "en_US"
)

// channel is one channel of the emulated PIM (swagger ChannelList).
type channel struct {
	Code            string            `json:"code"`
	Currencies      []string          `json:"currencies"`
	Locales         []string          `json:"locales"`
	CategoryTree    string            `json:"category_tree"`
	ConversionUnits map[string]string `json:"conversion_units"`
	Labels          map[string]string `json:"labels"`
}

var channels = []channel{{Code: channelCode, Currencies: currencies, Locales: []string{localeCode},
	CategoryTree: "master", ConversionUnits: map[string]string{}, Labels: map[string]string{localeCode: "Ecommerce"}}}

// currencies are those of the price attribute.
var currencies = []string{"EUR", "USD"}

// locales the PIM lists, sorted by code. A PIM lists every locale it knows
// (some two hundred); only the locales of at least one channel are enabled.
var locales = []string{"de_DE", "en_GB", "en_US", "fr_FR"}

// locales answers GET /locales, with the one filter the API documents for
// them: search={"enabled":[{"operator":"=","value":true|false}]} (filter.md).
func (s *Server) locales(w http.ResponseWriter, r *http.Request) {
	keep, err := compileLocaleSearch(r.URL.Query().Get("search"))
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	items := []any{}
	for _, code := range s.sch.locales {
		if enabled := s.sch.localeEnabled(code); keep(enabled) {
			items = append(items, withSelf(r, "locales", code, map[string]any{"code": code, "enabled": enabled}))
		}
	}
	paged(w, r, items)
}

var errInvalidSearch = errors.New("Search query parameter should be valid JSON.")

func unsupportedFilter(prop, op string) error {
	return fmt.Errorf("Filter on property %q is not supported or does not support operator %q", prop, op)
}

func compileLocaleSearch(raw string) (func(enabled bool) bool, error) {
	if raw == "" {
		return func(bool) bool { return true }, nil
	}
	var search map[string][]condition
	if err := json.Unmarshal([]byte(raw), &search); err != nil {
		return nil, errInvalidSearch
	}
	preds := []func(bool) bool{}
	for prop, conds := range search {
		for _, c := range conds {
			var want bool
			if prop != "enabled" || c.Operator != "=" || json.Unmarshal(c.Value, &want) != nil {
				return nil, unsupportedFilter(prop, c.Operator)
			}
			preds = append(preds, func(enabled bool) bool { return enabled == want })
		}
	}
	return func(enabled bool) bool {
		for _, p := range preds {
			if !p(enabled) {
				return false
			}
		}
		return true
	}, nil
}

// channels answers GET /channels.
func (s *Server) channels(w http.ResponseWriter, r *http.Request) {
	items := []any{}
	for _, c := range s.sch.channels {
		b, _ := json.Marshal(c)
		var item map[string]any
		_ = json.Unmarshal(b, &item)
		items = append(items, withSelf(r, "channels", c.Code, item))
	}
	paged(w, r, items)
}
