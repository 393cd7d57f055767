package pimcore_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/pimcore"
	"github.com/stewardhq/steward/load"
)

// strictEmulator serves cat as objects of the sandbox class with its image
// field mandatory, as a real class usually has it: the sandbox's products
// have no image, so Pimcore refuses to save any of them unless the mutation
// omits the mandatory check.
func strictEmulator(t *testing.T, cat *catalog.Catalog) *emulator.Server {
	t.Helper()
	class := emulator.ProductClass()
	for k := range class.Fields {
		if class.Fields[k].Name == "image" {
			class.Fields[k].Mandatory = true
		}
	}
	emu, err := emulator.NewWithClass(cat, sandboxKey, class)
	if err != nil {
		t.Fatal(err)
	}
	return emu
}

// mandatoryItems are a price by SKU and a description draft by id, for two
// published products without an image.
func mandatoryItems(t *testing.T, cat *catalog.Catalog) ([]load.Item, []int) {
	t.Helper()
	pr, dr := firstWith(t, cat, catalog.Clean), firstWith(t, cat, catalog.MissingDescription)
	return []load.Item{
		{ID: 1, ExternalID: cat.SKU(pr), Fields: price("123.45", "EUR")},
		{ID: 2, ExternalID: cat.SKU(dr), UUID: id(dr), Fields: values("description_draft", text("en_US", "ecommerce", "A draft"))},
	}, []int{pr, dr}
}

// TestEmulatorMandatoryOmitted: by default the writer omits Pimcore's
// mandatory check, so a price and a draft reach products whose image
// (mandatory) editors have not filled.
func TestEmulatorMandatoryOmitted(t *testing.T) {
	cat := catalog.New(200, 3)
	emu := strictEmulator(t, cat)
	l := loaderFor(t, emu, "")
	items, idx := mandatoryItems(t, cat)
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	checkOutcomes(t, out, []string{load.Written, load.Written})
	checkValue(t, emu, idx[0], "price", "", "123.45")
	checkValue(t, emu, idx[1], "descriptionDraft", "en", "A draft")
}

// TestEmulatorMandatoryChecked: with omit_mandatory_check: false Pimcore's
// own check refuses the save of a published product lacking its image; each
// item is rejected (a dead letter) with Pimcore's message naming the field,
// the batch does not fail, nothing is written. An unpublished product is
// not checked by Pimcore itself, so its price is written.
func TestEmulatorMandatoryChecked(t *testing.T) {
	cat := catalog.New(200, 3)
	emu := strictEmulator(t, cat)
	l := loaderFor(t, emu, "      omit_mandatory_check: false\n")
	items, idx := mandatoryItems(t, cat)
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatalf("a refused save failed the batch: %v", err)
	}
	checkOutcomes(t, out, []string{load.Rejected, load.Rejected})
	for k, o := range out {
		if !strings.HasSuffix(o.Reason, ": Validation failed: Empty mandatory field [ image ]") {
			t.Errorf("item %d: reason %q does not name the empty mandatory field", k+1, o.Reason)
		}
	}
	if w := emu.Writes(); len(w) != 0 {
		t.Fatalf("writes %v, want none", w)
	}
	checkValue(t, emu, idx[0], "price", "", cat.PIM(idx[0]).Price)
	hidden := firstWith(t, cat, catalog.Clean, idx[0])
	emu.Unpublish(hidden + 1)
	out, err = l.Write(t.Context(), []load.Item{{ID: 1, UUID: id(hidden), Fields: price("7.50", "EUR")}})
	if err != nil {
		t.Fatal(err)
	}
	checkOutcomes(t, out, []string{load.Written})
	checkValue(t, emu, hidden, "price", "", "7.50")
}
