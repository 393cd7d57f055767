package salsify

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/transform"
)

var testSettings = api.Settings{
	ProductIDProperty: "Product ID", FamilyProperty: "Family",
	PriceProperty: "Price", PriceCurrency: "EUR", PriceAttribute: "price",
	Properties: []api.Property{
		{Property: "Product Name", Attribute: "name", Locale: "en_US", Kind: "text"},
		{Property: "Description Draft", Attribute: "description_draft", Locale: "en_US", Channel: "ecommerce", Kind: "text"},
		{Property: "Weight", Attribute: "weight", Kind: "metric", UnitProperty: "Weight Unit"},
		{Property: "Color", Attribute: "color", Kind: "option"},
		{Property: "Tags", Attribute: "tags", Kind: "options"},
		{Property: "Warranty Length (in years)", Attribute: "warranty", Kind: "number"},
		{Property: "Organic", Attribute: "organic", Kind: "boolean"},
	},
}

func mapOne(t *testing.T, doc string) (transform.Product, error) {
	t.Helper()
	r, err := mapDoc(json.RawMessage(doc), testSettings)
	if err != nil {
		return transform.Product{}, err
	}
	var p transform.Product
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		t.Fatal(err)
	}
	if r.Key != p.ID || !r.Updated.Equal(p.Updated) {
		t.Fatalf("record key %q updated %s, product %q %s", r.Key, r.Updated, p.ID, p.Updated)
	}
	return p, nil
}

func TestMapDocument(t *testing.T) {
	// The documented read example's system fields (PROTOCOLS.md §9), with
	// this sandbox's properties.
	p, err := mapOne(t, `{"salsify:id":"102918","salsify:created_at":"2016-02-29T20:42:44.488Z","salsify:updated_at":"2017-11-28T18:24:45.515+01:00",
		"salsify:version":61,"salsify:parent_id":"MCS269","salsify:system_id":"s-999-999-999-999","Product ID":"102918",
		"Family":"shirts","Product Name":"Jetsetter Carry On Roller","Weight":0.12500000000000000001,"Weight Unit":"KILOGRAM",
		"Price":19.90,"Color":["Purple"],"Tags":["travel","carry-on"],"Warranty Length (in years)":"5","Organic":false,
		"Description Draft":null,"Unmapped":"x"}`)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "102918" || p.Identifier != "102918" || p.Family != "shirts" || p.Parent != "MCS269" || !p.Enabled {
		t.Errorf("identity: %+v", p)
	}
	if want := time.Date(2017, 11, 28, 17, 24, 45, 515e6, time.UTC); !p.Updated.Equal(want) || p.Updated.Location() != time.UTC {
		t.Errorf("updated %s, want %s UTC", p.Updated, want)
	}
	checks := []struct {
		attr, locale, want string
	}{
		{"name", "en_US", `"text":"Jetsetter Carry On Roller"`},
		{"weight", "", `"number":"0.12500000000000000001","unit":"KILOGRAM"`},
		{"price", "", `"amounts":[{"amount":"19.90","currency":"EUR"}]`},
		{"color", "", `"kind":"option","text":"Purple"`},
		{"tags", "", `"options":["travel","carry-on"]`},
		{"warranty", "", `"number":"5"`},
		{"organic", "", `"bool":false`},
	}
	for _, c := range checks {
		v, ok := p.Get(c.attr, c.locale, "")
		b, _ := json.Marshal(v)
		if !ok || !strings.Contains(string(b), c.want) {
			t.Errorf("%s: %s, want %s", c.attr, b, c.want)
		}
	}
	if _, ok := p.Get("description_draft", "", ""); ok {
		t.Errorf("a null property became a value")
	}
}

func TestMapDestroyed(t *testing.T) {
	p, err := mapOne(t, `{"salsify:id":"A","salsify:updated_at":"2025-01-01T00:00:00.000Z","salsify:destroyed_at":"2025-01-01T00:00:00.000Z","Product ID":"A"}`)
	if err != nil || p.Enabled {
		t.Fatalf("a destroyed product: %+v, %v; want Enabled false", p, err)
	}
}

func TestMapRefuses(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`{"salsify:updated_at":"2025-01-01T00:00:00.000Z"}`, "no salsify:id"},
		{`{"salsify:id":"A"}`, "no salsify:updated_at"},
		{`{"salsify:id":"A","salsify:updated_at":"yesterday"}`, "not an RFC 3339 time"},
		{`{"salsify:id":"A","salsify:updated_at":"2025-01-01T00:00:00Z","Product Name":["a","b"]}`, `property "Product Name": holds 2 values`},
		{`{"salsify:id":"A","salsify:updated_at":"2025-01-01T00:00:00Z","Weight":"heavy"}`, `property "Weight": "heavy" is not a decimal`},
		{`{"salsify:id":"A","salsify:updated_at":"2025-01-01T00:00:00Z","Price":{"amount":1}}`, `property "Price"`},
		{`{"salsify:id":"A","salsify:updated_at":"2025-01-01T00:00:00Z","Organic":"maybe"}`, "not a boolean"},
	} {
		if _, err := mapOne(t, c.doc); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want %q", c.doc, err, c.want)
		}
	}
}

// FuzzMapDoc: any bytes map to a record or an error, never a panic, and a
// mapped record's payload is valid JSON with its key.
func FuzzMapDoc(f *testing.F) {
	f.Add(`{"salsify:id":"A","salsify:updated_at":"2025-01-01T00:00:00.000Z","Weight":[1.5],"Tags":"x","Organic":"true"}`)
	f.Add(`{"salsify:id":"A","salsify:updated_at":"2025-01-01T00:00:00Z","Price":"1e400","Color":[[]]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		r, err := mapDoc(json.RawMessage(doc), testSettings)
		if err == nil && (r.Key == "" || !json.Valid(r.Payload)) {
			t.Fatalf("mapped %q to %+v", doc, r)
		}
	})
}
