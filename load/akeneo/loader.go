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
	"strings"

	"github.com/rs/zerolog"

	api "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/internal/failpoint"
	"github.com/stewardhq/steward/load"
)

// Loader writes to an Akeneo product endpoint. An item carrying the
// product's uuid (a draft of a product read by uuid) is found by it, so a
// product without an identifier can be written; an item keyed only by
// identifier (a price from the ERP, keyed by SKU) is found by the identifier
// attribute. On /products-uuid each is written to the uuid the PIM holds.
type Loader struct {
	api      *api.Client
	settings api.Settings
	log      zerolog.Logger
}

// New builds the loader; it is the load.Factory for kind "akeneo".
func New(spec load.Spec) (load.Loader, error) {
	s, err := settingsOf(spec)
	if err != nil {
		return nil, err
	}
	return &Loader{api: api.New(spec.Client), settings: s, log: spec.Log}, nil
}

// settingsOf returns the system's settings as the wiring decoded them.
func settingsOf(spec load.Spec) (api.Settings, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return s, fmt.Errorf("akeneo loader for system %s: settings are %T, want akeneo settings decoded by the kind", spec.System, spec.Settings)
	}
	return s, nil
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
		cur, ok := current.find(it)
		if !ok {
			outcomes[i] = load.Outcome{ID: it.ID, Status: load.Rejected, Reason: l.missing(it)}
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
		line, err := json.Marshal(l.line(cur, values))
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
			outcomes[i] = load.Outcome{ID: items[i].ID, Status: load.Rejected, Reason: fmt.Sprintf("line %d (%s): status %d: %s", r.Line, describe(items[i]), r.StatusCode, r.Describe())}
		}
	}
	return outcomes, nil
}

// missing says why an item's product was not found.
func (l *Loader) missing(it load.Item) string {
	if l.settings.WriteEndpoint == api.EndpointIdentifier && it.UUID != "" && it.ExternalID == it.UUID {
		return fmt.Sprintf("product %s has no %s, and the products endpoint (write_endpoint: products) knows products by identifier only", describe(it), l.settings.IdentifierAttribute)
	}
	return fmt.Sprintf("product %s does not exist in the PIM", describe(it))
}

// describe names an item's product: its uuid when known, its identifier else.
func describe(it load.Item) string {
	if it.UUID != "" {
		return fmt.Sprintf("uuid %q", it.UUID)
	}
	return fmt.Sprintf("%q", it.ExternalID)
}

// line is one collection line: keyed by uuid on /products-uuid, by
// identifier on /products.
func (l *Loader) line(cur currentProduct, values map[string][]value) map[string]any {
	if l.settings.WriteEndpoint == api.EndpointIdentifier {
		return map[string]any{"identifier": cur.identifier, "values": values}
	}
	return map[string]any{"uuid": cur.uuid, "values": values}
}

// currentProduct is what the PIM holds for one item before the write.
type currentProduct struct {
	uuid, identifier string
	values           map[string]json.RawMessage
}

// currentProducts are the items' products, by uuid and by identifier.
type currentProducts struct {
	byUUID, byIdentifier map[string]currentProduct
	// useUUID is set when products were read by uuid (on /products-uuid).
	useUUID bool
}

// find returns an item's product: by its uuid when it has one and the
// endpoint knows uuids, else by its identifier.
func (c currentProducts) find(it load.Item) (currentProduct, bool) {
	if it.UUID != "" && c.useUUID {
		p, ok := c.byUUID[strings.ToLower(it.UUID)]
		return p, ok
	}
	p, ok := c.byIdentifier[it.ExternalID]
	return p, ok
}

// current reads the items' products: those with a uuid by
// search={"uuid":[{"operator":"IN",…}]}, the others by identifier. The
// identifier endpoint (PIMs before 7.0) knows products by identifier only.
func (l *Loader) current(ctx context.Context, items []load.Item) (currentProducts, error) {
	useUUID := l.settings.WriteEndpoint == api.EndpointUUID
	var uuids, ids []string
	for _, it := range items {
		if it.UUID != "" && useUUID {
			uuids = append(uuids, strings.ToLower(it.UUID))
		} else if it.ExternalID != "" {
			ids = append(ids, it.ExternalID)
		}
	}
	out := currentProducts{byUUID: map[string]currentProduct{}, byIdentifier: map[string]currentProduct{}, useUUID: useUUID}
	var raw []json.RawMessage
	if len(uuids) > 0 {
		r, err := l.api.ProductsByValue(ctx, "uuid", uuids, nil)
		if err != nil {
			return out, fmt.Errorf("read current products by uuid: %w", err)
		}
		raw = append(raw, r...)
	}
	if len(ids) > 0 {
		var r []json.RawMessage
		var err error
		if l.settings.WriteEndpoint == api.EndpointIdentifier {
			r, err = l.api.ProductsByIdentifier(ctx, ids, nil)
		} else {
			r, err = l.api.ProductsByValue(ctx, l.settings.IdentifierAttribute, ids, nil)
		}
		if err != nil {
			return out, fmt.Errorf("read current products by %s: %w", l.settings.IdentifierAttribute, err)
		}
		raw = append(raw, r...)
	}
	for _, r := range raw {
		p, err := l.decodeCurrent(r)
		if err != nil {
			return out, err
		}
		if p.uuid != "" {
			out.byUUID[strings.ToLower(p.uuid)] = p
		}
		if p.identifier != "" {
			out.byIdentifier[p.identifier] = p
		}
	}
	return out, nil
}

// decodeCurrent reads one product of the read-before-write.
func (l *Loader) decodeCurrent(raw json.RawMessage) (currentProduct, error) {
	var p struct {
		UUID       string                     `json:"uuid"`
		Identifier string                     `json:"identifier"`
		Values     map[string]json.RawMessage `json:"values"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return currentProduct{}, fmt.Errorf("decode current product: %w", err)
	}
	id := p.Identifier
	if id == "" {
		id = identifierValue(p.Values[l.settings.IdentifierAttribute])
	}
	switch {
	case l.settings.WriteEndpoint == api.EndpointUUID && p.UUID == "":
		return currentProduct{}, fmt.Errorf("read current products: product %q has no uuid", id)
	case l.settings.WriteEndpoint == api.EndpointIdentifier && id == "":
		return currentProduct{}, fmt.Errorf("read current products: product %q has no %s", p.UUID, l.settings.IdentifierAttribute)
	}
	return currentProduct{uuid: p.UUID, identifier: id, values: p.Values}, nil
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
