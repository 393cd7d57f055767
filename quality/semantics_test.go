package quality

import (
	"math/big"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/stewardhq/steward/transform"
)

// only runs one rule over one product and returns its single violation, or nil.
func only(t *testing.T, r Rule, p transform.Product, c *Context) *Violation {
	t.Helper()
	r.ID, r.Severity = firstNonEmpty(r.ID, "r"), Error
	if c == nil {
		c = &Context{}
	}
	var v *Violation
	for _, o := range r.check(&p, c) {
		if o.violation != nil {
			v = o.violation
		}
	}
	return v
}

// corrected renders a violation's fix value ("" without a fix).
func corrected(v *Violation) string {
	if v == nil || v.Fix == nil {
		return ""
	}
	c, err := v.Fix.Corrected()
	if err != nil {
		return "undecodable fix " + string(v.Fix.Value)
	}
	return c.String()
}

// TestWhitespaceOnlyIsEmpty (issue 6 item 21): a description of spaces is
// missing, and its violation carries an empty value so a draft is proposed.
func TestWhitespaceOnlyIsEmpty(t *testing.T) {
	req := Rule{Type: TypeRequired, Attribute: "description", Locales: []string{"en_US"}, Channels: []string{"ecommerce"}}
	for _, blank := range []string{"   ", "\t\n", "\u00a0\u2003"} {
		v := only(t, req, product(at(txt("description", blank), "en_US", "ecommerce")), nil)
		if v == nil || v.Value != "" || !strings.Contains(v.Message, "missing") {
			t.Errorf("description %s: %+v", blank, v)
		}
	}
	if v := only(t, req, product(at(txt("description", " x "), "en_US", "ecommerce")), nil); v != nil {
		t.Errorf("a filled description failed: %+v", v)
	}
}

// TestUnicodeWhitespace (issue 6 item 22): the stray-whitespace rule and the
// trim fix share Unicode's definition; trim keeps inner whitespace; case does
// not trim.
func TestUnicodeWhitespace(t *testing.T) {
	pat := Rule{Type: TypePattern, Attribute: "name", Pattern: `^\S(.*\S)?$`, Fix: "trim"}
	for name, want := range map[string]string{
		"Foo\u00a0":   "Foo",
		"Foo\u2003":   "Foo",
		"Foo\v":       "Foo",
		"\u3000Foo":   "Foo",
		"Foo  Bar ":   "Foo  Bar",
		" Foo\u00a0 ": "Foo",
	} {
		v := only(t, pat, product(txt("name", name)), nil)
		if v == nil || v.Fix == nil || corrected(v) != want {
			t.Errorf("name %q: violation %+v, want fix %s", name, v, want)
		}
	}
	for _, ok := range []string{"Foo", "Foo\u00a0Bar", "Foo  Bar"} {
		if v := only(t, pat, product(txt("name", ok)), nil); v != nil {
			t.Errorf("name %q flagged: %s", ok, v.Message)
		}
	}
	cls := Rule{Type: TypePattern, Attribute: "name", Pattern: `^[^\s]+$`}
	if v := only(t, cls, product(txt("name", "a\u2003b")), nil); v == nil {
		t.Error(`[^\s] let U+2003 through`)
	}
	optRule := Rule{Type: TypeOptions, Attribute: "color", Options: []string{"red"}, Fix: "case"}
	if v := only(t, optRule, product(opt("color", " Red")), nil); v == nil || v.Fix != nil {
		t.Errorf("case fix trimmed: %+v", v)
	}
	if v := only(t, optRule, product(opt("color", "Red")), nil); v == nil || v.Fix == nil || corrected(v) != "red" {
		t.Errorf("case fix lost: %+v", v)
	}
}

func weight(amount, unit string) transform.Product {
	return product(metricValue("weight", amount, unit))
}

// TestMagnitudeAndRangeConvertUnits (issue 6 item 23).
func TestMagnitudeAndRangeConvertUnits(t *testing.T) {
	unit := Rule{Type: TypeUnit, Attribute: "weight", Units: []string{"KILOGRAM", "GRAM"}, Fix: "unit",
		Spellings: map[string]string{"KILOGRAMS": "KILOGRAM", "GRAMS": "GRAM"},
		Magnitude: map[string][2]float64{"shirts": {0.1, 1.5}, "furniture": {2, 150}}}
	cases := []struct {
		family, amount, unit, msg, fix string
	}{
		{"furniture", "500", "GRAM", "implausible for family furniture", ""},
		{"shirts", "15000", "GRAM", "implausible for family shirts", ""},
		{"shirts", "15,000", "GRAM", "not a number", ""},
		{"shirts", "500", "GRAM", "", ""},
		{"shirts", "0.1", "KILOGRAM", "", ""},
		{"shirts", "1.5", "KILOGRAM", "", ""},
		{"furniture", "2000", "GRAM", "", ""},
		{"shirts", "0.5", "KILOGRAMS", `unit "KILOGRAMS" is not allowed`, "0.5 KILOGRAM"},
		{"shirts", "500", "KILOGRAMS", "implausible", ""},
		{"shirts", "500", "GRAMS", `unit "GRAMS" is not allowed`, "500 GRAM"},
	}
	for _, c := range cases {
		p := weight(c.amount, c.unit)
		p.Family = c.family
		v := only(t, unit, p, nil)
		switch {
		case c.msg == "" && v != nil:
			t.Errorf("%s %s %s: %s", c.family, c.amount, c.unit, v.Message)
		case c.msg != "" && (v == nil || !strings.Contains(v.Message, c.msg)):
			t.Errorf("%s %s %s: %+v, want %q", c.family, c.amount, c.unit, v, c.msg)
		case v != nil && c.fix == "" && v.Fix != nil:
			t.Errorf("%s %s %s: an implausible fix %s was proposed", c.family, c.amount, c.unit, v.Fix.Value)
		case c.fix != "" && (v.Fix == nil || corrected(v) != c.fix):
			t.Errorf("%s %s %s: fix %+v, want %s", c.family, c.amount, c.unit, v.Fix, c.fix)
		}
	}
	rng := Rule{Type: TypeRange, Attribute: "weight", Min: f(0.001), Max: f(20000)}
	for _, c := range []struct{ amount, unit, msg string }{
		{"25000", "GRAM", ""},
		{"20000", "KILOGRAM", ""},
		{"20001", "KILOGRAM", "outside"},
		{"25000000", "GRAM", "outside"},
		{"0.5", "GRAM", "outside"},
		{"1", "GRAM", ""},
		// A unit the conversion table does not know is read in its own unit
		// when the rule names none.
		{"50", "HERTZ", ""},
		{"30000", "HERTZ", "outside"},
	} {
		v := only(t, rng, weight(c.amount, c.unit), nil)
		if (c.msg == "") != (v == nil) || (v != nil && !strings.Contains(v.Message, c.msg)) {
			t.Errorf("range %s %s: %+v, want %q", c.amount, c.unit, v, c.msg)
		}
	}
	if v := only(t, Rule{Type: TypeRange, Attribute: "weight", Max: f(20), Unit: "KILOGRAM"}, weight("1", "FURLONG"), nil); v == nil ||
		!strings.Contains(v.Message, "cannot be converted") {
		t.Errorf("1 FURLONG against a range in KILOGRAM: %+v, want cannot be converted", v)
	}
	inG := Rule{Type: TypeRange, Attribute: "weight", Max: f(1000), Unit: "GRAM"}
	if v := only(t, inG, weight("2", "KILOGRAM"), nil); v == nil {
		t.Error("2 kg passed a range of at most 1000 g")
	}
}

// TestCrossSystemExactDecimals (issue 6 item 24).
func TestCrossSystemExactDecimals(t *testing.T) {
	rule := Rule{Type: TypeCrossSystem, Attribute: "price", Source: "prices", Currency: "EUR", Tolerance: 0.005}
	erps := []string{"0.10", "1.10", "12.50", "99.99", "180.00", "1234.56"}
	for _, erp := range erps {
		pim := new(big.Rat).Add(rat(erp), rat("0.005")).FloatString(3)
		c := &Context{ERP: map[string]transform.Price{"SKU-1": {SKU: "SKU-1", Amount: erp, Currency: "EUR"}}}
		for _, amount := range []string{pim, pim + "0"} {
			p := product(priceValue("price", amount, "EUR"))
			if v := only(t, rule, p, c); v != nil {
				t.Errorf("ERP %s, PIM %s (tolerance 0.005): %s", erp, amount, v.Message)
			}
		}
		over := new(big.Rat).Add(rat(erp), rat("0.0051")).FloatString(4)
		p := product(priceValue("price", over, "EUR"))
		if v := only(t, rule, p, c); v == nil {
			t.Errorf("ERP %s, PIM %s passed", erp, over)
		}
	}
	c := &Context{ERP: map[string]transform.Price{"SKU-1": {SKU: "SKU-1", Amount: "12.50", Currency: "EUR"}}}
	if v := only(t, rule, product(), c); v == nil || !strings.Contains(v.Message, "no EUR price in the PIM") {
		t.Errorf("a product with an ERP price and no PIM price: %+v", v)
	}
}

// TestCrossSystemNotEvaluated (issue 6 item 24): with no ERP prices staged
// the rule is reported not evaluated, never silently passing.
func TestCrossSystemNotEvaluated(t *testing.T) {
	rs, err := ParseRules("r.yaml", []byte("version: 1\nrules:\n  - {id: price, type: cross_system, attribute: price, source: prices, currency: EUR}\n"))
	if err != nil {
		t.Fatal(err)
	}
	each := func(fn func(transform.Product) error) error { return fn(product()) }
	sum, err := rs.Check(each, &Context{}, func(transform.Product, ProductResult) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Rules) != 1 || !strings.Contains(sum.Rules[0].NotEvaluated, "no ERP prices") {
		t.Errorf("rules %+v", sum.Rules)
	}
	sum, _ = rs.Check(each, &Context{ERP: map[string]transform.Price{"SKU-1": {Amount: "1.00", Currency: "EUR"}}}, func(transform.Product, ProductResult) error { return nil })
	if sum.Rules[0].NotEvaluated != "" || sum.Rules[0].Violations != 1 {
		t.Errorf("with ERP prices: %+v", sum.Rules)
	}
}

func rat(s string) *big.Rat {
	r, _ := new(big.Rat).SetString(s)
	return r
}

// TestPatternSpaceIsUnicodeSpace: \s in a rule's pattern matches exactly the
// runes the trim fix trims.
func TestPatternSpaceIsUnicodeSpace(t *testing.T) {
	in, out := regexp.MustCompile(unicodeSpaces(`^\s$`)), regexp.MustCompile(unicodeSpaces(`^\S$`))
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := string(r)
		if in.MatchString(s) != unicode.IsSpace(r) || out.MatchString(s) == unicode.IsSpace(r) {
			t.Fatalf("U+%04X: \\s %v, \\S %v, unicode.IsSpace %v", r, in.MatchString(s), out.MatchString(s), unicode.IsSpace(r))
		}
	}
	for p, want := range map[string]string{`[\s]`: `[` + spaceClass + `]`, `[^\s]`: `[^` + spaceClass + `]`, `\Q\s\E`: `\Q\s\E`, `[[:space:]\s]`: `[[:space:]` + spaceClass + `]`, `a\.b`: `a\.b`} {
		if got := unicodeSpaces(p); got != want {
			t.Errorf("unicodeSpaces(%s) = %s, want %s", p, got, want)
		}
	}
}

// TestRangeUnitIsChecked: a range's unit must be one it can convert to.
func TestRangeUnitIsChecked(t *testing.T) {
	_, err := ParseRules("r.yaml", []byte("version: 1\nrules:\n  - {id: w, type: range, attribute: weight, max: 5, unit: FURLONG}\n"))
	if err == nil || !strings.Contains(err.Error(), `rules[0].unit: unit "FURLONG"`) {
		t.Errorf("error %v", err)
	}
	if _, err := ParseRules("r.yaml", []byte("version: 1\nrules:\n  - {id: w, type: range, attribute: weight, max: 5, unit: GRAM}\n")); err != nil {
		t.Error(err)
	}
}
