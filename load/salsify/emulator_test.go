package salsify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/salsify"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/load/salsify"
	"github.com/stewardhq/steward/transform"
)

// emulatorLoader builds the loader over the real emulator for the sandbox
// organization. "list_price" maps a text attribute onto the number property
// Price: a mapping Salsify refuses per item, as it would after a property's
// data type changed under a written mapping.
func emulatorLoader(t *testing.T, srv *emulator.Server, batch int) load.Loader {
	t.Helper()
	return emulatorLoaderFor(t, srv, batch, config.Target{System: "pim"})
}

// emulatorLoaderFor is emulatorLoader for a job's target (its owned fields).
func emulatorLoaderFor(t *testing.T, srv *emulator.Server, batch int, target config.Target) load.Loader {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
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
      family_property: Family
      price_property: Price
      price_currency: EUR
      batch_size: %d
      properties:
        - {property: Product Name, attribute: name, locale: en_US, kind: text}
        - {property: Description, attribute: description, locale: en_US, channel: ecommerce, kind: text}
        - {property: Description Draft, attribute: description_draft, locale: en_US, channel: ecommerce, kind: text}
        - {property: Color, attribute: color, kind: option}
        - {property: Weight, attribute: weight, kind: metric, unit_property: Weight Unit}
        - {property: EAN, attribute: ean, kind: text}
        - {property: Price, attribute: list_price, kind: text}
`, ts.URL, emulator.SandboxOrg, batch)
	file, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { return emulator.SandboxToken, k == "TOKEN" })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("pim", file.Systems["pim"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	l, err := salsify.New(load.Spec{System: "pim", Config: file, Settings: decoded(t, file, "pim"), Target: target, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// values renders canonical values as one write field.
func values(vs ...transform.Value) json.RawMessage {
	b, _ := json.Marshal(vs)
	return b
}

// firstWith returns the first catalog index with defect d.
func firstWith(t *testing.T, c *catalog.Catalog, d catalog.Defect) int {
	t.Helper()
	for i := range c.N {
		if c.Defect(i) == d {
			return i
		}
	}
	t.Fatalf("no product with defect %d", d)
	return 0
}

// Price writes, description drafts and the three corrections are written,
// then unchanged when sent again; an item Salsify refuses comes back
// rejected with Salsify's message while the rest of its batch is written;
// no other product or property changes.
func TestWriteToEmulator(t *testing.T) {
	c := catalog.New(2000, 7)
	srv := emulator.New(c, emulator.SandboxOrg, emulator.SandboxToken)
	l := emulatorLoader(t, srv, 10)
	ws, cc, un := firstWith(t, c, catalog.FixableWhitespace), firstWith(t, c, catalog.FixableOptionCase), firstWith(t, c, catalog.FixableUnspelling)
	const draft = "A draft written by steward."
	items := []load.Item{
		{ID: 1, ExternalID: c.SKU(0), Fields: map[string]json.RawMessage{"price": json.RawMessage(`{"amount":"1234.5","currency":"EUR"}`)}},
		{ID: 2, ExternalID: c.SKU(1), Fields: map[string]json.RawMessage{"description_draft": values(transform.Value{Attribute: "description_draft", Locale: "en_US", Channel: "ecommerce", Kind: transform.KindText, Text: draft})}},
		{ID: 3, ExternalID: c.SKU(ws), Fields: map[string]json.RawMessage{"name": values(transform.Value{Attribute: "name", Locale: "en_US", Kind: transform.KindText, Text: strings.TrimSpace(c.PIM(ws).Name)})}},
		{ID: 4, ExternalID: c.SKU(2), Fields: map[string]json.RawMessage{"list_price": values(transform.Value{Attribute: "list_price", Kind: transform.KindText, Text: "on request"})}},
		{ID: 5, ExternalID: c.SKU(cc), Fields: map[string]json.RawMessage{"color": values(transform.Value{Attribute: "color", Kind: transform.KindOption, Text: strings.ToLower(c.PIM(cc).Color)})}},
		{ID: 6, ExternalID: c.SKU(un), Fields: map[string]json.RawMessage{"weight": values(transform.Value{Attribute: "weight", Kind: transform.KindMetric, Number: c.PIM(un).Weight, Unit: "KILOGRAM"})}},
	}
	outs, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{load.Written, load.Written, load.Written, load.Rejected, load.Written, load.Written}
	for k, o := range outs {
		if o.Status != want[k] {
			t.Fatalf("item %d: %+v, want %s", items[k].ID, o, want[k])
		}
	}
	if r := outs[3].Reason; !strings.Contains(r, "status 422") || !strings.Contains(r, `Property Price is a number property and cannot take the value "on request"`) {
		t.Errorf("rejection reason %q lacks Salsify's status and message", r)
	}
	checkValue(t, srv, c.SKU(0), emulator.PropPrice, json.Number("1234.50"))
	checkValue(t, srv, c.SKU(1), emulator.PropDraft, draft)
	checkValue(t, srv, c.SKU(ws), emulator.PropName, strings.TrimSpace(c.PIM(ws).Name))
	checkValue(t, srv, c.SKU(cc), emulator.PropColor, strings.ToLower(c.PIM(cc).Color))
	checkValue(t, srv, c.SKU(un), emulator.PropWeightUnit, "KILOGRAM")
	checkValue(t, srv, c.SKU(un), emulator.PropWeight, json.Number(c.PIM(un).Weight))
	checkValue(t, srv, c.SKU(2), emulator.PropPrice, json.Number(c.PIM(2).Price))
	written := map[string]int{c.SKU(0): 1, c.SKU(1): 1, c.SKU(ws): 1, c.SKU(cc): 1, c.SKU(un): 1}
	if got := srv.Writes(); !maps.Equal(got, written) {
		t.Fatalf("writes %v, want %v", got, written)
	}
	checkOnlyChanged(t, srv, c, map[string]map[string]any{
		c.SKU(0):  {emulator.PropPrice: "1234.50"},
		c.SKU(1):  {emulator.PropDraft: draft},
		c.SKU(ws): {emulator.PropName: strings.TrimSpace(c.PIM(ws).Name)},
		c.SKU(cc): {emulator.PropColor: strings.ToLower(c.PIM(cc).Color)},
		c.SKU(un): {emulator.PropWeightUnit: "KILOGRAM"},
	})

	again, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	for k, o := range again {
		if w := map[bool]string{true: load.Rejected, false: load.Unchanged}[k == 3]; o.Status != w {
			t.Errorf("again, item %d: %+v, want %s", items[k].ID, o, w)
		}
	}
	if got := srv.Writes(); !maps.Equal(got, written) {
		t.Fatalf("after the same batch again, writes %v, want %v", got, written)
	}
}

func checkValue(t *testing.T, srv *emulator.Server, id, prop string, want any) {
	t.Helper()
	if got, _ := srv.Value(id, prop); got != want {
		t.Errorf("%s %q = %#v, want %#v", id, prop, got, want)
	}
}

// checkOnlyChanged proves through the emulator's saved state that exactly
// the products in changes differ from the planted catalog, each only by the
// properties changes gives it.
func checkOnlyChanged(t *testing.T, srv *emulator.Server, c *catalog.Catalog, changes map[string]map[string]any) {
	t.Helper()
	b, err := srv.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Total    int `json:"total"`
		Products []struct {
			Index int            `json:"index"`
			ID    string         `json:"id"`
			Props map[string]any `json:"properties"`
		} `json:"products"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&st); err != nil {
		t.Fatal(err)
	}
	if st.Total != c.N || len(st.Products) != len(changes) {
		t.Fatalf("%d products changed (total %d), want %d (total %d)", len(st.Products), st.Total, len(changes), c.N)
	}
	for _, p := range st.Products {
		want := planted(c, p.Index)
		for k, v := range changes[p.ID] {
			want[k] = v
		}
		if fmt.Sprint(p.Props) != fmt.Sprint(want) {
			t.Errorf("product %s holds\n%v\nwant\n%v", p.ID, p.Props, want)
		}
	}
}

// planted is product i's properties as the catalog planted them, numbers
// as their text.
func planted(c *catalog.Catalog, i int) map[string]any {
	p := c.PIM(i)
	m := map[string]any{emulator.PropProductID: p.SKU, emulator.PropFamily: p.Family, emulator.PropName: p.Name,
		emulator.PropColor: p.Color, emulator.PropWeight: p.Weight, emulator.PropWeightUnit: p.WeightUnit,
		emulator.PropEAN: p.EAN, emulator.PropPrice: p.Price}
	if p.Description != "" {
		m[emulator.PropDescription] = p.Description
	}
	return m
}

// Two items for one product in a batch (a price and a draft) are both
// written: the emulator refuses a Product ID twice in one upsert, so the
// second goes in the next call.
func TestWriteSameProductTwiceToEmulator(t *testing.T) {
	c := catalog.New(50, 7)
	srv := emulator.New(c, emulator.SandboxOrg, emulator.SandboxToken)
	l := emulatorLoader(t, srv, 10)
	items := []load.Item{
		{ID: 1, ExternalID: c.SKU(3), Fields: map[string]json.RawMessage{"price": json.RawMessage(`{"amount":"7","currency":"EUR"}`)}},
		{ID: 2, ExternalID: c.SKU(4), Fields: map[string]json.RawMessage{"price": json.RawMessage(`{"amount":"8","currency":"EUR"}`)}},
		{ID: 3, ExternalID: c.SKU(3), Fields: map[string]json.RawMessage{"description_draft": values(transform.Value{Attribute: "description_draft", Locale: "en_US", Channel: "ecommerce", Kind: transform.KindText, Text: "Draft."})}},
	}
	outs, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	for k, o := range outs {
		if o.Status != load.Written {
			t.Errorf("item %d: %+v, want written", items[k].ID, o)
		}
	}
	checkValue(t, srv, c.SKU(3), emulator.PropPrice, json.Number("7.00"))
	checkValue(t, srv, c.SKU(3), emulator.PropDraft, "Draft.")
	checkValue(t, srv, c.SKU(4), emulator.PropPrice, json.Number("8.00"))
	if calls := srv.Calls()["PUT /api/v1/orgs/"+emulator.SandboxOrg+"/products/_upsert"]; calls != 2 {
		t.Errorf("%d upsert calls, want 2", calls)
	}
}
