package akeneo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/internal/httpx"
	emulator "github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/load/akeneo"
)

func loader(t *testing.T, base, settings string) load.Loader {
	t.Helper()
	yaml := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  pim:
    kind: akeneo
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: akeneo_password, client_id: %s, client_secret: "${SECRET}", username: %s, password: "${PASSWORD}"}
    %s
jobs: []
`, base, emulator.SandboxCredentials.ClientID, emulator.SandboxCredentials.Username, settings)
	env := map[string]string{"SECRET": emulator.SandboxCredentials.Secret, "PASSWORD": emulator.SandboxCredentials.Password}
	f, err := config.Parse("loader.yaml", []byte(yaml), nil, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("pim", f.Systems["pim"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }, Auth: api.Auths()})
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(f, "pim")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	l, err := akeneo.New(load.Spec{System: "pim", Config: f, Settings: s, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func priceItem(id int64, sku, amount string) load.Item {
	return load.Item{ID: id, ExternalID: sku, Fields: map[string]json.RawMessage{"price": json.RawMessage(`{"amount":"` + amount + `","currency":"EUR"}`)}}
}

// Writes go to PATCH /products-uuid with uuid lines unless the system is
// configured for the identifier endpoint.
func TestWritesByUUID(t *testing.T) {
	for _, c := range []struct{ settings, path, key string }{
		{"", "PATCH /api/rest/v1/products-uuid", `"uuid"`},
		{"settings: {write_endpoint: products}", "PATCH /api/rest/v1/products", `"identifier"`},
	} {
		cat := catalog.New(5, 1)
		pim := emulator.New(cat, emulator.SandboxCredentials)
		srv := httptest.NewServer(pim)
		l := loader(t, srv.URL, c.settings)
		items := []load.Item{priceItem(1, cat.SKU(0), "1234.50"), priceItem(2, "NOT-IN-PIM", "1.00"), priceItem(3, cat.SKU(1), catalog.Cents(cat.PIMPrice(1)))}
		out, err := l.Write(t.Context(), items)
		srv.Close()
		if err != nil {
			t.Fatalf("%s: %v", c.settings, err)
		}
		if out[0].Status != load.Written || out[1].Status != load.Rejected || out[2].Status != load.Unchanged {
			t.Errorf("%s: outcomes %+v", c.settings, out)
		}
		calls := pim.Calls()
		other := "PATCH /api/rest/v1/products"
		if c.path == other {
			other = "PATCH /api/rest/v1/products-uuid"
		}
		if calls[c.path] != 1 || calls[other] != 0 {
			t.Errorf("%s: calls %v; want one %s", c.settings, calls, c.path)
		}
		if v, _ := pim.Value(cat.SKU(0), "price"); !strings.Contains(fmt.Sprint(v), "1234.50") {
			t.Errorf("%s: price after write %v", c.settings, v)
		}
	}
}

// A value the PIM rejects comes back with the attribute, locale and scope.
func TestRejectedValueNamesLocaleAndScope(t *testing.T) {
	cat := catalog.New(3, 1)
	srv := httptest.NewServer(emulator.New(cat, emulator.SandboxCredentials))
	defer srv.Close()
	l := loader(t, srv.URL, "")
	items := []load.Item{
		{ID: 1, ExternalID: cat.SKU(0), Fields: map[string]json.RawMessage{"description": json.RawMessage(`[{"attribute":"description","locale":"en_US","channel":"ecommerce","kind":"number","number":"42"}]`)}},
		{ID: 2, ExternalID: cat.SKU(1), Fields: map[string]json.RawMessage{"color": json.RawMessage(`[{"attribute":"color","kind":"option","text":"mauve"}]`)}},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Rejected || !strings.Contains(out[0].Reason, "description [en_US/ecommerce]") {
		t.Errorf("rejected description: %+v", out[0])
	}
	if out[1].Status != load.Rejected || !strings.Contains(out[1].Reason, `The option "mauve" does not exist`) {
		t.Errorf("unknown option: %+v", out[1])
	}
}

// A product read by uuid is written by uuid: one without an identifier (the
// PIM allows creating one), and one whose identifier the item does not carry.
func TestWritesProductWithoutIdentifierByUUID(t *testing.T) {
	cat := catalog.New(3, 1)
	pim := emulator.New(cat, emulator.SandboxCredentials)
	srv := httptest.NewServer(pim)
	defer srv.Close()
	bare := "0b6e3c5e-8f1a-4c1e-9d2b-1a2b3c4d5e6f"
	if status, body := pimCall(t, srv.URL, "PATCH", "/api/rest/v1/products-uuid/"+bare, `{"values":{"name":[{"locale":"en_US","scope":null,"data":"No identifier"}]}}`); status != 201 {
		t.Fatalf("create a product without identifier: %d %s", status, body)
	}
	l := loader(t, srv.URL, "")
	desc := json.RawMessage(`[{"attribute":"description","locale":"en_US","channel":"ecommerce","kind":"text","text":"Drafted"}]`)
	items := []load.Item{
		{ID: 1, ExternalID: bare, UUID: bare, Fields: map[string]json.RawMessage{"description": desc}},
		{ID: 2, UUID: cat.UUID(1), Fields: map[string]json.RawMessage{"description": desc}},
		{ID: 3, ExternalID: cat.SKU(2), Fields: map[string]json.RawMessage{"description": desc}},
		{ID: 4, UUID: "7f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f", Fields: map[string]json.RawMessage{"description": desc}},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{load.Written, load.Written, load.Written, load.Rejected} {
		if out[i].Status != want {
			t.Errorf("item %d: %+v; want %s", i+1, out[i], want)
		}
	}
	if !strings.Contains(out[3].Reason, "7f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f") {
		t.Errorf("the rejection of an unknown uuid does not name it: %q", out[3].Reason)
	}
	for _, u := range []string{bare, cat.UUID(1), cat.UUID(2)} {
		if _, body := pimCall(t, srv.URL, "GET", "/api/rest/v1/products-uuid/"+u, ""); !strings.Contains(body, "Drafted") {
			t.Errorf("product %s after the write: %s", u, body)
		}
	}
	if pim.Count() != 4 {
		t.Errorf("the PIM holds %d products; the write must not create any", pim.Count())
	}
	// Written again, nothing changes.
	out, err = l.Write(t.Context(), items[:3])
	if err != nil || out[0].Status != load.Unchanged || out[1].Status != load.Unchanged {
		t.Errorf("second write: %+v, %v", out, err)
	}
}

// pimCall sends one authenticated request to the emulator.
func pimCall(t *testing.T, base, method, path, body string) (int, string) {
	t.Helper()
	c := emulator.SandboxCredentials
	req, _ := http.NewRequest("POST", base+"/api/oauth/v1/token", strings.NewReader(`{"grant_type":"password","username":"`+c.Username+`","password":"`+c.Password+`"}`))
	req.SetBasicAuth(c.ClientID, c.Secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	req, _ = http.NewRequest(method, base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
