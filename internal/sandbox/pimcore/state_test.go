package pimcore

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// SaveState keeps writes, unpublished and deleted objects; LoadState serves
// them again, and the same state gives the same bytes.
func TestStateRoundTrip(t *testing.T) {
	f := newFixture(t, 6)
	var res result
	f.ok(t, `mutation { updateProduct(id: 2, defaultLanguage: "de", input: {description: "Neu", price: 9.9, weight: {value: 1, unit: "GRAM"}}) { success } }`,
		nil, "updateProduct", &res)
	f.srv.Unpublish(3)
	f.srv.Delete(4)
	saved, err := f.srv.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := f.srv.SaveState()
	if !bytes.Equal(saved, again) {
		t.Fatal("the same state gave different bytes")
	}
	g := New(f.cat, testKey)
	g.SetClock(func() time.Time { return testNow })
	if err := g.LoadState(saved); err != nil {
		t.Fatal(err)
	}
	h := serve(t, g)
	for _, fx := range []*fixture{f, h} {
		p := fx.list(t, map[string]any{"published": false, "sortBy": []string{"id"}})
		if strings.Join(p.ids(), ",") != "1,2,3,5,6" {
			t.Errorf("listing %v", p.ids())
		}
		if v, _ := fx.srv.Value(2, "description", "de"); v != "Neu" {
			t.Errorf("description de %v", v)
		}
		if v, _ := fx.srv.Value(2, "price", ""); v != "9.90" {
			t.Errorf("price %v", v)
		}
	}
	// A loaded object can be written again (its maps come back usable).
	h.ok(t, `mutation { updateProduct(id: 3, input: {ean: "1"}) { success message } }`, nil, "updateProduct", &res)
	if !res.Success {
		t.Errorf("write after load: %+v", res)
	}
}

func TestLoadStateRefusesForeignState(t *testing.T) {
	f := newFixture(t, 3)
	for _, bad := range []string{`nope`, `{"objects":[{"id":0}]}`, `{"objects":[{"id":4}]}`,
		`{"objects":[{"id":1},{"id":1}]}`, `{"objects":[null]}`} {
		if err := f.srv.LoadState([]byte(bad)); err == nil || !strings.Contains(err.Error(), "load pimcore state") {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if err := f.srv.LoadState([]byte(`{"objects":[{"id":1,"key":"SKU-0000001","published":true}]}`)); err != nil {
		t.Fatal(err)
	}
	var res result
	f.ok(t, `mutation { updateProduct(id: 1, input: {sku: "S", weight: {value: 1, unit: "GRAM"}, price: 1}) { success message } }`, nil, "updateProduct", &res)
	if !res.Success {
		t.Errorf("write to a sparse loaded object: %+v", res)
	}
}

// Requests in parallel: listings, getters and updates (run with -race).
func TestConcurrentRequests(t *testing.T) {
	f := newFixture(t, 20)
	done := make(chan string, 40)
	for k := range 40 {
		go func() {
			var q string
			switch k % 3 {
			case 0:
				q = `{ getProductListing(first: 5, sortBy: ["id"]) { totalCount } }`
			case 1:
				q = `{ getProduct(id: 3) { name } }`
			default:
				q = `mutation { updateProduct(id: 3, input: {ean: "` + itoa(k) + `"}) { success } }`
			}
			status, body, _ := f.post(t, `{"query":`+show(q)+`}`)
			if status != 200 || strings.Contains(string(body), "errors") {
				done <- string(body)
				return
			}
			done <- ""
		}()
	}
	for range 40 {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
	if f.srv.Writes()["SKU-0000003"] != 13 {
		t.Errorf("writes %v", f.srv.Writes())
	}
}
