// Package hubspot registers HubSpot (CRM API v3) as a connector kind: its
// settings, its extractor (customers, leads, products) and loader
// (customers, lead scores, products), its OAuth refresh-token flow and its
// connection probe and its sandbox emulator, gathered from the packages that implement them. A
// private app token is the generic bearer flow.
package hubspot

import (
	"context"

	"github.com/stewardhq/steward/extract/hubspot"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/hubspot"
	loader "github.com/stewardhq/steward/load/hubspot"
)

// Kind is the HubSpot kind, registered by cmd's wiring.
func Kind() connector.Kind {
	return connector.Kind{
		Name:     "hubspot",
		HTTP:     true,
		Decode:   connector.Decoder(api.DecodeSettings),
		Extract:  hubspot.New,
		Load:     loader.New,
		Auth:     map[string]httpx.Flow{api.AuthOAuth: api.OAuthFlow},
		Probe:    probe,
		Emulator: func(c *catalog.Catalog) sandbox.Emulator { return emulator.Sandbox(c) },
		// The daily allocation is kept as hubspot.quota.
		ReportsQuota: true,
	}
}

// probe reads one company, proving the token, the account and the path
// prefix.
func probe(ctx context.Context, settings any, h *httpx.Client) (string, error) {
	s, err := connector.SettingsOf[api.Settings](settings, "hubspot probe", h.Name())
	if err != nil {
		return "", err
	}
	return api.New(h, s, api.Options{}).Ping(ctx, s.Companies.Type)
}
