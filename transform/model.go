// Package transform holds steward's canonical model per data type and turns
// canonical records into the keyed writes each target may receive, limited to
// the fields the job owns there.
package transform

import (
	"fmt"
	"math/big"
	"strings"
)

// Decimal parses a decimal string (or JSON number text) exactly.
func Decimal(s string) (*big.Rat, error) {
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok {
		return nil, fmt.Errorf("%q is not a decimal number", s)
	}
	return r, nil
}

// SameAmount reports whether two decimal strings are the same number.
func SameAmount(a, b string) bool {
	x, err1 := Decimal(a)
	y, err2 := Decimal(b)
	return err1 == nil && err2 == nil && x.Cmp(y) == 0
}
