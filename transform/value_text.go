package transform

import "strings"

// String renders a value's content as a person reads it: text as is, a
// number or metric as its exact decimal (and unit), a price collection as
// "12.50 EUR, 13.00 USD", option codes joined by ", ".
func (v Value) String() string {
	switch v.Kind {
	case KindNumber:
		return v.Number
	case KindMetric:
		return strings.TrimSpace(v.Number + " " + v.Unit)
	case KindPrices:
		parts := make([]string, len(v.Amounts))
		for i, a := range v.Amounts {
			parts[i] = a.Amount + " " + a.Currency
		}
		return strings.Join(parts, ", ")
	case KindOptions:
		return strings.Join(v.Options, ", ")
	case KindBoolean:
		switch {
		case v.Bool == nil:
			return ""
		case *v.Bool:
			return "true"
		}
		return "false"
	}
	return v.Text
}

// Textual reports whether the value's content is its Text: text, an option
// code, a date or a media reference.
func (v Value) Textual() bool {
	switch v.Kind {
	case KindText, KindOption, KindDate, KindMedia:
		return true
	}
	return false
}

// Same reports whether a and b hold the same content, whatever their
// attribute, locale and channel: the same text (text, option, date and media
// count as one, since some PIMs cannot tell them apart), the same number as
// an exact decimal and the same unit, the same prices per currency, the same
// option codes or the same boolean.
func Same(a, b Value) bool {
	switch {
	case a.Textual() && b.Textual():
		return a.Text == b.Text
	case a.Kind != b.Kind:
		return false
	case a.Kind == KindNumber || a.Kind == KindMetric:
		return a.Unit == b.Unit && (a.Number == b.Number || SameAmount(a.Number, b.Number))
	case a.Kind == KindPrices:
		return samePrices(a.Amounts, b.Amounts)
	case a.Kind == KindOptions:
		return strings.Join(a.Options, "\x00") == strings.Join(b.Options, "\x00")
	case a.Kind == KindBoolean:
		return a.String() == b.String()
	}
	return a.Text == b.Text
}

func samePrices(a, b []PriceValue) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x.Currency == y.Currency && SameAmount(x.Amount, y.Amount) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
