package salsify_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/salsify"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// The loader streams every live product's current price through the paged
// listing, a few requests for the whole catalog and none per product; a
// deleted product is not reported.
func TestCurrentStreamsPricesThroughTheListing(t *testing.T) {
	const n = 450
	c := catalog.New(n, 3)
	srv := emulator.New(c, emulator.SandboxOrg, emulator.SandboxToken)
	if !srv.Delete(c.SKU(7)) {
		t.Fatal("delete failed")
	}
	l := emulatorLoaderFor(t, srv, 100, config.Target{System: "pim", Fields: []string{"price"}})
	rr, ok := l.(load.ReconcileReader)
	if !ok {
		t.Fatal("the Salsify loader is no load.ReconcileReader")
	}
	got := map[string]transform.PriceValue{}
	err := rr.Current(t.Context(), func(id string, fields map[string]json.RawMessage) error {
		var pv transform.PriceValue
		if err := json.Unmarshal(fields["price"], &pv); err != nil {
			t.Errorf("product %s: price %s: %v", id, fields["price"], err)
		}
		got[id] = pv
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n-1 {
		t.Errorf("%d products reported, want %d", len(got), n-1)
	}
	if _, ok := got[c.SKU(7)]; ok {
		t.Error("the deleted product was reported")
	}
	for i := range n {
		pv, ok := got[c.SKU(i)]
		if i != 7 && (!ok || pv.Currency != "EUR" || !transform.SameAmount(pv.Amount, c.PIM(i).Price)) {
			t.Fatalf("product %s: %+v, want EUR %s", c.SKU(i), pv, c.PIM(i).Price)
		}
	}
	lists, singles := 0, 0
	for call, k := range srv.Calls() {
		switch {
		case strings.HasSuffix(call, "/products"):
			lists += k
		case strings.Contains(call, "/products/"):
			singles += k
		}
	}
	if lists > n/100+3 || singles != 0 {
		t.Errorf("%d listing and %d single-product requests for %d products", lists, singles, n)
	}
}

// A loader that owns no field it can read back lists nothing.
func TestCurrentListsNothingWithoutAReadableOwnedField(t *testing.T) {
	srv := emulator.New(catalog.New(50, 3), emulator.SandboxOrg, emulator.SandboxToken)
	l := emulatorLoaderFor(t, srv, 100, config.Target{System: "pim", Fields: []string{"description_draft"}})
	err := l.(load.ReconcileReader).Current(t.Context(), func(string, map[string]json.RawMessage) error {
		t.Error("a product was reported")
		return nil
	})
	if err != nil || len(srv.Calls()) != 0 {
		t.Errorf("err %v, calls %v", err, srv.Calls())
	}
}
