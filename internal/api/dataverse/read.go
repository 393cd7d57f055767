package dataverse

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stewardhq/steward/internal/api/odata"
)

// Row is one entity read back: its columns as received and its etag.
type Row struct {
	Columns map[string]json.RawMessage
	ETag    string
}

// keysPerRead bounds the keys of one filtered read, keeping URLs short.
const keysPerRead = 50

// RowsByKey reads the rows of set whose column equals one of values (a
// string column such as an alternate key, or with guid true a primary key)
// with the columns sel, a few dozen keys per request. The result maps each
// found value, lower-cased (Dataverse compares keys without case), to its
// row.
func (c *Client) RowsByKey(ctx context.Context, set, column string, guid bool, values, sel []string) (map[string]Row, error) {
	out := map[string]Row{}
	for start := 0; start < len(values); start += keysPerRead {
		chunk := values[start:min(start+keysPerRead, len(values))]
		var ors []string
		for _, v := range chunk {
			lit := odata.String(v)
			if guid {
				lit = v
			}
			ors = append(ors, column+" eq "+lit)
		}
		link := c.CollectionURL(set, Query{Select: sel, Filter: strings.Join(ors, " or ")})
		if err := c.rows(ctx, link, column, out); err != nil {
			return nil, fmt.Errorf("read %s by %s: %w", set, column, err)
		}
	}
	return out, nil
}

// rows follows a read's pages, adding each row under its column's value.
func (c *Client) rows(ctx context.Context, link, column string, out map[string]Row) error {
	for link != "" {
		p, err := c.Page(ctx, link, Prefer(false, c.s.PageSize))
		if err != nil {
			return err
		}
		if p.Salvaged {
			return &ProtocolError{URL: p.URL, Reason: "the answer is not valid JSON"}
		}
		for _, raw := range p.Value {
			r := Row{Columns: map[string]json.RawMessage{}}
			if err := json.Unmarshal(raw, &r.Columns); err != nil {
				return fmt.Errorf("page %s: row: %w", p.URL, err)
			}
			_ = json.Unmarshal(r.Columns["@odata.etag"], &r.ETag)
			var key string
			if err := json.Unmarshal(r.Columns[column], &key); err != nil {
				return fmt.Errorf("page %s: row without a string %s", p.URL, column)
			}
			out[strings.ToLower(key)] = r
		}
		link = p.NextLink
	}
	return nil
}
