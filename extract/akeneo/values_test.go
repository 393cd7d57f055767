package akeneo

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/transform"
)

// TestCanonicalProduct: an Akeneo product maps to the canonical product: uuid
// to ID, the identifier attribute to Identifier when the product has no
// identifier field, updated to UTC, each non-null value to a typed value of
// the kind its data's shape documents, numbers as exact text.
func TestCanonicalProduct(t *testing.T) {
	item := `{"uuid":"u1","enabled":false,"family":"shirts","parent":"m1","categories":["a","b"],"updated":"2026-01-05T08:00:00+02:00","values":{
	"sku":[{"locale":null,"scope":null,"data":"SKU-1"}],
	"description":[{"locale":"en_US","scope":"ecommerce","data":"Soft"},{"locale":"de_DE","scope":"ecommerce","data":null}],
	"weight":[{"locale":null,"scope":null,"data":{"amount":"0.250","unit":"KILOGRAMS"}}],
	"length":[{"locale":null,"scope":null,"data":{"amount":12.50,"unit":"CENTIMETER"}}],
	"price":[{"locale":null,"scope":null,"data":[{"amount":"12.50","currency":"EUR"},{"amount":13.1,"currency":"USD"}]}],
	"tags":[{"locale":null,"scope":null,"data":["summer","sale"]}],
	"count":[{"locale":null,"scope":null,"data":0.1000000000000000055511151231257827}],
	"organic":[{"locale":null,"scope":null,"data":true}]}}`
	recs, bad := mapItems([]json.RawMessage{json.RawMessage(item)}, "sku", nil)
	if len(bad) != 0 || len(recs) != 1 {
		t.Fatalf("recs %+v bad %+v", recs, bad)
	}
	var p transform.Product
	if err := json.Unmarshal(recs[0].Payload, &p); err != nil {
		t.Fatal(err)
	}
	no := false
	yes := true
	want := transform.Product{ID: "u1", Identifier: "SKU-1", Family: "shirts", Parent: "m1", Categories: []string{"a", "b"}, Enabled: no,
		Updated: time.Date(2026, 1, 5, 6, 0, 0, 0, time.UTC), Values: []transform.Value{
			{Attribute: "count", Kind: transform.KindNumber, Number: "0.1000000000000000055511151231257827"},
			{Attribute: "description", Locale: "en_US", Channel: "ecommerce", Kind: transform.KindText, Text: "Soft"},
			{Attribute: "length", Kind: transform.KindMetric, Number: "12.50", Unit: "CENTIMETER"},
			{Attribute: "organic", Kind: transform.KindBoolean, Bool: &yes},
			{Attribute: "price", Kind: transform.KindPrices, Amounts: []transform.PriceValue{{Amount: "12.50", Currency: "EUR"}, {Amount: "13.1", Currency: "USD"}}},
			{Attribute: "sku", Kind: transform.KindText, Text: "SKU-1"},
			{Attribute: "tags", Kind: transform.KindOptions, Options: []string{"summer", "sale"}},
			{Attribute: "weight", Kind: transform.KindMetric, Number: "0.250", Unit: "KILOGRAMS"},
		}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
	if !recs[0].Updated.Equal(want.Updated) || recs[0].Updated.Location() != time.UTC {
		t.Errorf("record updated %v", recs[0].Updated)
	}
	// The same product maps to the same bytes (values in attribute order).
	again, _ := mapItems([]json.RawMessage{json.RawMessage(item)}, "sku", nil)
	if string(again[0].Payload) != string(recs[0].Payload) {
		t.Error("mapping is not deterministic")
	}
}

// TestKindFromType: an attribute's type gives its value's kind; data of
// another shape than the type says quarantines the product.
func TestKindFromType(t *testing.T) {
	kinds := map[string]transform.Kind{"color": transform.KindOption, "launch": transform.KindDate, "photo": transform.KindMedia,
		"count": transform.KindNumber, "price": transform.KindPrices, "weight": transform.KindMetric}
	item := `{"uuid":"u1","updated":"2026-01-05T08:00:00Z","values":{
	"color":[{"locale":null,"scope":null,"data":"red"}],
	"launch":[{"locale":null,"scope":null,"data":"2026-03-01T00:00:00+00:00"}],
	"photo":[{"locale":null,"scope":null,"data":"a/b/photo.jpg"}],
	"count":[{"locale":null,"scope":null,"data":"12.5000"}],
	"price":[{"locale":null,"scope":null,"data":[]}]}}`
	recs, bad := mapItems([]json.RawMessage{json.RawMessage(item)}, "sku", kinds)
	if len(bad) != 0 || len(recs) != 1 {
		t.Fatalf("recs %+v bad %+v", recs, bad)
	}
	var p transform.Product
	_ = json.Unmarshal(recs[0].Payload, &p)
	want := []transform.Value{
		{Attribute: "color", Kind: transform.KindOption, Text: "red"},
		{Attribute: "count", Kind: transform.KindNumber, Number: "12.5000"},
		{Attribute: "launch", Kind: transform.KindDate, Text: "2026-03-01T00:00:00+00:00"},
		{Attribute: "photo", Kind: transform.KindMedia, Text: "a/b/photo.jpg"},
		{Attribute: "price", Kind: transform.KindPrices},
	}
	if !reflect.DeepEqual(p.Values, want) {
		t.Errorf("values %+v\nwant   %+v", p.Values, want)
	}
	_, bad = mapItems([]json.RawMessage{json.RawMessage(`{"uuid":"u2","updated":"2026-01-05T08:00:00Z","values":{"weight":[{"locale":null,"scope":null,"data":"heavy"}]}}`)}, "sku", kinds)
	if len(bad) != 1 || !strings.Contains(bad[0].Reason, "attribute weight: its data is text, not the metric its attribute type says") {
		t.Errorf("a metric holding text: %+v", bad)
	}
}
