package akeneo

import (
	"context"
	"encoding/json"
	"fmt"
)

// Family is an Akeneo family: its attributes and, per channel, the
// attributes its products must fill there (attribute_requirements).
type Family struct {
	Code         string              `json:"code"`
	Attributes   []string            `json:"attributes"`
	Requirements map[string][]string `json:"attribute_requirements"`
}

// Channel is an Akeneo channel (scope) with the locales its values come in.
type Channel struct {
	Code    string   `json:"code"`
	Locales []string `json:"locales"`
}

// Families returns every family of the PIM, page by page (GET /families).
func (c *Client) Families(ctx context.Context) ([]Family, error) {
	var out []Family
	err := c.listRaw(ctx, "families", c.h.URL("/api/rest/v1/families", pageOf(MaxPageSize)), func(raw json.RawMessage, where string) error {
		var f Family
		if err := json.Unmarshal(raw, &f); err != nil || f.Code == "" {
			return fmt.Errorf("%s: not a family with a code", where)
		}
		out = append(out, f)
		return nil
	})
	return out, err
}

// Channels returns every channel of the PIM with its locales (GET /channels).
func (c *Client) Channels(ctx context.Context) ([]Channel, error) {
	var out []Channel
	err := c.listRaw(ctx, "channels", c.h.URL("/api/rest/v1/channels", pageOf(MaxPageSize)), func(raw json.RawMessage, where string) error {
		var ch Channel
		if err := json.Unmarshal(raw, &ch); err != nil || ch.Code == "" {
			return fmt.Errorf("%s: not a channel with a code", where)
		}
		out = append(out, ch)
		return nil
	})
	return out, err
}

// listRaw hands every item of a listing from link on to each, with where it
// stands (page and item), following next links as list does.
func (c *Client) listRaw(ctx context.Context, what, link string, each func(raw json.RawMessage, where string) error) error {
	for n := 1; link != ""; n++ {
		if n > maxCatalogPages {
			return fmt.Errorf("list %s: more than %d pages", what, maxCatalogPages)
		}
		p, err := c.Get(ctx, link)
		if err != nil {
			return fmt.Errorf("list %s page %d: %w", what, n, err)
		}
		for i, raw := range p.Embedded.Items {
			if err := each(raw, fmt.Sprintf("list %s page %d: item %d", what, n, i+1)); err != nil {
				return err
			}
		}
		link = p.NextLink()
	}
	return nil
}
