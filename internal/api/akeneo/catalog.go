package akeneo

import (
	"context"
	"encoding/json"
	"net/url"
)

// maxCatalogPages bounds a reference-data listing (100 items a page).
const maxCatalogPages = 1000

// Ping makes the cheapest authenticated read, GET /channels?limit=1: it proves
// the token grant, the credentials and the REST API's base path.
func (c *Client) Ping(ctx context.Context) error {
	var body map[string]json.RawMessage
	if _, err := c.h.GetJSON(ctx, c.h.URL("/api/rest/v1/channels", url.Values{"limit": {"1"}}), nil, &body); err != nil {
		return describe(err)
	}
	return nil
}
