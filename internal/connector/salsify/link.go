package salsify

import (
	"net/url"

	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/connector"
)

// productLink is the product's page in the Salsify app,
// {base}/app/orgs/{org_id}/products/{salsify:id}: the organization's app
// address (the org_id segment of the settings is read from it) followed by
// the product's id.
func productLink(base url.URL, settings any, id string) string {
	s, ok := settings.(api.Settings)
	if !ok || s.OrgID == "" {
		return ""
	}
	return connector.PathLink(base, "/app/orgs/", s.OrgID, "products", id)
}
