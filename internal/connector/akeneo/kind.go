// Package akeneo registers the Akeneo PIM as a connector kind: its settings,
// its extractor and loader, its password grant, its connection probe, its
// schema reader and its sandbox emulator, gathered from the packages that
// implement them.
package akeneo

import (
	"context"

	"github.com/stewardhq/steward/extract/akeneo"
	api "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox"
	emulator "github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	loader "github.com/stewardhq/steward/load/akeneo"
	"github.com/stewardhq/steward/quality"
)

// Kind is the Akeneo kind, registered by cmd's wiring.
func Kind() connector.Kind {
	return connector.Kind{
		Name:        "akeneo",
		HTTP:        true,
		Decode:      connector.Decoder(api.DecodeSettings),
		Extract:     akeneo.New,
		Load:        loader.New,
		Auth:        map[string]httpx.Flow{api.AuthPassword: api.PasswordFlow},
		Probe:       probe,
		Schema:      schema,
		Emulator:    func(c *catalog.Catalog) sandbox.Emulator { return emulator.Sandbox(c) },
		ProductLink: productLink,
	}
}

// probe asks for a token and one channel.
func probe(ctx context.Context, _ any, h *httpx.Client) (string, error) {
	if err := api.New(h).Ping(ctx); err != nil {
		return "", err
	}
	return "token granted, GET /api/rest/v1/channels?limit=1 answered", nil
}

// schema reads the PIM's attributes, locales and channels; Akeneo's settings
// play no part.
func schema(ctx context.Context, _ any, h *httpx.Client) (quality.PIMSchema, error) {
	return akeneo.ReadSchema(ctx, h)
}
