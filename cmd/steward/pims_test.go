package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	"github.com/stewardhq/steward/internal/sandbox"
	pimcoresb "github.com/stewardhq/steward/internal/sandbox/pimcore"
	salsifysb "github.com/stewardhq/steward/internal/sandbox/salsify"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// The sandbox PIMs other than Akeneo, seen from the tests: how a person edits
// a product's price in each (through the PIM's own API, as its admin
// interface would save it), and how the tests read what the PIM holds.

// pimOf says which sandbox PIM a test runs against.
type pimOf string

// startPIMSandbox serves n products and writes a config whose PIM is pim.
func startPIMSandbox(t *testing.T, pim pimOf, n int, seed uint64) (*sandboxSystems, string) {
	t.Helper()
	return startSandboxWith(t, n, seed, sandbox.ConfigOptions{PIM: string(pim), Generator: "template"})
}

// editPriceIn sets a product's EUR price in pim by hand, through its API.
func editPriceIn(t *testing.T, sb *sandboxSystems, pim pimOf, sku, amount string) {
	t.Helper()
	i, ok := sb.Catalog.IndexOfSKU(sku)
	if !ok {
		t.Fatalf("no product %s", sku)
	}
	switch pim {
	case "akeneo":
		editPrice(t, sb, sku, amount)
	case "pimcore":
		body := fmt.Sprintf(`{"query":"mutation { updateProduct(id: %d, input: {price: %s}) { success message } }"}`, i+1, amount)
		out := sandboxCall(t, http.MethodPost, sb.URL(pimcoresb.Name)+pimcoresb.EndpointPrefix+pimcoresb.Configuration, body,
			"apikey", pimcoreKey)
		if !strings.Contains(out, `"success":true`) {
			t.Fatalf("edit the price of %s in Pimcore: %s", sku, out)
		}
	case "salsify":
		url := sb.URL(salsifysb.Name) + "/api/v1/orgs/" + salsifysb.SandboxOrg + "/products/" + sku
		sandboxCall(t, http.MethodPut, url, `{"Price":`+amount+`}`, "Authorization", "Bearer "+salsifyToken)
	default:
		t.Fatalf("no sandbox PIM %q", pim)
	}
}

// sandboxCall sends one request with one auth header and fails the test on
// an answer outside 2xx.
func sandboxCall(t *testing.T, method, url, body, header, value string) string {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(header, value)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %s %s", method, url, resp.Status, b)
	}
	return string(b)
}

// priceIn returns the EUR amount pim holds for a product, as exact text.
func priceIn(t *testing.T, sb *sandboxSystems, pim pimOf, sku string) string {
	t.Helper()
	i, _ := sb.Catalog.IndexOfSKU(sku)
	switch pim {
	case "pimcore":
		v, _ := sb.Pimcore.Value(i+1, "price", "")
		return fmt.Sprint(v)
	case "salsify":
		v, _ := sb.Salsify.Value(sku, "Price")
		return fmt.Sprint(v)
	}
	return pimPrice(t, sb, sku)
}

// writesIn returns pim's successful writes by SKU.
func writesIn(sb *sandboxSystems, pim pimOf) map[string]int {
	switch pim {
	case "pimcore":
		return sb.Pimcore.Writes()
	case "salsify":
		return sb.Salsify.Writes()
	}
	return sb.Akeneo.Writes()
}

// textIn returns a text value pim holds for a product's canonical attribute
// (description or description_draft, en_US), "" when it holds none.
func textIn(t *testing.T, sb *sandboxSystems, pim pimOf, sku, attribute string) string {
	t.Helper()
	i, _ := sb.Catalog.IndexOfSKU(sku)
	var v any
	var ok bool
	switch pim {
	case "pimcore":
		field := map[string]string{"description": "description", "description_draft": "descriptionDraft"}[attribute]
		v, ok = sb.Pimcore.Value(i+1, field, "en")
	case "salsify":
		prop := map[string]string{"description": salsifysb.PropDescription, "description_draft": salsifysb.PropDraft}[attribute]
		v, ok = sb.Salsify.Value(sku, prop)
	default:
		v, ok = sb.Akeneo.Value(sku, attribute)
	}
	if !ok || v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TestDraftsLandAsDraftsInEveryPIM: with publish: false an approved
// description draft lands in the PIM's draft slot (Pimcore's descriptionDraft
// field, Salsify's "Description Draft" property), the description stays
// empty, and an approved correction is applied, in every PIM.
func TestDraftsLandAsDraftsInEveryPIM(t *testing.T) {
	t.Parallel()
	for _, pim := range []pimOf{"pimcore", "salsify"} {
		t.Run(string(pim), func(t *testing.T) {
			t.Parallel()
			sb, cfg := startPIMSandbox(t, pim, 300, 15)
			raw, _ := os.ReadFile(cfg)
			if err := os.WriteFile(cfg, []byte(strings.Replace(string(raw), "publish: true", "publish: false", 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
				t.Fatal("run failed")
			}
			st := openState(t, cfg)
			desc, _ := st.Drafts(t.Context(), store.DraftFilter{Kind: store.DraftDescription, Limit: 1})
			corr := nameCorrections(t, st)
			if len(desc) != 1 || len(corr) != 1 {
				t.Fatalf("drafts: %d descriptions, %d name corrections", len(desc), len(corr))
			}
			ids := []string{itoa(int(desc[0].ID)), itoa(int(corr[0].ID))}
			if out, code := steward(t, append([]string{"drafts", "approve", "--reviewer", "ana", "--config", cfg}, ids...)...); code != 0 {
				t.Fatalf("approve: %s", out)
			}
			if out, code := steward(t, "drafts", "push", "--all", "--config", cfg); code != 0 || !strings.Contains(out, "2 pushed, 0 rejected") {
				t.Fatalf("push: %s", out)
			}
			var want string
			_ = json.Unmarshal([]byte(desc[0].Value), &want)
			if got := textIn(t, sb, pim, desc[0].SKU, "description_draft"); got == "" || got != want {
				t.Errorf("the draft slot of %s holds %q, want the draft %q", desc[0].SKU, got, want)
			}
			if got := textIn(t, sb, pim, desc[0].SKU, "description"); got != "" {
				t.Errorf("the draft was published into the description of %s: %q", desc[0].SKU, got)
			}
			var cv transform.Value
			_ = json.Unmarshal([]byte(corr[0].Value), &cv)
			if got := nameIn(sb, pim, corr[0].SKU); got != cv.Text || strings.TrimSpace(got) != got {
				t.Errorf("name correction of %s: the PIM holds %q, want %q", corr[0].SKU, got, cv.Text)
			}
		})
	}
}

// nameIn returns the en_US name pim holds for a product.
func nameIn(sb *sandboxSystems, pim pimOf, sku string) string {
	i, _ := sb.Catalog.IndexOfSKU(sku)
	var v any
	if pim == "pimcore" {
		v, _ = sb.Pimcore.Value(i+1, "name", "en")
	} else {
		v, _ = sb.Salsify.Value(sku, salsifysb.PropName)
	}
	s, _ := v.(string)
	return s
}

// nameCorrections returns the first pending correction of a name.
func nameCorrections(t *testing.T, st *store.Store) []store.Draft {
	t.Helper()
	all, err := st.Drafts(t.Context(), store.DraftFilter{Kind: store.DraftCorrection})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range all {
		if d.Attribute == "name" {
			return []store.Draft{d}
		}
	}
	return nil
}

// TestProductSnapshotHasTheSameColumnsForEveryPIM: products read from
// Akeneo, Pimcore or Salsify are the same canonical products, so their
// Parquet snapshots have the same schema, and each row still hashes to its
// content.
func TestProductSnapshotHasTheSameColumnsForEveryPIM(t *testing.T) {
	t.Parallel()
	pims := []pimOf{"akeneo", "pimcore", "salsify"}
	schemas := make([]string, len(pims))
	for k, pim := range pims {
		_, cfg := startPIMSandbox(t, pim, 200, 9)
		if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
			t.Fatalf("%s: products run failed", pim)
		}
		dir := filepath.Join(filepath.Dir(cfg), "state", "parquet", "products")
		checkSnapshot(t, dir, 200)
		schemas[k] = snapshotSchema(t, dir)
	}
	for k := 1; k < len(pims); k++ {
		if schemas[k] != schemas[0] {
			t.Errorf("the %s products snapshot has another schema than %s's:\n%s\n%s", pims[k], pims[0], schemas[k], schemas[0])
		}
	}
}

// snapshotSchema returns the schema of the one products snapshot in dir.
func snapshotSchema(t *testing.T, dir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if len(files) != 1 {
		t.Errorf("%d snapshots in %s, want 1", len(files), dir)
		return ""
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Error(err)
		return ""
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := pq.OpenFile(f, st.Size())
	if err != nil {
		t.Errorf("open %s: %v", files[0], err)
		return ""
	}
	return pf.Schema().String()
}

// sandboxConfig is the config options of a sandbox whose PIM is pim.
func sandboxConfig(pim pimOf) sandbox.ConfigOptions {
	return sandbox.ConfigOptions{PIM: string(pim), Generator: "template"}
}

// TestValidateConnectEveryPIM: validate --connect probes the Pimcore and
// Salsify sandbox systems with one cheap read each and finds every attribute
// the sandbox's rules name, and a wrong key fails that system's line without
// echoing the key.
func TestValidateConnectEveryPIM(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		pim        pimOf
		ok, secret string
	}{
		{"pimcore", "pim (pimcore): ok: POST /pimcore-graphql-webservices/steward answered getProductListing", "pimcore_key"},
		{"salsify", "pim (salsify): ok: GET /api/v1/orgs/" + salsifysb.SandboxOrg + "/products?per_page=1 answered", "salsify_token"},
	} {
		t.Run(string(c.pim), func(t *testing.T) {
			t.Parallel()
			_, cfg := startSandboxWith(t, 10, 1, sandboxConfig(c.pim))
			out, msg, code := validateCLI(t, "validate", "--connect", "--config", cfg)
			if !strings.Contains(out, c.ok) {
				t.Fatalf("validate --connect lacks %q (%s):\n%s", c.ok, msg, out)
			}
			// The sandbox's rules name only what its PIM has (image-present too).
			if code != 0 || strings.Contains(out, "does not exist in PIM") || strings.Contains(out, "is not enabled in PIM") {
				t.Errorf("validate --connect of the sandbox's own config: exit %d (%s), want 0 without unknown references:\n%s", code, msg, out)
			}
			writeFile(t, filepath.Join(filepath.Dir(cfg), "secrets", c.secret), "wrong-secret-canary\n")
			out, msg, code = validateCLI(t, "validate", "--connect", "--config", cfg)
			if code != 1 || strings.Count(out, "pim ("+string(c.pim)+"): FAILED: ") != 1 || strings.Contains(out+msg, "canary") {
				t.Errorf("with a wrong key: exit %d (%s), want 1 and one FAILED line without the key:\n%s", code, msg, out)
			}
		})
	}
}
