package akeneo

import (
	"fmt"
	"regexp"
	"slices"
)

// The checks the PIM makes on a write beyond a value's type, with the
// messages Akeneo gives: a value's locale and scope against the attribute and
// the PIM's locales and channels (AttributeValidatorHelper), unique values,
// metric units and decimal amounts, category codes. Values planted with Plant
// bypass them, as data that entered the PIM some other way.

// metricUnits are the unit codes of each metric family (Akeneo's standard
// Weight family).
var metricUnits = map[string][]string{
	"Weight": {"MICROGRAM", "MILLIGRAM", "GRAM", "KILOGRAM", "TON", "GRAIN", "DENIER", "ONCE", "MARK", "LIVRE", "OUNCE", "POUND"},
}

// decimalText is an amount sent as text: digits with an optional sign and
// fraction; NaN, Inf, hexadecimal and exponents are not amounts.
var decimalText = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// notANumber is the PIM's message for an amount that is not a number.
const notANumber = "This value should be a valid number."

// categoryError is the line result for an unknown category code: a message
// and a documentation link, no errors[] (the updater refuses it before
// validation).
func categoryError(code string) *lineResult {
	return &lineResult{StatusCode: 422,
		Message: fmt.Sprintf(`Property "categories" expects a valid category code. The category does not exist, %q given. Check the expected format on the API documentation.`, code),
		Links:   map[string]any{"documentation": map[string]string{"href": "http://api.akeneo.com/api-reference.html#patch_products_uuid__uuid"}}}
}

// checkContext checks a value's locale and scope against the attribute and
// the PIM's enabled locales and channels; "" when they fit.
func (sc *schema) checkContext(a attribute, locale, scope *string) string {
	switch {
	case a.Localizable && locale == nil:
		return fmt.Sprintf(`Attribute %q expects a locale, none given.`, a.Code)
	case !a.Localizable && locale != nil:
		return fmt.Sprintf(`Attribute %q does not expect a locale, %q given.`, a.Code, *locale)
	case a.Localizable && !sc.localeEnabled(*locale):
		return fmt.Sprintf(`Attribute %q expects an existing and activated locale, %q given.`, a.Code, *locale)
	case a.Scopable && scope == nil:
		return fmt.Sprintf(`Attribute %q expects a scope, none given.`, a.Code)
	case !a.Scopable && scope != nil:
		return fmt.Sprintf(`Attribute %q does not expect a scope, %q given.`, a.Code, *scope)
	case a.Scopable && !sc.channelExists(*scope):
		return fmt.Sprintf(`Attribute %q expects an existing scope, %q given.`, a.Code, *scope)
	}
	return ""
}

// checkAmount checks an amount: "" for a JSON number or decimal text.
func (a attribute) checkAmount(amount any, structure string) string {
	switch x := amount.(type) {
	case float64:
		return ""
	case string:
		if decimalText.MatchString(x) {
			return ""
		}
		return notANumber
	}
	return structure
}

// checkMetric checks a metric value's amount and its unit against the
// attribute's metric family.
func (a attribute) checkMetric(data any) string {
	m, ok := data.(map[string]any)
	if !ok {
		return "Property \"" + a.Code + "\" expects an array with the key \"amount\"."
	}
	if msg := a.checkAmount(m["amount"], "Property \""+a.Code+"\" expects an array with the key \"amount\"."); msg != "" {
		return msg
	}
	unit, ok := m["unit"].(string)
	if !ok {
		return "Property \"" + a.Code + "\" expects an array with the key \"unit\"."
	}
	if !slices.Contains(metricUnits[a.MetricFamily], unit) {
		return "Please specify a valid metric unit"
	}
	return ""
}

// checkUnique checks the identifier and the unique values product i would
// hold after a line writing values: no other product may hold them. The
// caller holds s.mu.
func (s *Server) checkUnique(i int, p *product, written map[string][]value, created bool) []fieldError {
	var errs []fieldError
	if _, ok := written["sku"]; ok || created {
		if j, ok := s.indexOfIdentifier(identifierIn(p.Values)); ok && j != i {
			errs = append(errs, fieldError{Property: "identifier", Message: "The same identifier is already set on another product"})
		}
	}
	for code, vs := range written {
		if a, ok := s.sch.attribute(code); !ok || !a.Unique || code == "sku" {
			continue
		}
		for _, v := range vs {
			if v.Data != nil && s.heldElsewhere(i, code, v.Data) {
				errs = append(errs, fieldError{Property: "values", Attribute: code, Locale: v.Locale, Scope: v.Scope,
					Message: fmt.Sprintf("The value %v is already set on another product for the unique attribute %s", v.Data, code)})
			}
		}
	}
	return errs
}

// heldElsewhere reports whether a product other than i holds data in attr;
// the caller holds s.mu.
func (s *Server) heldElsewhere(i int, attr string, data any) bool {
	want := fmt.Sprint(data)
	for j := range s.total {
		if j == i {
			continue
		}
		for _, v := range s.get(j).Values[attr] {
			if v.Data != nil && fmt.Sprint(v.Data) == want {
				return true
			}
		}
	}
	return false
}
