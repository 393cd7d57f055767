package salsify

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/transform"
)

// sandboxSettings is the settings section for the sandbox organization of
// the PIM contract (brief7-pim-contract.md, Salsify).
const sandboxSettings = `version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  salsify:
    kind: salsify
    base_url: https://app.salsify.com
    auth: {type: bearer, token: "${SALSIFY_TOKEN}"}
    settings:
      org_id: s-steward-sandbox
      product_id_property: Product ID
      family_property: Family
      price_property: Price
      price_currency: EUR
      properties:
        - {property: Product Name, attribute: name, locale: en_US, kind: text}
        - {property: Description, attribute: description, locale: en_US, channel: ecommerce, kind: text}
        - {property: Description Draft, attribute: description_draft, locale: en_US, channel: ecommerce, kind: text}
        - {property: Color, attribute: color, kind: option}
        - {property: Weight, attribute: weight, kind: metric, unit_property: Weight Unit}
        - {property: EAN, attribute: ean, kind: text}
`

// A sandbox-shaped product maps to the canonical codes the quality rules
// use, the planted unit misspelling and the exact price kept.
func TestSandboxSettingsMapping(t *testing.T) {
	f, err := config.Parse("steward.yaml", []byte(sandboxSettings), nil, func(string) (string, bool) { return "t", true })
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(f, "salsify")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	r, err := mapDoc(json.RawMessage(`{"salsify:id":"SKU-0001","salsify:created_at":"2025-01-01T00:00:00.000Z","salsify:updated_at":"2025-01-02T03:04:05.678Z",
		"salsify:version":1,"salsify:parent_id":null,"Product ID":"SKU-0001","Family":"shoes","Product Name":" Trail Runner",
		"Color":"blue","Weight":0.850,"Weight Unit":"KILOGRAMS","EAN":"4006381333931","Price":129.90,"Description":""}`), s)
	if err != nil {
		t.Fatal(err)
	}
	var p transform.Product
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(p)
	for _, want := range []string{
		`"id":"SKU-0001","identifier":"SKU-0001","family":"shoes","enabled":true`,
		`{"attribute":"name","locale":"en_US","kind":"text","text":" Trail Runner"}`,
		`{"attribute":"color","kind":"option","text":"blue"}`,
		`{"attribute":"weight","kind":"metric","number":"0.850","unit":"KILOGRAMS"}`,
		`{"attribute":"ean","kind":"text","text":"4006381333931"}`,
		`{"attribute":"price","kind":"prices","amounts":[{"amount":"129.90","currency":"EUR"}]}`,
		`"updated":"2025-01-02T03:04:05.678Z"`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("product lacks %s:\n%s", want, got)
		}
	}
	if _, ok := p.Get("description", "en_US", "ecommerce"); ok {
		t.Errorf("an empty description became a value")
	}
}

func TestSchemaOfSandboxSettings(t *testing.T) {
	f, err := config.Parse("steward.yaml", []byte(sandboxSettings), nil, func(string) (string, bool) { return "t", true })
	if err != nil {
		t.Fatal(err)
	}
	s, _ := api.DecodeSettings(f, "salsify")
	got := SchemaOf(s)
	if strings.Join(got.Attributes, ",") != "color,description,description_draft,ean,name,price,weight" ||
		strings.Join(got.Locales, ",") != "en_US" || strings.Join(got.Channels, ",") != "ecommerce" {
		t.Fatalf("schema %+v", got)
	}
}
