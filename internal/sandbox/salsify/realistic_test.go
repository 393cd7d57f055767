package salsify

import (
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// The realistic catalog's models are parent products and its variants
// children naming them, each holding its own properties only; a leaf filter
// lists the products without children, a root filter those without parent,
// all of them every product.
func TestRealisticParentsAndChildren(t *testing.T) {
	cat, err := catalog.NewProfile(catalog.Realistic, 60, 4)
	if err != nil {
		t.Fatal(err)
	}
	s := New(cat, SandboxOrg, SandboxToken)
	models := len(cat.ModelCodes())
	child := -1
	for i := range cat.N {
		if cat.ModelOf(i) != "" {
			child = i
			break
		}
	}
	if models == 0 || child < 0 {
		t.Fatal("the catalog has no models")
	}
	s.mu.RLock()
	doc := s.get(child).doc()
	pi, ok := s.indexOf(cat.ModelOf(child))
	parent := s.get(pi).doc()
	s.mu.RUnlock()
	if !ok || doc["salsify:parent_id"] != cat.ModelOf(child) || doc[PropName] != nil || doc[PropSize] == nil || doc[PropImage] == nil && cat.RealDefects(child)&catalog.MissingImage == 0 {
		t.Fatalf("child %s: %v", cat.SKU(child), doc)
	}
	if parent["salsify:parent_id"] != nil || parent[PropName] == nil || parent[LocalProperty(PropName, "fr_FR")] == nil || parent[PropProductID] != cat.ModelOf(child) {
		t.Fatalf("parent %s: %v", cat.ModelOf(child), parent)
	}
	for suffix, want := range map[string]int{":product_type:all": cat.N + models, ":product_type:leaf": cat.N, ":product_type:root": cat.N + models - countChildren(cat)} {
		f, err := parseFilter("='salsify:updated_at':gte('1970-01-01T00:00:00.000Z')" + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if _, total := s.page(f, 1, 100); total != want {
			t.Errorf("%s: %d products, want %d", suffix, total, want)
		}
	}
}

func countChildren(cat *catalog.Catalog) int {
	n := 0
	for i := range cat.N {
		if cat.ModelOf(i) != "" {
			n++
		}
	}
	return n
}

// A written child keeps its parent, and a parent its children, through a
// saved state.
func TestRealisticStateKeepsParents(t *testing.T) {
	cat, _ := catalog.NewProfile(catalog.Realistic, 60, 4)
	s := New(cat, SandboxOrg, SandboxToken)
	child := -1
	for i := range cat.N {
		if cat.ModelOf(i) != "" {
			child = i
			break
		}
	}
	model := cat.ModelOf(child)
	if !s.Plant(cat.SKU(child), PropColor, "red") || !s.Plant(model, PropName, "Renamed") {
		t.Fatal("plant")
	}
	b, err := s.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	r := New(cat, SandboxOrg, SandboxToken)
	if err := r.LoadState(b); err != nil {
		t.Fatal(err)
	}
	r.mu.RLock()
	doc := r.get(child).doc()
	pi, _ := r.indexOf(model)
	parent := r.get(pi)
	r.mu.RUnlock()
	f, err := parseFilter("='salsify:updated_at':gte('1970-01-01T00:00:00.000Z'):product_type:leaf")
	if err != nil {
		t.Fatal(err)
	}
	if doc["salsify:parent_id"] != model || doc[PropColor] != "red" || !parent.Kids || parent.Props[PropName] != "Renamed" || f.matches(parent) {
		t.Errorf("after load: child %v, parent %+v", doc, parent)
	}
}
