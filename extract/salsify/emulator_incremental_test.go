package salsify_test

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/salsify"
	"github.com/stewardhq/steward/transform"
)

// put sends PUT /products/{id} with body to the emulator at base.
func put(t *testing.T, base, id, body string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPut, base+"/api/v1/orgs/"+emulator.SandboxOrg+"/products/"+id, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+emulator.SandboxToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("PUT %s: status %d", id, resp.StatusCode)
	}
}

// After writes through the API (one of which changes nothing) and a
// deletion, an incremental pass from the previous pass's watermark reads
// exactly the changed products: the written ones with their new values, the
// deleted one disabled, nothing else but the products at the watermark
// instant, which the smallest overlap re-reads by design.
func TestEmulatorIncrementalAfterWrites(t *testing.T) {
	const n = 3000
	c := catalog.New(n, emulatorSeed)
	srv := emulator.New(c, emulator.SandboxOrg, emulator.SandboxToken)
	now := c.Base.Add(48 * time.Hour)
	srv.SetClock(func() time.Time { return now })
	base := serveEmulator(t, srv)
	x := emulatorExtractorOverlap(t, base, 50, "1ms") // 0 would mean the 5 min default
	full, cur := readAll(t, x, record.Cursor{})
	if len(full) != n || cur.InPass() || cur.Watermark.IsZero() {
		t.Fatalf("full pass: %d products, cursor %+v", len(full), cur)
	}
	put(t, base, c.SKU(10), `{"Price":19.90}`)
	now = now.Add(time.Second)
	put(t, base, c.SKU(20), `{"Description Draft":"A new draft."}`)
	put(t, base, c.SKU(30), `{"Product Name":`+quote(c.PIM(30).Name)+`}`) // the same value: no change
	now = now.Add(time.Second)
	if !srv.Delete(c.SKU(40)) {
		t.Fatal("delete failed")
	}
	got, next := readAll(t, x, cur)
	// The 1 ms overlap re-reads the products updated at the watermark
	// instant itself (the lower bound is inclusive), and only those.
	want := []string{c.SKU(10), c.SKU(20), c.SKU(40)}
	for i := range n {
		if c.Updated(i).Equal(cur.Watermark) {
			want = append(want, c.SKU(i))
		}
	}
	slices.Sort(want)
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, want) {
		t.Fatalf("incremental pass read %v, want %v", keys, want)
	}
	if p := got[c.SKU(10)]; p.Values == nil || mustGet(t, p, "price").Amounts[0].Amount != "19.90" {
		t.Errorf("written price not read: %+v", p)
	}
	if p := got[c.SKU(20)]; mustGet(t, p, "description_draft").Text != "A new draft." {
		t.Errorf("written draft not read: %+v", p)
	}
	if got[c.SKU(40)].Enabled {
		t.Errorf("a deleted product was read enabled")
	}
	if !next.Watermark.Equal(now) {
		t.Errorf("watermark %s, want the last change %s", next.Watermark, now)
	}
	// Nothing changed since: the next pass reads nothing.
	if again, _ := readAll(t, x, next); len(again) != 1 || again[c.SKU(40)].ID == "" {
		t.Errorf("a pass without changes read %d products; want only the one at the watermark", len(again))
	}
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

func mustGet(t *testing.T, p transform.Product, attr string) transform.Value {
	t.Helper()
	v, ok := p.Get(attr, "", "")
	if !ok {
		t.Fatalf("product %s has no %s", p.ID, attr)
	}
	return v
}
