package hubspot

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"

	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

var bigHundred = big.NewRat(100, 1)

// Locale is the locale of the name and description written to products.
const Locale = "en_US"

// product maps a canonical product's fields to product properties: name and
// description from their values in Locale without channel, the price in the
// configured currency (a transform.PriceValue, or a prices value), the SKU
// as the upsert's id.
func (l *Loader) product(it load.Item) (map[string]string, error) {
	props := map[string]string{}
	for _, f := range slices.Sorted(maps.Keys(it.Fields)) {
		if f == "identifier" {
			if v, err := text(it.Fields[f]); err != nil || v != it.ExternalID {
				return nil, fmt.Errorf("field identifier %s differs from the item's SKU", it.Fields[f])
			}
			continue
		}
		p, ok := l.obj.Fields[f]
		if !ok {
			return nil, fmt.Errorf("field %s has no HubSpot product property (settings products.fields)", f)
		}
		var v string
		var err error
		if f == "price" || f == l.s.PriceAttribute {
			v, err = l.price(it.Fields[f])
		} else {
			v, err = localized(f, it.Fields[f])
		}
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f, err)
		}
		props[p] = v
	}
	return props, nil
}

// localized reads a text attribute's value in Locale without channel.
func localized(f string, raw json.RawMessage) (string, error) {
	var vs []transform.Value
	if err := json.Unmarshal(raw, &vs); err != nil {
		return "", fmt.Errorf("not a list of canonical values: %v", err)
	}
	for _, v := range vs {
		if v.Attribute != f {
			return "", fmt.Errorf("holds a value of attribute %s", v.Attribute)
		}
		if (v.Locale == Locale || v.Locale == "") && v.Channel == "" {
			return v.Text, nil
		}
	}
	return "", fmt.Errorf("no value in locale %s without channel", Locale)
}

// price reads the amount in the configured currency, written with the
// currency's decimals.
func (l *Loader) price(raw json.RawMessage) (string, error) {
	cur := l.s.PriceCurrency
	if cur == "" {
		return "", fmt.Errorf("no price_currency is configured for this HubSpot system")
	}
	var amounts []transform.PriceValue
	var pv transform.PriceValue
	var vs []transform.Value
	switch {
	case json.Unmarshal(raw, &pv) == nil && pv.Currency != "":
		amounts = []transform.PriceValue{pv}
	case json.Unmarshal(raw, &vs) == nil:
		for _, v := range vs {
			amounts = append(amounts, v.Amounts...)
		}
	default:
		return "", fmt.Errorf("neither a price nor a list of prices values")
	}
	for _, a := range amounts {
		if a.Currency == cur {
			return transform.FormatAmount(a.Amount, cur)
		}
	}
	return "", fmt.Errorf("no amount in %s", cur)
}
