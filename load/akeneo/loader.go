// Package akeneo writes owned fields back to Akeneo products through the
// collection PATCH, after reading the current values so that only real changes
// are sent. Lines the PIM rejects come back as rejected outcomes with its message.
package akeneo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/rs/zerolog"

	api "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/internal/failpoint"
	"github.com/stewardhq/steward/load"
)

// Loader writes to /api/rest/v1/products, keyed by identifier.
type Loader struct {
	api      *api.Client
	settings api.Settings
	log      zerolog.Logger
}

// New builds the loader; it is the load.Factory for kind "akeneo".
func New(spec load.Spec) (load.Loader, error) {
	s, ps := api.DecodeSettings(spec.Config, spec.System)
	if len(ps) > 0 {
		return nil, ps
	}
	return &Loader{api: api.New(spec.Client), settings: s, log: spec.Log}, nil
}

// BatchSize implements load.Batcher: Akeneo takes 100 lines per PATCH.
func (l *Loader) BatchSize() int { return api.MaxBatch }

// Write implements load.Loader. It reads the products first (read-before-write),
// so unchanged values are not sent and a product the PIM does not have is
// rejected instead of being created bare.
func (l *Loader) Write(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	current, err := l.current(ctx, items)
	if err != nil {
		return nil, err
	}
	outcomes := make([]load.Outcome, len(items))
	var lines []json.RawMessage
	var lineItem []int
	for i, it := range items {
		outcomes[i] = load.Outcome{ID: it.ID, Status: load.Unchanged}
		cur, ok := current[it.ExternalID]
		if !ok {
			outcomes[i] = load.Outcome{ID: it.ID, Status: load.Rejected, Reason: fmt.Sprintf("product %q does not exist in the PIM", it.ExternalID)}
			continue
		}
		values, err := l.diff(cur, it.Fields)
		if err != nil {
			outcomes[i] = load.Outcome{ID: it.ID, Status: load.Rejected, Reason: err.Error()}
			continue
		}
		if len(values) == 0 {
			continue
		}
		line, err := json.Marshal(map[string]any{"identifier": it.ExternalID, "values": values})
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
		lineItem = append(lineItem, i)
	}
	if len(lines) == 0 {
		return outcomes, nil
	}
	results, err := l.api.PatchCollection(ctx, "/api/rest/v1/products", lines)
	if err != nil {
		return nil, err
	}
	failpoint.Hit("after_write")
	for k, r := range results {
		i := lineItem[k]
		switch r.StatusCode {
		case 201, 204:
			outcomes[i].Status = load.Written
		default:
			outcomes[i] = load.Outcome{ID: items[i].ID, Status: load.Rejected, Reason: fmt.Sprintf("line %d (%s): status %d: %s", r.Line, items[i].ExternalID, r.StatusCode, r.Describe())}
		}
	}
	return outcomes, nil
}

func (l *Loader) current(ctx context.Context, items []load.Item) (map[string]map[string]json.RawMessage, error) {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ExternalID
	}
	raw, err := l.api.ProductsByIdentifier(ctx, ids, nil)
	if err != nil {
		return nil, fmt.Errorf("read current products: %w", err)
	}
	out := make(map[string]map[string]json.RawMessage, len(raw))
	for _, r := range raw {
		var p struct {
			Identifier string                     `json:"identifier"`
			Values     map[string]json.RawMessage `json:"values"`
		}
		if err := json.Unmarshal(r, &p); err != nil {
			return nil, fmt.Errorf("decode current product: %w", err)
		}
		out[p.Identifier] = p.Values
	}
	return out, nil
}
