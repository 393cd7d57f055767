package akeneo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/rawjson"
)

// ErrUndecodableSample marks a sample or count answer that arrived whole but
// whose structure cannot be followed: the pass can still be read serially.
var ErrUndecodableSample = errors.New("the sample page cannot be decoded")

// Sample is what one page-pagination request tells about a filter's result
// set before a pass over it: how many products match, and the update dates
// of the first ones (a sample in primary-key order, which is unrelated to the
// update date).
type Sample struct {
	Total   int
	Updated []time.Time
	// Now is the server's clock when it answered (its Date header, whole
	// seconds); zero when the answer had none.
	Now time.Time
}

// SampleUpdated asks for the first limit products matching f with their
// count, with only the identifier attribute's values (the smallest answer
// that still carries every product's update date). The answer is read
// leniently: a poisoned product only drops out of the sample.
func (c *Client) SampleUpdated(ctx context.Context, f Filter, limit int, identifier string) (Sample, error) {
	total, items, now, err := c.counted(ctx, f, limit, url.Values{"attributes": {identifier}})
	if err != nil {
		return Sample{}, fmt.Errorf("sample products: %w", err)
	}
	s := Sample{Total: total, Now: now}
	for _, it := range items {
		var p struct {
			Updated string `json:"updated"`
		}
		if json.Unmarshal(it, &p) != nil {
			continue
		}
		if t, err := time.Parse(time.RFC3339, p.Updated); err == nil {
			s.Updated = append(s.Updated, t.UTC())
		}
	}
	return s, nil
}

// CountMatching returns how many products match f, reading the answer
// leniently (the one product it carries may be poisoned).
func (c *Client) CountMatching(ctx context.Context, f Filter, identifier string) (int, error) {
	total, _, _, err := c.counted(ctx, f, 1, url.Values{"attributes": {identifier}})
	if err != nil {
		return 0, fmt.Errorf("count products: %w", err)
	}
	return total, nil
}

// ServerTime returns the server's clock (whole seconds) from the Date header
// of the API overview, GET /api/rest/v1, the cheapest answer there is: the
// update dates the server writes come from that clock, unlike steward's own.
func (c *Client) ServerTime(ctx context.Context) (time.Time, error) {
	var body map[string]json.RawMessage
	resp, err := c.h.GetJSON(ctx, c.h.URL("/api/rest/v1", nil), nil, &body)
	if err != nil {
		return time.Time{}, fmt.Errorf("read the server's time: %w", describe(err))
	}
	now, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return time.Time{}, fmt.Errorf("read the server's time: GET /api/rest/v1 answered without a readable Date header (%q)", resp.Header.Get("Date"))
	}
	return now.UTC(), nil
}

// counted gets one page-pagination page of products matching f with its
// count, and returns the count, the raw items and the server's Date (zero
// when absent or unreadable).
func (c *Client) counted(ctx context.Context, f Filter, limit int, extra url.Values) (int, [][]byte, time.Time, error) {
	q := url.Values{"pagination_type": {"page"}, "limit": {strconv.Itoa(limit)}, "with_count": {"true"}}
	for k, v := range extra {
		q[k] = v
	}
	if len(f) > 0 {
		b, err := json.Marshal(f)
		if err != nil {
			return 0, nil, time.Time{}, err
		}
		q.Set("search", string(b))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.h.URL("/api/rest/v1/products-uuid", q), nil)
	if err != nil {
		return 0, nil, time.Time{}, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.h.Do(req)
	if err != nil {
		return 0, nil, time.Time{}, describe(err)
	}
	defer resp.Body.Close()
	now, _ := http.ParseTime(resp.Header.Get("Date"))
	where := httpx.Redact(req.URL)
	body, err := httpx.ReadJSON(resp, where)
	if err != nil {
		return 0, nil, now, err
	}
	total, items, err := countedBody(body, where)
	return total, items, now.UTC(), err
}

// countedBody finds items_count and the items of a page-pagination answer.
func countedBody(body []byte, where string) (int, [][]byte, error) {
	members, err := rawjson.Members(body)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %w: %w", where, ErrUndecodableSample, err)
	}
	total, counted := 0, false
	var items [][]byte
	for _, m := range members {
		switch m.Key {
		case "items_count":
			if err := json.Unmarshal(m.Value, &total); err != nil {
				return 0, nil, fmt.Errorf("%s: items_count: %w: %w", where, ErrUndecodableSample, err)
			}
			counted = true
		case "_embedded":
			if items, _, err = embeddedItems(m.Value); err != nil {
				return 0, nil, fmt.Errorf("%s: %w: %w", where, ErrUndecodableSample, err)
			}
		}
	}
	if !counted {
		return 0, nil, fmt.Errorf("%s: the answer has no items_count", where)
	}
	return total, items, nil
}
