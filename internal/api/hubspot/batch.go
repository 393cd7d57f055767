package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stewardhq/steward/internal/httpx"
)

// Object is HubSpot's SimplePublicObject: every property value is a string
// or null.
type Object struct {
	ID         string             `json:"id"`
	Properties map[string]*string `json:"properties"`
	CreatedAt  time.Time          `json:"createdAt"`
	UpdatedAt  time.Time          `json:"updatedAt"`
	Archived   bool               `json:"archived"`
	ArchivedAt *time.Time         `json:"archivedAt"`
	// New is set by a batch upsert for an object it created.
	New bool `json:"new"`
}

// Prop returns a property's value ("" when null or absent).
func (o Object) Prop(name string) string {
	if v := o.Properties[name]; v != nil {
		return *v
	}
	return ""
}

// Input is one input of a batch write: by id (update) or by a unique
// property (upsert, IDProperty set). ObjectWriteTraceID lets errors be
// mapped back to it.
type Input struct {
	ID                 string            `json:"id"`
	IDProperty         string            `json:"idProperty,omitempty"`
	Properties         map[string]string `json:"properties"`
	ObjectWriteTraceID string            `json:"objectWriteTraceId,omitempty"`
}

// BatchResult is a batch answer: 200/201 with results, or 207 with the
// errors of the inputs that failed.
type BatchResult struct {
	Status    string      `json:"status"`
	Results   []Object    `json:"results"`
	NumErrors int         `json:"numErrors"`
	Errors    []ErrorBody `json:"errors"`
}

// BatchWrite posts inputs to …/{objectType}/batch/{op} (upsert or update).
// The writes are idempotent (by unique property or id), so the HTTP stack
// may repeat them. A whole batch refused (4xx) is a *StatusError.
func (c *Client) BatchWrite(ctx context.Context, objectType, op string, inputs []Input) (BatchResult, error) {
	if len(inputs) > MaxBatch {
		return BatchResult{}, fmt.Errorf("batch %s %s: %d inputs, at most %d", op, objectType, len(inputs), MaxBatch)
	}
	u := c.h.URL(c.ObjectsPath(objectType)+"/batch/"+op, nil)
	body, err := c.post(httpx.Idempotent(ctx), u, map[string]any{"inputs": inputs}, false)
	if err != nil {
		return BatchResult{}, fmt.Errorf("batch %s %s: %w", op, objectType, err)
	}
	var r BatchResult
	if err := json.Unmarshal(body, &r); err != nil {
		return BatchResult{}, fmt.Errorf("batch %s %s: decode answer: %w", op, objectType, err)
	}
	return r, nil
}

// BatchRead reads objects of objectType by ids (by idProperty when set, else
// by object id) with the given properties. Ids not found are absent from the
// result.
func (c *Client) BatchRead(ctx context.Context, objectType, idProperty string, ids, props []string) ([]Object, error) {
	type in struct {
		ID string `json:"id"`
	}
	req := struct {
		IDProperty string   `json:"idProperty,omitempty"`
		Inputs     []in     `json:"inputs"`
		Properties []string `json:"properties"`
	}{IDProperty: idProperty, Properties: props}
	for _, id := range ids {
		req.Inputs = append(req.Inputs, in{ID: id})
	}
	u := c.h.URL(c.ObjectsPath(objectType)+"/batch/read", nil)
	body, err := c.post(httpx.Idempotent(ctx), u, req, false)
	if err != nil {
		return nil, fmt.Errorf("batch read %s: %w", objectType, err)
	}
	var r BatchResult
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("batch read %s: decode answer: %w", objectType, err)
	}
	return r.Results, nil
}
