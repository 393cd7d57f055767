package drafts

import (
	"net/http/httptest"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/llm"
	"github.com/stewardhq/steward/transform"
)

// catalogFacts returns the facts of sandbox catalog product i for a locale,
// read as the drafts job reads them (the default facts and the ERP price). The
// name carries no locale, so every locale gets it.
func catalogFacts(t *testing.T, c *catalog.Catalog, i int, locale string) Facts {
	t.Helper()
	p := c.PIM(i)
	text := func(attr, s string) transform.Value {
		return transform.Value{Attribute: attr, Kind: transform.KindText, Text: s}
	}
	prod := transform.Product{ID: p.UUID, Identifier: p.SKU, Family: p.Family, Values: []transform.Value{
		text("name", p.Name), {Attribute: "color", Kind: transform.KindOption, Text: p.Color}, text("ean", p.EAN),
		{Attribute: "weight", Kind: transform.KindMetric, Number: p.Weight, Unit: p.WeightUnit},
	}}
	return FactsOf(prod, []string{"name", "color", "weight", "ean"}, locale, &transform.Price{Amount: catalog.Cents(c.ERPPrice(i)), Currency: "EUR"})
}

var draftLocales = []string{"en_US", "de_DE", "fr_FR"}

// catalogStride is the step through the catalog: every product, or every
// tenth under the race detector, which makes the check ten times slower.
func catalogStride(n int) int {
	if raceDetector {
		return 10 * n
	}
	return n
}

// TestTemplateDraftsOfTheCatalogPass: the template's draft of every product
// of the demo catalog (12,000, every planted defect among them) passes the
// check, each product in one template locale, the locales in turn, so the
// demo's drafts stay pending.
func TestTemplateDraftsOfTheCatalogPass(t *testing.T) {
	t.Parallel()
	c := catalog.New(catalog.ReferenceProducts, 1)
	flagged := 0
	for i := 0; i < c.N; i += catalogStride(1) {
		loc := draftLocales[i%len(draftLocales)]
		f := catalogFacts(t, c, i, loc)
		text, err := Template{}.Generate(t.Context(), Request{Facts: f, Locale: loc, Channel: "ecommerce"})
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(text, f); err != nil {
			if flagged++; flagged <= 5 {
				t.Errorf("product %d %s: %q flagged: %v", i, loc, text, err)
			}
		}
	}
	if flagged > 0 {
		t.Errorf("%d template drafts flagged", flagged)
	}
}

// TestSandboxModelDraftsOfTheCatalogPass: the sandbox model's drafts of
// catalog products pass the check (every 4th product, the locales in turn;
// the model's text does not depend on the locale).
func TestSandboxModelDraftsOfTheCatalogPass(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&llm.Server{})
	defer srv.Close()
	g := NewOpenAI(srv.URL+"/v1", srv.Client(), LLMSettings{Model: llm.Model, MaxTokens: 100, Concurrency: 1})
	c := catalog.New(catalog.ReferenceProducts, 1)
	for i := 0; i < c.N; i += catalogStride(4) {
		loc := draftLocales[i/4%len(draftLocales)]
		f := catalogFacts(t, c, i, loc)
		text, err := g.Generate(t.Context(), Request{Facts: f, Locale: loc, Channel: "ecommerce"})
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(text, f); err != nil {
			t.Fatalf("product %d %s: %q flagged: %v", i, loc, text, err)
		}
	}
}
