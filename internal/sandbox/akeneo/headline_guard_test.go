package akeneo

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// headlineDigest is the SHA-256 of the first 1,000 products of the headline
// catalog (12,000 products, seed 1) and their product models, with the families,
// attributes, channels, locales and options, as this emulator renders them, computed on the code before the realistic profile
// was added: the headline scenario's data must not move.
const headlineDigest = "848a6d2f9dc338b5a421764dd3c51c6fbaeffeb8a375de125b0bf5fb93254bdc"

func TestHeadlineProfileUnchanged(t *testing.T) {
	s := New(catalog.New(catalog.ReferenceProducts, 1), creds)
	h := sha256.New()
	enc := json.NewEncoder(h)
	for i := range 1000 {
		if err := enc.Encode(s.get(i).item(true, nil, "/api/rest/v1/products-uuid/"+s.cat.UUID(i))); err != nil {
			t.Fatal(err)
		}
	}
	models := s.models()
	for i := range 1000 {
		if m, ok := models[s.get(i).Parent]; ok {
			if err := enc.Encode(m.item("/api/rest/v1/product-models/" + m.code)); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.access["guard"] = s.now().Add(time.Hour)
	for _, path := range []string{"families", "attributes", "channels", "locales", "attributes/color/options", "product-models?limit=100"} {
		req := httptest.NewRequest(http.MethodGet, "http://pim.example/api/rest/v1/"+path, nil)
		req.Header.Set("Authorization", "Bearer guard")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
		h.Write(rec.Body.Bytes())
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != headlineDigest {
		t.Fatalf("the headline catalog as the emulator renders it changed: digest %s, want %s", got, headlineDigest)
	}
}
