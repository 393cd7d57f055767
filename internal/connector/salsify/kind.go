// Package salsify registers Salsify (REST API v1) as a connector kind: its
// settings, its extractor and loader, its connection probe, its schema
// reader and its sandbox emulator, gathered from the packages that implement
// them. Salsify authenticates with an API token, the generic bearer flow.
package salsify

import (
	"context"

	"github.com/stewardhq/steward/extract/salsify"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/salsify"
	loader "github.com/stewardhq/steward/load/salsify"
	"github.com/stewardhq/steward/quality"
)

// Kind is the Salsify kind, registered by cmd's wiring.
func Kind() connector.Kind {
	return connector.Kind{
		Name:        "salsify",
		HTTP:        true,
		Decode:      connector.Decoder(api.DecodeSettings),
		Extract:     salsify.New,
		Load:        loader.New,
		Probe:       probe,
		Schema:      schema,
		Emulator:    func(c *catalog.Catalog) sandbox.Emulator { return emulator.Sandbox(c) },
		ProductLink: productLink,
	}
}

// probe reads one product of the organization's listing.
func probe(ctx context.Context, settings any, h *httpx.Client) (string, error) {
	s, err := connector.SettingsOf[api.Settings](settings, "salsify probe", h.Name())
	if err != nil {
		return "", err
	}
	c := api.New(h, s.OrgID, api.Options{})
	if err := c.Ping(ctx); err != nil {
		return "", err
	}
	return "GET " + c.ProductsPath() + "?per_page=1 answered", nil
}

// schema returns the attributes, locales and channels the settings map the
// properties to, after a read proving the organization answers.
func schema(ctx context.Context, settings any, h *httpx.Client) (quality.PIMSchema, error) {
	s, err := connector.SettingsOf[api.Settings](settings, "salsify schema", h.Name())
	if err != nil {
		return quality.PIMSchema{}, err
	}
	return salsify.ReadSchema(ctx, s, h)
}
