package quality

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// measure is an Akeneo measurement unit: its measurement family and its size
// in the family's standard unit, exact.
type measure struct {
	family string
	size   *big.Rat
}

// measures are the unit codes magnitude and range comparisons can convert.
var measures = map[string]measure{}

// standardUnits are the units each measurement family is compared in by
// default, as Akeneo defines them.
var standardUnits = map[string]string{"Weight": "KILOGRAM", "Length": "METER", "Volume": "CUBIC_METER", "Power": "WATT", "Voltage": "VOLT"}

func init() {
	for family, list := range map[string]string{
		"Weight":  "MICROGRAM=1/1000000000 MILLIGRAM=1/1000000 GRAM=1/1000 KILOGRAM=1 TON=1000 POUND=45359237/100000000 OUNCE=28349523125/1000000000000",
		"Length":  "MILLIMETER=1/1000 CENTIMETER=1/100 DECIMETER=1/10 METER=1 KILOMETER=1000 INCH=254/10000 FOOT=3048/10000 YARD=9144/10000",
		"Volume":  "MILLILITER=1/1000 CENTILITER=1/100 DECILITER=1/10 LITER=1 CUBIC_CENTIMETER=1/1000 CUBIC_DECIMETER=1 CUBIC_METER=1000",
		"Power":   "MILLIWATT=1/1000 WATT=1 KILOWATT=1000 MEGAWATT=1000000",
		"Voltage": "MILLIVOLT=1/1000 VOLT=1 KILOVOLT=1000",
	} {
		for _, kv := range strings.Fields(list) {
			code, size, _ := strings.Cut(kv, "=")
			r, _ := new(big.Rat).SetString(size)
			measures[code] = measure{family: family, size: r}
		}
	}
}

// convert converts an amount between two units of one measurement family.
func convert(amount *big.Rat, from, to string) (*big.Rat, error) {
	if from == to {
		// A unit outside the table still compares with itself.
		return amount, nil
	}
	a, okA := measures[from]
	b, okB := measures[to]
	switch {
	case !okA:
		return nil, fmt.Errorf("unit %q cannot be converted to %s", from, to)
	case !okB || a.family != b.family:
		return nil, fmt.Errorf("unit %q cannot be converted to %s (another measurement family)", from, to)
	}
	out := new(big.Rat).Mul(amount, a.size)
	return out.Quo(out, b.size), nil
}

// amountOf reads a decimal exactly from a JSON string or number. Only plain
// decimals are numbers: "15,000", "1/3" or "NaN" are not.
func amountOf(raw json.RawMessage) (*big.Rat, bool) {
	s := strings.TrimSpace(string(raw))
	var str string
	if json.Unmarshal(raw, &str) == nil {
		s = strings.TrimSpace(str)
	}
	if s == "" || strings.ContainsAny(s, "/,_ ") {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// ratOf turns a bound from a rules file into the decimal it was written as
// (0.1 is 1/10, not the float nearest to it).
func ratOf(f float64) *big.Rat {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	return r
}

// decimalText renders an exact amount as a short decimal.
func decimalText(r *big.Rat) string {
	s := r.FloatString(9)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}
