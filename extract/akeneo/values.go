package akeneo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// The kind of a canonical value comes from its attribute's type, read from
// the PIM once per run (kinds.go): text, textarea and identifier are text,
// number is number, metric is metric {amount, unit}, price_collection is
// prices, simpleselect is option, multiselect is options, boolean, date, and
// image and file are media. An attribute whose type is not known (not read,
// created since, or a type without one kind) is read by the shape of its
// data, as the REST API documents each format:
//
//	string                         -> text
//	number                         -> number (sent bare)
//	boolean                        -> boolean
//	{"amount": …, "unit": …}       -> metric
//	[{"amount": …, "currency": …}] -> prices
//	[string, …]                    -> options
//	null                           -> left out
//
// Any other shape (a table attribute, reference data objects), or data of
// another shape than its type says, is an error naming the attribute, so the
// product is quarantined rather than staged with values silently missing or
// mistyped. Numbers keep their exact text.

// canonicalValues maps an Akeneo product's values to canonical values,
// attributes in sorted order so a product maps to the same bytes each time.
func canonicalValues(values map[string]json.RawMessage, kinds map[string]transform.Kind) ([]transform.Value, error) {
	attrs := make([]string, 0, len(values))
	for a := range values {
		attrs = append(attrs, a)
	}
	sort.Strings(attrs)
	var out []transform.Value
	for _, a := range attrs {
		var vs []value
		if err := json.Unmarshal(values[a], &vs); err != nil {
			return nil, fmt.Errorf("attribute %s: values are not a list of {locale, scope, data}: %v", a, err)
		}
		for _, v := range vs {
			cv, ok, err := canonicalValue(a, v)
			if err == nil && ok {
				cv, err = withKind(cv, kinds[a])
			}
			if err != nil {
				return nil, fmt.Errorf("attribute %s: %w", a, err)
			}
			if ok {
				out = append(out, cv)
			}
		}
	}
	return out, nil
}

// canonicalValue maps one Akeneo value; ok is false for a null value.
func canonicalValue(attr string, v value) (transform.Value, bool, error) {
	cv := transform.Value{Attribute: attr, Locale: deref(v.Locale), Channel: deref(v.Scope)}
	data := bytes.TrimSpace(v.Data)
	if len(data) == 0 || string(data) == "null" {
		return cv, false, nil
	}
	var err error
	switch data[0] {
	case '"':
		cv.Kind = transform.KindText
		err = json.Unmarshal(data, &cv.Text)
	case 't', 'f':
		cv.Kind = transform.KindBoolean
		var b bool
		err = json.Unmarshal(data, &b)
		cv.Bool = &b
	case '{':
		cv.Kind = transform.KindMetric
		cv.Number, cv.Unit, err = metricData(data)
	case '[':
		err = listData(data, &cv)
	default:
		cv.Kind = transform.KindNumber
		cv.Number, err = decimalText(data)
	}
	if err != nil {
		return cv, false, err
	}
	return cv, true, nil
}

// withKind gives a value read by its shape the kind its attribute's type
// says ("" when unknown): an option code, date or media reference is a
// string, and a number may be sent as a decimal string.
func withKind(cv transform.Value, known transform.Kind) (transform.Value, error) {
	switch {
	case known == "" || known == cv.Kind:
	case cv.Kind == transform.KindText && (known == transform.KindOption || known == transform.KindDate || known == transform.KindMedia):
		cv.Kind = known
	case cv.Kind == transform.KindText && known == transform.KindNumber:
		cv.Kind, cv.Number, cv.Text = known, strings.TrimSpace(cv.Text), ""
	case cv.Kind == transform.KindOptions && len(cv.Options) == 0 && known == transform.KindPrices:
		cv.Kind, cv.Options = known, nil
	default:
		return cv, fmt.Errorf("its data is %s, not the %s its attribute type says", cv.Kind, known)
	}
	return cv, nil
}

func metricData(data []byte) (amount, unit string, err error) {
	var m struct {
		Amount json.RawMessage `json:"amount"`
		Unit   *string         `json:"unit"`
	}
	if err := json.Unmarshal(data, &m); err != nil || m.Amount == nil || m.Unit == nil {
		return "", "", fmt.Errorf("an object value is not a metric {amount, unit}: %.80s", data)
	}
	amount, err = decimalText(m.Amount)
	return amount, *m.Unit, err
}

// listData reads a price collection or a list of option codes.
func listData(data []byte, cv *transform.Value) error {
	var codes []string
	if json.Unmarshal(data, &codes) == nil {
		cv.Kind, cv.Options = transform.KindOptions, codes
		return nil
	}
	var prices []priceData
	if err := json.Unmarshal(data, &prices); err != nil || !allPriced(prices) {
		return fmt.Errorf("a list value is neither option codes nor a price collection: %.80s", data)
	}
	cv.Kind = transform.KindPrices
	for _, p := range prices {
		amount, err := decimalText(p.Amount)
		if err != nil {
			return err
		}
		cv.Amounts = append(cv.Amounts, transform.PriceValue{Amount: amount, Currency: p.Currency})
	}
	return nil
}

// priceData is one price of an Akeneo price collection.
type priceData struct {
	Amount   json.RawMessage `json:"amount"`
	Currency string          `json:"currency"`
}

func allPriced(prices []priceData) bool {
	for _, p := range prices {
		if p.Currency == "" {
			return false
		}
	}
	return true
}

// decimalText returns the exact text of an amount sent as a JSON number or
// string; null is "" (a metric or price without amount).
func decimalText(raw json.RawMessage) (string, error) {
	s := strings.TrimSpace(string(raw))
	if s == "null" || s == "" {
		return "", nil
	}
	if s[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
	}
	// A non-decimal amount ("15,000") is kept as written: the quality rules
	// report it, which quarantining the product would hide.
	return strings.TrimSpace(s), nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
