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
)

// ErrUndecodableSample marks a sample that arrived whole but cannot be
// decoded (a poisoned product): the pass can still be read serially, which
// isolates the product.
var ErrUndecodableSample = errors.New("the sample page cannot be decoded")

// Sample is what one page-pagination request tells about a filter's result
// set before a pass over it: how many products match, and the update dates
// of the first ones (a sample in primary-key order, which is unrelated to the
// update date).
type Sample struct {
	Total   int
	Updated []time.Time
}

// SampleUpdated asks for the first limit products matching f with their
// count, with only the identifier attribute's values (the smallest answer
// that still carries every product's update date).
func (c *Client) SampleUpdated(ctx context.Context, f Filter, limit int, identifier string) (Sample, error) {
	q := url.Values{"pagination_type": {"page"}, "limit": {strconv.Itoa(limit)}, "with_count": {"true"}, "attributes": {identifier}}
	if len(f) > 0 {
		b, err := json.Marshal(f)
		if err != nil {
			return Sample{}, fmt.Errorf("sample products: %w", err)
		}
		q.Set("search", string(b))
	}
	var body struct {
		ItemsCount *int `json:"items_count"`
		Embedded   *struct {
			Items []struct {
				Updated string `json:"updated"`
			} `json:"items"`
		} `json:"_embedded"`
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.h.URL("/api/rest/v1/products-uuid", q), nil)
	if err != nil {
		return Sample{}, fmt.Errorf("sample products: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.h.Do(req)
	if err != nil {
		return Sample{}, fmt.Errorf("sample products: %w", describe(err))
	}
	defer resp.Body.Close()
	raw, err := httpx.ReadJSON(resp, httpx.Redact(req.URL))
	if err != nil {
		return Sample{}, fmt.Errorf("sample products: %w", err)
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return Sample{}, fmt.Errorf("sample products: %w: %w", ErrUndecodableSample, err)
	}
	if body.ItemsCount == nil || body.Embedded == nil {
		return Sample{}, fmt.Errorf("sample products: the answer has no items_count or no _embedded.items")
	}
	s := Sample{Total: *body.ItemsCount}
	for i, it := range body.Embedded.Items {
		t, err := time.Parse(time.RFC3339, it.Updated)
		if err != nil {
			return Sample{}, fmt.Errorf("sample products: item %d: updated %q: %w", i, it.Updated, err)
		}
		s.Updated = append(s.Updated, t.UTC())
	}
	return s, nil
}
