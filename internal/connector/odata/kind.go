// Package odata registers OData services (SAP S/4HANA's v4 A2X APIs and v2
// API_*_SRV services among them) as a connector kind: its settings, its
// extractor, its loader (customers to SAP business partners), its connection
// probe and the sandbox's SAP emulator.
package odata

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stewardhq/steward/extract/odata"
	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/sap"
	loader "github.com/stewardhq/steward/load/odata"
)

// Kind is the OData kind, registered by cmd's wiring.
func Kind() connector.Kind {
	return connector.Kind{
		Name:     "odata",
		HTTP:     true,
		Decode:   connector.Decoder(api.DecodeSettings),
		Extract:  odata.New,
		Load:     loader.New,
		Probe:    probe,
		Emulator: func(c *catalog.Catalog) sandbox.Emulator { return sap.Sandbox(c) },
	}
}

// probe reads one row of every configured entity set.
func probe(ctx context.Context, settings any, h *httpx.Client) (string, error) {
	s, err := connector.SettingsOf[api.Settings](settings, "odata probe", h.Name())
	if err != nil {
		return "", err
	}
	c := api.New(h, s)
	entities := slices.Sorted(maps.Keys(s.Entities))
	for _, e := range entities {
		ent := s.Entities[e]
		get, q := c.Get, api.Query{Filter: ent.Filter, Top: 1}
		if ent.Version == 2 {
			get, q.V2 = c.GetV2, true
		}
		if _, err := get(ctx, c.CollectionURL(ent.Path, q)); err != nil {
			return "", fmt.Errorf("entity %s: %w", e, err)
		}
	}
	return fmt.Sprintf("token granted, $top=1 answered for %d entity sets (%s)", len(entities), strings.Join(entities, ", ")), nil
}
