package filedrop

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/stewardhq/steward/transform"
)

// values adds a product's attribute columns as typed values, in column order
// so that the payload is the same on every read. Empty cells add nothing.
func (m mapper) values(p *transform.Product, row map[string]string) error {
	cols := make([]string, 0, len(m.s.Attributes))
	for c := range m.s.Attributes {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for _, col := range cols {
		cell := strings.TrimSpace(row[col])
		if cell == "" {
			continue
		}
		a := m.s.Attributes[col]
		v, err := value(a.Kind, a.Unit, a.Currency, cell)
		if err != nil {
			return fmt.Errorf("column %q: %w", col, err)
		}
		v.Attribute, v.Locale, v.Channel = a.Attribute, a.Locale, a.Channel
		if old, ok := p.Get(v.Attribute, v.Locale, v.Channel); ok && v.Kind == transform.KindPrices && old.Locale == v.Locale && old.Channel == v.Channel {
			v.Amounts = append(old.Amounts, v.Amounts...) // one price collection, several currency columns
		}
		p.Set(v)
	}
	return nil
}

// value reads one cell as a value of kind.
func value(kind, unit, currency, cell string) (transform.Value, error) {
	v := transform.Value{Kind: transform.Kind(kind)}
	if kind == "" {
		v.Kind = transform.KindText
	}
	switch v.Kind {
	case transform.KindNumber, transform.KindMetric:
		if err := decimal(cell); err != nil {
			return v, err
		}
		v.Number, v.Unit = cell, unit
	case transform.KindPrices:
		if err := decimal(cell); err != nil {
			return v, err
		}
		amount, err := transform.FormatAmount(cell, currency)
		if err != nil {
			return v, err
		}
		v.Amounts = []transform.PriceValue{{Amount: amount, Currency: currency}}
	case transform.KindOptions:
		v.Options = list(cell)
	case transform.KindBoolean:
		b, err := parseBool(cell)
		if err != nil {
			return v, err
		}
		v.Bool = &b
	case transform.KindDate:
		if _, err := time.Parse(time.DateOnly, cell); err != nil {
			return v, fmt.Errorf("%q is not a date (YYYY-MM-DD)", cell)
		}
		v.Text = cell
	default:
		v.Text = cell
	}
	return v, nil
}

// decimalText is a plain decimal as files write it: no exponent, no fraction
// bar, no thousands separator, a point before the decimals.
var decimalText = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// decimal checks that text is a plain decimal number.
func decimal(text string) error {
	if !decimalText.MatchString(text) {
		return fmt.Errorf("%q is not a decimal number (digits with an optional point)", text)
	}
	return nil
}
