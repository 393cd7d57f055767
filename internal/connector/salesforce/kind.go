// Package salesforce registers Salesforce (REST API, SOQL, sObject
// Collections, Bulk API 2.0) as a connector kind: its settings, its
// extractor and loader, its two server-to-server auth flows and its
// connection probe and its sandbox emulator, gathered from the packages that implement them.
package salesforce

import (
	"context"
	"fmt"
	"time"

	extractor "github.com/stewardhq/steward/extract/salesforce"
	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/salesforce"
	loader "github.com/stewardhq/steward/load/salesforce"
)

// Kind is the Salesforce kind, registered by cmd's wiring.
func Kind() connector.Kind {
	return connector.Kind{
		Name:    "salesforce",
		HTTP:    true,
		Decode:  connector.Decoder(api.DecodeSettings),
		Extract: extractor.New,
		Load:    loader.New,
		Auth: map[string]httpx.Flow{
			api.AuthClientCredentials: api.ClientCredentialsFlow,
			api.AuthJWT:               api.JWTFlow,
		},
		Probe:    probe,
		Emulator: func(c *catalog.Catalog) sandbox.Emulator { return emulator.Sandbox(c) },
		// The daily allocation is kept as salesforce.quota.
		ReportsQuota: true,
	}
}

// probe authenticates and runs one SOQL query on the customers object
// (records changed from now on: normally none): it proves the token, the
// instance URL, the API version and the object, and reports the daily
// allocation the answer announced.
func probe(ctx context.Context, settings any, h *httpx.Client) (string, error) {
	s, err := connector.SettingsOf[api.Settings](settings, "salesforce probe", h.Name())
	if err != nil {
		return "", err
	}
	c := api.New(h, s, nil)
	obj, err := s.Object("customers")
	if err != nil {
		return "", err
	}
	stamp := obj.Fields["changed"]
	soql := "SELECT " + obj.Fields["id"] + " FROM " + obj.Name + " WHERE " + stamp + " >= " + api.FormatTime(time.Now()) + " ORDER BY " + stamp + ", " + obj.Fields["id"]
	if _, err := c.Query(ctx, c.QueryURL(soql)); err != nil {
		return "", fmt.Errorf("salesforce probe: %w", err)
	}
	msg := "GET " + s.Root() + "/query (" + obj.Name + ") answered"
	if st := c.Quota().State(); st.Max > 0 {
		msg += fmt.Sprintf("; api-usage %d/%d", st.Used, st.Max)
	}
	return msg, nil
}
