package main

import (
	"encoding/json"
	"maps"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	salsifysb "github.com/stewardhq/steward/internal/sandbox/salsify"
	"github.com/stewardhq/steward/transform"
)

// TESTING.md row 36: the ERP is the source of truth for prices. A price changed
// in the PIM by hand, or stale from before steward ran, is corrected by a
// reconcile, and nothing else is written.

// setReconcileEvery adds load.reconcile_every to the prices job of cfg.
func setReconcileEvery(t *testing.T, cfg, every string) {
	t.Helper()
	raw, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(raw), "    load:\n", "    load:\n      reconcile_every: "+every+"\n", 1)
	if err := os.WriteFile(cfg, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cleanProducts returns the first n products whose PIM price equals the ERP's.
func cleanProducts(sb *sandboxSystems, n int) []int {
	var out []int
	for i := 0; i < sb.Catalog.N && len(out) < n; i++ {
		if sb.Catalog.Defect(i) == catalog.Clean {
			out = append(out, i)
		}
	}
	return out
}

// editPrice sets a product's EUR price in the PIM as a person would.
func editPrice(t *testing.T, sb *sandboxSystems, sku, amount string) {
	t.Helper()
	patch(t, sb.AkeneoURL, sku, `{"price":[{"locale":null,"scope":null,"data":[{"amount":"`+amount+`","currency":"EUR"}]}]}`)
}

// pimPrice returns the PIM's EUR amount of a product.
func pimPrice(t *testing.T, sb *sandboxSystems, sku string) string {
	t.Helper()
	v, _ := sb.Akeneo.Value(sku, "price")
	b, _ := json.Marshal(v)
	var prices []struct {
		Amount   any    `json:"amount"`
		Currency string `json:"currency"`
	}
	if err := json.Unmarshal(b, &prices); err != nil {
		t.Fatalf("price of %s: %s", sku, b)
	}
	for _, p := range prices {
		if p.Currency == "EUR" {
			return strings.Trim(string(mustMarshal(p.Amount)), `"`)
		}
	}
	return ""
}

func mustMarshal(v any) []byte { b, _ := json.Marshal(v); return b }

// writesSince returns the PIM's writes per identifier made after before.
func writesSince(before, after map[string]int) map[string]int {
	out := map[string]int{}
	for k, n := range after {
		if d := n - before[k]; d > 0 {
			out[k] = d
		}
	}
	return out
}

func TestReconcileCorrectsAHandEditedPrice(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandbox(t, 600, 4)
	setReconcileEvery(t, cfg, "1ms")
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("first run failed")
	}
	i := cleanProducts(sb, 1)[0]
	sku, erp := sb.Catalog.SKU(i), catalog.Cents(sb.Catalog.ERPPrice(i))
	editPrice(t, sb, sku, catalog.Cents(sb.Catalog.ERPPrice(i)+100)) // +1.00 EUR by hand
	before := sb.Akeneo.Writes()
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("reconciling run failed")
	}
	if got := writesSince(before, sb.Akeneo.Writes()); !maps.Equal(got, map[string]int{sku: 1}) {
		t.Errorf("the reconcile wrote %v, want exactly {%s: 1}", got, sku)
	}
	if got := pimPrice(t, sb, sku); !transform.SameAmount(got, erp) {
		t.Errorf("PIM price of %s is %s after the reconcile, want the ERP's %s", sku, got, erp)
	}
	if run := lastRun(t, cfg, "prices"); run.Written != 1 || run.Rejected != 0 {
		t.Errorf("reconciling run counts %+v, want 1 written", run.Counts)
	}
	// Reconciling again reads and finds nothing to write.
	calls := pimPatches(sb)
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("second reconciling run failed")
	}
	if after := pimPatches(sb); after != calls {
		t.Errorf("a reconcile with nothing to correct sent %d PATCH requests", after-calls)
	}
}

func TestStateResetReconcilesStalePrices(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandbox(t, 600, 4)
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("first run failed")
	}
	// Prices that drifted in the PIM while its ERP records did not change.
	want := map[string]int{}
	for k, i := range cleanProducts(sb, 3) {
		sku := sb.Catalog.SKU(i)
		editPrice(t, sb, sku, catalog.Cents(sb.Catalog.ERPPrice(i)-int64(10*(k+1))))
		want[sku] = 1
	}
	// Without a reconcile an incremental run leaves them alone.
	before := sb.Akeneo.Writes()
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("incremental run failed")
	}
	if got := writesSince(before, sb.Akeneo.Writes()); len(got) != 0 {
		t.Fatalf("an incremental run without reconcile wrote %v", got)
	}
	st := openState(t, cfg)
	if _, err := st.ResetState(t.Context(), "prices"); err != nil {
		t.Fatal(err)
	}
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("full re-read failed")
	}
	if got := writesSince(before, sb.Akeneo.Writes()); !maps.Equal(got, want) {
		t.Errorf("state reset + full re-read wrote %v, want %v", got, want)
	}
	for sku := range want {
		i, _ := sb.Catalog.IndexOfSKU(sku)
		if got, erp := pimPrice(t, sb, sku), catalog.Cents(sb.Catalog.ERPPrice(i)); !transform.SameAmount(got, erp) {
			t.Errorf("PIM price of %s is %s, want the ERP's %s", sku, got, erp)
		}
	}
	if run := lastRun(t, cfg, "prices"); run.Written != len(want) {
		t.Errorf("full re-read counts %+v, want %d written", run.Counts, len(want))
	}
}

func TestFullModeReconcilesEveryRun(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandbox(t, 600, 4)
	raw, _ := os.ReadFile(cfg)
	full := strings.Replace(string(raw), "      entity: prices\n      mode: incremental\n", "      entity: prices\n      mode: full\n", 1)
	if full == string(raw) {
		t.Fatal("the sandbox config has no incremental prices job to switch")
	}
	if err := os.WriteFile(cfg, []byte(full), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("first run failed")
	}
	i := cleanProducts(sb, 1)[0]
	sku := sb.Catalog.SKU(i)
	editPrice(t, sb, sku, "1.00")
	before := sb.Akeneo.Writes()
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("second full run failed")
	}
	if got := writesSince(before, sb.Akeneo.Writes()); !maps.Equal(got, map[string]int{sku: 1}) {
		t.Errorf("a full pass wrote %v, want exactly {%s: 1}", got, sku)
	}
}

// TestReconcileCorrectsAHandEditedPriceInEveryPIM: whichever PIM the prices
// go to, a price edited there by hand is corrected by the next reconcile,
// and only that product is written.
func TestReconcileCorrectsAHandEditedPriceInEveryPIM(t *testing.T) {
	t.Parallel()
	for _, pim := range []pimOf{"pimcore", "salsify"} {
		t.Run(string(pim), func(t *testing.T) {
			t.Parallel()
			sb, cfg := startPIMSandbox(t, pim, 600, 4)
			setReconcileEvery(t, cfg, "1ms")
			if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
				t.Fatal("first run failed")
			}
			i := cleanProducts(sb, 1)[0]
			sku, erp := sb.Catalog.SKU(i), catalog.Cents(sb.Catalog.ERPPrice(i))
			editPriceIn(t, sb, pim, sku, catalog.Cents(sb.Catalog.ERPPrice(i)+100)) // +1.00 EUR by hand
			if got := priceIn(t, sb, pim, sku); transform.SameAmount(got, erp) {
				t.Fatalf("the hand edit did not change the price of %s (%s)", sku, got)
			}
			before := writesIn(sb, pim)
			reads := 0
			if pim == "salsify" {
				reads = salsifyReads(sb)
			}
			if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
				t.Fatal("reconciling run failed")
			}
			if got := writesSince(before, writesIn(sb, pim)); !maps.Equal(got, map[string]int{sku: 1}) {
				t.Errorf("the reconcile wrote %v, want exactly {%s: 1}", got, sku)
			}
			if pim == "salsify" && salsifyReads(sb)-reads != 1 {
				// Salsify lists its products in pages: the reconcile reads
				// the listing, and one by one only the product it writes.
				t.Errorf("the reconcile read %d products one by one, want 1", salsifyReads(sb)-reads)
			}
			if got := priceIn(t, sb, pim, sku); !transform.SameAmount(got, erp) {
				t.Errorf("%s price of %s is %s after the reconcile, want the ERP's %s", pim, sku, got, erp)
			}
			if run := lastRun(t, cfg, "prices"); run.Written != 1 || run.Rejected != 0 {
				t.Errorf("reconciling run counts %+v, want 1 written", run.Counts)
			}
			// Reconciling again reads and finds nothing to write.
			before = writesIn(sb, pim)
			if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
				t.Fatal("second reconciling run failed")
			}
			if got := writesSince(before, writesIn(sb, pim)); len(got) != 0 {
				t.Errorf("a reconcile with nothing to correct wrote %v", got)
			}
		})
	}
}

// TestReconcileFitsSalsifyHourlyBudget: Salsify allows 10,000 requests an
// hour (PROTOCOLS.md §9), fewer than the headline catalog's 12,000 products.
// With the budget scaled to the catalog (2,500 an hour for 3,000 products),
// the first prices run still reconciles every price: it reads Salsify's
// current prices through the paged listing and reads one product by one only
// where it writes, so it writes exactly the prices Akeneo's run writes.
func TestReconcileFitsSalsifyHourlyBudget(t *testing.T) {
	t.Parallel()
	// A tenth of the reference catalog, its budget scaled alike (the same
	// share of the hourly calls per product).
	const n = catalog.ReferenceProducts / 10
	written := map[pimOf]map[string]int{}
	for _, pim := range []pimOf{"akeneo", "salsify"} {
		sb, cfg := startPIMSandbox(t, pim, n, 4)
		if pim == "salsify" {
			sb.Salsify.SetRateLimit(n*10000/catalog.ReferenceProducts, time.Hour)
		}
		before := writesIn(sb, pim)
		if out, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
			t.Fatalf("%s: prices run failed:\n%s", pim, out)
		}
		written[pim] = writesSince(before, writesIn(sb, pim))
		if pim != "salsify" {
			continue
		}
		if reads := salsifyReads(sb); reads != len(written[pim]) {
			t.Errorf("salsify: %d products read one by one for %d written", reads, len(written[pim]))
		}
		// A later reconcile reads the listing and only the drifted product.
		setReconcileEvery(t, cfg, "1ms")
		i := cleanProducts(sb, 1)[0]
		sku := sb.Catalog.SKU(i)
		editPriceIn(t, sb, pim, sku, catalog.Cents(sb.Catalog.ERPPrice(i)+100))
		before, reads := writesIn(sb, pim), salsifyReads(sb)
		if out, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
			t.Fatalf("reconciling run failed:\n%s", out)
		}
		if got := writesSince(before, writesIn(sb, pim)); !maps.Equal(got, map[string]int{sku: 1}) || salsifyReads(sb)-reads != 1 {
			t.Errorf("the reconcile wrote %v reading %d products one by one, want {%s: 1} reading 1", got, salsifyReads(sb)-reads, sku)
		}
	}
	if len(written["akeneo"]) == 0 || !maps.Equal(written["salsify"], written["akeneo"]) {
		t.Errorf("salsify's run wrote %d prices, akeneo's %d; they differ: %v", len(written["salsify"]), len(written["akeneo"]), written["salsify"])
	}
}

// salsifyReads counts the sandbox Salsify's reads of one product by id.
func salsifyReads(sb *sandboxSystems) int {
	n := 0
	for call, k := range sb.Salsify.Calls() {
		if strings.HasPrefix(call, "GET /api/v1/orgs/"+salsifysb.SandboxOrg+"/products/") {
			n += k
		}
	}
	return n
}
