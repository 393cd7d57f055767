package odata_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

func client(t *testing.T, base string, s odata.Settings) *odata.Client {
	t.Helper()
	n := 2
	sys := config.System{BaseURL: base, AllowInsecureLoopback: true, TLS: config.TLS{MinVersion: "1.2"},
		Auth:  config.Auth{Type: config.AuthBasic, Username: "U", Password: config.NewSecret("P")},
		Retry: config.Retry{MaxRetries: &n, BaseDelay: config.Duration(time.Millisecond), MaxDelay: config.Duration(time.Second)}}
	h, err := httpx.New("erp", sys, zerolog.Nop(), httpx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return odata.New(h, s)
}

func TestPatchFetchesCSRFToken(t *testing.T) {
	cat := catalog.New(5, 1)
	srv := httptest.NewServer(sap.New(cat, sap.Credentials{User: "U", Password: "P"}))
	defer srv.Close()
	path := sap.ProductService + sap.ProductSet + "('" + cat.SKU(1) + "')"
	if err := client(t, srv.URL, odata.Settings{}).Patch(t.Context(), path, []byte(`{"GrossWeight":"2.000"}`), ""); err == nil ||
		!strings.Contains(err.Error(), "403") {
		t.Fatalf("a write without the CSRF token: %v, want 403", err)
	}
	c := client(t, srv.URL, odata.Settings{CSRF: true})
	if err := c.Patch(t.Context(), path, []byte(`{"GrossWeight":"2.000"}`), ""); err != nil {
		t.Fatalf("with CSRF: %v", err)
	}
	err := c.Patch(t.Context(), path, []byte(`{"NoSuchProperty":1}`), "")
	if err == nil || !strings.Contains(err.Error(), "Property 'NoSuchProperty' is not known") {
		t.Fatalf("OData error body not surfaced: %v", err)
	}
}

func TestServerPagingAndFilter(t *testing.T) {
	cat := catalog.New(2500, 1)
	srv := httptest.NewServer(sap.New(cat, sap.Credentials{User: "U", Password: "P"}))
	defer srv.Close()
	c := client(t, srv.URL, odata.Settings{MaxPageSize: 700})
	path := sap.PriceService + sap.PriceSet
	link := c.CollectionURL(path, odata.Query{Filter: "ConditionType eq 'PPR0' and ConditionRateValue ge 0", Select: []string{"ConditionRecord", "Material"}})
	got, pages := 0, 0
	for link != "" {
		p, err := c.Get(t.Context(), link)
		if err != nil {
			t.Fatal(err)
		}
		got += len(p.Value)
		pages++
		if len(p.Value) > 0 && strings.Contains(string(p.Value[0]), "ConditionRateValueUnit") {
			t.Fatal("$select was not applied")
		}
		link = p.NextLink
	}
	if got != 2500 || pages != 4 {
		t.Errorf("read %d entities in %d pages, want 2500 in 4", got, pages)
	}
	n, err := c.Count(t.Context(), path, "ConditionType eq 'XXXX'")
	if err != nil || n != 0 {
		t.Errorf("count = %d, %v", n, err)
	}
	if _, err := c.Get(t.Context(), c.CollectionURL(path, odata.Query{Filter: "Material eq"})); err == nil || !strings.Contains(err.Error(), "Invalid $filter") {
		t.Errorf("a bad $filter: %v", err)
	}
}
