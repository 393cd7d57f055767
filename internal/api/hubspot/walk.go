package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/stewardhq/steward/internal/httpx"
)

// NextURL is the server's next link, followed verbatim (its host is checked
// when it is fetched). Query parameters of the current request that the
// link leaves out (properties, limit) are carried over, never the cursor.
// Without a link, the current request is sent again with the server's after.
func NextURL(cur string, p Page) (string, error) {
	if p.After == "" && p.Link == "" {
		return "", nil
	}
	base, err := url.Parse(cur)
	if err != nil {
		return "", fmt.Errorf("parse page link: %w", err)
	}
	have := base.Query()
	if p.Link == "" {
		have.Set("after", p.After)
		base.RawQuery = have.Encode()
		return base.String(), nil
	}
	next, err := url.Parse(p.Link)
	if err != nil {
		return "", fmt.Errorf("parse next link %q: %w", httpx.RedactString(p.Link), err)
	}
	q := next.Query()
	added := false
	for k, vs := range have {
		if _, ok := q[k]; !ok && k != "after" {
			q[k], added = vs, true
		}
	}
	if added {
		next.RawQuery = strings.TrimPrefix(next.RawQuery+"&"+url.Values(onlyMissing(q, next.Query())).Encode(), "&")
	}
	return next.String(), nil
}

// onlyMissing returns the keys of all that have are missing from.
func onlyMissing(all, from url.Values) url.Values {
	out := url.Values{}
	for k, vs := range all {
		if _, ok := from[k]; !ok {
			out[k] = vs
		}
	}
	return out
}

// Each calls fn for every object of objectType (not archived) with the
// given properties, following the list's next links.
func (c *Client) Each(ctx context.Context, objectType string, props []string, fn func(Object) error) error {
	for link := c.ListURL(objectType, props, MaxPageSize, false); link != ""; {
		p, err := c.List(ctx, link)
		if err != nil {
			return fmt.Errorf("list %s: %w", objectType, err)
		}
		for _, raw := range p.Results {
			var o Object
			if err := json.Unmarshal(raw, &o); err != nil {
				return fmt.Errorf("list %s: object %.60s: %w", objectType, raw, err)
			}
			if err := fn(o); err != nil {
				return err
			}
		}
		if link, err = NextURL(link, p); err != nil {
			return err
		}
	}
	return nil
}
