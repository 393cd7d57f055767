package akeneo

import (
	"strings"
	"testing"
)

// §1.6/§1.7: writes the real API refuses are refused line by line with 422,
// "Validation failed." and errors[] naming property, attribute, locale and
// scope (or, for an unknown category, the message and a documentation link),
// and change nothing; the valid writes beside them go through.
func TestDocWriteValidation(t *testing.T) {
	srv, s, cat := newDocServer(t, 5)
	u0 := cat.UUID(0)
	fresh := "0b6e3c5e-8f1a-4c1e-9d2b-1a2b3c4d5e6f"
	ean1 := cat.PIM(1).EAN
	type fe = map[string]any
	valuesErr := func(attr string, locale, scope any, msg string) fe {
		return fe{"property": "values", "message": msg, "attribute": attr, "locale": locale, "scope": scope}
	}
	cases := []struct {
		name, line string
		want       fe // the one entry of errors[]; nil for an accepted line
	}{
		{"duplicate identifier on a new uuid", `{"uuid":"` + fresh + `","values":{"sku":[{"locale":null,"scope":null,"data":"` + cat.SKU(1) + `"}]}}`,
			fe{"property": "identifier", "message": "The same identifier is already set on another product"}},
		{"identifier of another product", `{"uuid":"` + u0 + `","values":{"sku":[{"locale":null,"scope":null,"data":"` + cat.SKU(1) + `"}]}}`,
			fe{"property": "identifier", "message": "The same identifier is already set on another product"}},
		{"localizable without locale", `{"uuid":"` + u0 + `","values":{"name":[{"locale":null,"scope":null,"data":"x"}]}}`,
			valuesErr("name", nil, nil, `Attribute "name" expects a locale, none given.`)},
		{"locale on a non-localizable", `{"uuid":"` + u0 + `","values":{"ean":[{"locale":"en_US","scope":null,"data":"4012345678901"}]}}`,
			valuesErr("ean", "en_US", nil, `Attribute "ean" does not expect a locale, "en_US" given.`)},
		{"scope on a non-scopable", `{"uuid":"` + u0 + `","values":{"ean":[{"locale":null,"scope":"ecommerce","data":"4012345678901"}]}}`,
			valuesErr("ean", nil, "ecommerce", `Attribute "ean" does not expect a scope, "ecommerce" given.`)},
		{"scopable without scope", `{"uuid":"` + u0 + `","values":{"description":[{"locale":"en_US","scope":null,"data":"x"}]}}`,
			valuesErr("description", "en_US", nil, `Attribute "description" expects a scope, none given.`)},
		{"locale not enabled", `{"uuid":"` + u0 + `","values":{"description":[{"locale":"fr_FR","scope":"ecommerce","data":"x"}]}}`,
			valuesErr("description", "fr_FR", "ecommerce", `Attribute "description" expects an existing and activated locale, "fr_FR" given.`)},
		{"unknown locale", `{"uuid":"` + u0 + `","values":{"name":[{"locale":"xx_XX","scope":null,"data":"x"}]}}`,
			valuesErr("name", "xx_XX", nil, `Attribute "name" expects an existing and activated locale, "xx_XX" given.`)},
		{"unknown channel", `{"uuid":"` + u0 + `","values":{"description":[{"locale":"en_US","scope":"print","data":"x"}]}}`,
			valuesErr("description", "en_US", "print", `Attribute "description" expects an existing scope, "print" given.`)},
		{"price NaN", `{"uuid":"` + u0 + `","values":{"price":[{"locale":null,"scope":null,"data":[{"amount":"NaN","currency":"EUR"}]}]}}`,
			valuesErr("price", nil, nil, "This value should be a valid number.")},
		{"price Inf", `{"uuid":"` + u0 + `","values":{"price":[{"locale":null,"scope":null,"data":[{"amount":"Inf","currency":"EUR"}]}]}}`,
			valuesErr("price", nil, nil, "This value should be a valid number.")},
		{"price hex", `{"uuid":"` + u0 + `","values":{"price":[{"locale":null,"scope":null,"data":[{"amount":"0x1p3","currency":"EUR"}]}]}}`,
			valuesErr("price", nil, nil, "This value should be a valid number.")},
		{"price with a comma", `{"uuid":"` + u0 + `","values":{"price":[{"locale":null,"scope":null,"data":[{"amount":"12,50","currency":"EUR"}]}]}}`,
			valuesErr("price", nil, nil, "This value should be a valid number.")},
		{"metric amount NaN", `{"uuid":"` + u0 + `","values":{"weight":[{"locale":null,"scope":null,"data":{"amount":"NaN","unit":"KILOGRAM"}}]}}`,
			valuesErr("weight", nil, nil, "This value should be a valid number.")},
		{"unit of another family", `{"uuid":"` + u0 + `","values":{"weight":[{"locale":null,"scope":null,"data":{"amount":"1.5","unit":"METER"}}]}}`,
			valuesErr("weight", nil, nil, "Please specify a valid metric unit")},
		{"misspelt unit", `{"uuid":"` + u0 + `","values":{"weight":[{"locale":null,"scope":null,"data":{"amount":"1.5","unit":"KILOGRAMS"}}]}}`,
			valuesErr("weight", nil, nil, "Please specify a valid metric unit")},
		{"duplicate unique value", `{"uuid":"` + u0 + `","values":{"ean":[{"locale":null,"scope":null,"data":"` + ean1 + `"}]}}`,
			valuesErr("ean", nil, nil, "The value "+ean1+" is already set on another product for the unique attribute ean")},
		{"valid price, unit, ean, categories", `{"uuid":"` + u0 + `","categories":["master","master_shirts"],"values":{"price":[{"locale":null,"scope":null,"data":[{"amount":"12.50","currency":"EUR"},{"amount":7,"currency":"USD"}]}],` +
			`"weight":[{"locale":null,"scope":null,"data":{"amount":"1500","unit":"GRAM"}}],"ean":[{"locale":null,"scope":null,"data":"4012345678901"}]}}`, nil},
		{"its own identifier and ean again", `{"uuid":"` + u0 + `","values":{"sku":[{"locale":null,"scope":null,"data":"` + cat.SKU(0) + `"}],"ean":[{"locale":null,"scope":null,"data":"4012345678901"}]}}`, nil},
	}
	var body strings.Builder
	for _, c := range cases {
		body.WriteString(c.line + "\n")
	}
	_, out := authed(t, srv, "PATCH", "/api/rest/v1/products-uuid", collectionType, body.String())
	got := lineResults(t, out)
	if len(got) != len(cases) {
		t.Fatalf("%d result lines for %d lines:\n%s", len(got), len(cases), out)
	}
	for i, c := range cases {
		line := got[i]
		if c.want == nil {
			if line["status_code"] != float64(204) {
				t.Errorf("%s: %v; want 204", c.name, line)
			}
			continue
		}
		errs, _ := line["errors"].([]any)
		if line["status_code"] != float64(422) || line["message"] != "Validation failed." || len(errs) != 1 || !sameMap(errs[0].(map[string]any), c.want) {
			t.Errorf("%s: %v; want 422 with errors [%v]", c.name, line, c.want)
		}
	}
	if s.Count() != 5 {
		t.Errorf("%d products after the writes; the refused new uuid must not be created", s.Count())
	}
	if v, _ := s.Value(cat.SKU(1), "sku"); v != cat.SKU(1) {
		t.Errorf("product 2's identifier is now %v", v)
	}
	if v, _ := s.Value(cat.SKU(0), "weight"); v.(map[string]any)["unit"] != "GRAM" {
		t.Errorf("weight after the valid line: %v", v)
	}
}

// An unknown category code refuses the line with the updater's message and a
// documentation link, on a collection line and on a single write.
func TestDocUnknownCategory(t *testing.T) {
	srv, s, cat := newDocServer(t, 3)
	msg := `Property "categories" expects a valid category code. The category does not exist, "winter" given. Check the expected format on the API documentation.`
	_, out := authed(t, srv, "PATCH", "/api/rest/v1/products-uuid", collectionType, `{"uuid":"`+cat.UUID(0)+`","categories":["master","winter"]}`)
	line := lineResults(t, out)[0]
	links, _ := line["_links"].(map[string]any)
	if line["status_code"] != float64(422) || line["message"] != msg || links["documentation"] == nil || line["errors"] != nil {
		t.Errorf("collection line: %v", line)
	}
	resp, body := authed(t, srv, "PATCH", "/api/rest/v1/products-uuid/"+cat.UUID(1), "application/json", `{"categories":["winter"]}`)
	one := decodeBody(t, body)
	if resp.StatusCode != 422 || one["code"] != float64(422) || one["message"] != msg || one["_links"] == nil {
		t.Errorf("single write: %d %v", resp.StatusCode, one)
	}
	s.mu.RLock()
	cats := s.get(0).Categories
	s.mu.RUnlock()
	if len(cats) != 1 || !strings.HasPrefix(cats[0], "master_") {
		t.Errorf("categories after the refused lines: %v", cats)
	}
}
