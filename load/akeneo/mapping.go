package akeneo

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// value is one Akeneo attribute value.
type value struct {
	Locale *string         `json:"locale"`
	Scope  *string         `json:"scope"`
	Data   json.RawMessage `json:"data"`
}

type priceData struct {
	Amount   json.RawMessage `json:"amount"`
	Currency string          `json:"currency"`
}

// diff returns the Akeneo values to send so that the product carries fields
// (a "price" field, or canonical values by attribute); empty when it already
// does.
func (l *Loader) diff(cur map[string]json.RawMessage, fields map[string]json.RawMessage) (map[string][]value, error) {
	out := map[string][]value{}
	for name, v := range fields {
		switch name {
		case "price":
			next, changed, err := mergePrice(cur[l.settings.PriceAttribute], v)
			if err != nil {
				return nil, err
			}
			if changed {
				out[l.settings.PriceAttribute] = []value{{Data: next}}
			}
		default:
			vs, err := diffValues(name, cur[name], v)
			if err != nil {
				return nil, err
			}
			if len(vs) > 0 {
				out[name] = vs
			}
		}
	}
	return out, nil
}

// mergePrice sets the currency's amount in the current price collection,
// keeping the other currencies; changed is false when it is already equal.
// The amount is written with the currency's ISO 4217 decimals ("180.00").
func mergePrice(current json.RawMessage, want json.RawMessage) (json.RawMessage, bool, error) {
	var pv transform.PriceValue
	if err := json.Unmarshal(want, &pv); err != nil {
		return nil, false, fmt.Errorf("field price: %v", err)
	}
	amount, err := transform.FormatAmount(pv.Amount, pv.Currency)
	if err != nil {
		return nil, false, fmt.Errorf("field price: %w", err)
	}
	pv.Amount = amount
	var vals []value
	if len(current) > 0 {
		if err := json.Unmarshal(current, &vals); err != nil {
			return nil, false, fmt.Errorf("current price value: %v", err)
		}
	}
	var prices []priceData
	for _, v := range vals {
		if v.Locale == nil && v.Scope == nil {
			if err := json.Unmarshal(v.Data, &prices); err != nil {
				return nil, false, fmt.Errorf("current price data: %v", err)
			}
		}
	}
	found := false
	for i, p := range prices {
		if p.Currency != pv.Currency {
			continue
		}
		found = true
		if have := amountText(p.Amount); transform.SameAmount(have, pv.Amount) && decimals(have) >= decimals(pv.Amount) {
			return nil, false, nil
		}
		prices[i].Amount = mustJSON(pv.Amount)
	}
	if !found {
		prices = append(prices, priceData{Amount: mustJSON(pv.Amount), Currency: pv.Currency})
	}
	b, err := json.Marshal(prices)
	return b, true, err
}

// amountText reads an amount sent as a JSON string or number.
// decimals counts the digits after the decimal point of an amount's text: a
// PIM value that lost its scale ("180" where the currency has two decimals)
// is written again, so the reconcile repairs it; more digits ("180.0000") are
// the PIM's own formatting and are left alone.
func decimals(amount string) int {
	_, frac, _ := strings.Cut(amount, ".")
	return len(frac)
}

func amountText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

func mustJSON(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}
