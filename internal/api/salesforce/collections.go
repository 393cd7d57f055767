package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/stewardhq/steward/internal/httpx"
)

// SaveResult is one record's result of a collection call (UpsertResult
// carries created too).
type SaveResult struct {
	ID      string      `json:"id"`
	Success bool        `json:"success"`
	Errors  []ErrorItem `json:"errors"`
	Created bool        `json:"created"`
}

// Fields is one record's native fields: string, json.Number, bool or nil.
type Fields = map[string]any

// UpsertCollection upserts up to 200 records of object by extField
// (PATCH /composite/sobjects/{object}/{extField}, allOrNone false); results
// come in input order.
func (c *Client) UpsertCollection(ctx context.Context, object, extField string, recs []Fields) ([]SaveResult, error) {
	u := c.URL("/composite/sobjects/"+url.PathEscape(object)+"/"+url.PathEscape(extField), "")
	return c.collection(httpx.Idempotent(ctx), http.MethodPatch, u, object, recs)
}

// UpdateCollection updates up to 200 records of object by their Id
// (PATCH /composite/sobjects, allOrNone false).
func (c *Client) UpdateCollection(ctx context.Context, object string, recs []Fields) ([]SaveResult, error) {
	return c.collection(httpx.Idempotent(ctx), http.MethodPatch, c.URL("/composite/sobjects", ""), object, recs)
}

func (c *Client) collection(ctx context.Context, method, u, object string, recs []Fields) ([]SaveResult, error) {
	if len(recs) > MaxCollection {
		return nil, fmt.Errorf("%s %s: %d records, over the collection limit of %d", method, object, len(recs), MaxCollection)
	}
	body := struct {
		AllOrNone bool     `json:"allOrNone"`
		Records   []Fields `json:"records"`
	}{Records: make([]Fields, len(recs))}
	for i, r := range recs {
		rec := Fields{"attributes": map[string]string{"type": object}}
		for k, v := range r {
			rec[k] = v
		}
		body.Records[i] = rec
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encode %s collection: %w", object, err)
	}
	r, err := c.SendJSON(ctx, method, u, b)
	if err != nil {
		return nil, fmt.Errorf("write %d %s records: %w", len(recs), object, err)
	}
	var out []SaveResult
	if err := json.Unmarshal(r.Body, &out); err != nil {
		return nil, fmt.Errorf("decode %s collection results: %w", object, err)
	}
	if len(out) != len(recs) {
		return nil, fmt.Errorf("%s collection: %d results for %d records", object, len(out), len(recs))
	}
	return out, nil
}

// QueryAll runs soql and returns every record raw, following
// nextRecordsUrl; a record that cannot be decoded is an error.
func (c *Client) QueryAll(ctx context.Context, soql string) ([]map[string]json.RawMessage, error) {
	var out []map[string]json.RawMessage
	for link := c.QueryURL(soql); link != ""; {
		p, err := c.Query(ctx, link)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", clip(soql), err)
		}
		for _, raw := range p.Records {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(raw, &m); err != nil {
				return nil, fmt.Errorf("query %s: decode record: %w", clip(soql), err)
			}
			out = append(out, m)
		}
		link = p.Next
	}
	return out, nil
}

func clip(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// Quote writes a SOQL string literal.
func Quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
