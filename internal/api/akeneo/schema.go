package akeneo

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// AttributeCodes returns the code of every attribute of the PIM, page by page
// (GET /attributes, following each page's next link).
func (c *Client) AttributeCodes(ctx context.Context) ([]string, error) {
	return c.codes(ctx, "attributes", c.h.URL("/api/rest/v1/attributes", pageOf(MaxPageSize)))
}

// LocaleCodes returns the codes of the PIM's enabled locales. A PIM lists
// every locale it knows, some two hundred; only the enabled ones (those of at
// least one channel) can hold values, so only they are asked for, with the
// filter the API documents for locales (filter.md).
func (c *Client) LocaleCodes(ctx context.Context) ([]string, error) {
	q := pageOf(MaxPageSize)
	search, err := json.Marshal(Filter{"enabled": {{Operator: "=", Value: true}}})
	if err != nil {
		return nil, fmt.Errorf("list locales: %w", err)
	}
	q.Set("search", string(search))
	return c.codes(ctx, "locales", c.h.URL("/api/rest/v1/locales", q))
}

// ChannelCodes returns the code of every channel (scope) of the PIM.
func (c *Client) ChannelCodes(ctx context.Context) ([]string, error) {
	return c.codes(ctx, "channels", c.h.URL("/api/rest/v1/channels", pageOf(MaxPageSize)))
}

func pageOf(limit int) url.Values { return url.Values{"limit": {strconv.Itoa(limit)}} }

// codes reads the code of every item of a listing from link on, following
// next links through Get (so through the host guard), leaving out items whose
// "enabled" is false. A page without its items array, an item without a code
// or more than maxCatalogPages pages is an error: a short list would report
// rules as naming things the PIM does not have.
func (c *Client) codes(ctx context.Context, what, link string) ([]string, error) {
	out := []string{}
	for n := 1; link != ""; n++ {
		if n > maxCatalogPages {
			return nil, fmt.Errorf("list %s: more than %d pages", what, maxCatalogPages)
		}
		p, err := c.Get(ctx, link)
		if err != nil {
			return nil, fmt.Errorf("list %s page %d: %w", what, n, err)
		}
		for i, raw := range p.Embedded.Items {
			var item struct {
				Code    string `json:"code"`
				Enabled *bool  `json:"enabled"`
			}
			if err := json.Unmarshal(raw, &item); err != nil || item.Code == "" {
				return nil, fmt.Errorf("list %s page %d: item %d has no code", what, n, i+1)
			}
			if item.Enabled == nil || *item.Enabled {
				out = append(out, item.Code)
			}
		}
		link = p.NextLink()
	}
	return out, nil
}
