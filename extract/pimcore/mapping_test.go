package pimcore

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/transform"
)

func testMapper() mapper {
	return newMapper(api.Settings{Class: "Product", IdentifierField: "sku", FamilyField: "family", PriceField: "price", Currency: "EUR",
		Languages: map[string]string{"en": "en_US", "de": "de_DE"},
		Fields: map[string]api.Field{
			"name":        {Attribute: "name", Kind: api.KindText, Localized: true},
			"description": {Attribute: "description", Kind: api.KindText, Localized: true, Channel: "ecommerce"},
			"color":       {Attribute: "color", Kind: api.KindOption},
			"weight":      {Attribute: "weight", Kind: api.KindMetric},
			"ean":         {Attribute: "ean", Kind: api.KindText},
		}})
}

const node = `{"id":"45","modificationDate":1714521601,"published":false,"sku":"SKU-45","family":"shirts","price":%s,
"color":"red","description_de":null,"description_en":"A shirt","ean":"4006381333931","name_de":"Hemd","name_en":"Shirt",
"weight":{"value":%s,"unit":{"abbreviation":"KILOGRAM"}}}`

func mapNode(t *testing.T, price, weight string) transform.Product {
	t.Helper()
	raw := strings.Replace(strings.Replace(node, "%s", price, 1), "%s", weight, 1)
	r, err := testMapper().node(json.RawMessage(raw))
	if err != nil {
		t.Fatal(err)
	}
	var p transform.Product
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		t.Fatal(err)
	}
	if r.Key != "45" || !r.Updated.Equal(time.Unix(1714521601, 0)) || r.Updated.Location() != time.UTC {
		t.Errorf("record key %q updated %v", r.Key, r.Updated)
	}
	return p
}

// Amounts keep the JSON number's digits: never through a float64.
func TestExactDecimals(t *testing.T) {
	for _, c := range []struct{ price, amount, weight string }{
		{"19.99", "19.99", "0.1"},
		{"12.5", "12.50", "1.250"},
		{"12345678901234567.89", "12345678901234567.89", "0.30000000000000004"},
		{"0.1", "0.10", "9007199254740993"},
	} {
		p := mapNode(t, c.price, c.weight)
		price, _ := p.Get("price", "", "")
		weight, _ := p.Get("weight", "", "")
		if len(price.Amounts) != 1 || price.Amounts[0].Amount != c.amount || price.Amounts[0].Currency != "EUR" || price.Kind != transform.KindPrices {
			t.Errorf("price %s: %+v", c.price, price)
		}
		if weight.Number != c.weight || weight.Unit != "KILOGRAM" || weight.Kind != transform.KindMetric {
			t.Errorf("weight %s: %+v", c.weight, weight)
		}
	}
}

func TestLocalesChannelsAndSystemFields(t *testing.T) {
	p := mapNode(t, "1", "1")
	if p.ID != "45" || p.Identifier != "SKU-45" || p.Family != "shirts" || p.Enabled {
		t.Errorf("product %+v", p)
	}
	for _, c := range []struct{ attr, locale, channel, text string }{
		{"name", "en_US", "", "Shirt"}, {"name", "de_DE", "", "Hemd"}, {"description", "en_US", "ecommerce", "A shirt"}, {"color", "", "", "red"}, {"ean", "", "", "4006381333931"},
	} {
		v, ok := p.Get(c.attr, c.locale, c.channel)
		if !ok || v.Text != c.text || v.Locale != c.locale || v.Channel != c.channel {
			t.Errorf("%s %s %s: %+v", c.attr, c.locale, c.channel, v)
		}
	}
	if v, ok := p.Get("description", "de_DE", ""); ok {
		t.Errorf("a null description became %+v", v)
	}
}

// An object that cannot be mapped is quarantined with its id and the
// reason; the others of the page are kept.
func TestUnmappableObjects(t *testing.T) {
	good := strings.Replace(strings.Replace(node, "%s", "1", 1), "%s", "1", 1)
	for name, c := range map[string]struct{ from, to, reason string }{
		"missing field": {`"ean":"4006381333931",`, ``, "field ean is missing from the answer"},
		"price string":  {`"price":1,`, `"price":"1",`, `field price: "1" is not a JSON number`},
		"no unit":       {`"unit":{"abbreviation":"KILOGRAM"}`, `"unit":null`, "quantity 1 has no unit"},
		"bad date":      {`"modificationDate":1714521601`, `"modificationDate":"yesterday"`, "modificationDate"},
		"name number":   {`"name_en":"Shirt"`, `"name_en":5`, "field name_en: 5 is not a string"},
		"no published":  {`"published":false,`, ``, "field published is missing"},
	} {
		t.Run(name, func(t *testing.T) {
			bad := strings.Replace(good, c.from, c.to, 1)
			if bad == good {
				t.Fatal("the case changes nothing")
			}
			recs, q := testMapper().nodes([]json.RawMessage{json.RawMessage(good), json.RawMessage(bad)})
			if len(recs) != 1 || len(q) != 1 || q[0].Key != "45" || !strings.Contains(q[0].Reason, c.reason) || string(q[0].Raw) != bad {
				t.Fatalf("records %d, quarantined %+v; want reason %q", len(recs), q, c.reason)
			}
		})
	}
}

func TestFillKinds(t *testing.T) {
	for _, c := range []struct {
		kind      transform.Kind
		raw, want string
		keep      bool
	}{
		{transform.KindNumber, `42.500`, `{"attribute":"","kind":"number","number":"42.500"}`, true},
		{transform.KindOptions, `["a","b"]`, `{"attribute":"","kind":"options","options":["a","b"]}`, true},
		{transform.KindOptions, `[]`, ``, false},
		{transform.KindBoolean, `false`, `{"attribute":"","kind":"boolean","bool":false}`, true},
		{transform.KindText, `""`, ``, false},
		{transform.KindMetric, `{"value":null,"unit":null}`, ``, false},
	} {
		v := transform.Value{Kind: c.kind}
		keep, err := fill(&v, json.RawMessage(c.raw))
		got, _ := json.Marshal(v)
		if err != nil || keep != c.keep || (keep && string(got) != c.want) {
			t.Errorf("%s %s: keep %v %s %v", c.kind, c.raw, keep, got, err)
		}
	}
	for kind, raw := range map[transform.Kind]string{transform.KindNumber: `"42"`, transform.KindBoolean: `"yes"`, transform.KindOptions: `"a"`} {
		v := transform.Value{Kind: kind}
		if _, err := fill(&v, json.RawMessage(raw)); err == nil {
			t.Errorf("%s accepted %s", kind, raw)
		}
	}
}

// With variants, a variant names its parent object's key, an object under
// the folder has no parent, and an object with variant children is a
// product model: left out of the products, not quarantined.
func TestMapVariants(t *testing.T) {
	m := testMapper()
	m.s.Variants = true
	const base = `{"id":"%s","modificationDate":1714521601,"published":true,"sku":%s,"family":"shirts","price":9.5,"color":"red",
"description_de":null,"description_en":null,"ean":null,"name_de":null,"name_en":"Shirt","weight":null,`
	variant := strings.Replace(strings.Replace(base, "%s", "7", 1), "%s", `"SKU-7"`, 1) + `"parentObject":{"key":"shirts_model_1"},"variantChildren":[]}`
	simple := strings.Replace(strings.Replace(base, "%s", "8", 1), "%s", `"SKU-8"`, 1) + `"parentObject":{},"variantChildren":[]}`
	model := strings.Replace(strings.Replace(base, "%s", "9", 1), "%s", `null`, 1) + `"parentObject":{},"variantChildren":[{"id":"7"}]}`
	recs, bad := m.nodes([]json.RawMessage{json.RawMessage(variant), json.RawMessage(simple), json.RawMessage(model)})
	if len(recs) != 2 || len(bad) != 0 {
		t.Fatalf("records %d, quarantined %v", len(recs), bad)
	}
	var v, s transform.Product
	if json.Unmarshal(recs[0].Payload, &v) != nil || json.Unmarshal(recs[1].Payload, &s) != nil || v.Parent != "shirts_model_1" || s.Parent != "" || v.Identifier != "SKU-7" {
		t.Errorf("variant %+v, simple %+v", v, s)
	}
	_, bad = m.nodes([]json.RawMessage{json.RawMessage(strings.Replace(variant, `"parentObject":{"key":"shirts_model_1"},`, "", 1))})
	if len(bad) != 1 || !strings.Contains(bad[0].Reason, "parentObject") {
		t.Errorf("a node without the parent it was asked for: %v", bad)
	}
}
