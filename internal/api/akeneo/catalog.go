package akeneo

import (
	"context"
	"encoding/json"
	"fmt"
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

// Codes lists the codes of a reference-data resource (attributes, channels,
// locales, families, …), following its page links. Items whose "enabled" is
// false, such as the locales a PIM knows but does not use, are left out.
func (c *Client) Codes(ctx context.Context, resource string) ([]string, error) {
	link := c.h.URL("/api/rest/v1/"+resource, url.Values{"limit": {"100"}})
	var codes []string
	for page := 0; link != ""; page++ {
		if page == maxCatalogPages {
			return nil, fmt.Errorf("list %s: more than %d pages", resource, maxCatalogPages)
		}
		p, err := c.Get(ctx, link)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", resource, err)
		}
		for _, raw := range p.Embedded.Items {
			var it struct {
				Code    string `json:"code"`
				Enabled *bool  `json:"enabled"`
			}
			if err := json.Unmarshal(raw, &it); err != nil || it.Code == "" {
				return nil, fmt.Errorf("list %s: an item without a code", resource)
			}
			if it.Enabled == nil || *it.Enabled {
				codes = append(codes, it.Code)
			}
		}
		link = p.NextLink()
	}
	return codes, nil
}
