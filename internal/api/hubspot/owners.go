package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// OwnersPath is the owners endpoint (PROTOCOLS.md §3: GET /crm/v3/owners).
const OwnersPath = "/crm/v3/owners"

// Owner is a HubSpot owner: a user records can be assigned to by
// hubspot_owner_id.
type Owner struct {
	ID       string `json:"id"`
	Email    string `json:"email"`
	Archived bool   `json:"archived"`
}

// Owners lists the account's owners, following the paging.
func (c *Client) Owners(ctx context.Context) ([]Owner, error) {
	var out []Owner
	link := c.h.URL(OwnersPath, url.Values{"limit": {"500"}})
	for link != "" {
		p, err := c.List(ctx, link)
		if err != nil {
			return nil, fmt.Errorf("list owners: %w", err)
		}
		for _, raw := range p.Results {
			var o Owner
			if err := json.Unmarshal(raw, &o); err != nil {
				return nil, fmt.Errorf("list owners: decode an owner: %w", err)
			}
			out = append(out, o)
		}
		link = p.Link
		if link == "" && p.After != "" {
			link = c.h.URL(OwnersPath, url.Values{"limit": {"500"}, "after": {p.After}})
		}
	}
	return out, nil
}

// OwnerIDs maps the active owners' e-mails (lower case) to their ids.
func OwnerIDs(owners []Owner) map[string]string {
	m := map[string]string{}
	for _, o := range owners {
		if !o.Archived && o.Email != "" {
			m[strings.ToLower(o.Email)] = o.ID
		}
	}
	return m
}
