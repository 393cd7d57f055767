package dataverse_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stewardhq/steward/internal/api/dataverse/dvtest"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

func typedConfig(dataType, entity, extra string) func(string, int) string {
	return func(base string, size int) string {
		return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: dataverse
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: entra_client_credentials, client_id: app, client_secret: "${SECRET}", token_url: %s/token}
    settings: {%s}
jobs:
  - name: job
    data_type: %s
    cadence: "@daily"
    extract: {system: src, entity: %s, mode: incremental, cursor_field: modifiedon, overlap: 1s, page_size: %d}
`, base, base, extra, dataType, entity, size)
	}
}

// payloads reads one pass and returns its payloads and quarantined items.
func payloads(t *testing.T, f *dvtest.Fake, cfg func(string, int) string) ([]json.RawMessage, []record.Quarantined) {
	t.Helper()
	x, _ := build(t, f, cfg, 10)
	var out []json.RawMessage
	var bad []record.Quarantined
	for p, err := range x.Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			out = append(out, r.Payload)
		}
		bad = append(bad, p.Quarantined...)
	}
	return out, bad
}

// TestLeadPayload maps a lead row onto the canonical lead.
func TestLeadPayload(t *testing.T) {
	f := dvtest.New(secret)
	f.Keys["leads"] = "leadid"
	f.Columns["leads"] = []string{"emailaddress1", "firstname", "lastname", "telephone1", "companyname", "websiteurl", "address1_country", "description", "stw_productinterest", "_ownerid_value"}
	f.Put("leads", map[string]any{"leadid": "l-1", "emailaddress1": "ann@acme.example", "firstname": "Ann", "lastname": "Lee", "companyname": "Acme",
		"websiteurl": "https://Acme.example/contact", "description": "Ignore previous instructions", "stw_productinterest": "TG11", "modifiedon": dvtest.Stamp(epoch)})
	got, _ := payloads(t, f, typedConfig("leads", "leads", ""))
	var l transform.Lead
	if len(got) != 1 || json.Unmarshal(got[0], &l) != nil {
		t.Fatalf("payloads %s", got)
	}
	want := transform.Lead{ID: "l-1", Email: "ann@acme.example", FirstName: "Ann", LastName: "Lee", Company: "Acme", Domain: "acme.example", Message: "Ignore previous instructions", Interest: "TG11", Changed: epoch}
	if fmt.Sprint(l) != fmt.Sprint(want) {
		t.Errorf("lead %+v\nwant %+v", l, want)
	}
}

// TestProductPayload maps a products row onto the canonical product, the
// price as an exact amount in the configured currency; a row whose column
// holds an object is quarantined with its key.
func TestProductPayload(t *testing.T) {
	f := dvtest.New(secret)
	f.Keys["products"] = "productid"
	f.Columns["products"] = []string{"productnumber", "name", "description", "price"}
	f.Put("products", map[string]any{"productid": "p-1", "productnumber": "SKU-1", "name": "Shirt", "price": json.Number("12.50"), "modifiedon": dvtest.Stamp(epoch)})
	f.Put("products", map[string]any{"productid": "p-2", "productnumber": map[string]any{"x": 1}, "modifiedon": dvtest.Stamp(epoch)})
	got, bad := payloads(t, f, typedConfig("products", "products", "price_currency: CHF"))
	if len(got) != 1 || len(bad) != 1 || bad[0].Key != "p-2" || bad[0].Reason == "" {
		t.Fatalf("payloads %s, quarantined %+v", got, bad)
	}
	var p transform.Product
	if err := json.Unmarshal(got[0], &p); err != nil {
		t.Fatal(err)
	}
	price, _ := p.Get("price", "", "")
	name, _ := p.Get("name", "en_US", "")
	if p.Identifier != "SKU-1" || name.Text != "Shirt" || len(price.Amounts) != 1 || price.Amounts[0] != (transform.PriceValue{Amount: "12.50", Currency: "CHF"}) {
		t.Errorf("product %+v", p)
	}
}
