package quality

import (
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/transform"
)

func product(values ...transform.Value) transform.Product {
	return transform.Product{ID: "u1", Identifier: "SKU-1", Family: "shirts", Updated: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), Values: values}
}

// txt is a text value of attribute in no locale and no channel.
func txt(attribute, text string) transform.Value {
	return transform.Value{Attribute: attribute, Kind: transform.KindText, Text: text}
}

// opt is an option value.
func opt(attribute, code string) transform.Value {
	return transform.Value{Attribute: attribute, Kind: transform.KindOption, Text: code}
}

// at puts v in locale and channel.
func at(v transform.Value, locale, channel string) transform.Value {
	v.Locale, v.Channel = locale, channel
	return v
}

// metricValue is a metric value of attribute.
func metricValue(attribute, amount, unit string) transform.Value {
	return transform.Value{Attribute: attribute, Kind: transform.KindMetric, Number: amount, Unit: unit}
}

// priceValue is a price collection of one price.
func priceValue(attribute, amount, currency string) transform.Value {
	return transform.Value{Attribute: attribute, Kind: transform.KindPrices, Amounts: []transform.PriceValue{{Amount: amount, Currency: currency}}}
}

func f(v float64) *float64 { return &v }

func TestRuleTypes(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ctx := &Context{Now: now, ERP: map[string]transform.Price{"SKU-1": {SKU: "SKU-1", Amount: "12.50", Currency: "EUR"}},
		Seen: map[string]map[string]int{"uniq": {"4006381333931": 2}}}
	cases := []struct {
		name   string
		rule   Rule
		values []transform.Value
		msg    string // "" passes
		fix    string // the fix value, "" for none
	}{
		{"required ok", Rule{Type: TypeRequired, Attribute: "description", Locales: []string{"en_US"}, Channels: []string{"ecommerce"}},
			[]transform.Value{at(txt("description", "x"), "en_US", "ecommerce")}, "", ""},
		{"required other locale", Rule{Type: TypeRequired, Attribute: "description", Locales: []string{"de_DE"}, Channels: []string{"ecommerce"}},
			[]transform.Value{at(txt("description", "x"), "en_US", "ecommerce")}, "description is missing for ecommerce/de_DE", ""},
		{"required empty", Rule{Type: TypeRequired, Attribute: "description"}, []transform.Value{txt("description", "")}, "description is missing", ""},
		{"length short", Rule{Type: TypeLength, Attribute: "name", Min: f(3)}, []transform.Value{txt("name", "ab")}, "fewer than 3", ""},
		{"length ok", Rule{Type: TypeLength, Attribute: "name", Min: f(3), Max: f(5)}, []transform.Value{txt("name", "abcd")}, "", ""},
		{"length absent is not checked", Rule{Type: TypeLength, Attribute: "name", Min: f(3)}, nil, "", ""},
		{"pattern trim", Rule{Type: TypePattern, Attribute: "name", Pattern: `^\S(.*\S)?$`, Fix: "trim"}, []transform.Value{txt("name", "  Red  Shirt ")}, "does not match", `{"attribute":"name","kind":"text","text":"Red  Shirt"}`},
		{"options case", Rule{Type: TypeOptions, Attribute: "color", Options: []string{"red", "blue"}, Fix: "case"}, []transform.Value{opt("color", "Red")}, `option "Red" of color does not exist`, `{"attribute":"color","kind":"option","text":"red"}`},
		{"options unknown", Rule{Type: TypeOptions, Attribute: "color", Options: []string{"red"}, Fix: "case"}, []transform.Value{opt("color", "teal")}, "does not exist", ""},
		{"range", Rule{Type: TypeRange, Attribute: "weight", Max: f(10)}, []transform.Value{metricValue("weight", "12.5", "KILOGRAM")}, "outside (−∞, 10]", ""},
		{"unit spelling", Rule{Type: TypeUnit, Attribute: "weight", Units: []string{"KILOGRAM"}, Spellings: map[string]string{"KILOGRAMS": "KILOGRAM"}, Fix: "unit"},
			[]transform.Value{metricValue("weight", "1.5", "KILOGRAMS")}, `unit "KILOGRAMS" is not allowed`, `{"attribute":"weight","kind":"metric","number":"1.5","unit":"KILOGRAM"}`},
		{"unit magnitude", Rule{Type: TypeUnit, Attribute: "weight", Units: []string{"KILOGRAM"}, Magnitude: map[string][2]float64{"shirts": {0.1, 1.5}}},
			[]transform.Value{metricValue("weight", "150", "KILOGRAM")}, "implausible for family shirts", ""},
		{"gtin ok", Rule{Type: TypeGTIN, Attribute: "ean"}, []transform.Value{txt("ean", "4006381333931")}, "", ""},
		{"gtin bad digit", Rule{Type: TypeGTIN, Attribute: "ean"}, []transform.Value{txt("ean", "4006381333932")}, "not a valid GTIN", ""},
		{"unique", Rule{ID: "uniq", Type: TypeUnique, Attribute: "ean"}, []transform.Value{txt("ean", "4006381333931")}, "shared by 2 products", ""},
		{"cross-system equal", Rule{Type: TypeCrossSystem, Attribute: "price", Source: "prices", Currency: "EUR", Tolerance: 0.005},
			[]transform.Value{priceValue("price", "12.5", "EUR")}, "", ""},
		{"cross-system differs", Rule{Type: TypeCrossSystem, Attribute: "price", Source: "prices", Currency: "EUR", Tolerance: 0.005},
			[]transform.Value{priceValue("price", "11.00", "EUR")}, "differs from the ERP price 12.50 EUR", ""},
		{"freshness", Rule{Type: TypeFreshness, MaxAge: config.Duration(24 * time.Hour)}, nil, "not updated for more than 24h0m0s", ""},
		{"media", Rule{Type: TypeMedia, Attribute: "image"}, nil, "image is missing", ""},
		{"family scope", Rule{Type: TypeMedia, Attribute: "image", Families: []string{"shoes"}}, nil, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.rule.ID = firstNonEmpty(c.rule.ID, "r")
			c.rule.Severity = Error
			p := product(c.values...)
			outs := c.rule.check(&p, ctx)
			var v *Violation
			for _, o := range outs {
				if o.violation != nil {
					v = o.violation
				}
			}
			switch {
			case c.msg == "" && v != nil:
				t.Fatalf("want pass, got %q", v.Message)
			case c.msg != "" && (v == nil || !strings.Contains(v.Message, c.msg)):
				t.Fatalf("want %q, got %+v", c.msg, v)
			case c.fix != "" && (v.Fix == nil || string(v.Fix.Value) != c.fix):
				t.Fatalf("want fix %s, got %+v", c.fix, v.Fix)
			case c.fix == "" && v != nil && v.Fix != nil:
				t.Fatalf("unexpected fix %s", v.Fix.Value)
			}
		})
	}
}

func TestBadRulesFile(t *testing.T) {
	_, err := ParseRules("rules.yaml", []byte("version: 1\nrules:\n  - id: a\n    type: requird\n  - id: a\n    type: pattern\n    attribute: name\n    pattern: '(('\n    colour: x\n"))
	for _, want := range []string{
		`rules.yaml:4:5: rules[0].type: unknown rule type "requird"`,
		`rules.yaml:5:5: rules[1].id: rule id "a" is used twice`,
		`rules.yaml:8:5: rules[1].pattern: pattern "((" does not compile`,
		`rules.yaml:9:5: rules[1].colour: unknown key "colour"`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
}

func TestScoresAndGrades(t *testing.T) {
	rs, err := ParseRules("r.yaml", []byte(`version: 1
rules:
  - {id: desc, type: required, attribute: description, locales: [en_US], channels: [ecommerce]}
  - {id: color, type: options, attribute: color, options: [red], fix: case}
  - {id: img, type: media, attribute: image, severity: warning}
`))
	if err != nil {
		t.Fatal(err)
	}
	desc := at(txt("description", "x"), "en_US", "ecommerce")
	products := []transform.Product{
		product(desc, opt("color", "red")),
		product(opt("color", "Red")),
		product(desc),
		product(desc, opt("color", "red"), transform.Value{Attribute: "image", Kind: transform.KindMedia, Text: "a.jpg"}),
	}
	var results []ProductResult
	sum, err := rs.Check(func(fn func(transform.Product) error) error {
		for _, p := range products {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	}, &Context{}, func(_ transform.Product, r ProductResult) error { results = append(results, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Checked != 4 || sum.Passing != 3 || sum.Score != 75 || sum.Grade != "C" {
		t.Errorf("summary %+v", sum)
	}
	// Product 2 fails desc (enrichment 0 of 2 with the media warning) and color (consistency 0 of 1).
	if r := results[1]; r.Passing || r.Enrichment != 0 || r.Consistency != 0 || len(r.Violations) != 3 {
		t.Errorf("product 2: %+v", r)
	}
	if results[3].Enrichment != 100 || results[0].Enrichment != 50 {
		t.Errorf("enrichment %v %v", results[3].Enrichment, results[0].Enrichment)
	}
	if sum.Rules[1].Violations != 1 || sum.Rules[1].Fixable != 1 {
		t.Errorf("rule counts %+v", sum.Rules)
	}
	if len(sum.ChannelLocales) != 1 || sum.ChannelLocales[0].Name != "ecommerce/en_US" || sum.ChannelLocales[0].Score != 75 {
		t.Errorf("channel × locale %+v", sum.ChannelLocales)
	}
	for score, grade := range map[float64]string{95: "A", 90: "A", 85: "B", 72: "C", 60: "D", 59.9: "E"} {
		if Grade(score) != grade {
			t.Errorf("Grade(%v) = %s, want %s", score, Grade(score), grade)
		}
	}
}

// TestExampleRulesParse: the example rules files parse, and together they
// show every rule type (the headline sandbox's rules predate completeness
// and spelling, which the realistic catalog's rules show).
func TestExampleRulesParse(t *testing.T) {
	types := map[string]bool{}
	for _, p := range []string{"../testdata/rules.example.yaml", "../cmd/steward/sandbox_rules.yaml", "../testdata/rules.realistic.yaml"} {
		rs, err := LoadRules(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, r := range rs.Rules {
			types[r.Type] = true
		}
	}
	if len(types) != len(ruleTypes) {
		t.Errorf("the example rules show %d of the %d rule types", len(types), len(ruleTypes))
	}
}
