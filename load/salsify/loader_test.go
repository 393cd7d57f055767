package salsify_test

import (
	"context"
	"encoding/json"
	"fmt"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/api/salsify/salsifytest"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/load/salsify"
)

const (
	org   = "s-test-org"
	token = "test-token"
)

func loaderFor(t *testing.T, f *salsifytest.Fake, batch int) load.Loader {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  pim:
    kind: salsify
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: bearer, token: "${TOKEN}"}
    settings:
      org_id: %s
      price_property: Price
      price_currency: EUR
      batch_size: %d
      properties:
        - {property: Product Name, attribute: name, locale: en_US, kind: text}
        - {property: Description Draft, attribute: description_draft, locale: en_US, channel: ecommerce, kind: text}
        - {property: Weight, attribute: weight, kind: metric, unit_property: Weight Unit}
        - {property: Color, attribute: color, kind: option}
`, srv.URL, org, batch)
	file, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { return token, k == "TOKEN" })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("pim", file.Systems["pim"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	settings, sps := api.DecodeSettings(file, "pim")
	if len(sps) > 0 {
		t.Fatal(sps)
	}
	l, err := salsify.New(load.Spec{System: "pim", Config: file, Settings: settings, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func product(sku, extra string) string {
	return fmt.Sprintf(`{"salsify:id":%q,"salsify:updated_at":"2025-01-01T00:00:00.000Z","Product ID":%q,"Product Name":"Shirt","Weight":1.250,"Weight Unit":"KILOGRAMS","Price":12.5,"Color":["Blue"]%s}`, sku, sku, extra)
}

func fields(kv ...string) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = json.RawMessage(kv[i+1])
	}
	return m
}

func statuses(outs []load.Outcome) string {
	var s []string
	for _, o := range outs {
		s = append(s, o.Status)
	}
	return strings.Join(s, ",")
}

func TestWriteReadsBeforeWriting(t *testing.T) {
	f := salsifytest.New(org, token)
	f.Put(product("A", ""))
	f.Put(product("B", ""))
	l := loaderFor(t, f, 100)
	items := []load.Item{
		// Same name, same weight (1.25 = 1.250): nothing to write.
		{ID: 1, UUID: "A", Fields: fields("name", `[{"attribute":"name","locale":"en_US","kind":"text","text":"Shirt"}]`,
			"weight", `[{"attribute":"weight","kind":"metric","number":"1.25"}]`)},
		// Unit fix and a draft: only those properties are sent.
		{ID: 2, ExternalID: "B", Fields: fields("weight", `[{"attribute":"weight","kind":"metric","number":"1.250","unit":"KILOGRAM"}]`,
			"description_draft", `[{"attribute":"description_draft","locale":"en_US","channel":"ecommerce","kind":"text","text":"A blue shirt."}]`)},
		{ID: 3, ExternalID: "MISSING", Fields: fields("price", `{"amount":"3","currency":"EUR"}`)},
	}
	outs, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(outs); got != "unchanged,written,rejected" || !strings.Contains(outs[2].Reason, `"MISSING" does not exist`) {
		t.Fatalf("outcomes %s %+v", got, outs)
	}
	ups := f.Upserts()
	if len(ups) != 1 || len(ups[0]) != 1 {
		t.Fatalf("upserts %v", ups)
	}
	sent := ups[0][0]
	if len(sent) != 3 || string(sent["Product ID"]) != `"B"` || string(sent["Weight Unit"]) != `"KILOGRAM"` || string(sent["Description Draft"]) != `"A blue shirt."` {
		t.Errorf("sent %s", mustJSON(sent))
	}
	// A second write of the same items changes nothing.
	outs, _ = l.Write(t.Context(), items[1:2])
	if statuses(outs) != "unchanged" {
		t.Errorf("rewrite: %+v", outs)
	}
}

// Prices go to the price property as an exact JSON number with the
// currency's decimals; the same number at a smaller scale is rewritten.
func TestWritePrice(t *testing.T) {
	f := salsifytest.New(org, token)
	f.Put(product("A", ""))
	f.Put(product("B", `,"X":1`))
	l := loaderFor(t, f, 100)
	outs, err := l.Write(t.Context(), []load.Item{
		{ID: 1, ExternalID: "A", Fields: fields("price", `{"amount":"12.5","currency":"EUR"}`)},
		{ID: 2, ExternalID: "B", Fields: fields("price", `{"amount":"12.50","currency":"USD"}`)},
	})
	if err != nil || statuses(outs) != "written,rejected" || !strings.Contains(outs[1].Reason, "currency USD") {
		t.Fatalf("%+v %v", outs, err)
	}
	if got := f.Doc("A", "Price"); got != "12.50" {
		t.Errorf("price stored as %s, want the number 12.50", got)
	}
	outs, _ = l.Write(t.Context(), []load.Item{{ID: 1, ExternalID: "A", Fields: fields("price", `{"amount":"12.500","currency":"EUR"}`)}})
	if statuses(outs) != "unchanged" {
		t.Errorf("same price again: %+v", outs)
	}
}

// Salsify's per-item errors reject those items with its messages; the
// others are written.
func TestWritePerItemErrors(t *testing.T) {
	f := salsifytest.New(org, token)
	for _, id := range []string{"A", "B", "C"} {
		f.Put(product(id, ""))
	}
	f.Reject["B"] = []string{"Color 'Mauve' is not a valid option"}
	l := loaderFor(t, f, 100)
	var items []load.Item
	for i, id := range []string{"A", "B", "C"} {
		items = append(items, load.Item{ID: int64(i + 1), ExternalID: id, Fields: fields("color", `[{"attribute":"color","kind":"option","text":"Mauve"}]`)})
	}
	outs, err := l.Write(t.Context(), items)
	if err != nil || statuses(outs) != "written,rejected,written" {
		t.Fatalf("%+v %v", outs, err)
	}
	if !strings.Contains(outs[1].Reason, "Color 'Mauve' is not a valid option") || !strings.Contains(outs[1].Reason, "422") {
		t.Errorf("reason %q", outs[1].Reason)
	}
	if f.Doc("A", "Color") != `"Mauve"` || f.Doc("B", "Color") != `["Blue"]` {
		t.Errorf("stored A %s, B %s", f.Doc("A", "Color"), f.Doc("B", "Color"))
	}
}

// Writes go out in upserts of at most batch_size products.
func TestWriteBatches(t *testing.T) {
	f := salsifytest.New(org, token)
	var items []load.Item
	for i := range 5 {
		id := fmt.Sprintf("P%d", i)
		f.Put(product(id, ""))
		items = append(items, load.Item{ID: int64(i), ExternalID: id, Fields: fields("name", `[{"attribute":"name","locale":"en_US","kind":"text","text":"New"}]`)})
	}
	l := loaderFor(t, f, 2)
	if l.(load.Batcher).BatchSize() != 2 {
		t.Fatalf("batch size %d", l.(load.Batcher).BatchSize())
	}
	outs, err := l.Write(t.Context(), items)
	if err != nil || statuses(outs) != "written,written,written,written,written" {
		t.Fatalf("%+v %v", outs, err)
	}
	var sizes []int
	for _, u := range f.Upserts() {
		sizes = append(sizes, len(u))
	}
	if fmt.Sprint(sizes) != "[2 2 1]" {
		t.Errorf("upsert sizes %v", sizes)
	}
}

// A value with no property mapped, or of the wrong kind, is a rejected item
// naming the slot.
func TestWriteUnmapped(t *testing.T) {
	f := salsifytest.New(org, token)
	f.Put(product("A", ""))
	outs, err := loaderFor(t, f, 100).Write(t.Context(), []load.Item{
		{ID: 1, ExternalID: "A", Fields: fields("description", `[{"attribute":"description","locale":"de_DE","channel":"ecommerce","kind":"text","text":"x"}]`)},
		{ID: 2, ExternalID: "A", Fields: fields("color", `[{"attribute":"color","kind":"options","options":["a"]}]`)},
	})
	if err != nil || statuses(outs) != "rejected,rejected" || !strings.Contains(outs[0].Reason, `locale "de_DE"`) || !strings.Contains(outs[1].Reason, "kind option") {
		t.Fatalf("%+v %v", outs, err)
	}
	if len(f.Upserts()) != 0 {
		t.Errorf("rejected items were sent")
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
