package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/sap"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// strictSAP starts a sandbox whose SAP emulator runs in mode m, with
// sap-client=100 in the ERP's base_url and an extra job reading the SAP
// Product set.
func strictSAP(t *testing.T, n int, m sap.Mode) (*sandboxSystems, string) {
	t.Helper()
	sb, cfg := startSandboxWith(t, n, 1, sandbox.ConfigOptions{Generator: "template"})
	sb.SAP.SetMode(m)
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(b), "base_url: "+sb.SAPURL+"\n", "base_url: "+sb.SAPURL+"?sap-client=100\n", 1)
	text += `  - name: erp_products
    data_type: reporting
    cadence: "@daily"
    extract: {system: erp, entity: products, mode: incremental, cursor_field: LastChangeDateTime, overlap: 10m, page_size: 1000}
`
	if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return sb, cfg
}

// TestStrictSAPEndToEnd is issue 6's acceptance line for the ERP: against the
// SAP emulator in its strict mode ('+' refused, decimals as JSON numbers,
// millisecond timestamps, offset skiptokens, rows deleted or moved between
// pages, its own page size, sap-client required) the prices and the OData
// products jobs stage exactly the source's rows, and the prices job writes
// exactly the differing prices, with the ERP's scale.
func TestStrictSAPEndToEnd(t *testing.T) {
	t.Parallel()
	const n = 2400
	sb, cfg := strictSAP(t, n, sap.Strict)
	if _, code := steward(t, "run", "prices", "erp_products", "--config", cfg); code != 0 {
		t.Fatalf("run exited %d", code)
	}
	for _, job := range []string{"prices", "erp_products"} {
		if r := lastRun(t, cfg, job); r.Status != store.StatusSucceeded || r.Quarantined != 0 {
			t.Errorf("%s: %+v", job, r)
		}
	}
	if len(sb.SAP.Shifted(sap.PriceSet)) == 0 || len(sb.SAP.Shifted(sap.ProductSet)) == 0 {
		t.Fatal("the emulator took no rows out of the result set; the test proves nothing")
	}
	st := openState(t, cfg)
	prices := staged(t, st, "prices")
	if len(prices) != n {
		t.Errorf("staged %d prices, want %d", len(prices), n)
	}
	for i := range n {
		var p transform.Price
		key := fmt.Sprintf("%010d", i+1)
		if err := json.Unmarshal(prices[key], &p); err != nil || p.Amount != catalog.Cents(sb.Catalog.ERPPrice(i)) || p.SKU != sb.Catalog.SKU(i) {
			t.Fatalf("staged price %s = %+v (%v), want %s EUR for %s", key, p, err, catalog.Cents(sb.Catalog.ERPPrice(i)), sb.Catalog.SKU(i))
		}
	}
	products := staged(t, st, "reporting")
	for i := range n {
		if _, ok := products[sb.Catalog.SKU(i)]; !ok {
			t.Fatalf("SAP product %s was not staged", sb.Catalog.SKU(i))
		}
	}
	if len(products) != n {
		t.Errorf("staged %d SAP products, want %d", len(products), n)
	}
	stale := catalog.Scaled(n).StalePrices
	writes := sb.Akeneo.Writes()
	if len(writes) != stale {
		t.Errorf("the PIM saw writes for %d products, want the %d stale prices", len(writes), stale)
	}
	for sku, k := range writes {
		i, ok := sb.Catalog.IndexOfSKU(sku)
		if !ok || sb.Catalog.Defect(i) != catalog.StalePrice || k != 1 {
			t.Errorf("write to %s (%d times) is not one of the stale prices", sku, k)
			continue
		}
		v, _ := sb.Akeneo.Value(sku, "price")
		b, _ := json.Marshal(v)
		if want := fmt.Sprintf(`[{"amount":%q,"currency":"EUR"}]`, catalog.Cents(sb.Catalog.ERPPrice(i))); string(b) != want {
			t.Errorf("PIM price of %s is %s, want %s", sku, b, want)
		}
	}
}

// staged returns the staged payloads of a data type by key.
func staged(t *testing.T, st *store.Store, dataType string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := st.EachStaged(t.Context(), dataType, func(r store.StagedRow) error {
		out[r.Key] = r.Payload
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBackfillDryRunUsesServerPageSize: the server pages at 350 whatever the
// job asks (1000); the dry run's page requests follow the server (issue 6
// item 13).
func TestBackfillDryRunUsesServerPageSize(t *testing.T) {
	t.Parallel()
	const n = 2400
	_, cfg := strictSAP(t, n, sap.Mode{PageSize: 350, Query: "sap-client=100"})
	out, code := steward(t, "backfill", "prices", "--from", "2026-01-01", "--to", "2026-04-01", "--window", "2160h", "--dry-run", "--config", cfg)
	want := fmt.Sprintf("total: %d records, %d page requests", n, (n+349)/350)
	if code != 0 || !strings.Contains(out, want) {
		t.Fatalf("dry run (exit %d) does not say %q:\n%s", code, want, out)
	}
	if strings.Contains(out, "estimated from the job's page size") {
		t.Errorf("the dry run knew the server's page size but called it an estimate:\n%s", out)
	}
}
