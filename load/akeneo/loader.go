// Package akeneo writes owned fields back to Akeneo products through the
// collection PATCH, after reading the current values so that only real changes
// are sent. Lines the PIM rejects come back as rejected outcomes with its message.
// Writes go to /products-uuid with uuid lines (PIM 7.0 and SaaS, where a
// product may have no identifier), or to /products with identifier lines when
// the system's write_endpoint setting says so.
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

// Loader writes to an Akeneo product endpoint. Items are keyed by identifier
// (the value of the identifier attribute); on /products-uuid each is written
// to the uuid the PIM holds for it.
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
		values, err := l.diff(cur.values, it.Fields)
		if err != nil {
			outcomes[i] = load.Outcome{ID: it.ID, Status: load.Rejected, Reason: err.Error()}
			continue
		}
		if len(values) == 0 {
			continue
		}
		line, err := json.Marshal(l.line(it.ExternalID, cur.uuid, values))
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
		lineItem = append(lineItem, i)
	}
	if len(lines) == 0 {
		return outcomes, nil
	}
	results, err := l.api.PatchCollection(ctx, "/api/rest/v1/"+l.settings.WriteEndpoint, lines)
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

// line is one collection line: keyed by uuid on /products-uuid, by
// identifier on /products.
func (l *Loader) line(identifier, uuid string, values map[string][]value) map[string]any {
	if l.settings.WriteEndpoint == api.EndpointIdentifier {
		return map[string]any{"identifier": identifier, "values": values}
	}
	return map[string]any{"uuid": uuid, "values": values}
}

// currentProduct is what the PIM holds for one item before the write.
type currentProduct struct {
	uuid   string
	values map[string]json.RawMessage
}

// current reads the items' products, keyed by identifier.
func (l *Loader) current(ctx context.Context, items []load.Item) (map[string]currentProduct, error) {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ExternalID
	}
	var raw []json.RawMessage
	var err error
	if l.settings.WriteEndpoint == api.EndpointIdentifier {
		raw, err = l.api.ProductsByIdentifier(ctx, ids, nil)
	} else {
		raw, err = l.api.ProductsByValue(ctx, l.settings.IdentifierAttribute, ids, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("read current products: %w", err)
	}
	out := make(map[string]currentProduct, len(raw))
	for _, r := range raw {
		var p struct {
			UUID       string                     `json:"uuid"`
			Identifier string                     `json:"identifier"`
			Values     map[string]json.RawMessage `json:"values"`
		}
		if err := json.Unmarshal(r, &p); err != nil {
			return nil, fmt.Errorf("decode current product: %w", err)
		}
		id := p.Identifier
		if id == "" {
			id = identifierValue(p.Values[l.settings.IdentifierAttribute])
		}
		if id == "" || (l.settings.WriteEndpoint == api.EndpointUUID && p.UUID == "") {
			return nil, fmt.Errorf("read current products: product %q has no %s and uuid", p.UUID, l.settings.IdentifierAttribute)
		}
		out[id] = currentProduct{uuid: p.UUID, values: p.Values}
	}
	return out, nil
}

// identifierValue reads the identifier attribute's value (not localizable,
// not scopable).
func identifierValue(raw json.RawMessage) string {
	var vs []value
	if json.Unmarshal(raw, &vs) != nil {
		return ""
	}
	for _, v := range vs {
		var s string
		if json.Unmarshal(v.Data, &s) == nil && s != "" {
			return s
		}
	}
	return ""
}
