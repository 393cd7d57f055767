package transform

import (
	"math/big"
	"testing"
)

// TestConvert: conversions are exact within a family, refused across families
// and for unknown units, and a unit always converts to itself.
func TestConvert(t *testing.T) {
	rat := func(s string) *big.Rat { r, _ := new(big.Rat).SetString(s); return r }
	for _, c := range []struct{ amount, from, to, want string }{
		{"25000", "GRAM", "KILOGRAM", "25"},
		{"1", "POUND", "GRAM", "453.59237"},
		{"1", "LITER", "MILLILITER", "1000"},
		{"1", "CUBIC_METER", "LITER", "1000"},
		{"50", "HERTZ", "HERTZ", "50"},
	} {
		got, err := Convert(rat(c.amount), c.from, c.to)
		if err != nil || got.Cmp(rat(c.want)) != 0 {
			t.Errorf("%s %s in %s: %v, %v; want %s", c.amount, c.from, c.to, got, err, c.want)
		}
	}
	for _, c := range [][2]string{{"GRAM", "METER"}, {"FURLONG", "METER"}, {"GRAM", "HERTZ"}} {
		if _, err := Convert(rat("1"), c[0], c[1]); err == nil {
			t.Errorf("%s to %s converted", c[0], c[1])
		}
	}
	if StandardUnit("Weight") != "KILOGRAM" || StandardUnit("Colour") != "" {
		t.Error("standard units")
	}
}
