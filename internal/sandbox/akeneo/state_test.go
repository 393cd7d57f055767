package akeneo

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// TestStateRoundTrip: a PIM saved after writes, a created product and a
// planted value serves the same products once loaded into a fresh emulator
// over the same catalog, and saves the same bytes again.
func TestStateRoundTrip(t *testing.T) {
	cat := catalog.New(12, 4)
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	a := New(cat, creds)
	a.SetClock(func() time.Time { return clock })
	srvA := httptest.NewServer(a)
	defer srvA.Close()
	body := `{"identifier":"` + cat.SKU(0) + `","values":{"description":[{"locale":"en_US","scope":"ecommerce","data":"Written by the demo."}]}}
{"identifier":"` + cat.SKU(3) + `","values":{"price":[{"locale":null,"scope":null,"data":[{"amount":"12.34","currency":"EUR"}]}]}}
{"identifier":"NEW-1","family":"shoes","values":{"name":[{"locale":"en_US","scope":null,"data":"Created"}]}}
`
	if resp, out := authed(t, srvA, "PATCH", "/api/rest/v1/products", collectionType, body); resp.StatusCode != 200 || strings.Count(out, `"status_code":20`) != 3 {
		t.Fatalf("writes: %d %s", resp.StatusCode, out)
	}
	if !a.Plant(cat.SKU(5), "color", "chartreuse") {
		t.Fatal("plant failed")
	}
	saved, err := a.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	b := New(cat, creds)
	if err := b.LoadState(saved); err != nil {
		t.Fatal(err)
	}
	again, err := b.SaveState()
	if err != nil || !bytes.Equal(again, saved) {
		t.Fatalf("the loaded state saves differently (%v):\n%s\n%s", err, again, saved)
	}
	srvB := httptest.NewServer(b)
	defer srvB.Close()
	for _, path := range []string{"/api/rest/v1/products-uuid?limit=100", "/api/rest/v1/products?limit=100&with_count=true"} {
		_, listA := authed(t, srvA, "GET", path, "", "")
		_, listB := authed(t, srvB, "GET", path, "", "")
		if strings.ReplaceAll(listA, srvA.URL, "") != strings.ReplaceAll(listB, srvB.URL, "") {
			t.Errorf("GET %s differs after the round trip:\n%s\n%s", path, listA, listB)
		}
	}
	if d, _ := b.Value(cat.SKU(0), "description"); d != "Written by the demo." {
		t.Errorf("loaded description %v", d)
	}
	if d, ok := b.Value("NEW-1", "name"); !ok || d != "Created" || b.Count() != 13 {
		t.Errorf("created product: %v %v, %d products", d, ok, b.Count())
	}
	if d, _ := b.Value(cat.SKU(5), "color"); d != "chartreuse" {
		t.Errorf("planted color %v", d)
	}
	// The state belongs to its catalog: one of another size cannot hold it.
	if err := New(catalog.New(20, 4), creds).LoadState(saved); err == nil || !strings.Contains(err.Error(), "akeneo state") {
		t.Errorf("a state of 13 products loaded into a catalog of 20: %v", err)
	}
	if err := New(cat, creds).LoadState([]byte(`{"total":12,"products":[{"index":12,"uuid":"x"}]}`)); err == nil || !strings.Contains(err.Error(), "index 12") {
		t.Errorf("a product outside the total loaded: %v", err)
	}
}
