package pimcore

import (
	"encoding/json"
	"math/big"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

const productQuery = `query($id: Int) { getProduct(id: $id) { id key published modificationDate sku family
  name description descriptionDraft color ean price weight { value unit { abbreviation } } } }`

// Every object shows catalog product i with its planted defect exactly as the
// Akeneo emulator shows it, so the same quality rules give the same figures.
func TestPlantedCatalog(t *testing.T) {
	f := newFixture(t, 1200)
	seen := map[catalog.Defect]bool{}
	for i := range f.cat.N {
		d := f.cat.Defect(i)
		if seen[d] {
			continue
		}
		seen[d] = true
		var got map[string]any
		f.ok(t, productQuery, map[string]any{"id": i + 1}, "getProduct", &got)
		checkPlanted(t, f.cat, i, got)
	}
	for _, d := range []catalog.Defect{catalog.Clean, catalog.MissingDescription, catalog.FixableOptionCase, catalog.FixableWhitespace,
		catalog.FixableUnspelling, catalog.HumanBadGTIN, catalog.HumanImplausible, catalog.HumanUnknownOption, catalog.StalePrice} {
		if !seen[d] {
			t.Errorf("defect %d not in the test catalog", d)
		}
	}
}

func checkPlanted(t *testing.T, cat *catalog.Catalog, i int, got map[string]any) {
	t.Helper()
	p := cat.PIM(i)
	want := map[string]any{"id": itoa(i + 1), "key": p.SKU, "published": true, "sku": p.SKU, "family": p.Family,
		"name": p.Name, "description": nilIfEmpty(p.Description), "descriptionDraft": nil, "color": p.Color, "ean": p.EAN}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("product %d (defect %d) %s = %#v, want %#v", i, cat.Defect(i), k, got[k], v)
		}
	}
	if got["modificationDate"] != json.Number(itoa(int(cat.Updated(i).Unix()))) {
		t.Errorf("product %d modificationDate %v, want %d", i, got["modificationDate"], cat.Updated(i).Unix())
	}
	if !sameDecimal(got["price"], p.Price) {
		t.Errorf("product %d price %v, want %s", i, got["price"], p.Price)
	}
	w, _ := got["weight"].(map[string]any)
	unit, _ := w["unit"].(map[string]any)
	if !sameDecimal(w["value"], p.Weight) || unit["abbreviation"] != p.WeightUnit {
		t.Errorf("product %d weight %v, want %s %s", i, w, p.Weight, p.WeightUnit)
	}
}

// sameDecimal compares a JSON number's text with a decimal exactly.
func sameDecimal(v any, dec string) bool {
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	a, okA := new(big.Rat).SetString(n.String())
	b, okB := new(big.Rat).SetString(dec)
	return okA && okB && a.Cmp(b) == 0
}
