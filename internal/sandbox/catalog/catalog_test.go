package catalog

import "testing"

func TestHeadlineScenarioCounts(t *testing.T) {
	c := New(ReferenceProducts, 1)
	counts := map[Defect]int{}
	for i := range c.N {
		counts[c.Defect(i)]++
	}
	missing := counts[MissingDescription]
	fixable := counts[FixableOptionCase] + counts[FixableWhitespace] + counts[FixableUnspelling]
	human := counts[HumanBadGTIN] + counts[HumanImplausible] + counts[HumanUnknownOption]
	if missing != 3000 || fixable != 80 || fixable+human != 800 || counts[StalePrice] != 200 || counts[Clean] != 8000 {
		t.Fatalf("scenario counts: %v", counts)
	}
	for i := range c.N {
		p := c.PIM(i)
		stale := c.Defect(i) == StalePrice
		if (c.ERPPrice(i) != c.PIMPrice(i)) != stale || (stale && !c.ERPUpdated(i).After(c.Updated(i))) {
			t.Fatalf("product %d: PIM %s ERP %s stale %v", i, p.Price, Cents(c.ERPPrice(i)), stale)
		}
		if (p.Description == "") != (c.Defect(i) == MissingDescription) {
			t.Fatalf("product %d: description %q with defect %d", i, p.Description, c.Defect(i))
		}
	}
}

func TestDeterministicAndScaled(t *testing.T) {
	a, b := New(1000, 9), New(1000, 9)
	for i := range 1000 {
		if a.PIM(i) != b.PIM(i) || a.Updated(i) != b.Updated(i) {
			t.Fatalf("product %d differs between two catalogs of one seed", i)
		}
	}
	if s := Scaled(120000); s.Missing != 30000 || s.Inconsistent != 8000 || s.Fixable != 800 || s.StalePrices != 2000 {
		t.Errorf("Scaled(120000) = %+v", s)
	}
}

func TestIdentifiersRoundTrip(t *testing.T) {
	c := New(100, 4)
	for _, i := range []int{0, 1, 99} {
		if j, ok := c.IndexOfUUID(c.UUID(i)); !ok || j != i {
			t.Errorf("uuid of %d round-trips to %d", i, j)
		}
		if j, ok := c.IndexOfSKU(c.SKU(i)); !ok || j != i {
			t.Errorf("sku of %d round-trips to %d", i, j)
		}
		if GTINCheckDigit(c.EAN(i)[:12]) != int(c.EAN(i)[12]-'0') {
			t.Errorf("EAN %s has a wrong check digit", c.EAN(i))
		}
	}
	if c.UUID(9) >= c.UUID(10) {
		t.Error("uuids do not sort in index order")
	}
	if _, ok := c.IndexOfSKU("SKU-0000101"); ok {
		t.Error("a SKU past the catalog was found")
	}
}
