package salsify_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/salsify"
)

// variantsExtractor reads the realistic organization at base with variants
// on: name and description per locale, color and size.
func variantsExtractor(t *testing.T, base string) extract.Extractor {
	t.Helper()
	yaml := strings.Replace(emulatorConfig(base, 25), "      properties:\n", `      variants: true
      properties:
        - {property: Product Name (de-DE), attribute: name, locale: de_DE, kind: text}
        - {property: Size, attribute: size, kind: option}
`, 1)
	return extractorOf(t, yaml)
}

// With variants, a pass reads the leaf products only (every catalog
// product, no parent), and each child carries its own values and those of
// its parent: family, names in each locale, the description.
func TestVariantsInheritParent(t *testing.T) {
	c, err := catalog.NewProfile(catalog.Realistic, 60, emulatorSeed)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := readAll(t, variantsExtractor(t, serveEmulator(t, emulator.New(c, emulator.SandboxOrg, emulator.SandboxToken))), record.Cursor{})
	if len(got) != c.N {
		t.Fatalf("read %d products, want the catalog's %d (no parents)", len(got), c.N)
	}
	children := 0
	for i := range c.N {
		p, ok := got[c.SKU(i)]
		if !ok {
			t.Fatalf("product %s was not read", c.SKU(i))
		}
		model := c.ModelOf(i)
		if p.Parent != model {
			t.Fatalf("%s: parent %q, want %q", c.SKU(i), p.Parent, model)
		}
		name, _ := p.Get("name", "de_DE", "")
		_, desc := p.Get("description", "en_US", "ecommerce")
		size, _ := p.Get("size", "", "")
		if p.Family == "" || name.Text == "" || (!desc && c.RealDefects(i)&catalog.MissingTranslation == 0) {
			t.Fatalf("%s: family %q, de_DE name %q, description %v", c.SKU(i), p.Family, name.Text, desc)
		}
		if model != "" {
			children++
			if size.Text == "" {
				t.Errorf("%s: a child without its own size", c.SKU(i))
			}
		}
	}
	if children == 0 {
		t.Fatal("the catalog has no children")
	}
}

// A child whose parent is gone (GET answers 404) is quarantined with the
// reason, never staged without the values it inherits.
func TestVariantsOrphanQuarantined(t *testing.T) {
	c, _ := catalog.NewProfile(catalog.Realistic, 60, emulatorSeed)
	srv := emulator.New(c, emulator.SandboxOrg, emulator.SandboxToken)
	model := c.ModelCodes()[0]
	if !srv.Delete(model) {
		t.Fatalf("delete %s", model)
	}
	orphans, staged := 0, 0
	for p, err := range variantsExtractor(t, serveEmulator(t, srv)).Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range p.Quarantined {
			if !strings.Contains(q.Reason, `parent product "`+model+`"`) {
				t.Errorf("quarantined %s: %s", q.Key, q.Reason)
			}
			orphans++
		}
		staged += len(p.Records)
	}
	m, _ := c.Model(model)
	if orphans != len(m.Variants) || staged != c.N-len(m.Variants) {
		t.Errorf("quarantined %d, staged %d; want the %d children of %s quarantined", orphans, staged, len(m.Variants), model)
	}
}
