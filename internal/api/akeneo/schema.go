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

// AttributeTypes returns the type of every attribute of the PIM by code
// (pim_catalog_text, pim_catalog_metric, …), page by page as AttributeCodes.
func (c *Client) AttributeTypes(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := c.list(ctx, "attributes", c.h.URL("/api/rest/v1/attributes", pageOf(MaxPageSize)), func(it listItem) {
		out[it.Code] = it.Type
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ChannelCodes returns the code of every channel (scope) of the PIM.
func (c *Client) ChannelCodes(ctx context.Context) ([]string, error) {
	return c.codes(ctx, "channels", c.h.URL("/api/rest/v1/channels", pageOf(MaxPageSize)))
}

func pageOf(limit int) url.Values { return url.Values{"limit": {strconv.Itoa(limit)}} }

// listItem is what the schema readers take from a listed item.
type listItem struct {
	Code    string `json:"code"`
	Type    string `json:"type"`
	Enabled *bool  `json:"enabled"`
}

// codes reads the code of every item of a listing from link on, leaving out
// items whose "enabled" is false.
func (c *Client) codes(ctx context.Context, what, link string) ([]string, error) {
	out := []string{}
	err := c.list(ctx, what, link, func(it listItem) {
		if it.Enabled == nil || *it.Enabled {
			out = append(out, it.Code)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// list reads every item of a listing from link on, following next links
// through Get (so through the host guard). A page without its items array,
// an item without a code or more than maxCatalogPages pages is an error: a
// short list would report rules as naming things the PIM does not have.
func (c *Client) list(ctx context.Context, what, link string, each func(listItem)) error {
	for n := 1; link != ""; n++ {
		if n > maxCatalogPages {
			return fmt.Errorf("list %s: more than %d pages", what, maxCatalogPages)
		}
		p, err := c.Get(ctx, link)
		if err != nil {
			return fmt.Errorf("list %s page %d: %w", what, n, err)
		}
		for i, raw := range p.Embedded.Items {
			var item listItem
			if err := json.Unmarshal(raw, &item); err != nil || item.Code == "" {
				return fmt.Errorf("list %s page %d: item %d has no code", what, n, i+1)
			}
			each(item)
		}
		link = p.NextLink()
	}
	return nil
}
