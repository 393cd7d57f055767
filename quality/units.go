package quality

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// amountOf reads a decimal exactly from its text. Only plain decimals are
// numbers: "15,000", "1/3" or "NaN" are not.
func amountOf(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
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

// unitFamily is the measurement family of a unit code ("" when unknown).
func unitFamily(code string) string {
	u, _ := transform.UnitOf(code)
	return u.Family
}
