package akeneo_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// kindsOf extracts every product from base and returns the kind each
// attribute's values have.
func kindsOf(t *testing.T, base string) map[string]transform.Kind {
	t.Helper()
	kinds := map[string]transform.Kind{}
	for p, err := range extractor(t, base, 10).Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			var prod transform.Product
			if err := json.Unmarshal(r.Payload, &prod); err != nil {
				t.Fatal(err)
			}
			for _, v := range prod.Values {
				kinds[v.Attribute] = v.Kind
			}
		}
	}
	return kinds
}

// TestKindsFromAttributeTypes: the extractor reads the PIM's attribute types
// once per run and gives each value the kind of its attribute's type (a
// simple select is an option, though its data is a string like a text's);
// when the types cannot be read, values are read by their data's shape and
// the pass goes on.
func TestKindsFromAttributeTypes(t *testing.T) {
	inner := harness.Emulator(20)
	attributeReads := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/attributes") {
			attributeReads++
		}
		inner.ServeHTTP(w, r)
	}))
	defer srv.Close()
	want := map[string]transform.Kind{"sku": transform.KindText, "name": transform.KindText, "color": transform.KindOption,
		"weight": transform.KindMetric, "price": transform.KindPrices, "ean": transform.KindText}
	got := kindsOf(t, srv.URL)
	for a, k := range want {
		if got[a] != k {
			t.Errorf("attribute %s: kind %q, want %q (all: %v)", a, got[a], k, got)
		}
	}
	if attributeReads != 1 {
		t.Errorf("attribute types read %d times in one pass, want once", attributeReads)
	}
	noTypes := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/attributes") {
			http.Error(w, `{"code":403,"message":"Access forbidden."}`, http.StatusForbidden)
			return
		}
		inner.ServeHTTP(w, r)
	}))
	defer noTypes.Close()
	if got := kindsOf(t, noTypes.URL); got["color"] != transform.KindText || got["weight"] != transform.KindMetric {
		t.Errorf("without attribute types: %v", got)
	}
}
