package salsify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// diff returns the properties to send so that the product cur carries
// fields: "price" (a transform.PriceValue) goes to the price property, any
// other field is a canonical attribute's list of transform.Value, each sent
// to the property its attribute, locale and channel map to. Empty when cur
// already holds every value.
func (l *Loader) diff(cur map[string]json.RawMessage, fields map[string]json.RawMessage) (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	for _, name := range sortedKeys(fields) {
		if name == "price" {
			var pv transform.PriceValue
			if err := json.Unmarshal(fields[name], &pv); err != nil {
				return nil, fmt.Errorf("field price: %v", err)
			}
			if err := l.price(cur, pv, out); err != nil {
				return nil, err
			}
			continue
		}
		var vs []transform.Value
		if err := json.Unmarshal(fields[name], &vs); err != nil {
			return nil, fmt.Errorf("field %s: not a list of canonical values: %v", name, err)
		}
		for _, v := range vs {
			if err := l.value(cur, name, v, out); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// price sets the price property to the amount, written with the currency's
// decimals as a JSON number ("12.50"); a current value that is the same
// number with at least that scale is left alone.
func (l *Loader) price(cur map[string]json.RawMessage, pv transform.PriceValue, out map[string]json.RawMessage) error {
	s := l.settings
	switch {
	case s.PriceProperty == "":
		return fmt.Errorf("field price: no price_property is configured for this Salsify system")
	case pv.Currency != s.PriceCurrency:
		return fmt.Errorf("field price: currency %s, but property %q holds %s", pv.Currency, s.PriceProperty, s.PriceCurrency)
	}
	amount, err := transform.FormatAmount(pv.Amount, pv.Currency)
	if err != nil {
		return fmt.Errorf("field price: %w", err)
	}
	have, ok := numberText(cur[s.PriceProperty])
	if ok && transform.SameAmount(have, amount) && decimals(have) >= decimals(amount) {
		return nil
	}
	out[s.PriceProperty] = json.RawMessage(amount)
	return nil
}

// value sets the property a canonical value maps to, and a metric's unit.
func (l *Loader) value(cur map[string]json.RawMessage, field string, v transform.Value, out map[string]json.RawMessage) error {
	if v.Attribute != field {
		return fmt.Errorf("field %s holds a value of attribute %s", field, v.Attribute)
	}
	if v.Kind == transform.KindPrices && v.Attribute == l.settings.PriceAttribute {
		for _, a := range v.Amounts {
			if a.Currency == l.settings.PriceCurrency {
				return l.price(cur, a, out)
			}
		}
		return fmt.Errorf("field %s: no amount in %s", field, l.settings.PriceCurrency)
	}
	m, ok := l.settings.Slot(v.Attribute, v.Locale, v.Channel)
	if !ok {
		return fmt.Errorf("attribute %s (locale %q, channel %q) maps to no Salsify property in this system's settings", v.Attribute, v.Locale, v.Channel)
	}
	if string(v.Kind) != m.Kind {
		return fmt.Errorf("attribute %s: a %s value for property %q of kind %s", v.Attribute, v.Kind, m.Property, m.Kind)
	}
	want, err := encode(v)
	if err != nil {
		return fmt.Errorf("attribute %s: %w", v.Attribute, err)
	}
	if !same(cur[m.Property], want, v.Kind) {
		out[m.Property] = want
	}
	if v.Kind == transform.KindMetric && v.Unit != "" {
		unit, _ := json.Marshal(v.Unit)
		if !same(cur[m.UnitProperty], unit, transform.KindText) {
			out[m.UnitProperty] = unit
		}
	}
	return nil
}

var decimalRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// encode renders a canonical value as a Salsify property value: numbers as
// JSON numbers with their exact text, an empty text as null (erased).
func encode(v transform.Value) (json.RawMessage, error) {
	switch v.Kind {
	case transform.KindNumber, transform.KindMetric:
		if !decimalRE.MatchString(v.Number) {
			return nil, fmt.Errorf("%q is not a decimal number", v.Number)
		}
		return json.RawMessage(v.Number), nil
	case transform.KindOptions:
		return json.Marshal(v.Options)
	case transform.KindBoolean:
		if v.Bool == nil {
			return json.RawMessage("null"), nil
		}
		return json.Marshal(*v.Bool)
	}
	if v.Text == "" {
		return json.RawMessage("null"), nil
	}
	return json.Marshal(v.Text)
}

// same compares a current property value with the one to write, by kind: a
// single value inside a one-element list counts as that value, numbers
// compare as decimals, options as sets.
func same(cur, want json.RawMessage, kind transform.Kind) bool {
	if isNull(cur) || isNull(want) {
		return isNull(cur) && isNull(want)
	}
	switch kind {
	case transform.KindNumber, transform.KindMetric:
		a, ok1 := numberText(cur)
		b, ok2 := numberText(want)
		return ok1 && ok2 && transform.SameAmount(a, b)
	case transform.KindOptions:
		var a, b []string
		if json.Unmarshal(cur, &a) != nil {
			a = []string{textOf(cur)}
		}
		_ = json.Unmarshal(want, &b)
		slices.Sort(a)
		slices.Sort(b)
		return slices.Equal(a, b)
	}
	return bytes.Equal(canonical(unwrap(cur)), canonical(want))
}

// numberText reads a JSON number, or a string holding one, inside an
// optional one-element list.
func numberText(raw json.RawMessage) (string, bool) {
	raw = unwrap(raw)
	t := strings.TrimSpace(textOf(raw))
	return t, decimalRE.MatchString(t)
}

func textOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw))
}

func unwrap(raw json.RawMessage) json.RawMessage {
	var vs []json.RawMessage
	if json.Unmarshal(raw, &vs) == nil && len(vs) == 1 {
		return vs[0]
	}
	return raw
}

func canonical(raw json.RawMessage) []byte {
	var x any
	if json.Unmarshal(raw, &x) != nil {
		return raw
	}
	b, _ := json.Marshal(x)
	return b
}

func decimals(amount string) int {
	_, frac, _ := strings.Cut(amount, ".")
	return len(frac)
}

func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null"))
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
