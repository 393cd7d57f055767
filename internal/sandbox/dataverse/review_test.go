package dataverse

import (
	"net/url"
	"testing"
)

// A number literal that strconv.ParseFloat reads but big.Rat does not (NaN,
// Inf) is a bad $filter: 400, never a panic.
func TestFilterNonFiniteNumberIs400(t *testing.T) {
	e := start(t, 0, nil)
	for _, f := range []string{"versionnumber gt NaN", "versionnumber lt Inf", "versionnumber eq -infinity"} {
		expect(t, e.call(t, "GET", api+"systemusers?$filter="+url.PathEscape(f), ""), 400, "")
	}
}
