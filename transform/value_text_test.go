package transform

import "testing"

func TestValueStringAndSame(t *testing.T) {
	yes := true
	for _, c := range []struct {
		v    Value
		want string
	}{
		{Value{Kind: KindText, Text: " a "}, " a "},
		{Value{Kind: KindMetric, Number: "0.250", Unit: "KILOGRAM"}, "0.250 KILOGRAM"},
		{Value{Kind: KindPrices, Amounts: []PriceValue{{"12.50", "EUR"}, {"13", "USD"}}}, "12.50 EUR, 13 USD"},
		{Value{Kind: KindOptions, Options: []string{"a", "b"}}, "a, b"},
		{Value{Kind: KindBoolean, Bool: &yes}, "true"},
		{Value{Kind: KindNumber, Number: "1e3"}, "1e3"},
	} {
		if got := c.v.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		a, b Value
		same bool
	}{
		{Value{Kind: KindText, Text: "red"}, Value{Kind: KindOption, Text: "red"}, true},
		{Value{Kind: KindText, Text: "red"}, Value{Kind: KindOption, Text: "Red"}, false},
		{Value{Kind: KindMetric, Number: "0.25", Unit: "KILOGRAM"}, Value{Kind: KindMetric, Number: "0.250", Unit: "KILOGRAM"}, true},
		{Value{Kind: KindMetric, Number: "0.25", Unit: "KILOGRAM"}, Value{Kind: KindMetric, Number: "0.25", Unit: "KILOGRAMS"}, false},
		{Value{Kind: KindPrices, Amounts: []PriceValue{{"1.0", "EUR"}, {"2", "USD"}}}, Value{Kind: KindPrices, Amounts: []PriceValue{{"2.00", "USD"}, {"1", "EUR"}}}, true},
		{Value{Kind: KindPrices, Amounts: []PriceValue{{"1.0", "EUR"}}}, Value{Kind: KindPrices, Amounts: []PriceValue{{"1.01", "EUR"}}}, false},
		{Value{Kind: KindNumber, Number: "1"}, Value{Kind: KindText, Text: "1"}, false},
		{Value{Kind: KindOptions, Options: []string{"a", "b"}}, Value{Kind: KindOptions, Options: []string{"a", "b"}}, true},
	} {
		if Same(c.a, c.b) != c.same || Same(c.b, c.a) != c.same {
			t.Errorf("Same(%+v, %+v) != %v", c.a, c.b, c.same)
		}
	}
}
