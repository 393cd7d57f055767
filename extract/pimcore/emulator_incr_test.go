package pimcore_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/pimcore"
	"github.com/stewardhq/steward/transform"
)

// mutate sends one update mutation to the emulator and returns its success.
func mutate(t *testing.T, baseURL, mutation string) bool {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": mutation, "variables": map[string]any{}})
	req, _ := http.NewRequest(http.MethodPost, baseURL+emulator.EndpointPrefix+emulator.Configuration, bytes.NewReader(body))
	req.Header.Set("apikey", sandboxKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct {
		Data   map[string]struct{ Success bool } `json:"data"`
		Errors []any                             `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || len(a.Errors) > 0 {
		t.Fatalf("mutation %s: %v %v", mutation, err, a.Errors)
	}
	return a.Data["updateProduct"].Success
}

// TestEmulatorIncremental: after a full pass, objects are written through
// the Datahub, saved unchanged, unpublished and deleted, and one write fails;
// the incremental pass from the stored watermark reads the objects whose
// modificationDate the emulator's clock bumped (and the few planted ones
// inside the overlap the pass re-reads on purpose), nothing else: not the
// deleted object, not the one whose save failed.
func TestEmulatorIncremental(t *testing.T) {
	cat := catalog.New(500, seed)
	srv, hd := newEmulator(cat.N)
	hs := httptest.NewServer(hd)
	defer hs.Close()
	x := newSandboxExtractor(t, hs.URL, 50)
	full := run(t, x, record.Cursor{}, 0)
	once(t, full.keys, cat.N)
	mark := full.cursors[len(full.cursors)-1]
	if mark.InPass() || !mark.Watermark.Equal(newestPlanted(cat)) {
		t.Fatalf("after the full pass: cursor %+v, want the newest planted modificationDate %v", mark, newestPlanted(cat))
	}
	now := cat.Base.Add(24 * time.Hour)
	srv.SetClock(func() time.Time { return now })
	if !mutate(t, hs.URL, `mutation { updateProduct(id: 11, input: {price: 99.95}) { success } }`) ||
		!mutate(t, hs.URL, `mutation { updateProduct(id: 12, defaultLanguage: "en", input: {descriptionDraft: "Draft"}) { success } }`) {
		t.Fatal("a write failed")
	}
	if mutate(t, hs.URL, fmt.Sprintf(`mutation { updateProduct(id: 13, input: {ean: "%0191d"}) { success } }`, 4)) {
		t.Fatal("an EAN of 191 characters was saved")
	}
	srv.Touch(14)
	srv.Unpublish(15)
	srv.Delete(16)
	changed := []string{"11", "12", "14", "15"}
	inc := run(t, x, mark, 0)
	want := append(overlap(cat, mark.Watermark.Add(-time.Second), changed), changed...)
	got := slices.Clone(inc.keys)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("incremental pass read %v, want %v (changed %v)", got, want, changed)
	}
	for _, r := range inc.recs {
		var p transform.Product
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(changed, p.ID) && (!p.Updated.Equal(now) || p.Enabled != (p.ID != "15")) {
			t.Errorf("object %s: updated %v enabled %v, want %v and enabled unless unpublished", p.ID, p.Updated, p.Enabled, now)
		}
		if v, _ := p.Get("price", "", ""); p.ID == "11" && (len(v.Amounts) != 1 || v.Amounts[0].Amount != "99.95") {
			t.Errorf("object 11 price %+v, want 99.95", v)
		}
		if v, ok := p.Get("description_draft", "en_US", "ecommerce"); p.ID == "12" && (!ok || v.Text != "Draft") {
			t.Errorf("object 12 draft %+v", v)
		}
	}
	if last := inc.cursors[len(inc.cursors)-1]; !last.Watermark.Equal(now) {
		t.Errorf("watermark after the incremental pass %v, want the write time %v", last.Watermark, now)
	}
}

// newestPlanted is the catalog's newest modificationDate.
func newestPlanted(cat *catalog.Catalog) time.Time {
	var top time.Time
	for i := range cat.N {
		if u := cat.Updated(i); u.After(top) {
			top = u
		}
	}
	return top
}

// overlap lists the planted objects, other than skip, whose modificationDate
// is from on: the window an incremental pass reads again.
func overlap(cat *catalog.Catalog, from time.Time, skip []string) []string {
	var ids []string
	for i := range cat.N {
		id := strconv.Itoa(i + 1)
		if !cat.Updated(i).Before(from) && !slices.Contains(skip, id) && id != "16" {
			ids = append(ids, id)
		}
	}
	return ids
}
