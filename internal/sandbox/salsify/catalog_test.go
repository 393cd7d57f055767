package salsify

import (
	"encoding/json"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// TestPlantedDefectsAsAkeneoShowsThem: every product of a catalog large
// enough to plant every defect class carries in Salsify exactly the values
// the Akeneo emulator serves for it, so the same quality rules give the
// same figures whichever PIM serves the catalog.
func TestPlantedDefectsAsAkeneoShowsThem(t *testing.T) {
	cat := catalog.New(1200, 1)
	ak := akeneo.New(cat, akeneo.Credentials{})
	s := New(cat, SandboxOrg, SandboxToken)
	defects := map[catalog.Defect]int{}
	for i := range cat.N {
		defects[cat.Defect(i)]++
		sku := cat.SKU(i)
		s.mu.RLock()
		doc := s.get(i).doc()
		s.mu.RUnlock()
		checkAgainstAkeneo(t, ak, sku, doc)
	}
	if len(defects) != 9 {
		t.Fatalf("the catalog planted %d defect classes, want all 9: %v", len(defects), defects)
	}
}

func checkAgainstAkeneo(t *testing.T, ak *akeneo.Server, sku string, doc map[string]any) {
	t.Helper()
	text := func(attr string) any {
		v, ok := ak.Value(sku, attr)
		if !ok {
			return nil
		}
		return v
	}
	weight, _ := ak.Value(sku, "weight")
	price, _ := ak.Value(sku, "price")
	w := weight.(map[string]any)
	amount := price.([]map[string]any)[0]
	want := map[string]any{
		PropProductID: sku, PropName: text("name"), PropColor: text("color"), PropEAN: text("ean"),
		PropDescription: text("description"), PropWeight: json.Number(w["amount"].(string)), PropWeightUnit: w["unit"],
		PropPrice: json.Number(amount["amount"].(string)),
	}
	for prop, v := range want {
		got, ok := doc[prop]
		if v == nil {
			if ok {
				t.Errorf("%s: %s = %v, Akeneo has no value", sku, prop, got)
			}
			continue
		}
		if got != v {
			t.Errorf("%s: %s = %#v, Akeneo shows %#v", sku, prop, got, v)
		}
	}
	if amount["currency"] != "EUR" {
		t.Errorf("%s: Akeneo price in %v, the Salsify sandbox implies EUR", sku, amount["currency"])
	}
}
