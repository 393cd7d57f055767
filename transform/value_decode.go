package transform

import "github.com/stewardhq/steward/internal/jsonscan"

var valueFields = []string{"attribute", "locale", "channel", "kind", "text", "number", "unit", "amounts", "options", "bool"}

// scanValues reads a list of values or null (nil).
func scanValues(sc *jsonscan.Scanner) ([]Value, bool) {
	if sc.Null() {
		return nil, true
	}
	out := make([]Value, 0, 8)
	ok := sc.Array(func() bool {
		var v Value
		ok := sc.Peek() == '{' && v.scan(sc)
		out = append(out, v)
		return ok
	})
	return out, ok
}

func (v *Value) scan(sc *jsonscan.Scanner) bool {
	seen := 0
	return sc.Object(func(key []byte) bool {
		i := -1
		for j, f := range valueFields {
			if string(key) == f {
				i = j
				break
			}
		}
		if i < 0 {
			return !mayFold(key, valueFields) && sc.Skip()
		}
		if seen&(1<<i) != 0 {
			return false
		}
		seen |= 1 << i
		return v.scanMember(sc, valueFields[i])
	})
}

func (v *Value) scanMember(sc *jsonscan.Scanner, field string) bool {
	var ok bool
	switch field {
	case "attribute":
		v.Attribute, ok = scanString(sc)
	case "locale":
		v.Locale, ok = scanString(sc)
	case "channel":
		v.Channel, ok = scanString(sc)
	case "kind":
		var k string
		k, ok = scanString(sc)
		v.Kind = Kind(k)
	case "text":
		v.Text, ok = scanString(sc)
	case "number":
		v.Number, ok = scanString(sc)
	case "unit":
		v.Unit, ok = scanString(sc)
	case "amounts":
		v.Amounts, ok = scanAmounts(sc)
	case "options":
		v.Options, ok = scanStrings(sc)
	case "bool":
		if ok = sc.Null(); !ok {
			var b bool
			b, ok = sc.Bool()
			v.Bool = &b
		}
	}
	return ok
}

var amountFields = []string{"amount", "currency"}

// scanAmounts reads a list of {amount, currency} or null (nil).
func scanAmounts(sc *jsonscan.Scanner) ([]PriceValue, bool) {
	if sc.Null() {
		return nil, true
	}
	out := []PriceValue{}
	ok := sc.Array(func() bool {
		var p PriceValue
		seen := 0
		ok := sc.Peek() == '{' && sc.Object(func(key []byte) bool {
			bit, dst := 0, (*string)(nil)
			switch string(key) {
			case "amount":
				bit, dst = 1, &p.Amount
			case "currency":
				bit, dst = 2, &p.Currency
			default:
				return !mayFold(key, amountFields) && sc.Skip()
			}
			if seen&bit != 0 {
				return false
			}
			seen |= bit
			var ok bool
			*dst, ok = scanString(sc)
			return ok
		})
		out = append(out, p)
		return ok
	})
	return out, ok
}
