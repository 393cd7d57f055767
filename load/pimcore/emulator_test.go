package pimcore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/pimcore"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/load/pimcore"
	"github.com/stewardhq/steward/transform"
)

// sandboxKey is the sandbox Pimcore's API key (header apikey).
const sandboxKey = "sandbox-pimcore-key"

// newEmulatorLoader serves the sandbox emulator over cat and builds the
// loader against it, configured as the sandbox's steward.yaml configures it.
func newEmulatorLoader(t *testing.T, cat *catalog.Catalog) (*emulator.Server, load.Loader) {
	t.Helper()
	emu := emulator.New(cat, sandboxKey)
	return emu, loaderFor(t, emu, "")
}

// loaderFor serves emu and builds the loader against it with the sandbox's
// settings and the settings lines extra (indented as settings' keys).
func loaderFor(t *testing.T, emu *emulator.Server, extra string) load.Loader {
	t.Helper()
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  pim:
    kind: pimcore
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: api_key, header: apikey, token: "${KEY}"}
%s%s`, srv.URL, settings, extra)
	f, err := config.Parse("pimcore.yaml", []byte(text), nil, func(k string) (string, bool) { return sandboxKey, k == "KEY" })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("pim", f.Systems["pim"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	l, err := pimcore.New(load.Spec{System: "pim", Config: f, Settings: decoded(t, f, "pim"), Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// firstWith returns the first catalog index with defect d.
func firstWith(t *testing.T, cat *catalog.Catalog, d catalog.Defect, not ...int) int {
	t.Helper()
	for i := range cat.N {
		if cat.Defect(i) == d && !containsInt(not, i) {
			return i
		}
	}
	t.Fatalf("the catalog has no product with defect %v", d)
	return -1
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// id is the Pimcore object id (as the canonical Product.ID) of index i.
func id(i int) string { return strconv.Itoa(i + 1) }

// TestEmulatorWrites writes a price by SKU, a description draft, the three
// fixable corrections and two refused values to the sandbox emulator: the
// five are written exactly; an EAN too long for its input field comes back
// with Pimcore's validation message, a price with a third decimal is
// refused before writing; nothing else changes, and the same batch again
// changes nothing. (An unknown select option is no refusal: Pimcore 11
// saves any text in a select; see the emulator's TestUpdateLaxSave.)
func TestEmulatorWrites(t *testing.T) {
	cat := catalog.New(1000, 3)
	emu, l := newEmulatorLoader(t, cat)
	pr, dr := firstWith(t, cat, catalog.Clean), firstWith(t, cat, catalog.MissingDescription)
	ws, oc, un := firstWith(t, cat, catalog.FixableWhitespace), firstWith(t, cat, catalog.FixableOptionCase), firstWith(t, cat, catalog.FixableUnspelling)
	bad := firstWith(t, cat, catalog.Clean, pr)
	weight := cat.PIM(un).Weight
	items := []load.Item{
		{ID: 1, ExternalID: cat.SKU(pr), Fields: price("123.45", "EUR")},
		{ID: 2, ExternalID: cat.SKU(dr), UUID: id(dr), Fields: values("description_draft", text("en_US", "ecommerce", "A draft, with \"quotes\" and ü."))},
		{ID: 3, ExternalID: cat.SKU(ws), UUID: id(ws), Fields: values("name", text("en_US", "", strings.TrimSpace(cat.PIM(ws).Name)))},
		{ID: 4, ExternalID: cat.SKU(oc), UUID: id(oc), Fields: values("color", transform.Value{Kind: transform.KindOption, Text: strings.ToLower(cat.PIM(oc).Color)})},
		{ID: 5, ExternalID: cat.SKU(un), UUID: id(un), Fields: values("weight", transform.Value{Kind: transform.KindMetric, Number: weight, Unit: "KILOGRAM"})},
		{ID: 6, ExternalID: cat.SKU(bad), UUID: id(bad), Fields: values("ean", transform.Value{Kind: transform.KindText, Text: strings.Repeat("4", 191)})},
		{ID: 7, ExternalID: cat.SKU(bad), Fields: price("9.999", "EUR")},
	}
	want := []string{load.Written, load.Written, load.Written, load.Written, load.Written, load.Rejected, load.Rejected}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	checkOutcomes(t, out, want)
	if !strings.HasSuffix(out[5].Reason, `: Validation failed: Value in field [ ean ] is longer than 190 characters`) {
		t.Errorf("rejection reason %q lacks Pimcore's message", out[5].Reason)
	}
	if !strings.Contains(out[6].Reason, "9.999 has more than the 2 decimals of EUR") {
		t.Errorf("rejection reason %q does not say the price would be rounded", out[6].Reason)
	}
	wantWrites := map[string]int{cat.SKU(pr): 1, cat.SKU(dr): 1, cat.SKU(ws): 1, cat.SKU(oc): 1, cat.SKU(un): 1}
	if got := emu.Writes(); !maps.Equal(got, wantWrites) {
		t.Fatalf("writes %v, want %v", got, wantWrites)
	}
	checkValue(t, emu, pr, "price", "", "123.45")
	checkValue(t, emu, dr, "descriptionDraft", "en", items[1].Fields)
	checkValue(t, emu, ws, "name", "en", strings.TrimSpace(cat.PIM(ws).Name))
	checkValue(t, emu, oc, "color", "", strings.ToLower(cat.PIM(oc).Color))
	checkValue(t, emu, bad, "ean", "", cat.PIM(bad).EAN)
	checkValue(t, emu, bad, "price", "", cat.PIM(bad).Price)
	checkUntouched(t, emu, cat, []int{pr, dr, ws, oc, un, bad})
	if q, _ := emu.Value(un+1, "weight", ""); !sameQuantity(q, weight, "KILOGRAM") {
		t.Errorf("weight of %s is %+v, want %s KILOGRAM", id(un), q, weight)
	}
	if _, ok := emu.Value(dr+1, "descriptionDraft", "de"); ok {
		t.Errorf("the draft reached language de")
	}
	// The same batch again: the first five are unchanged, the refusal stands.
	out, err = l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	checkOutcomes(t, out, []string{load.Unchanged, load.Unchanged, load.Unchanged, load.Unchanged, load.Unchanged, load.Rejected, load.Rejected})
	if got := emu.Writes(); !maps.Equal(got, wantWrites) {
		t.Fatalf("after the second write: writes %v, want %v", got, wantWrites)
	}
}

func checkOutcomes(t *testing.T, out []load.Outcome, want []string) {
	t.Helper()
	if len(out) != len(want) {
		t.Fatalf("%d outcomes for %d items", len(out), len(want))
	}
	for k, o := range out {
		if o.ID != int64(k+1) || o.Status != want[k] {
			t.Errorf("item %d: outcome %+v, want %s", k+1, o, want[k])
		}
	}
}

// checkValue compares a field the emulator holds with want: a string, or
// the canonical values of an item's field (the first one's text).
func checkValue(t *testing.T, emu *emulator.Server, i int, field, lang string, want any) {
	t.Helper()
	if f, ok := want.(map[string]json.RawMessage); ok {
		var vs []transform.Value
		for _, raw := range f {
			_ = json.Unmarshal(raw, &vs)
		}
		want = vs[0].Text
	}
	got, ok := emu.Value(i+1, field, lang)
	if !ok || got != want {
		t.Errorf("object %s %s(%s) = %v (held: %v), want %q", id(i), field, lang, got, ok, want)
	}
}

// checkUntouched checks that the written objects kept their other planted
// values: only the fields written changed.
func checkUntouched(t *testing.T, emu *emulator.Server, cat *catalog.Catalog, idx []int) {
	t.Helper()
	for k, i := range idx {
		p := cat.PIM(i)
		fields := map[string]string{"sku": p.SKU, "family": p.Family, "ean": p.EAN}
		if k != 0 {
			fields["price"] = p.Price
		}
		if k != 3 && k != 5 {
			fields["color"] = p.Color
		}
		for f, w := range fields {
			if got, _ := emu.Value(i+1, f, ""); got != w {
				t.Errorf("object %s: %s = %v, want %q (untouched)", id(i), f, got, w)
			}
		}
		if k != 2 {
			if got, _ := emu.Value(i+1, "name", "en"); got != p.Name {
				t.Errorf("object %s: name = %v, want %q (untouched)", id(i), got, p.Name)
			}
		}
		if k != 4 {
			if q, _ := emu.Value(i+1, "weight", ""); !sameQuantity(q, p.Weight, p.WeightUnit) {
				t.Errorf("object %s: weight = %+v, want %s %s (untouched)", id(i), q, p.Weight, p.WeightUnit)
			}
		}
	}
}

func sameQuantity(v any, number, unit string) bool {
	q, ok := v.(emulator.Quantity)
	if !ok {
		return false
	}
	a, aok := new(big.Rat).SetString(q.Value)
	b, bok := new(big.Rat).SetString(number)
	return aok && bok && a.Cmp(b) == 0 && q.Unit == unit
}

// TestEmulatorUnknownUnit: Pimcore saves a quantity value whose unit
// abbreviation it does not know with a null unit and answers success; the
// loader reads the saved value back and reports the item rejected, naming
// the unit.
func TestEmulatorUnknownUnit(t *testing.T) {
	cat := catalog.New(100, 3)
	emu, l := newEmulatorLoader(t, cat)
	i := firstWith(t, cat, catalog.Clean)
	w := cat.PIM(i).Weight
	items := []load.Item{{ID: 1, UUID: id(i), Fields: values("weight", transform.Value{Kind: transform.KindMetric, Number: w, Unit: "KILOS"})}}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	checkOutcomes(t, out, []string{load.Rejected})
	if !strings.Contains(out[0].Reason, `without a unit: Pimcore has no unit with abbreviation "KILOS"`) {
		t.Errorf("reason %q does not name the unknown unit", out[0].Reason)
	}
	if q, _ := emu.Value(i+1, "weight", ""); !sameQuantity(q, w, "") {
		t.Errorf("weight held %+v, want %s without unit (as Pimcore saves it)", q, w)
	}
}

// TestEmulatorMissingObjects: an object deleted in Pimcore (looked up by id:
// Datahub's getter fails with its client-safe text on that alias) and a SKU
// no object has are rejected one by one; the other item of the batch is
// written.
func TestEmulatorMissingObjects(t *testing.T) {
	cat := catalog.New(100, 3)
	emu, l := newEmulatorLoader(t, cat)
	gone, kept := firstWith(t, cat, catalog.Clean), firstWith(t, cat, catalog.MissingDescription)
	emu.Delete(gone + 1)
	items := []load.Item{
		{ID: 1, UUID: id(gone), Fields: price("1.00", "EUR")},
		{ID: 2, ExternalID: "SKU-NOPE", Fields: price("1.00", "EUR")},
		{ID: 3, ExternalID: cat.SKU(kept), Fields: price("2.00", "EUR")},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	checkOutcomes(t, out, []string{load.Rejected, load.Rejected, load.Written})
	if !strings.Contains(out[0].Reason, "object with id:'"+id(gone)+"' not found") {
		t.Errorf("deleted object: reason %q", out[0].Reason)
	}
	if !strings.Contains(out[1].Reason, `no object of class Product has sku "SKU-NOPE"`) {
		t.Errorf("unknown SKU: reason %q", out[1].Reason)
	}
	if w := emu.Writes(); len(w) != 1 || w[cat.SKU(kept)] != 1 {
		t.Errorf("writes %v", w)
	}
}
