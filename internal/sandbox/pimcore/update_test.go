package pimcore

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Localized fields read per language with field(language:), aliased to read
// several; defaultLanguage sets the language of fields read without one.
func TestLocalizedFieldLanguageArgs(t *testing.T) {
	f := newFixture(t, 3)
	var got map[string]any
	f.ok(t, `{ getProduct(id: 2) { en: name(language: "en") de: name(language: "de") name description } }`, nil, "getProduct", &got)
	p := f.cat.PIM(1)
	if got["en"] != p.Name || got["de"] != nil || got["name"] != p.Name || got["description"] != nilIfEmpty(p.Description) {
		t.Fatalf("got %v", got)
	}
	f.ok(t, `{ getProduct(id: 2, defaultLanguage: "de") { name en: name(language: "en") } }`, nil, "getProduct", &got)
	if got["name"] != nil || got["en"] != p.Name {
		t.Fatalf("defaultLanguage de: %v", got)
	}
	r := f.gql(t, `{ getProduct(id: 2) { sku name(language: "fr") } }`, nil)
	if msg, dbg := r.errorMessage(); msg != "Internal server error" || !strings.Contains(dbg, `"fr"`) {
		t.Fatalf("unknown language: %q %q", msg, dbg)
	}
	if !strings.Contains(string(r.Data["getProduct"]), `"sku":"SKU-0000002"`) {
		t.Errorf("want partial data beside the error, got %s", r.Data["getProduct"])
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

type result struct {
	Success bool           `json:"success"`
	Message string         `json:"message"`
	Output  map[string]any `json:"output"`
}

// The documented update: the mutation's defaultLanguage is the language of
// localized input; success message "object <id> updated"; the output reads
// the saved object; modificationDate moves to the emulator's clock.
func TestUpdateSuccess(t *testing.T) {
	f := newFixture(t, 3)
	var res result
	f.ok(t, `mutation { updateProduct(id: 1, defaultLanguage: "de", input: {name: "Deutscher Name", descriptionDraft: "Entwurf"}) {
	  success message output { modificationDate name de: name(language: "de") en: name(language: "en") } } }`,
		nil, "updateProduct", &res)
	if !res.Success || res.Message != "object 1 updated" {
		t.Fatalf("result %+v", res)
	}
	out := res.Output
	if out["name"] != "Deutscher Name" || out["de"] != "Deutscher Name" || out["en"] != f.cat.PIM(0).Name {
		t.Errorf("output %v", out)
	}
	if out["modificationDate"].(interface{ String() string }).String() != "1772366400" {
		t.Errorf("modificationDate %v, want the clock's 1772366400", out["modificationDate"])
	}
	if v, _ := f.srv.Value(1, "descriptionDraft", "de"); v != "Entwurf" {
		t.Errorf("stored draft %v", v)
	}
	if w := f.srv.Writes(); w["SKU-0000001"] != 1 || len(w) != 1 {
		t.Errorf("writes %v", w)
	}
}

// Writes with variables, several languages aliased in one request, exact
// prices rounded to the numeric's precision, units by abbreviation.
func TestUpdateWithVariables(t *testing.T) {
	f := newFixture(t, 3)
	q := `mutation($id: Int, $en: UpdateProductInput, $de: UpdateProductInput) {
	  en: updateProduct(id: $id, defaultLanguage: "en", input: $en) { success message }
	  de: updateProduct(id: $id, defaultLanguage: "de", input: $de) { success output { price weight { value unit { abbreviation } } } } }`
	r := f.gql(t, q, map[string]any{"id": 2,
		"en": map[string]any{"description": "English", "price": 1234.5, "color": "black", "weight": map[string]any{"value": 2.25, "unit": "KILOGRAM"}},
		"de": map[string]any{"description": "Deutsch"}})
	if len(r.Errors) > 0 {
		t.Fatalf("errors %+v", r.Errors)
	}
	for field, want := range map[string]any{"price": "1234.50", "color": "black", "weight": Quantity{Value: "2.25", Unit: "KILOGRAM"}} {
		if v, _ := f.srv.Value(2, field, ""); v != want {
			t.Errorf("%s = %#v, want %#v", field, v, want)
		}
	}
	for lang, want := range map[string]string{"en": "English", "de": "Deutsch"} {
		if v, _ := f.srv.Value(2, "description", lang); v != want {
			t.Errorf("description %s = %v", lang, v)
		}
	}
	if !strings.Contains(string(r.Data["de"]), `"price":1234.5`) || !strings.Contains(string(r.Data["de"]), `"abbreviation":"KILOGRAM"`) {
		t.Errorf("output %s", r.Data["de"])
	}
	if f.srv.Writes()["SKU-0000002"] != 2 {
		t.Errorf("writes %v", f.srv.Writes())
	}
}

// A failed save answers success false with the validation text; its output
// is null with the getter's error (Datahub resolves output by the result's
// id, which a failure lacks); nothing is stored.
func TestUpdateFailedSave(t *testing.T) {
	f := newFixture(t, 3)
	before, _ := f.srv.Value(1, "color", "")
	long := `"` + strings.Repeat("8", 191) + `"`
	for input, want := range map[string]string{
		`{ean: ` + long + `}`: "Validation failed: Value in field [ ean ] is longer than 190 characters",
		`{sku: "x", color: "nope", ean: ` + long + `, description: "drops"}`: "Validation failed: Value in field [ ean ] is longer than 190 characters",
		`{name: ` + long + `, sku: ` + long + `}`:                            "Validation failed: Value in field [ sku ] is longer than 190 characters / Value in field [ name ] is longer than 190 characters[ localizedfields-en ]",
	} {
		var res result
		r := f.gql(t, `mutation { u: updateProduct(id: 1, input: `+input+`) { success message output { id sku color } } }`, nil)
		if err := json.Unmarshal(r.Data["u"], &res); err != nil {
			t.Fatalf("%.40s…: %s", input, r.Data["u"])
		}
		if res.Success || res.Message != want {
			t.Errorf("%.40s…: %+v", input, res)
		}
		if res.Output != nil || len(r.Errors) != 1 || r.Errors[0].Message != "object id or fullpath expected" ||
			fmt.Sprint(r.Errors[0].Path) != "[u output]" {
			t.Errorf("%.40s…: output %v, errors %+v; want output null and the getter's error at [u output]", input, res.Output, r.Errors)
		}
	}
	if v, _ := f.srv.Value(1, "color", ""); v != before {
		t.Errorf("color changed to %v", v)
	}
	if v, _ := f.srv.Value(1, "sku", ""); v != "SKU-0000001" {
		t.Errorf("sku changed to %v", v)
	}
	if len(f.srv.Writes()) != 0 {
		t.Errorf("writes %v", f.srv.Writes())
	}
	var res result
	f.ok(t, `mutation { updateProduct(id: 99, input: {sku: "x"}) { success message } }`, nil, "updateProduct", &res)
	if res.Success || res.Message != "unable to update object. Unknown id or fullpath" {
		t.Errorf("unknown object: %+v", res)
	}
	f.ok(t, `mutation { updateProduct(id: 1, defaultLanguage: "fr", input: {name: "x"}) { success message } }`, nil, "updateProduct", &res)
	if res.Success || !strings.Contains(res.Message, `"fr"`) {
		t.Errorf("unknown language: %+v", res)
	}
}

// The getter takes id or fullpath; without either, or when not found, the
// error is Datahub's client-safe text.
func TestGetter(t *testing.T) {
	f := newFixture(t, 3)
	var got map[string]any
	f.ok(t, `{ getProduct(fullpath: "/Products/SKU-0000003") { id key fullpath classname parent { ... on object_folder { id fullpath } } } }`, nil, "getProduct", &got)
	if got["id"] != "3" || got["key"] != "SKU-0000003" || got["classname"] != "Product" || got["fullpath"] != "/Products/SKU-0000003" {
		t.Fatalf("got %v", got)
	}
	for q, want := range map[string]string{
		`{ getProduct { id } }`:                                           "object id or fullpath expected",
		`{ getProduct(id: 9) { id } }`:                                    "object with id:'9' not found",
		`{ getProduct(fullpath: "/Products/nope") { id } }`:               "object with fullpath:'/Products/nope' not found",
		`{ getProduct(id: 1, fullpath: "/Products/SKU-0000002") { id } }`: "either id or fullpath expected but not both",
	} {
		if msg, _ := f.gql(t, q, nil).errorMessage(); msg != want {
			t.Errorf("%s: %q, want %q", q, msg, want)
		}
	}
}

// A null in the input clears the field, as Datahub hands null to the setter;
// an empty text stays an empty text.
func TestUpdateNullClears(t *testing.T) {
	f := newFixture(t, 3)
	for id := 1; id <= 2; id++ {
		if _, ok := f.srv.Value(id, "description", "en"); !ok {
			t.Fatalf("test catalog: object %d has no description to clear", id)
		}
	}
	var res result
	f.ok(t, `mutation($in: UpdateProductInput, $d: String) { updateProduct(id: 1, input: $in) { success } 
	  b: updateProduct(id: 2, input: {description: $d, name: ""}) { success output { description name } } }`,
		map[string]any{"in": map[string]any{"description": nil, "ean": "5"}, "d": nil}, "b", &res)
	if !res.Success || res.Output["description"] != nil || res.Output["name"] != "" {
		t.Fatalf("b: %+v", res)
	}
	if v, ok := f.srv.Value(1, "description", "en"); ok {
		t.Errorf("description of 1 still %v", v)
	}
	if v, _ := f.srv.Value(1, "ean", ""); v != "5" {
		t.Errorf("ean %v", v)
	}
}

// Pimcore 11 saves what its checks let through: a select value outside the
// options (Select::checkValidity checks only mandatory), a unit outside the
// field's valid units, and, for a unit abbreviation it does not know, the
// value without a unit (Datahub's input processor finds no unit, null).
func TestUpdateLaxSave(t *testing.T) {
	f := newFixture(t, 3)
	for input, want := range map[string]any{
		`{color: "chartreuse-ish"}`:                 "chartreuse-ish",
		`{weight: {value: 1.5, unit: "KILOGRAMS"}}`: Quantity{Value: "1.5", Unit: "KILOGRAMS"},
		`{weight: {value: 2.5, unit: "FURLONG"}}`:   Quantity{Value: "2.5"},
		`{weight: {value: 3, unitId: "GRAM"}}`:      Quantity{Value: "3", Unit: "GRAM"},
		`{price: 12.345}`:                           "12.35",
		`{price: 0.005}`:                            "0.01",
		`{price: 7.004}`:                            "7.00",
	} {
		var res result
		f.ok(t, `mutation { updateProduct(id: 1, input: `+input+`) { success message } }`, nil, "updateProduct", &res)
		if !res.Success {
			t.Errorf("%s: %+v", input, res)
			continue
		}
		field := "color"
		switch {
		case strings.Contains(input, "weight"):
			field = "weight"
		case strings.Contains(input, "price"):
			field = "price"
		}
		if v, _ := f.srv.Value(1, field, ""); v != want {
			t.Errorf("%s: %s = %#v, want %#v", input, field, v, want)
		}
	}
	var out struct {
		Weight map[string]any `json:"weight"`
	}
	f.ok(t, `mutation { updateProduct(id: 2, input: {weight: {value: 4, unit: "FURLONG"}}) { output { weight { value unit { abbreviation } } } } }`, nil, "updateProduct", &struct {
		Output *struct {
			Weight map[string]any `json:"weight"`
		} `json:"output"`
	}{Output: &out})
	if out.Weight == nil || out.Weight["unit"] != nil {
		t.Errorf("a value saved without a unit reads back as %v, want unit null", out.Weight)
	}
}
