package pimcore_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/pimcore"
	"github.com/stewardhq/steward/transform"
)

// variantsConfig reads the realistic class with variants.
func variantsConfig(baseURL string) string {
	text := strings.Replace(configText(baseURL, 25), "      languages: {en: en_US, de: de_DE}\n", "      variants: true\n      languages: {en: en_US, de: de_DE, fr: fr_FR}\n", 1)
	return strings.Replace(text, "        ean: {attribute: ean, kind: text}\n", "        ean: {attribute: ean, kind: text}\n        size: {attribute: size, kind: option}\n", 1)
}

// A full pass over the realistic class reads every product once, variants
// with the values they inherit and their model's code as parent, and no
// model; after a model is saved, the incremental pass reads its variants
// too (their inherited values changed, their modificationDate did not).
func TestEmulatorVariants(t *testing.T) {
	cat, err := catalog.NewProfile(catalog.Realistic, 120, seed)
	if err != nil {
		t.Fatal(err)
	}
	srv := emulator.New(cat, sandboxKey)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	x := extractorFromText(t, variantsConfig(hs.URL))
	full := run(t, x, record.Cursor{}, 0)
	once(t, full.keys, cat.N)
	variant := -1
	for _, r := range full.recs {
		var p transform.Product
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			t.Fatal(err)
		}
		i, _ := cat.IndexOfSKU(p.Identifier)
		name, _ := p.Get("name", "fr_FR", "")
		if p.Parent != cat.ModelOf(i) || name.Text == "" || p.Family == "" {
			t.Fatalf("product %s: parent %q (want %q), fr name %q, family %q", p.Identifier, p.Parent, cat.ModelOf(i), name.Text, p.Family)
		}
		if p.Parent != "" && variant < 0 {
			variant = i
		}
	}
	model, _ := cat.Model(cat.ModelOf(variant))
	srv.SetClock(func() time.Time { return cat.Base.Add(48 * time.Hour) })
	id := modelID(t, hs.URL, model.Code)
	if !srv.Touch(id) {
		t.Fatalf("touch model %s (%d)", model.Code, id)
	}
	incr := run(t, x, full.cursors[len(full.cursors)-1], 0)
	for _, v := range model.Variants {
		if !slices.Contains(incr.keys, strconv.Itoa(v+1)) {
			t.Errorf("variant %s of the saved model %s was not read again (read %v)", cat.SKU(v), model.Code, incr.keys)
		}
	}
	if len(incr.bad) > 0 {
		t.Errorf("quarantined %v", incr.bad)
	}
}

// modelID finds the object id of the model with key code through the
// Datahub.
func modelID(t *testing.T, baseURL, code string) int {
	t.Helper()
	filter, _ := json.Marshal(map[string]string{"key": code})
	body, _ := json.Marshal(map[string]any{"query": `query ($f: String) { getProductListing(filter: $f, published: false) { edges { node { id } } } }`,
		"variables": map[string]any{"f": string(filter)}})
	req, _ := http.NewRequest(http.MethodPost, baseURL+emulator.EndpointPrefix+emulator.Configuration, bytes.NewReader(body))
	req.Header.Set("apikey", sandboxKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct {
		Data struct {
			Listing struct {
				Edges []struct{ Node struct{ ID string } } `json:"edges"`
			} `json:"getProductListing"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || len(a.Data.Listing.Edges) != 1 {
		t.Fatalf("find model %s: %v %+v", code, err, a)
	}
	id, _ := strconv.Atoi(a.Data.Listing.Edges[0].Node.ID)
	return id
}
