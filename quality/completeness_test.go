package quality

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/transform"
)

// twoChannels is a PIM whose shirts require sku, name, description and
// image on ecommerce (en_US, de_DE) and sku and name on print (en_US).
func twoChannels() *PIMSchema {
	return &PIMSchema{
		Attributes: []string{"sku", "name", "description", "image", "color", "weight"},
		Locales:    []string{"de_DE", "en_US"}, Channels: []string{"ecommerce", "print"},
		Families: map[string]FamilySchema{"shirts": {
			Attributes: []string{"sku", "name", "description", "image", "color", "weight"},
			Required:   map[string][]string{"ecommerce": {"sku", "name", "description", "image"}, "print": {"sku", "name"}},
		}},
		ChannelLocales: map[string][]string{"ecommerce": {"en_US", "de_DE"}, "print": {"en_US"}},
	}
}

func checkOne(t *testing.T, rules string, pim *PIMSchema, p transform.Product) (ProductResult, Summary) {
	t.Helper()
	rs, err := ParseRules("r.yaml", []byte(rules))
	if err != nil {
		t.Fatal(err)
	}
	var got ProductResult
	sum, err := rs.Check(func(fn func(transform.Product) error) error { return fn(p) },
		&Context{Now: time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC), PIM: pim},
		func(_ transform.Product, res ProductResult) error { got = res; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return got, sum
}

func TestCompletenessPerChannelAndLocale(t *testing.T) {
	// sku is neither localizable nor scopable: it counts in every cell; name
	// is filled in en_US only, description on ecommerce in en_US only.
	p := product(txt("sku", "SKU-1"), at(txt("name", "Shirt"), "en_US", ""), at(txt("description", "Soft"), "en_US", "ecommerce"), opt("color", "red"))
	res, sum := checkOne(t, "version: 1\nrules:\n  - {id: complete, type: completeness}\n", twoChannels(), p)
	want := map[string][]string{"ecommerce/de_DE": {"name", "description", "image"}, "ecommerce/en_US": {"image"}, "print/en_US": nil}
	if len(res.Cells) != 3 {
		t.Fatalf("cells %+v", res.Cells)
	}
	for _, c := range res.Cells {
		name := c.Channel + "/" + c.Locale
		if !reflect.DeepEqual(c.Missing, want[name]) {
			t.Errorf("%s: missing %v, want %v", name, c.Missing, want[name])
		}
	}
	if res.Passing || len(res.Violations) != 2 {
		t.Fatalf("violations %+v", res.Violations)
	}
	v := res.Violations[0]
	if v.Channel != "ecommerce" || v.Locale != "de_DE" || v.Attribute != "name,description,image" || v.Axis != Enrichment ||
		v.Message != "3 of 4 required attributes missing on ecommerce/de_DE: name, description, image" {
		t.Errorf("violation %+v", v)
	}
	// Enrichment counts the non-required color and weight: one of two.
	if c := res.Cells[1]; c.Completeness != 75 || c.Enrichment != 50 || c.Consistency != 100 || c.Score != 87.5 || c.Grade != "B" {
		t.Errorf("ecommerce/en_US %+v", c)
	}
	if c := res.Cells[0]; c.Completeness != 25 || c.Score != 62.5 || c.Grade != "D" || c.Violations != 1 {
		t.Errorf("ecommerce/de_DE %+v", c)
	}
	if len(sum.Grades) != 3 || sum.Grades[2].Name() != "print/en_US" || sum.Grades[2].Complete != 1 || sum.Grades[0].Grades["D"] != 1 {
		t.Errorf("aggregates %+v", sum.Grades)
	}
}

// A variant as a PIM serves it holds the values it inherits from its model;
// one missing its own description but inheriting the model's is complete.
func TestVariantInheritingIsComplete(t *testing.T) {
	model := transform.Product{ID: "m1", Identifier: "shirt_model", Family: "shirts",
		Values: []transform.Value{at(txt("name", "Shirt"), "en_US", ""), at(txt("name", "Hemd"), "de_DE", ""),
			at(txt("description", "Soft"), "en_US", "ecommerce"), at(txt("description", "Weich"), "de_DE", "ecommerce")}}
	variant := product(txt("sku", "SKU-1"), transform.Value{Attribute: "image", Kind: transform.KindMedia, Text: "a/b/shirt.jpg"})
	variant.Parent = "shirt_model"
	rules := "version: 1\nrules:\n  - {id: complete, type: completeness}\n"
	if own, _ := checkOne(t, rules, twoChannels(), variant); own.Passing {
		t.Fatal("a variant without its model's values counts as complete")
	}
	res, sum := checkOne(t, rules, twoChannels(), variant.Inherit(model))
	if !res.Passing || len(res.Violations) != 0 {
		t.Errorf("the variant with its inherited values: %+v", res.Violations)
	}
	for _, g := range sum.Grades {
		if g.Complete != 1 || g.Grade != "A" {
			t.Errorf("%s: %+v", g.Name(), g)
		}
	}
}

func TestCompletenessScopeAndSeverity(t *testing.T) {
	p := product(txt("sku", "SKU-1"))
	rules := `version: 1
rules:
  - {id: print, type: completeness, channels: [print], severity: warning}
  - {id: other-family, type: completeness, families: [shoes]}
`
	res, sum := checkOne(t, rules, twoChannels(), p)
	if !res.Passing || len(res.Violations) != 1 || res.Violations[0].Channel != "print" || res.Violations[0].Severity != Warning {
		t.Errorf("violations %+v", res.Violations)
	}
	// Grades cover every channel and locale whatever the rules' scope.
	if len(res.Cells) != 3 || len(sum.Grades) != 3 {
		t.Errorf("cells %+v", res.Cells)
	}
}

func TestCompletenessAnyFamilyAndNoChannels(t *testing.T) {
	// A Pimcore class or Salsify organization: mandatory fields whatever the
	// family, no channels.
	pim := &PIMSchema{Locales: []string{"en_US", "de_DE"}, Families: map[string]FamilySchema{AnyFamily: {
		Attributes: []string{"sku", "name", "color"}, Required: map[string][]string{"": {"sku", "name"}}}}}
	p := product(txt("sku", "SKU-1"), at(txt("name", "Shirt"), "en_US", ""))
	res, _ := checkOne(t, "version: 1\nrules:\n  - {id: complete, type: completeness}\n", pim, p)
	if len(res.Violations) != 1 || res.Violations[0].Locale != "de_DE" || res.Violations[0].Attribute != "name" ||
		!strings.Contains(res.Violations[0].Message, "missing on de_DE: name") {
		t.Errorf("violations %+v", res.Violations)
	}
}

func TestCompletenessWithoutRequirementsIsNotEvaluated(t *testing.T) {
	res, sum := checkOne(t, "version: 1\nrules:\n  - {id: complete, type: completeness}\n", nil, product())
	if !res.Passing || len(res.Cells) != 0 || sum.Rules[0].NotEvaluated == "" || len(sum.Warnings) != 1 {
		t.Errorf("result %+v summary %+v", res, sum)
	}
}

func TestCellGrades(t *testing.T) {
	for _, tc := range []struct {
		completeness, consistency float64
		grade                     string
	}{{100, 100, "A"}, {100.0 * 5 / 6, 100, "A"}, {75, 100, "B"}, {100.0 * 4 / 6, 75, "C"}, {50, 75, "D"}, {100.0 * 4 / 6, 50, "E"}} {
		g := grader{cells: []CellResult{{Completeness: tc.completeness}}, slots: []slot{{}}, checked: []int{4}, passed: []int{int(tc.consistency / 25)}}
		if got := g.results()[0]; got.Grade != tc.grade {
			t.Errorf("completeness %.1f, consistency %.0f: grade %s (score %.1f), want %s", tc.completeness, tc.consistency, got.Grade, got.Score, tc.grade)
		}
	}
}
