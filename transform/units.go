package transform

import (
	"fmt"
	"math/big"
	"strings"
)

// Unit is a measurement unit of the canonical model's metric values (the
// Akeneo unit codes): its measurement family and its size in the family's
// standard unit, exact.
type Unit struct {
	Code, Family string
	Size         *big.Rat
}

// units are the unit codes amounts can be converted between.
var units = map[string]Unit{}

// standardUnits are the units each measurement family is compared in by
// default, as Akeneo defines them.
var standardUnits = map[string]string{"Weight": "KILOGRAM", "Length": "METER", "Volume": "CUBIC_METER", "Power": "WATT", "Voltage": "VOLT"}

func init() {
	for family, list := range map[string]string{
		"Weight":  "MICROGRAM=1/1000000000 MILLIGRAM=1/1000000 GRAM=1/1000 KILOGRAM=1 TON=1000 POUND=45359237/100000000 OUNCE=28349523125/1000000000000",
		"Length":  "MILLIMETER=1/1000 CENTIMETER=1/100 DECIMETER=1/10 METER=1 KILOMETER=1000 INCH=254/10000 FOOT=3048/10000 YARD=9144/10000",
		"Volume":  "MILLILITER=1/1000000 CENTILITER=1/100000 DECILITER=1/10000 LITER=1/1000 CUBIC_CENTIMETER=1/1000000 CUBIC_DECIMETER=1/1000 CUBIC_METER=1",
		"Power":   "MILLIWATT=1/1000 WATT=1 KILOWATT=1000 MEGAWATT=1000000",
		"Voltage": "MILLIVOLT=1/1000 VOLT=1 KILOVOLT=1000",
	} {
		for _, kv := range strings.Fields(list) {
			code, size, _ := strings.Cut(kv, "=")
			r, _ := new(big.Rat).SetString(size)
			units[code] = Unit{Code: code, Family: family, Size: r}
		}
	}
}

// UnitOf returns the unit with the code, and whether it is known.
func UnitOf(code string) (Unit, bool) {
	u, ok := units[code]
	return u, ok
}

// StandardUnit returns the code of a measurement family's standard unit ("" for
// an unknown family).
func StandardUnit(family string) string { return standardUnits[family] }

// Convert converts an amount between two units of one measurement family,
// exactly. A unit always converts to itself, known or not.
func Convert(amount *big.Rat, from, to string) (*big.Rat, error) {
	if from == to {
		return amount, nil
	}
	a, okA := units[from]
	b, okB := units[to]
	switch {
	case !okA:
		return nil, fmt.Errorf("unit %q cannot be converted to %s", from, to)
	case !okB || a.Family != b.Family:
		return nil, fmt.Errorf("unit %q cannot be converted to %s (another measurement family)", from, to)
	}
	out := new(big.Rat).Mul(amount, a.Size)
	return out.Quo(out, b.Size), nil
}
