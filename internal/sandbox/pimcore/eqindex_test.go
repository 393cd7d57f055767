package pimcore

import (
	"strings"
	"testing"
	"time"
)

// skuIDs lists the objects whose sku equals sku (published or not) and
// returns their ids.
func skuIDs(t *testing.T, f *fixture, sku string) string {
	t.Helper()
	p := f.list(t, map[string]any{"filter": `{"sku":` + show(sku) + `}`, "published": false, "sortBy": []string{"id"}})
	if p.TotalCount != len(p.Edges) {
		t.Fatalf("sku %q: total %d, %d edges", sku, p.TotalCount, len(p.Edges))
	}
	return strings.Join(p.ids(), ",")
}

// The index on sku is built by the first lookup and follows every later
// write: a renamed object is found by its new sku and no longer by its old
// one, two objects sharing a sku are both found, a deleted one is not.
func TestIndexFollowsWrites(t *testing.T) {
	f := newFixture(t, 30)
	old := f.cat.SKU(7)
	if got := skuIDs(t, f, old); got != "8" {
		t.Fatalf("sku %s: ids %q, want 8", old, got)
	}
	var res result
	f.ok(t, `mutation { updateProduct(id: 8, input: {sku: "Renamed-1"}) { success message } }`, nil, "updateProduct", &res)
	if !res.Success {
		t.Fatalf("rename: %+v", res)
	}
	for sku, want := range map[string]string{old: "", "renamed-1": "8", "RENAMED-1": "8"} {
		if got := skuIDs(t, f, sku); got != want {
			t.Errorf("after the rename, sku %q: ids %q, want %q", sku, got, want)
		}
	}
	twin := f.cat.SKU(9)
	if !f.srv.mutate(3, func(o *object) { o.Text["sku"] = twin }) {
		t.Fatal("object 3 is missing")
	}
	if got := skuIDs(t, f, twin); got != "3,10" {
		t.Errorf("two objects with sku %s: ids %q, want 3,10", twin, got)
	}
	f.srv.Delete(10)
	if got := skuIDs(t, f, twin); got != "3" {
		t.Errorf("after deleting 10, sku %s: ids %q, want 3", twin, got)
	}
}

// Text with a non-ASCII letter may equal ASCII text under the collation
// (the Kelvin sign lowers to k): such objects are always read, and a
// non-ASCII filter value reads every object.
func TestIndexKeepsNonASCIIValues(t *testing.T) {
	f := newFixture(t, 12)
	_ = skuIDs(t, f, f.cat.SKU(0)) // builds the index
	if !f.srv.mutate(5, func(o *object) { o.Text["sku"] = "\u212a-5" }) {
		t.Fatal("object 5 is missing")
	}
	if !f.srv.mutate(6, func(o *object) { o.Text["sku"] = "ÉCRU-6" }) {
		t.Fatal("object 6 is missing")
	}
	for sku, want := range map[string]string{"k-5": "5", "\u212a-5": "5", "écru-6": "6", "ECRU-6": ""} {
		if got := skuIDs(t, f, sku); got != want {
			t.Errorf("sku %q: ids %q, want %q", sku, got, want)
		}
	}
}

// LoadState replaces every object at once: an index built before serves
// the loaded objects, not the ones it was built on.
func TestIndexAfterLoadState(t *testing.T) {
	f := newFixture(t, 10)
	var res result
	f.ok(t, `mutation { updateProduct(id: 4, input: {sku: "LOADED-4"}) { success } }`, nil, "updateProduct", &res)
	saved, err := f.srv.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	g := New(f.cat, testKey)
	g.SetClock(func() time.Time { return testNow })
	h := serve(t, g)
	if got := skuIDs(t, h, "LOADED-4"); got != "" {
		t.Fatalf("before loading: ids %q", got)
	}
	if err := g.LoadState(saved); err != nil {
		t.Fatal(err)
	}
	if got := skuIDs(t, h, "LOADED-4"); got != "4" {
		t.Errorf("after loading: ids %q, want 4", got)
	}
	if got := skuIDs(t, h, f.cat.SKU(3)); got != "" {
		t.Errorf("after loading, the old sku: ids %q, want none", got)
	}
}

// A sku lookup or an ids listing reads only the objects it may select, not
// the whole catalog; other filters read every object.
func TestScopeNarrowsTheObjectsRead(t *testing.T) {
	f := newFixture(t, 200)
	for _, c := range []struct {
		args map[string]any
		want int
	}{
		{map[string]any{"filter": `{"sku":"` + f.cat.SKU(17) + `"}`}, 1},
		{map[string]any{"filter": `{"sku":"none"}`}, 0},
		{map[string]any{"ids": "3, 7,'9',999"}, 3},
		{map[string]any{"filter": `{"ean":{"$like":"%"}}`}, 200},
	} {
		l, err := f.srv.listingArgs(c.args, "en")
		if err != nil {
			t.Fatal(err)
		}
		f.srv.mu.RLock()
		got := len(f.srv.scope(l))
		f.srv.mu.RUnlock()
		if got != c.want {
			t.Errorf("%v: reads %d objects, want %d", c.args, got, c.want)
		}
	}
}

// Lookups by sku build and read the index while writes change it (run with
// -race).
func TestIndexUnderConcurrentRequests(t *testing.T) {
	f := newFixture(t, 20)
	done := make(chan string, 30)
	for k := range 30 {
		go func() {
			q := `{ getProductListing(filter: ` + show(`{"sku":"`+f.cat.SKU(k%20)+`"}`) + `) { totalCount } }`
			if k%3 == 2 {
				q = `mutation { updateProduct(id: ` + itoa(k%20+1) + `, input: {sku: "W-` + itoa(k) + `"}) { success } }`
			}
			status, body, _ := f.post(t, `{"query":`+show(q)+`}`)
			if status != 200 || strings.Contains(string(body), "errors") {
				done <- string(body)
				return
			}
			done <- ""
		}()
	}
	for range 30 {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
	for k := 2; k < 30; k += 3 {
		if got := skuIDs(t, f, "W-"+itoa(k)); got != itoa(k%20+1) {
			t.Errorf("sku W-%d: ids %q, want %d", k, got, k%20+1)
		}
	}
}
