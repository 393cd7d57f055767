package drafts

import (
	"math/big"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// unitSymbols maps metric unit codes to the symbols a text may use.
var unitSymbols = map[string]string{
	"KILOGRAM": "kg", "GRAM": "g", "MILLIGRAM": "mg", "TON": "t", "POUND": "lb",
	"METER": "m", "CENTIMETER": "cm", "MILLIMETER": "mm", "LITER": "l", "MILLILITER": "ml", "WATT": "W", "VOLT": "V",
}

// unit is a unit of measure a text may name: its dimension (the canonical
// unit's measurement family, in lower case for messages) and its size in the
// family's standard unit, exact (both from transform's unit table).
type unit struct {
	code, dim string
	size      *big.Rat
}

// units are the unit codes a metric fact may carry.
var units = map[string]unit{}

// unitWords maps the words a text may write a unit with to its code;
// looseUnitWords holds those that are everyday words too (feet, ton, m, l),
// which name a unit only right after a number.
var unitWords, looseUnitWords = map[string]string{}, map[string]bool{}

func init() {
	for _, u := range []struct{ code, words string }{
		{"MILLIGRAM", "mg milligram milligrams milligramm milligramme milligrammes"},
		{"GRAM", "g gr grams gram gramm gramme grammes grammi"},
		{"KILOGRAM", "kg kgs kilo kilos kilogram kilograms kilogramm kilogramme kilogrammes"},
		{"TON", "t ton tons tonne tonnes tonnen"},
		{"POUND", "lb lbs pound pounds"},
		{"OUNCE", "oz ounce ounces unze unzen"},
		{"MILLIMETER", "mm millimeter millimeters millimetre millimetres millimètre millimètres"},
		{"CENTIMETER", "cm centimeter centimeters centimetre centimetres centimètre centimètres zentimeter"},
		{"METER", "m meter meters metre metres mètre mètres"},
		{"KILOMETER", "km kilometer kilometers kilometre kilometres kilomètre kilomètres"},
		{"INCH", "inch inches zoll pouce pouces"},
		{"FOOT", "ft foot feet"},
		{"MILLILITER", "ml millilitre millilitres milliliter milliliters"},
		{"CENTILITER", "cl centilitre centilitres centiliter centiliters"},
		{"LITER", "l litre litres liter liters"},
		{"WATT", "w watt watts"},
		{"KILOWATT", "kw kilowatt kilowatts"},
		{"VOLT", "v volt volts"},
	} {
		m, ok := transform.UnitOf(u.code)
		if !ok {
			panic("drafts: unit " + u.code + " is not in the canonical unit table")
		}
		units[u.code] = unit{code: u.code, dim: strings.ToLower(m.Family), size: m.Size}
		for _, w := range strings.Fields(u.words) {
			unitWords[w] = u.code
			if len(w) <= 2 {
				looseUnitWords[w] = true
			}
		}
	}
	for _, w := range strings.Fields(`foot feet ton tons pouce pouces zoll`) {
		looseUnitWords[w] = true
	}
}

// currencyWords maps the words and symbols a text may write a currency with
// to its ISO 4217 code.
var currencyWords = map[string]string{
	"eur": "EUR", "euro": "EUR", "euros": "EUR", "€": "EUR",
	"usd": "USD", "dollar": "USD", "dollars": "USD", "$": "USD",
	"gbp": "GBP", "£": "GBP", "chf": "CHF", "franken": "CHF",
}

// percentWords are the words that make a number a percentage.
var percentWords = map[string]bool{"%": true, "percent": true, "prozent": true, "pourcent": true}

// decimal reads a number as written in a draft or a fact, exactly: with both
// separators the last one is the decimal separator; a single separator is a
// decimal one (0,4 and 0.4 alike); a repeated one groups thousands.
func decimal(s string) (*big.Rat, bool) {
	dot, comma := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case dot > 0 && comma > 0:
		i := max(strings.LastIndex(s, "."), strings.LastIndex(s, ","))
		s = strings.NewReplacer(".", "", ",", "").Replace(s[:i]) + "." + s[i+1:]
	case dot > 1:
		s = strings.ReplaceAll(s, ".", "")
	case comma > 1:
		s = strings.ReplaceAll(s, ",", "")
	default:
		s = strings.ReplaceAll(s, ",", ".")
	}
	if s == "" || strings.ContainsAny(s, "eE/+-") {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}
