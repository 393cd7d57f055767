package pimcore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	pimcoreapi "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/api/pimcore/pimcorefake"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/load/pimcore"
	"github.com/stewardhq/steward/transform"
)

const settings = `
    settings:
      endpoint: steward
      identifier_field: sku
      family_field: family
      price_field: price
      currency: EUR
      draft_field: descriptionDraft
      languages: {en: en_US, de: de_DE}
      fields:
        name: {attribute: name, kind: text, localized: true}
        description: {attribute: description, kind: text, localized: true, channel: ecommerce}
        descriptionDraft: {attribute: description_draft, kind: text, localized: true, channel: ecommerce}
        color: {attribute: color, kind: option}
        weight: {attribute: weight, kind: metric}
        ean: {attribute: ean, kind: text}
`

func newLoader(t *testing.T, fake *pimcorefake.Server) load.Loader {
	t.Helper()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  pim:
    kind: pimcore
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: api_key, header: apikey, token: "${KEY}"}
%s`, srv.URL, settings)
	f, err := config.Parse("pimcore.yaml", []byte(text), nil, func(k string) (string, bool) { return "test-key", k == "KEY" })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("pim", f.Systems["pim"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	settings, sps := pimcoreapi.DecodeSettings(f, "pim")
	if len(sps) > 0 {
		t.Fatal(sps)
	}
	l, err := pimcore.New(load.Spec{System: "pim", Config: f, Settings: settings, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func price(amount, currency string) map[string]json.RawMessage {
	b, _ := json.Marshal(transform.PriceValue{Amount: amount, Currency: currency})
	return map[string]json.RawMessage{"price": b}
}

func values(attr string, vs ...transform.Value) map[string]json.RawMessage {
	for i := range vs {
		vs[i].Attribute = attr
	}
	b, _ := json.Marshal(vs)
	return map[string]json.RawMessage{attr: b}
}

func text(locale, channel, s string) transform.Value {
	return transform.Value{Locale: locale, Channel: channel, Kind: transform.KindText, Text: s}
}

func TestWriteOutcomes(t *testing.T) {
	fake := pimcorefake.New(pimcorefake.Catalog(6, 1_714_521_600))
	l := newLoader(t, fake)
	items := []load.Item{
		{ID: 1, UUID: "1", ExternalID: "SKU-00001", Fields: price("10", "EUR")}, // holds 10.00
		{ID: 2, ExternalID: "SKU-00002", Fields: price("99.90", "EUR")},         // by SKU
		{ID: 3, UUID: "3", Fields: values("description_draft", text("en_US", "ecommerce", "A draft"))},
		{ID: 4, UUID: "4", Fields: values("ean", text("", "", "40000000000000000"))}, // too long
		{ID: 5, UUID: "999", Fields: price("1", "EUR")},
		{ID: 6, ExternalID: "NOPE", Fields: price("1", "EUR")},
		{ID: 7, UUID: "5", Fields: values("name", text("de_DE", "", "Hemd 5"))},
		{ID: 8, UUID: "6", Fields: price("1", "USD")},
		{ID: 9, UUID: "6", Fields: values("name", text("fr_FR", "", "Chemise"))},
		{ID: 10, UUID: "x1", Fields: price("1", "EUR")},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ status, reason string }{
		{load.Unchanged, ""}, {load.Written, ""}, {load.Written, ""},
		{load.Rejected, "Validation failed: ean"}, {load.Rejected, "object 999 of class Product does not exist"},
		{load.Rejected, `no object of class Product has sku "NOPE"`}, {load.Unchanged, ""},
		{load.Rejected, "amount in USD, but price holds EUR"}, {load.Rejected, `locale "fr_FR" has no language`},
		{load.Rejected, `"x1" is not a Pimcore object id`},
	}
	for i, w := range want {
		if out[i].ID != items[i].ID || out[i].Status != w.status || !strings.Contains(out[i].Reason, w.reason) {
			t.Errorf("item %d: %+v, want %s %q", items[i].ID, out[i], w.status, w.reason)
		}
	}
	if o, _ := fake.Object(2); o.Price != "99.90" {
		t.Errorf("object 2 price %q, want 99.90 sent exactly", o.Price)
	}
	if o, _ := fake.Object(3); o.Localized["en"]["descriptionDraft"] != "A draft" || o.Localized["en"]["description"] != "" {
		t.Errorf("object 3 after the draft: %+v", o.Localized)
	}
	if o, _ := fake.Object(4); o.EAN != "4000000000004" {
		t.Errorf("a rejected save changed object 4: ean %q", o.EAN)
	}
	reqs := fake.Requests()
	if len(reqs) != 2 || !strings.HasPrefix(reqs[1].Query, "mutation") {
		t.Fatalf("requests: %d, want one read and one mutation request", len(reqs))
	}
	// Written again, everything is unchanged and nothing is sent.
	again, err := l.Write(t.Context(), items[:3])
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range again {
		if o.Status != load.Unchanged {
			t.Errorf("rewrite of item %d: %+v, want unchanged", o.ID, o)
		}
	}
	if n := len(fake.Requests()); n != 3 {
		t.Errorf("a rewrite of unchanged items sent %d requests, want the read only", n-2)
	}
}

// A GraphQL error on one alias rejects that item only, with the message;
// the other items of the batch are read and written.
func TestErrorOnOneAlias(t *testing.T) {
	objs := pimcorefake.Catalog(3, 1_714_521_600)
	objs[0].FailUpdate = true
	objs[2].Fail = true
	fake := pimcorefake.New(objs)
	l := newLoader(t, fake)
	out, err := l.Write(t.Context(), []load.Item{
		{ID: 1, UUID: "1", Fields: price("5", "EUR")},
		{ID: 2, UUID: "2", Fields: price("5", "EUR")},
		{ID: 3, UUID: "3", Fields: price("5", "EUR")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Rejected || !strings.Contains(out[0].Reason, "Internal server error") {
		t.Errorf("item whose update fails: %+v", out[0])
	}
	if out[1].Status != load.Written {
		t.Errorf("item beside the failures: %+v", out[1])
	}
	if out[2].Status != load.Rejected || !strings.Contains(out[2].Reason, "read product id 3") {
		t.Errorf("item whose read fails: %+v", out[2])
	}
	if o, _ := fake.Object(2); o.Price != "5.00" {
		t.Errorf("object 2 price %q", o.Price)
	}
}

// Localized values go out in one mutation per language (defaultLanguage),
// non-localized ones without; a metric equal in amount and unit is left
// alone, a unit fix is written.
func TestLocalizedAndMetricWrites(t *testing.T) {
	objs := pimcorefake.Catalog(2, 1_714_521_600)
	objs[1].Weight = &pimcorefake.Quantity{Value: "1.250", Unit: "KILOGRAMS"}
	fake := pimcorefake.New(objs)
	l := newLoader(t, fake)
	fields := values("name", text("en_US", "", "Shirt One"), text("de_DE", "", "Hemd Eins"))
	kg := transform.Value{Kind: transform.KindMetric, Number: "1.25", Unit: "KILOGRAM"}
	for k, v := range values("weight", kg) {
		fields[k] = v
	}
	out, err := l.Write(t.Context(), []load.Item{
		{ID: 1, UUID: "1", Fields: fields},
		{ID: 2, UUID: "2", Fields: values("weight", kg)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Written || out[1].Status != load.Written {
		t.Fatalf("outcomes %+v", out)
	}
	o1, _ := fake.Object(1)
	if o1.Localized["en"]["name"] != "Shirt One" || o1.Localized["de"]["name"] != "Hemd Eins" || o1.Weight.Value != "1.250" {
		t.Errorf("object 1: %+v weight %+v", o1.Localized, o1.Weight)
	}
	if o2, _ := fake.Object(2); o2.Weight.Unit != "KILOGRAM" || o2.Weight.Value != "1.25" {
		t.Errorf("object 2 weight %+v", o2.Weight)
	}
	mut := fake.Requests()[1].Query
	for _, want := range []string{`defaultLanguage: "de", input: {name: "Hemd Eins"}`, `defaultLanguage: "en", input: {name: "Shirt One"}`, `input: {weight: {value: 1.25, unit: "KILOGRAM"}}`} {
		if !strings.Contains(mut, want) {
			t.Errorf("mutation lacks %s:\n%s", want, mut)
		}
	}
}

// A refused key fails the batch as a whole: an error, no outcomes.
func TestRefusedKeyFailsTheBatch(t *testing.T) {
	fake := pimcorefake.New(pimcorefake.Catalog(1, 1_714_521_600))
	fake.Key = "another-key"
	out, err := newLoader(t, fake).Write(t.Context(), []load.Item{{ID: 1, UUID: "1", Fields: price("5", "EUR")}})
	if !errors.Is(err, pimcoreapi.ErrAccessDenied) || out != nil {
		t.Fatalf("outcomes %+v, err %v; want ErrAccessDenied", out, err)
	}
}
