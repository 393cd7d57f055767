// Package pimcore registers Pimcore (11, Datahub GraphQL) as a connector
// kind: its settings, its extractor and loader, its connection probe, its
// schema reader and its sandbox emulator, gathered from the packages that
// implement them. Pimcore authenticates with a Datahub API key, the generic
// api_key flow (header apikey).
package pimcore

import (
	"context"

	"github.com/stewardhq/steward/extract/pimcore"
	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/pimcore"
	loader "github.com/stewardhq/steward/load/pimcore"
	"github.com/stewardhq/steward/quality"
)

// Kind is the Pimcore kind, registered by cmd's wiring.
func Kind() connector.Kind {
	return connector.Kind{
		Name:        "pimcore",
		HTTP:        true,
		Decode:      connector.Decoder(api.DecodeSettings),
		Extract:     pimcore.New,
		Load:        loader.New,
		Probe:       probe,
		Schema:      schema,
		Emulator:    func(c *catalog.Catalog) sandbox.Emulator { return emulator.Sandbox(c) },
		ProductLink: productLink,
	}
}

// probe reads one object with every configured field.
func probe(ctx context.Context, settings any, h *httpx.Client) (string, error) {
	s, err := connector.SettingsOf[api.Settings](settings, "pimcore probe", h.Name())
	if err != nil {
		return "", err
	}
	if err := api.New(h, s).Ping(ctx); err != nil {
		return "", err
	}
	return "POST " + s.Path() + " answered " + s.ListingField() + "(first: 1) with every configured field", nil
}

// schema returns the attributes, locales and channels the settings map the
// class's fields to, after a read proving the Datahub exposes them.
func schema(ctx context.Context, settings any, h *httpx.Client) (quality.PIMSchema, error) {
	s, err := connector.SettingsOf[api.Settings](settings, "pimcore schema", h.Name())
	if err != nil {
		return quality.PIMSchema{}, err
	}
	return pimcore.ReadSchema(ctx, api.New(h, s))
}
