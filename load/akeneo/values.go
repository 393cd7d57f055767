package akeneo

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/stewardhq/steward/transform"
)

// akeneoValue turns a canonical value into an Akeneo value: text, option,
// date and media codes as strings, a number as its exact JSON number, a
// metric as {amount, unit} with the amount as a decimal string, a price
// collection as [{amount, currency}], option codes as a list, a boolean.
func akeneoValue(v transform.Value) (value, error) {
	out := value{Locale: nullable(v.Locale), Scope: nullable(v.Channel)}
	var data any
	switch {
	case v.Textual():
		data = v.Text
	case v.Kind == transform.KindNumber:
		if _, err := transform.Decimal(v.Number); err != nil {
			return out, err
		}
		data = json.RawMessage(v.Number)
	case v.Kind == transform.KindMetric:
		data = map[string]string{"amount": v.Number, "unit": v.Unit}
	case v.Kind == transform.KindPrices:
		prices := make([]map[string]string, len(v.Amounts))
		for i, p := range v.Amounts {
			prices[i] = map[string]string{"amount": p.Amount, "currency": p.Currency}
		}
		data = prices
	case v.Kind == transform.KindOptions:
		data = append([]string{}, v.Options...)
	case v.Kind == transform.KindBoolean && v.Bool != nil:
		data = *v.Bool
	default:
		return out, fmt.Errorf("a value of kind %q cannot be written", v.Kind)
	}
	b, err := json.Marshal(data)
	out.Data = b
	return out, err
}

// canonicalOf reads the current Akeneo value of attr for comparing with the
// value to write; ok is false for a null or unreadable value, which any
// value to write differs from.
func canonicalOf(attr string, v value) (transform.Value, bool) {
	cv := transform.Value{Attribute: attr, Locale: deref(v.Locale), Channel: deref(v.Scope)}
	data := bytes.TrimSpace(v.Data)
	if len(data) == 0 || string(data) == "null" {
		return cv, false
	}
	var b bool
	var m struct {
		Amount json.RawMessage `json:"amount"`
		Unit   string          `json:"unit"`
	}
	var prices []priceData
	switch {
	case json.Unmarshal(data, &cv.Text) == nil:
		cv.Kind = transform.KindText
	case json.Unmarshal(data, &b) == nil:
		cv.Kind, cv.Bool = transform.KindBoolean, &b
	case json.Unmarshal(data, &cv.Options) == nil:
		cv.Kind = transform.KindOptions
	case data[0] == '{' && json.Unmarshal(data, &m) == nil:
		cv.Kind, cv.Number, cv.Unit = transform.KindMetric, amountText(m.Amount), m.Unit
	case data[0] == '[' && json.Unmarshal(data, &prices) == nil:
		cv.Kind = transform.KindPrices
		for _, p := range prices {
			cv.Amounts = append(cv.Amounts, transform.PriceValue{Amount: amountText(p.Amount), Currency: p.Currency})
		}
	default:
		cv.Kind, cv.Number = transform.KindNumber, string(data)
	}
	return cv, true
}

// diffValues returns the Akeneo values of attr to send so that the product
// holds wanted (a JSON list of canonical values): those whose slot (locale
// and channel) holds something else now, compared canonically.
func diffValues(attr string, current, wanted json.RawMessage) ([]value, error) {
	var want []transform.Value
	if err := json.Unmarshal(wanted, &want); err != nil {
		return nil, fmt.Errorf("field %s: not a list of canonical values: %v", attr, err)
	}
	var have []value
	if len(current) > 0 {
		if err := json.Unmarshal(current, &have); err != nil {
			return nil, fmt.Errorf("current %s values: %v", attr, err)
		}
	}
	var out []value
	for i, w := range want {
		if w.Attribute != attr {
			return nil, fmt.Errorf("field %s: value %d is for attribute %q", attr, i, w.Attribute)
		}
		if same(attr, have, w) {
			continue
		}
		v, err := akeneoValue(w)
		if err != nil {
			return nil, fmt.Errorf("field %s [%s]: %w", attr, slotOf(w), err)
		}
		out = append(out, v)
	}
	return out, nil
}

// same reports whether the current values hold w in w's slot.
func same(attr string, have []value, w transform.Value) bool {
	for _, h := range have {
		if deref(h.Locale) != w.Locale || deref(h.Scope) != w.Channel {
			continue
		}
		cur, ok := canonicalOf(attr, h)
		return ok && (transform.Same(cur, w) || sameNumberText(cur, w))
	}
	return false
}

// sameNumberText reports whether cur, read as text, is the number w: Akeneo
// sends a number attribute that allows decimals as a string ("89.897",
// PROTOCOLS.md §1.5), which canonicalOf cannot tell from a text.
func sameNumberText(cur, w transform.Value) bool {
	return w.Kind == transform.KindNumber && cur.Kind == transform.KindText && transform.SameAmount(cur.Text, w.Number)
}

func slotOf(v transform.Value) string {
	return v.Locale + "/" + v.Channel
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
