package console

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/connector/akeneo"
	"github.com/stewardhq/steward/internal/connector/pimcore"
	"github.com/stewardhq/steward/internal/connector/salsify"
	"github.com/stewardhq/steward/internal/store"
)

// TestProductPage: the product's violations in its job's newest check, its
// history (a check without issues says so), its drafts linking to the
// review queue.
func TestProductPage(t *testing.T) {
	f := opsFixture(t, nil)
	first := opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0, summary(60),
		product("k1", "SKU-1", "shirts", "ecommerce/en_US:E", vio("description-required", "error", "ecommerce", "en_US", "")))
	clean := opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0.Add(24*time.Hour), summary(70))
	opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0.Add(48*time.Hour), summary(75),
		product("k1", "SKU-1", "shirts", "ecommerce/en_US:D", vio("spelling", "warning", "ecommerce", "en_US", "<b>Cottn</b>")))
	if _, err := f.st.AddDraft(t.Context(), store.Draft{Kind: store.DraftDescription, ProductKey: "k1", SKU: "SKU-1", Family: "shirts",
		Attribute: "description", Locale: "en_US", Channel: "ecommerce", Value: `"A soft cotton shirt."`, Rule: "description-required",
		Generator: "llm", Model: "m", PromptVersion: "1", InputHash: "h", Status: store.DraftPending, RunID: first}); err != nil {
		t.Fatal(err)
	}
	w := f.get(t, viewer, "/products/k1")
	if w.Code != http.StatusOK {
		t.Fatalf("GET /products/k1: %d %s", w.Code, w.Body)
	}
	body := w.Body.String()
	cur := body[strings.Index(body, "Current violations"):strings.Index(body, "<h2>History")]
	if !strings.Contains(cur, ">spelling<") || strings.Contains(cur, "description-required") || !strings.Contains(cur, "&lt;b&gt;Cottn&lt;/b&gt;") {
		t.Errorf("current violations are not the newest check's: %s", cur)
	}
	hist := body[strings.Index(body, "<h2>History"):strings.Index(body, "<h2>Drafts")]
	if strings.Count(hist, "<tr>") != 4 || !strings.Contains(hist, "no issue") || !strings.Contains(hist, "/runs/"+strconv.FormatInt(clean, 10)) {
		t.Errorf("history lacks the three checks (one without issues): %s", hist)
	}
	for _, want := range []string{"A soft cotton shirt.", `href="/review?sku=SKU-1&amp;status="`, "pending", "no link"} {
		if !strings.Contains(body, want) {
			t.Errorf("product page lacks %s", want)
		}
	}
	if w := f.get(t, viewer, "/products/nothing"); w.Code != http.StatusNotFound {
		t.Errorf("GET /products/nothing: %d, want 404", w.Code)
	}
}

// TestProductPageLinksIntoItsPIM: the link comes from the kind of the system
// the product's job reads, from its base URL without credentials.
func TestProductPageLinksIntoItsPIM(t *testing.T) {
	reg := connector.NewRegistry()
	for _, k := range []connector.Kind{akeneo.Kind(), pimcore.Kind(), salsify.Kind()} {
		reg.Register(k)
	}
	for kind, want := range map[string]string{
		"akeneo":  `href="https://pim.example.com/#/enrich/product/42"`,
		"pimcore": `href="https://pim.example.com/admin/login/deeplink?object_42_object"`,
		"salsify": `href="https://pim.example.com/app/orgs/s-org-1/products/42"`,
	} {
		t.Run(kind, func(t *testing.T) {
			cfg := &config.File{Systems: map[string]config.System{"pim": {Kind: kind, BaseURL: "https://robot:hunter2@pim.example.com/?api_key=k"}},
				Jobs: []config.Job{{Name: "products", Extract: config.Extract{System: "pim"}}}}
			f := opsFixture(t, reg.ProductLinks(cfg, connector.Settings{"pim": api.Settings{OrgID: "s-org-1"}}))
			*f.cfg = *cfg
			opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0, summary(60),
				product("42", "SKU-42", "shirts", "", vio("spelling", "warning", "", "", "x")))
			body := f.get(t, viewer, "/products/42").Body.String()
			if !strings.Contains(body, want) || !strings.Contains(body, "Open in pim") {
				t.Errorf("no link %s in %s", want, body)
			}
			if strings.Contains(body, "hunter2") || strings.Contains(body, "api_key") {
				t.Errorf("the link carries a credential")
			}
		})
	}
}
