package spell

import (
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// TestRealisticCatalogTypos recounts the sandbox's planted typos with the
// dictionaries: every description of every value holder (simple products
// and models) in every locale and channel, against the catalog's figures.
func TestRealisticCatalogTypos(t *testing.T) {
	c := system(t)
	cat, err := catalog.NewProfile(catalog.Realistic, 1200, 5)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]int{}
	check := func(vals []catalog.Value) {
		for _, v := range vals {
			if v.Attribute == "description" {
				found[v.Locale] += len(c.Misspelled(v.Locale, v.Text))
			}
		}
	}
	for i := range cat.N {
		if it := cat.Item(i); it.Parent == "" {
			check(it.Values)
		}
	}
	for _, code := range cat.ModelCodes() {
		m, _ := cat.Model(code)
		check(m.Values)
	}
	p := cat.Planted()
	if found["en_US"] != p.TyposEN || found["de_DE"] != p.TyposDE || found["fr_FR"] != 0 || p.TyposEN == 0 || p.TyposDE == 0 {
		t.Errorf("misspellings found %v, planted en_US %d de_DE %d fr_FR 0", found, p.TyposEN, p.TyposDE)
	}
}
