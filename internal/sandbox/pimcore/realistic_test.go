package pimcore

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// newRealistic serves a realistic catalog of n products.
func newRealistic(t *testing.T, n int) *fixture {
	t.Helper()
	cat, err := catalog.NewProfile(catalog.Realistic, n, 4)
	if err != nil {
		t.Fatal(err)
	}
	srv := New(cat, testKey)
	srv.SetClock(func() time.Time { return testNow })
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &fixture{cat: cat, srv: srv, url: hs.URL + EndpointPrefix + Configuration}
}

// firstVariant returns the index of the catalog's first variant.
func firstVariant(t *testing.T, cat *catalog.Catalog) int {
	t.Helper()
	for i := range cat.N {
		if cat.ModelOf(i) != "" {
			return i
		}
	}
	t.Fatal("the catalog has no variants")
	return 0
}

const treeQuery = `query($id: Int) { getProduct(id: $id) { id key fullpath sku family
  name_en: name(language: "en") name_fr: name(language: "fr") description_de: description(language: "de")
  descriptionPrint_en: descriptionPrint(language: "en") color size image { fullpath }
  parent { ... on object_folder { fullpath } ... on object_Product { id key } }
  children(objectTypes: ["variant"]) { ... on object_Product { id sku } } } }`

// A variant is a child object of its model, served with the names,
// descriptions and family it inherits and its own SKU, color and size; the
// model lists it among its variant children and sits in the products folder.
func TestRealisticVariantInherits(t *testing.T) {
	f := newRealistic(t, 60)
	i := firstVariant(t, f.cat)
	code := f.cat.ModelOf(i)
	var v map[string]any
	f.ok(t, treeQuery, map[string]any{"id": i + 1}, "getProduct", &v)
	m, _ := f.cat.Model(code)
	wantName := ""
	for _, val := range m.Values {
		if val.Attribute == "name" && val.Locale == "en_US" {
			wantName = val.Text
		}
	}
	parent, _ := v["parent"].(map[string]any)
	if v["sku"] != f.cat.SKU(i) || v["name_en"] != wantName || v["family"] != m.Family || v["fullpath"] != "/Products/"+code+"/"+f.cat.SKU(i) ||
		parent["key"] != code || v["color"] == nil || v["size"] == nil {
		t.Fatalf("variant %d: %v (model %s, name %q)", i, v, code, wantName)
	}
	var model map[string]any
	f.ok(t, treeQuery, map[string]any{"id": mustAtoi(t, parent["id"])}, "getProduct", &model)
	kids, _ := model["children"].([]any)
	mp, _ := model["parent"].(map[string]any)
	if model["key"] != code || model["sku"] != nil || model["name_en"] != wantName || len(kids) != len(m.Variants) || mp["fullpath"] != "/Products" {
		t.Fatalf("model %s: %v", code, model)
	}
	var noDefault map[string]any
	f.ok(t, `query($id: Int) { getProduct(id: $id) { children { ... on object_Product { id } } } }`, map[string]any{"id": mustAtoi(t, parent["id"])}, "getProduct", &noDefault)
	if kids, _ := noDefault["children"].([]any); len(kids) != 0 {
		t.Errorf("children without objectTypes lists variants: %v", noDefault)
	}
}

// The listing holds the models beside the products, as Datahub lists
// objects and variants alike; a simple product has no parent object.
func TestRealisticListingHoldsModels(t *testing.T) {
	f := newRealistic(t, 60)
	var p page
	f.ok(t, `{ getProductListing(sortBy: ["id"]) { totalCount edges { node { id key } } } }`, nil, "getProductListing", &p)
	if want := f.cat.N + len(f.cat.ModelCodes()); p.TotalCount != want || len(p.Edges) != want {
		t.Fatalf("listing: %d objects, %d edges; want %d products and models", p.TotalCount, len(p.Edges), want)
	}
	models := map[string]bool{}
	for _, e := range p.Edges {
		if k, _ := e.Node["key"].(string); k != "" {
			if _, ok := f.cat.Model(k); ok {
				models[k] = true
			}
		}
	}
	if len(models) != len(f.cat.ModelCodes()) {
		t.Errorf("models in the listing %v, want %v", models, f.cat.ModelCodes())
	}
}

func mustAtoi(t *testing.T, v any) int {
	t.Helper()
	s, _ := v.(string)
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("id %v is not a number", v)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// A written variant keeps its place under its model through a saved state.
func TestRealisticStateKeepsTree(t *testing.T) {
	f := newRealistic(t, 60)
	i := firstVariant(t, f.cat)
	if !f.srv.Touch(i + 1) {
		t.Fatalf("touch %d", i+1)
	}
	b, err := f.srv.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	g := newRealistic(t, 60)
	if err := g.srv.LoadState(b); err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	g.ok(t, treeQuery, map[string]any{"id": i + 1}, "getProduct", &v)
	parent, _ := v["parent"].(map[string]any)
	if parent["key"] != f.cat.ModelOf(i) || v["name_en"] == nil || v["fullpath"] != "/Products/"+f.cat.ModelOf(i)+"/"+f.cat.SKU(i) {
		t.Errorf("variant after load: %v", v)
	}
}
