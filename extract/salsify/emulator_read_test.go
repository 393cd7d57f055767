package salsify_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/salsify"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/salsify"
	"github.com/stewardhq/steward/transform"
)

// serveEmulator serves srv on a test server and returns its URL.
func serveEmulator(t *testing.T, srv *emulator.Server) string {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

// emulatorExtractor builds the extractor over the emulator at base.
func emulatorExtractor(t *testing.T, base string, pageSize int) extract.Extractor {
	t.Helper()
	return emulatorExtractorOverlap(t, base, pageSize, "1s")
}

// emulatorExtractorOverlap is emulatorExtractor with the incremental overlap.
func emulatorExtractorOverlap(t *testing.T, base string, pageSize int, overlap string) extract.Extractor {
	t.Helper()
	return extractorOf(t, emulatorConfigOverlap(base, pageSize, overlap))
}

// extractorOf builds the extractor of job "job" reading system "src" as
// the config text says, the emulator's token for ${TOKEN}.
func extractorOf(t *testing.T, yaml string) extract.Extractor {
	t.Helper()
	file, err := config.Parse("t.yaml", []byte(yaml), nil,
		func(k string) (string, bool) { return emulator.SandboxToken, k == "TOKEN" })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", file.Systems["src"], zerolog.Nop(), httpx.Options{Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := file.Job("job")
	x, err := salsify.New(extract.Spec{System: "src", Config: file, Settings: decoded(t, file, "src"), Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// readAll reads one whole pass from cur and returns the canonical products
// by key (failing on a product read twice or quarantined) and the last cursor.
func readAll(t *testing.T, x extract.Extractor, cur record.Cursor) (map[string]transform.Product, record.Cursor) {
	t.Helper()
	got := map[string]transform.Product{}
	for p, err := range x.Extract(t.Context(), cur) {
		if err != nil {
			t.Fatalf("after %d products: %v", len(got), err)
		}
		if len(p.Quarantined) > 0 {
			t.Fatalf("quarantined: %+v", p.Quarantined[0])
		}
		for _, r := range p.Records {
			if _, dup := got[r.Key]; dup {
				t.Fatalf("product %s read twice", r.Key)
			}
			var prod transform.Product
			if err := json.Unmarshal(r.Payload, &prod); err != nil {
				t.Fatalf("record %s: %v", r.Key, err)
			}
			got[r.Key] = prod
		}
		cur = p.Cursor
	}
	return got, cur
}

// checkCanonical compares product i read through the connector with what
// the catalog planted, value by value, exact decimals included.
func checkCanonical(t *testing.T, c *catalog.Catalog, i int, p transform.Product) {
	t.Helper()
	want := c.PIM(i)
	text := func(attr, locale, channel string) string {
		v, ok := p.Get(attr, locale, channel)
		if !ok {
			return "<absent>"
		}
		return v.Text
	}
	wantDesc := want.Description
	if wantDesc == "" {
		wantDesc = "<absent>"
	}
	weight, _ := p.Get("weight", "", "")
	price, _ := p.Get("price", "", "")
	color, _ := p.Get("color", "", "")
	bad := p.ID != want.SKU || p.Identifier != want.SKU || p.Family != want.Family || !p.Enabled ||
		text("name", "en_US", "") != want.Name || text("description", "en_US", "ecommerce") != wantDesc ||
		color.Kind != transform.KindOption || color.Text != want.Color || text("ean", "", "") != want.EAN ||
		weight.Kind != transform.KindMetric || weight.Number != want.Weight || weight.Unit != want.WeightUnit ||
		len(price.Amounts) != 1 || price.Amounts[0] != (transform.PriceValue{Amount: want.Price, Currency: "EUR"}) ||
		!p.Updated.Equal(c.Updated(i))
	if bad {
		got, _ := json.Marshal(p)
		t.Fatalf("product %d read as\n%s\nwant %+v updated %s", i, got, want, c.Updated(i))
	}
}

// A 1,200-product catalog (every planted defect class present, see
// catalog.Scaled) read whole: every product once, its canonical values those
// the catalog planted, and every planted defect visible as it is in Akeneo
// (missing description absent, option case, name whitespace, unit
// misspelling, bad EAN kept verbatim).
func TestEmulatorFullRead1200(t *testing.T) {
	const n = 1200
	c := catalog.New(n, emulatorSeed)
	x := emulatorExtractor(t, serveEmulator(t, emulator.New(c, emulator.SandboxOrg, emulator.SandboxToken)), 100)
	got, last := readAll(t, x, record.Cursor{})
	if len(got) != n || last.InPass() {
		t.Fatalf("read %d of %d products; last cursor %+v", len(got), n, last)
	}
	seen := map[catalog.Defect]int{}
	for i := range n {
		p, ok := got[c.SKU(i)]
		if !ok {
			t.Fatalf("product %d (%s) was not read", i, c.SKU(i))
		}
		checkCanonical(t, c, i, p)
		if visible(c.Defect(i), p) {
			seen[c.Defect(i)]++
		}
	}
	for _, d := range []catalog.Defect{catalog.MissingDescription, catalog.FixableOptionCase, catalog.FixableWhitespace, catalog.FixableUnspelling} {
		if seen[d] == 0 {
			t.Errorf("defect %d: no product shows it", d)
		}
	}
}

// visible reports whether a product shows its planted defect.
func visible(d catalog.Defect, p transform.Product) bool {
	switch d {
	case catalog.MissingDescription:
		_, ok := p.Get("description", "en_US", "ecommerce")
		return !ok
	case catalog.FixableOptionCase:
		v, _ := p.Get("color", "", "")
		return v.Text != strings.ToLower(v.Text)
	case catalog.FixableWhitespace:
		v, _ := p.Get("name", "en_US", "")
		return v.Text != strings.TrimSpace(v.Text)
	case catalog.FixableUnspelling:
		v, _ := p.Get("weight", "", "")
		return v.Unit == "KILOGRAMS"
	}
	return false
}

// A 10,200-product catalog, just past the 10,000 result window, is read
// whole although the emulator refuses any page past the window (422), which
// is checked first.
func TestEmulatorFullReadPastResultWindow(t *testing.T) {
	t.Parallel()
	const n = 10200
	c := catalog.New(n, emulatorSeed)
	base := serveEmulator(t, emulator.New(c, emulator.SandboxOrg, emulator.SandboxToken))
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/api/v1/orgs/"+emulator.SandboxOrg+"/products?per_page=100&page=101", nil)
	req.Header.Set("Authorization", "Bearer "+emulator.SandboxToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("page 101 of 100: status %d, want 422 (result window)", resp.StatusCode)
	}
	got, last := readAll(t, emulatorExtractor(t, base, 100), record.Cursor{})
	if len(got) != n || last.InPass() {
		t.Fatalf("read %d of %d products; last cursor %+v", len(got), n, last)
	}
	for _, i := range []int{0, 9999, 10000, 10100, n - 1} {
		checkCanonical(t, c, i, got[c.SKU(i)])
	}
}
