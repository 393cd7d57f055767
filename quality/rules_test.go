package quality

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/transform"
)

func product(values string) transform.PIMProduct {
	p := transform.PIMProduct{UUID: "u1", SKU: "SKU-1", Family: "shirts", Updated: "2026-01-05T08:00:00Z"}
	_ = json.Unmarshal([]byte(values), &p.Values)
	return p
}

func f(v float64) *float64 { return &v }

func TestRuleTypes(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ctx := &Context{Now: now, ERP: map[string]transform.Price{"SKU-1": {SKU: "SKU-1", Amount: "12.50", Currency: "EUR"}},
		Seen: map[string]map[string]int{"uniq": {`"4006381333931"`: 2}}}
	cases := []struct {
		name   string
		rule   Rule
		values string
		msg    string // "" passes
		fix    string // the fix value, "" for none
	}{
		{"required ok", Rule{Type: TypeRequired, Attribute: "description", Locales: []string{"en_US"}, Channels: []string{"ecommerce"}},
			`{"description":[{"locale":"en_US","scope":"ecommerce","data":"x"}]}`, "", ""},
		{"required other locale", Rule{Type: TypeRequired, Attribute: "description", Locales: []string{"de_DE"}, Channels: []string{"ecommerce"}},
			`{"description":[{"locale":"en_US","scope":"ecommerce","data":"x"}]}`, "description is missing for ecommerce/de_DE", ""},
		{"required empty", Rule{Type: TypeRequired, Attribute: "description"}, `{"description":[{"locale":null,"scope":null,"data":""}]}`, "description is missing", ""},
		{"length short", Rule{Type: TypeLength, Attribute: "name", Min: f(3)}, `{"name":[{"locale":null,"scope":null,"data":"ab"}]}`, "fewer than 3", ""},
		{"length ok", Rule{Type: TypeLength, Attribute: "name", Min: f(3), Max: f(5)}, `{"name":[{"locale":null,"scope":null,"data":"abcd"}]}`, "", ""},
		{"length absent is not checked", Rule{Type: TypeLength, Attribute: "name", Min: f(3)}, `{}`, "", ""},
		{"pattern trim", Rule{Type: TypePattern, Attribute: "name", Pattern: `^\S(.*\S)?$`, Fix: "trim"}, `{"name":[{"locale":null,"scope":null,"data":"  Red  Shirt "}]}`, "does not match", `"Red  Shirt"`},
		{"options case", Rule{Type: TypeOptions, Attribute: "color", Options: []string{"red", "blue"}, Fix: "case"}, `{"color":[{"locale":null,"scope":null,"data":"Red"}]}`, `option "Red" of color does not exist`, `"red"`},
		{"options unknown", Rule{Type: TypeOptions, Attribute: "color", Options: []string{"red"}, Fix: "case"}, `{"color":[{"locale":null,"scope":null,"data":"teal"}]}`, "does not exist", ""},
		{"range", Rule{Type: TypeRange, Attribute: "weight", Max: f(10)}, `{"weight":[{"locale":null,"scope":null,"data":{"amount":"12.5","unit":"KILOGRAM"}}]}`, "outside (−∞, 10]", ""},
		{"unit spelling", Rule{Type: TypeUnit, Attribute: "weight", Units: []string{"KILOGRAM"}, Spellings: map[string]string{"KILOGRAMS": "KILOGRAM"}, Fix: "unit"},
			`{"weight":[{"locale":null,"scope":null,"data":{"amount":"1.5","unit":"KILOGRAMS"}}]}`, `unit "KILOGRAMS" is not allowed`, `{"amount":"1.5","unit":"KILOGRAM"}`},
		{"unit magnitude", Rule{Type: TypeUnit, Attribute: "weight", Units: []string{"KILOGRAM"}, Magnitude: map[string][2]float64{"shirts": {0.1, 1.5}}},
			`{"weight":[{"locale":null,"scope":null,"data":{"amount":"150","unit":"KILOGRAM"}}]}`, "implausible for family shirts", ""},
		{"gtin ok", Rule{Type: TypeGTIN, Attribute: "ean"}, `{"ean":[{"locale":null,"scope":null,"data":"4006381333931"}]}`, "", ""},
		{"gtin bad digit", Rule{Type: TypeGTIN, Attribute: "ean"}, `{"ean":[{"locale":null,"scope":null,"data":"4006381333932"}]}`, "not a valid GTIN", ""},
		{"unique", Rule{ID: "uniq", Type: TypeUnique, Attribute: "ean"}, `{"ean":[{"locale":null,"scope":null,"data":"4006381333931"}]}`, "shared by 2 products", ""},
		{"cross-system equal", Rule{Type: TypeCrossSystem, Attribute: "price", Source: "prices", Currency: "EUR", Tolerance: 0.005},
			`{"price":[{"locale":null,"scope":null,"data":[{"amount":"12.5","currency":"EUR"}]}]}`, "", ""},
		{"cross-system differs", Rule{Type: TypeCrossSystem, Attribute: "price", Source: "prices", Currency: "EUR", Tolerance: 0.005},
			`{"price":[{"locale":null,"scope":null,"data":[{"amount":"11.00","currency":"EUR"}]}]}`, "differs from the ERP price 12.50 EUR", ""},
		{"freshness", Rule{Type: TypeFreshness, MaxAge: config.Duration(24 * time.Hour)}, `{}`, "not updated for more than 24h0m0s", ""},
		{"media", Rule{Type: TypeMedia, Attribute: "image"}, `{}`, "image is missing", ""},
		{"family scope", Rule{Type: TypeMedia, Attribute: "image", Families: []string{"shoes"}}, `{}`, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.rule.ID = firstNonEmpty(c.rule.ID, "r")
			c.rule.Severity = Error
			outs := c.rule.check(product(c.values), ctx)
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
	products := []transform.PIMProduct{
		product(`{"description":[{"locale":"en_US","scope":"ecommerce","data":"x"}],"color":[{"locale":null,"scope":null,"data":"red"}]}`),
		product(`{"color":[{"locale":null,"scope":null,"data":"Red"}]}`),
		product(`{"description":[{"locale":"en_US","scope":"ecommerce","data":"x"}]}`),
		product(`{"description":[{"locale":"en_US","scope":"ecommerce","data":"x"}],"color":[{"locale":null,"scope":null,"data":"red"}],"image":[{"locale":null,"scope":null,"data":"a.jpg"}]}`),
	}
	var results []ProductResult
	sum, err := rs.Check(func(fn func(transform.PIMProduct) error) error {
		for _, p := range products {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	}, &Context{}, func(_ transform.PIMProduct, r ProductResult) error { results = append(results, r); return nil })
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

func TestExampleRulesParse(t *testing.T) {
	for _, p := range []string{"../testdata/rules.example.yaml", "../internal/sandbox/rules.yaml"} {
		rs, err := LoadRules(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		types := map[string]bool{}
		for _, r := range rs.Rules {
			types[r.Type] = true
		}
		if len(types) != len(ruleTypes) {
			t.Errorf("%s shows %d of the %d rule types", p, len(types), len(ruleTypes))
		}
	}
}
