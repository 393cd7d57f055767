// Package dataverse registers Microsoft Dataverse (the Dynamics 365 CE Web
// API) as a connector kind: its settings, its Entra ID client credentials
// flow, its extractor and loader, its connection probe and its sandbox
// emulator, gathered from the packages that implement them.
package dataverse

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/extract/dataverse"
	api "github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/dataverse"
	loader "github.com/stewardhq/steward/load/dataverse"
)

// Kind is the Dataverse kind, registered by cmd's wiring.
func Kind() connector.Kind {
	return connector.Kind{
		Name:     "dataverse",
		HTTP:     true,
		Decode:   connector.Decoder(api.DecodeSettings),
		Extract:  dataverse.New,
		Load:     loader.New,
		Auth:     map[string]httpx.Flow{api.AuthEntra: api.EntraFlow},
		Probe:    probe,
		Emulator: func(c *catalog.Catalog) sandbox.Emulator { return emulator.Sandbox(c) },
	}
}

// probe reads one row of the customers table.
func probe(ctx context.Context, settings any, h *httpx.Client) (string, error) {
	s, err := connector.SettingsOf[api.Settings](settings, "dataverse probe", h.Name())
	if err != nil {
		return "", err
	}
	t := s.Tables["customers"]
	c := api.New(h, s, api.Options{}, zerolog.Nop())
	link := c.CollectionURL(t.EntitySet, api.Query{Select: []string{t.ID}})
	if _, err := c.Page(ctx, link, api.Prefer(false, 1)); err != nil {
		return "", fmt.Errorf("dataverse probe: %w", err)
	}
	return "GET " + httpx.RedactString(link) + " answered", nil
}
