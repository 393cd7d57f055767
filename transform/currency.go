package transform

import (
	"fmt"
	"math/big"
	"strings"
)

// minorUnits lists the ISO 4217 currencies whose minor unit is not two
// decimals (ISO 4217 list one, 2024); every other code has two.
var minorUnits = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
	"RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

// Decimals returns the number of decimals of an ISO 4217 currency code.
func Decimals(currency string) (int, error) {
	if len(currency) != 3 || strings.ToUpper(currency) != currency || strings.IndexFunc(currency, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return 0, fmt.Errorf("currency %q is not an ISO 4217 code", currency)
	}
	if n, ok := minorUnits[currency]; ok {
		return n, nil
	}
	return 2, nil
}

// FormatAmount writes an exact decimal amount with at least the currency's
// decimals (180 EUR is "180.00", 180 JPY "180"), never rounding: digits past
// them are kept when they are not zero (12.345 EUR stays "12.345"). The scale
// of the input text is never trusted, since servers send 180.00 as 180.
func FormatAmount(amount, currency string) (string, error) {
	n, err := Decimals(currency)
	if err != nil {
		return "", err
	}
	r, err := Decimal(amount)
	if err != nil {
		return "", err
	}
	for scale := n; ; scale++ {
		s := r.FloatString(scale)
		back, _ := new(big.Rat).SetString(s)
		if back.Cmp(r) == 0 {
			return s, nil
		}
		if scale > 40 {
			return "", fmt.Errorf("amount %q is not a finite decimal", amount)
		}
	}
}
