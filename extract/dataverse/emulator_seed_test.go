package dataverse_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/dataverse"
	"github.com/stewardhq/steward/transform"
)

// TestEmulatorSeed reads every data type of the seeded emulator with the
// default column maps: each row maps, none is quarantined.
func TestEmulatorSeed(t *testing.T) {
	cat := catalog.New(40, 7)
	e := emulator.New(emulator.Options{Tenant: emuTenant, ClientID: emuClient, ClientSecret: secret, Catalog: cat})
	// The emulator seeds no products (they flow from the PIM to the CRM).
	if _, err := e.Put("products", "", map[string]any{"productnumber": cat.SKU(0), "name": "Shirt", "price": emulator.Dec("12.50")}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dataType, entity string }{{"customers", "accounts"}, {"leads", "leads"}, {"products", "products"}} {
		t.Run(c.dataType, func(t *testing.T) {
			cfg := seedConfig(c.dataType, c.entity)
			x, _ := build(t, http.Handler(e), cfg, 50)
			n := 0
			for p, err := range x.Extract(t.Context(), record.Cursor{}) {
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Quarantined) > 0 {
					t.Fatalf("quarantined %+v", p.Quarantined)
				}
				for _, r := range p.Records {
					n++
					if n == 1 {
						t.Logf("%s", r.Payload)
					}
					if c.dataType == "customers" {
						var cu transform.Customer
						if json.Unmarshal(r.Payload, &cu) != nil || cu.ExternalID == "" || cu.Name == "" {
							t.Errorf("customer %s", r.Payload)
						}
					}
				}
			}
			if n == 0 {
				t.Errorf("no %s read", c.dataType)
			}
		})
	}
}

// seedConfig reads one data type from the emulator's entity set.
func seedConfig(dataType, entity string) func(string, int) string {
	return func(base string, size int) string {
		return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: dataverse
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: entra_client_credentials, client_id: %s, client_secret: "${SECRET}", token_url: %s/%s/oauth2/v2.0/token}
jobs:
  - name: job
    data_type: %s
    cadence: "@daily"
    extract: {system: src, entity: %s, mode: incremental, cursor_field: modifiedon, overlap: 1s, page_size: %d}
`, base, emuClient, base, emuTenant, dataType, entity, size)
	}
}
