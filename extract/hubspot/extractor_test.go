package hubspot_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

func companies(n int, perSecond int) *hubspottest.Fake {
	f := hubspottest.New(token)
	for i := range n {
		f.Put("companies", fmt.Sprintf("%05d", i), map[string]string{"name": fmt.Sprintf("Co %d", i), "steward_external_id": fmt.Sprintf("C-%06d", i),
			"zip": "10115", "city": "Berlin", "address": "Str 1"}, base.Add(time.Duration(i/perSecond)*time.Second))
	}
	return f
}

// TestFullPassFollowsLinks reads every company once over server links and
// maps it to the canonical customer.
func TestFullPassFollowsLinks(t *testing.T) {
	f := companies(250, 1)
	x := extractorFor(t, f, "customers", "companies", "full", 100)
	d, err := drain(t, x, record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	assertOnce(t, d.keys, 250)
	if len(d.pages) != 3 || d.last.InPass() {
		t.Fatalf("%d pages, last cursor %+v", len(d.pages), d.last)
	}
	var c transform.Customer
	if err := json.Unmarshal(d.pages[0].Records[1].Payload, &c); err != nil {
		t.Fatal(err)
	}
	if c.ID != "00001" || c.ExternalID != "C-000001" || c.Name != "Co 1" || c.PostalCode != "10115" || c.Street != "Str 1" || !c.Changed.Equal(base.Add(time.Second)) {
		t.Fatalf("customer %+v", c)
	}
	if !d.last.Watermark.Equal(base.Add(249 * time.Second)) {
		t.Fatalf("watermark %v", d.last.Watermark)
	}
}

// TestIncrementalTiesAcrossPages: three objects share each change time,
// pages of two split them; a search from the watermark (inclusive, less
// the overlap) delivers every object once.
func TestIncrementalTiesAcrossPages(t *testing.T) {
	f := companies(30, 3)
	x := extractorFor(t, f, "customers", "companies", "incremental", 2)
	d, err := drain(t, x, record.Cursor{Watermark: base.Add(5 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	// From 4 s on (overlap 1 s): objects 12..29.
	assertOnce(t, d.keys, 18)
	if d.keys[0] != "00012" || !d.last.Watermark.Equal(base.Add(9*time.Second)) || d.last.InPass() {
		t.Fatalf("first %s, last cursor %+v", d.keys[0], d.last)
	}
}

// TestSearchWindowPastCap: 10,050 changed objects are read by restarting
// the search at the last change time before the 10,000-result cap (the
// fake refuses to page past it), each delivered once.
func TestSearchWindowPastCap(t *testing.T) {
	t.Parallel()
	f := companies(10050, 7)
	x := extractorFor(t, f, "customers", "companies", "incremental", 200)
	d, err := drain(t, x, record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	assertOnce(t, d.keys, 10050)
}

// TestSearchCapOneTimestamp: more than 10,000 objects sharing one change
// time are read through by id, each once, none lost, though one query
// serves at most 10,000 results; the tie is then left for later changes.
func TestSearchCapOneTimestamp(t *testing.T) {
	t.Parallel()
	f := companies(10001, 20000)
	f.Put("companies", "99999", map[string]string{"name": "Later"}, base.Add(time.Hour))
	x := extractorFor(t, f, "customers", "companies", "incremental", 200)
	d, err := drain(t, x, record.Cursor{})
	if err != nil {
		t.Fatalf("err %v after %d keys", err, len(d.keys))
	}
	assertOnce(t, d.keys, 10002)
}

// TestDeletionsSinceWatermark: objects archived since the pass's lower
// bound come as Page.Deleted, older archivals not.
func TestDeletionsSinceWatermark(t *testing.T) {
	f := companies(10, 1)
	f.Archive("companies", "00001", base.Add(time.Hour))
	f.Archive("companies", "00002", base.Add(-time.Hour))
	x := extractorFor(t, f, "customers", "companies", "incremental", 100)
	d, err := drain(t, x, record.Cursor{Watermark: base.Add(5 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.deleted) != 1 || d.deleted[0].Key != "00001" || !d.deleted[0].At.Equal(base.Add(time.Hour)) {
		t.Fatalf("deleted %+v", d.deleted)
	}
	if len(d.keys) != 6 {
		t.Fatalf("keys %v", d.keys)
	}
}

// TestForeignNextRefused: a next link to another host is never followed.
func TestForeignNextRefused(t *testing.T) {
	f := companies(30, 1)
	f.Rewrite = func(r *http.Request, b []byte) []byte {
		return regexp.MustCompile(`"link":"http://[^/]+`).ReplaceAll(b, []byte(`"link":"http://evil.example`))
	}
	x := extractorFor(t, f, "customers", "companies", "full", 10)
	_, err := drain(t, x, record.Cursor{})
	if !httpx.IsHostRefusal(err) {
		t.Fatalf("err %v, want a host refusal", err)
	}
}

// TestPageWithoutResults: a page without its results array fails the pass
// as malformed, never ends it as empty.
func TestPageWithoutResults(t *testing.T) {
	f := companies(30, 1)
	f.Rewrite = func(r *http.Request, b []byte) []byte {
		if r.URL.Query().Get("after") == "" {
			return b
		}
		return regexp.MustCompile(`"results":\[.*\]`).ReplaceAll(b, []byte(`"results":null`))
	}
	x := extractorFor(t, f, "customers", "companies", "full", 10)
	_, err := drain(t, x, record.Cursor{})
	if !errors.Is(err, extract.ErrMalformedPage) {
		t.Fatalf("err %v", err)
	}
}

// TestPoisonQuarantined: an object holding a raw NUL byte is quarantined
// with its raw bytes and reason; every other object is read once.
func TestPoisonQuarantined(t *testing.T) {
	for _, mode := range []string{"full", "incremental"} {
		f := companies(40, 1)
		f.Rewrite = func(r *http.Request, b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"name":"Co 17"`), []byte("\"name\":\"Co \x0017\""))
		}
		x := extractorFor(t, f, "customers", "companies", mode, 10)
		d, err := drain(t, x, record.Cursor{})
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		assertOnce(t, d.keys, 39)
		if len(d.bad) != 1 || d.bad[0].Key != "00017" || !bytes.Contains(d.bad[0].Raw, []byte{0}) || d.bad[0].Reason == "" {
			t.Fatalf("%s: quarantined %+v", mode, d.bad)
		}
	}
}

// TestNonStringPropertyQuarantined: a property that is not a string (the
// SDK types them all as strings) quarantines only its object.
func TestNonStringPropertyQuarantined(t *testing.T) {
	f := companies(5, 1)
	f.Rewrite = func(r *http.Request, b []byte) []byte {
		return bytes.ReplaceAll(b, []byte(`"name":"Co 3"`), []byte(`"name":{"x":1}`))
	}
	x := extractorFor(t, f, "customers", "companies", "full", 10)
	d, err := drain(t, x, record.Cursor{})
	if err != nil || len(d.keys) != 4 || len(d.bad) != 1 || d.bad[0].Key != "00003" {
		t.Fatalf("keys %v bad %+v err %v", d.keys, d.bad, err)
	}
}

// TestLeadsAndProducts map contacts to leads and products to the
// system-neutral product with its price in the configured currency.
func TestLeadsAndProducts(t *testing.T) {
	f := hubspottest.New(token)
	f.Put("contacts", "501", map[string]string{"email": "a@b.example", "firstname": "Ada", "lastname": "L", "website": "b.example", "product_interest": "pumps"}, base)
	f.Put("products", "901", map[string]string{"hs_sku": "SKU-1", "name": "Pump", "description": "A pump", "price": "12.50"}, base)
	d, err := drain(t, extractorFor(t, f, "leads", "contacts", "incremental", 100), record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	var l transform.Lead
	_ = json.Unmarshal(d.pages[0].Records[0].Payload, &l)
	if l.ID != "501" || l.Email != "a@b.example" || l.FirstName != "Ada" || l.Domain != "b.example" || l.Interest != "pumps" || !l.Changed.Equal(base) {
		t.Fatalf("lead %+v", l)
	}
	d, err = drain(t, extractorFor(t, f, "products", "products", "full", 100), record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.keys) != 1 {
		t.Fatalf("products: keys %v bad %+v", d.keys, d.bad)
	}
	var p transform.Product
	_ = json.Unmarshal(d.pages[0].Records[0].Payload, &p)
	if p.Identifier != "SKU-1" || len(p.Values) != 3 || p.Values[2].Amounts[0].Amount != "12.50" || p.Values[2].Amounts[0].Currency != "EUR" {
		t.Fatalf("product %+v", p)
	}
}

// TestCount is the search total from the watermark.
func TestCount(t *testing.T) {
	f := companies(30, 1)
	x := extractorFor(t, f, "customers", "companies", "incremental", 10)
	n, err := x.(extract.Counter).Count(t.Context(), record.Cursor{Watermark: base.Add(20 * time.Second)})
	if err != nil || n != 10 {
		t.Fatalf("count %d, %v", n, err)
	}
}
