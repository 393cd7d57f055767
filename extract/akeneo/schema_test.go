package akeneo_test

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract/akeneo"
	"github.com/stewardhq/steward/internal/httpx"
	emulator "github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// schemaClient is an HTTP client of the emulator at base.
func schemaClient(t *testing.T, base string) *httpx.Client {
	t.Helper()
	f, err := config.Parse("akeneo.yaml", []byte(harness.Config(base, 10)), nil, func(k string) (string, bool) {
		v, ok := harness.Env[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Auth: harness.Auth})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestReadSchemaRequirements: the schema holds each family's attributes and
// attribute_requirements per channel and each channel's locales, as the
// realistic PIM serves them (GET /families and /channels, followed page by
// page).
func TestReadSchemaRequirements(t *testing.T) {
	cat, err := catalog.NewProfile(catalog.Realistic, 30, 1)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emulator.New(cat, emulator.SandboxCredentials))
	defer srv.Close()
	sc, err := akeneo.ReadSchema(t.Context(), schemaClient(t, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Families) != len(catalog.RealisticFamilies) || len(sc.ChannelLocales) != 2 {
		t.Fatalf("families %v, channel locales %v", sc.Families, sc.ChannelLocales)
	}
	for _, ch := range catalog.RealisticChannels {
		if !reflect.DeepEqual(sc.ChannelLocales[ch.Code], ch.Locales) {
			t.Errorf("channel %s: locales %v, want %v", ch.Code, sc.ChannelLocales[ch.Code], ch.Locales)
		}
	}
	for _, f := range catalog.RealisticFamilies {
		got := sc.Families[f.Code]
		if !reflect.DeepEqual(got.Required, f.Requirements) || !reflect.DeepEqual(got.Attributes, f.Attributes) {
			t.Errorf("family %s: %+v, want requirements %v", f.Code, got, f.Requirements)
		}
	}
}

// TestReadSchemaFamiliesUnreadable: a family listing that cannot be read
// fails the schema, naming the listing.
func TestReadSchemaFamiliesUnreadable(t *testing.T) {
	inner := harness.Emulator(5)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/families") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"_links":{},"_embedded":{"items":[{"attributes":["sku"]}]}}`))
			return
		}
		inner.ServeHTTP(w, r)
	}))
	defer srv.Close()
	_, err := akeneo.ReadSchema(t.Context(), schemaClient(t, srv.URL))
	if err == nil || !strings.Contains(err.Error(), "list families page 1: item 1") {
		t.Errorf("a family without a code: %v", err)
	}
}
