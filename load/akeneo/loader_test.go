package akeneo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox"
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
`, base, sandbox.AkeneoCredentials.ClientID, sandbox.AkeneoCredentials.Username, settings)
	env := map[string]string{"SECRET": sandbox.AkeneoCredentials.Secret, "PASSWORD": sandbox.AkeneoCredentials.Password}
	f, err := config.Parse("loader.yaml", []byte(yaml), nil, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("pim", f.Systems["pim"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	l, err := akeneo.New(load.Spec{System: "pim", Config: f, Client: c, Log: zerolog.Nop()})
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
		pim := emulator.New(cat, sandbox.AkeneoCredentials)
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
	srv := httptest.NewServer(emulator.New(cat, sandbox.AkeneoCredentials))
	defer srv.Close()
	l := loader(t, srv.URL, "")
	items := []load.Item{
		{ID: 1, ExternalID: cat.SKU(0), Fields: map[string]json.RawMessage{"description": json.RawMessage(`[{"locale":"en_US","scope":"ecommerce","data":42}]`)}},
		{ID: 2, ExternalID: cat.SKU(1), Fields: map[string]json.RawMessage{"color": json.RawMessage(`[{"locale":null,"scope":null,"data":"mauve"}]`)}},
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
