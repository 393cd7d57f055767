package salsify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/stewardhq/steward/internal/httpx"
)

// UpsertResult is the answer of a bulk upsert. On success Docs are the
// resulting products; on a refusal with per-item arrays, Errors holds one list
// of Salsify's messages per input item (empty for an item it did not object
// to, which may or may not have been stored: Salsify does not say whether a
// refused bulk call is atomic).
type UpsertResult struct {
	Docs   []json.RawMessage
	Errors [][]string
	// Status is the HTTP status of a refusal.
	Status int
}

// Refused reports whether the call was refused with per-item errors.
func (r UpsertResult) Refused() bool { return r.Errors != nil }

// Upsert sends docs (at most MaxBatch) to PUT /products/_upsert; each is
// matched by its product-id property, so the call is safe to repeat. A
// refusal whose body has one error array per item is a result, not an error.
func (c *Client) Upsert(ctx context.Context, docs []json.RawMessage) (UpsertResult, error) {
	if len(docs) > MaxBatch {
		return UpsertResult{}, fmt.Errorf("upsert products: %d products, over the %d limit", len(docs), MaxBatch)
	}
	payload, err := json.Marshal(docs)
	if err != nil {
		return UpsertResult{}, fmt.Errorf("upsert products: encode: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, c.h.URL(c.ProductsPath()+"/_upsert", nil), bytes.NewReader(payload))
	if err != nil {
		return UpsertResult{}, err
	}
	req.GetBody = func() (io.ReadCloser, error) { return nopCloser(payload), nil }
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.do(req)
	var se *StatusError
	if errors.As(err, &se) {
		if per, ok := se.Body.PerItem(len(docs)); ok {
			return UpsertResult{Errors: per, Status: se.Status}, nil
		}
	}
	if err != nil {
		return UpsertResult{}, fmt.Errorf("upsert products: %w", err)
	}
	return decodeUpserted(resp, len(docs))
}

// decodeUpserted reads the resulting documents of a successful upsert.
func decodeUpserted(resp *http.Response, n int) (UpsertResult, error) {
	var docs []json.RawMessage
	if err := httpx.DecodeJSON(resp, "upsert products", &docs); err != nil {
		return UpsertResult{}, fmt.Errorf("upsert products: %w", err)
	}
	if len(docs) != n {
		return UpsertResult{}, fmt.Errorf("upsert products: %d resulting products for %d sent", len(docs), n)
	}
	return UpsertResult{Docs: docs}, nil
}
