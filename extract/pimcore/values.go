package pimcore

import (
	"encoding/json"
	"fmt"

	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/transform"
)

// values reads the price and the mapped fields, each localized field once
// per language; null and empty values are left out.
func (m mapper) values(n map[string]json.RawMessage) ([]transform.Value, error) {
	out := make([]transform.Value, 0, len(m.slots)+1)
	if m.s.PriceField != "" {
		v, ok, err := m.price(n)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, v)
		}
	}
	for _, sl := range m.slots {
		raw, ok, err := present(n, sl.key)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		v := transform.Value{Attribute: sl.fd.Attribute, Locale: sl.locale, Channel: sl.fd.Channel, Kind: transform.Kind(sl.fd.Kind)}
		keep, err := fill(&v, raw)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", sl.key, err)
		}
		if keep {
			out = append(out, v)
		}
	}
	return out, nil
}

// slot is one answer key a mapped field is read from: the field itself, or
// a localized field's alias for one language, with the value's locale.
type slot struct {
	key, locale string
	fd          api.Field
}

// slotsOf lists the answer keys of the mapped fields in a stable order: the
// fields sorted, a localized one once per language, languages sorted.
func slotsOf(s api.Settings) []slot {
	var out []slot
	for _, fn := range s.SortedFields() {
		fd := s.Fields[fn]
		if !fd.Localized {
			out = append(out, slot{key: fn, fd: fd})
			continue
		}
		for _, l := range s.SortedLanguages() {
			out = append(out, slot{key: api.Alias(fn, l), locale: s.Languages[l], fd: fd})
		}
	}
	return out
}

// price reads the numeric price field as a one-currency price collection,
// its amount exact from the JSON number's text.
func (m mapper) price(n map[string]json.RawMessage) (transform.Value, bool, error) {
	raw, ok, err := present(n, m.s.PriceField)
	if err != nil || !ok {
		return transform.Value{}, false, err
	}
	text, err := number(raw)
	if err != nil {
		return transform.Value{}, false, fmt.Errorf("field %s: %w", m.s.PriceField, err)
	}
	amount, err := transform.FormatAmount(text, m.s.Currency)
	if err != nil {
		return transform.Value{}, false, fmt.Errorf("field %s: %w", m.s.PriceField, err)
	}
	return transform.Value{Attribute: api.PriceAttribute, Kind: transform.KindPrices,
		Amounts: []transform.PriceValue{{Amount: amount, Currency: m.s.Currency}}}, true, nil
}

// fill sets v from a non-null raw value of v's kind; keep is false for an
// empty value.
func fill(v *transform.Value, raw json.RawMessage) (keep bool, err error) {
	switch v.Kind {
	case transform.KindText, transform.KindOption:
		if err := unquote(raw, &v.Text); err != nil {
			return false, fmt.Errorf("%s is not a string", clip(raw))
		}
		return v.Text != "", nil
	case transform.KindNumber:
		v.Number, err = number(raw)
		return err == nil, err
	case transform.KindMetric:
		return quantity(v, raw)
	case transform.KindMedia:
		return asset(v, raw)
	case transform.KindOptions:
		if err := json.Unmarshal(raw, &v.Options); err != nil {
			return false, fmt.Errorf("%s is not a list of strings", clip(raw))
		}
		return len(v.Options) > 0, nil
	case transform.KindBoolean:
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return false, fmt.Errorf("%s is not a boolean", clip(raw))
		}
		v.Bool = &b
		return true, nil
	}
	return false, fmt.Errorf("kind %q is not supported", v.Kind)
}

// quantity reads a quantityValue {value, unit {abbreviation}}.
func quantity(v *transform.Value, raw json.RawMessage) (bool, error) {
	var q struct {
		Value json.RawMessage `json:"value"`
		Unit  *struct {
			Abbreviation string `json:"abbreviation"`
		} `json:"unit"`
	}
	if err := json.Unmarshal(raw, &q); err != nil {
		return false, fmt.Errorf("%s is not a quantity value", clip(raw))
	}
	if len(q.Value) == 0 || string(q.Value) == "null" {
		return false, nil
	}
	n, err := number(q.Value)
	if err != nil {
		return false, fmt.Errorf("value: %w", err)
	}
	if q.Unit == nil || q.Unit.Abbreviation == "" {
		return false, fmt.Errorf("quantity %s has no unit", n)
	}
	v.Number, v.Unit = n, q.Unit.Abbreviation
	return true, nil
}

// number returns a JSON number's text exactly as sent; a string holding a
// number is a type change and refused.
func number(raw json.RawMessage) (string, error) {
	text := string(raw)
	if _, err := api.NumberLiteral(text); err != nil {
		return "", fmt.Errorf("%s is not a JSON number", clip(raw))
	}
	return text, nil
}

// asset reads an image field's asset {fullpath}: the path is the media
// reference.
func asset(v *transform.Value, raw json.RawMessage) (bool, error) {
	var a struct {
		Fullpath *string `json:"fullpath"`
	}
	if err := json.Unmarshal(raw, &a); err != nil || a.Fullpath == nil {
		return false, fmt.Errorf("%s is not an asset with a fullpath", clip(raw))
	}
	v.Text = *a.Fullpath
	return v.Text != "", nil
}
