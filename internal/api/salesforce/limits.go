package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// limitsBody is the part of GET /limits the quota guard reads.
type limitsBody struct {
	DailyAPIRequests *struct {
		Max       int `json:"Max"`
		Remaining int `json:"Remaining"`
	} `json:"DailyApiRequests"`
}

// checkLimits asks the org for its daily allocation with one GET /limits,
// sent past the guard (it is the request that tells whether the stored
// figure still holds), and records the answer.
func (c *Client) checkLimits(ctx context.Context) error {
	abs := c.URL("/limits", "")
	where := "GET " + httpx.RedactString(abs)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, abs, nil)
	if err != nil {
		return retry.Final(fmt.Errorf("build request %s: %w", where, err))
	}
	req.Header.Set("Accept", "application/json")
	c.quota.countCheck()
	resp, err := c.h.Do(req)
	if err != nil {
		if se, ok := asStatus(err); ok {
			c.quota.observe(se.Header)
		}
		return decodeError(err)
	}
	defer resp.Body.Close()
	c.quota.observe(resp.Header)
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return retry.Transient(fmt.Errorf("read %s: %w", where, err))
	}
	var lb limitsBody
	if err := json.Unmarshal(b, &lb); err != nil {
		return retry.Final(fmt.Errorf("decode %s: %w", where, err))
	}
	if d := lb.DailyAPIRequests; d != nil && d.Max > 0 && d.Remaining >= 0 && d.Remaining <= d.Max {
		c.quota.set(d.Max-d.Remaining, d.Max)
	}
	return nil
}
