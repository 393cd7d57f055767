package pimcore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/pimcore"
	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/transform"
)

// newSandboxExtractor builds the extractor over the sandbox emulator at
// baseURL, configured as the sandbox's steward.yaml configures it.
func newSandboxExtractor(t *testing.T, baseURL string, pageSize int) extract.Extractor {
	t.Helper()
	return extractorFromText(t, configText(baseURL, pageSize))
}

// TestEmulatorFullRead reads a 1,200-product catalog (every planted defect
// class present, see catalog.Scaled) from the emulator: every product once,
// its canonical values those the catalog planted, defects included, money
// and weights exact.
func TestEmulatorFullRead(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1,200 products")
	}
	cat := catalog.New(1200, seed)
	_, hd := newEmulator(cat.N)
	srv := httptest.NewServer(hd)
	defer srv.Close()
	p := run(t, newSandboxExtractor(t, srv.URL, 500), record.Cursor{}, 0)
	once(t, p.keys, cat.N)
	if len(p.bad) > 0 {
		t.Fatalf("%d objects quarantined, first: %+v", len(p.bad), p.bad[0])
	}
	defects := map[catalog.Defect]int{}
	for _, r := range p.recs {
		var got transform.Product
		if err := json.Unmarshal(r.Payload, &got); err != nil {
			t.Fatalf("record %s: %v", r.Key, err)
		}
		i, err := strconv.Atoi(got.ID)
		if err != nil || i < 1 || i > cat.N {
			t.Fatalf("record %s: id %q is not a catalog object id", r.Key, got.ID)
		}
		if msg := compareProduct(cat, i-1, got); msg != "" {
			t.Fatalf("object %s (%v): %s", got.ID, cat.Defect(i-1), msg)
		}
		defects[cat.Defect(i-1)]++
	}
	if want := catalog.Scaled(cat.N).Missing; defects[catalog.MissingDescription] != want {
		t.Errorf("products without description: %d, want %d", defects[catalog.MissingDescription], want)
	}
	for d := catalog.MissingDescription; d <= catalog.StalePrice; d++ {
		if defects[d] == 0 {
			t.Errorf("no product with planted defect %v was read", d)
		}
	}
}

// compareProduct returns what differs between the canonical product read
// and catalog product i, "" when nothing does.
func compareProduct(cat *catalog.Catalog, i int, got transform.Product) string {
	want := cat.PIM(i)
	switch {
	case got.Identifier != want.SKU || got.Family != want.Family || !got.Enabled:
		return fmt.Sprintf("identifier/family/enabled %q/%q/%v, want %q/%q/true", got.Identifier, got.Family, got.Enabled, want.SKU, want.Family)
	case !got.Updated.Equal(cat.Updated(i)):
		return fmt.Sprintf("updated %v, want %v", got.Updated, cat.Updated(i))
	}
	exp := map[string]string{
		"name|en_US|":                 "text:" + want.Name,
		"color||":                     "option:" + want.Color,
		"ean||":                       "text:" + want.EAN,
		"weight||":                    "metric:" + want.Weight + " " + want.WeightUnit,
		"price||":                     "prices:" + want.Price + " EUR",
		"description|en_US|ecommerce": "text:" + want.Description,
	}
	if want.Description == "" {
		delete(exp, "description|en_US|ecommerce")
	}
	seen := map[string]string{}
	for _, v := range got.Values {
		k := v.Attribute + "|" + v.Locale + "|" + v.Channel
		if _, dup := seen[k]; dup {
			return "value " + k + " twice"
		}
		seen[k] = render(v)
	}
	for k, w := range exp {
		g, ok := seen[k]
		if !ok {
			return "value " + k + " is missing"
		}
		if strings, ok := sameWeight(g, w); ok && strings {
			continue
		}
		if g != w {
			return fmt.Sprintf("value %s = %q, want %q", k, g, w)
		}
	}
	if len(seen) != len(exp) {
		return fmt.Sprintf("values %v, want %v", seen, exp)
	}
	return ""
}

// render writes a canonical value as kind:content.
func render(v transform.Value) string {
	switch v.Kind {
	case transform.KindMetric:
		return "metric:" + v.Number + " " + v.Unit
	case transform.KindPrices:
		s := "prices:"
		for _, a := range v.Amounts {
			s += a.Amount + " " + a.Currency
		}
		return s
	}
	return string(v.Kind) + ":" + v.Text
}

// sameWeight compares two rendered metric values as exact decimals: the
// Datahub's Float drops trailing zeros (1.500 comes as 1.5). ok is false
// when they are not both metrics.
func sameWeight(got, want string) (equal, ok bool) {
	var gn, gu, wn, wu string
	if _, err := fmt.Sscanf(got, "metric:%s %s", &gn, &gu); err != nil {
		return false, false
	}
	if _, err := fmt.Sscanf(want, "metric:%s %s", &wn, &wu); err != nil {
		return false, false
	}
	g, gok := new(big.Rat).SetString(gn)
	w, wok := new(big.Rat).SetString(wn)
	return gok && wok && g.Cmp(w) == 0 && gu == wu, true
}

// TestEmulatorRefusals: the emulator answers a wrong key (403) and an
// unknown configuration (404) with HTML pages, as Pimcore does; the
// extractor names each failure instead of a content-type complaint, and
// does not retry them.
func TestEmulatorRefusals(t *testing.T) {
	srv, hd := newEmulator(10)
	hs := httptest.NewServer(hd)
	defer hs.Close()
	for _, c := range []struct {
		name, text string
		want       error
	}{
		{"key", strings.ReplaceAll(configText(hs.URL, 5), `token: "${KEY}"`, `token: "${WRONG}"`), api.ErrAccessDenied},
		{"configuration", strings.ReplaceAll(configText(hs.URL, 5), "endpoint: steward", "endpoint: other"), api.ErrNoConfiguration},
	} {
		before := srv.Calls()
		x := extractorFromText(t, c.text)
		var err error
		for _, err = range x.Extract(t.Context(), record.Cursor{}) {
			if err != nil {
				break
			}
		}
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if c.want == api.ErrAccessDenied && srv.Calls()-before != 1 {
			t.Errorf("%s: %d requests, want 1 (no retry)", c.name, srv.Calls()-before)
		}
	}
}

// extractorFromText builds the extractor from a whole steward.yaml.
func extractorFromText(t testing.TB, text string) extract.Extractor {
	t.Helper()
	f, err := config.Parse("pimcore.yaml", []byte(text), nil, func(k string) (string, bool) {
		return map[string]string{"KEY": sandboxKey, "WRONG": "wrong-key"}[k], k == "KEY" || k == "WRONG"
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := f.Job("job")
	x, err := pimcore.New(extract.Spec{System: "src", Config: f, Settings: decoded(t, f, "src"), Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}
