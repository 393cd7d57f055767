package pimcore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// errModel marks an object with variant children: a product model, not a
// product. Its values reach its variants by inheritance (the Datahub serves
// a variant with the values it inherits), so it is left out of the products,
// as Akeneo's /products leaves its product models out. It is never
// quarantined: nothing is wrong with it.
var errModel = errors.New("the object is a product model (it has variants)")

// tree reads the parent and variant children of a class allowing variants:
// a variant's Parent is its parent object's key (the model's code).
func (m mapper) tree(n map[string]json.RawMessage, p *transform.Product) error {
	var kids []json.RawMessage
	if raw, ok, err := present(n, api.VariantsAlias); err != nil {
		return err
	} else if ok && json.Unmarshal(raw, &kids) != nil {
		return fmt.Errorf("field children: %s is not a list", clip(raw))
	}
	if len(kids) > 0 {
		return errModel
	}
	raw, ok, err := present(n, api.ParentAlias)
	if err != nil || !ok {
		return err
	}
	var parent struct {
		Key *string `json:"key"`
	}
	if err := json.Unmarshal(raw, &parent); err != nil {
		return fmt.Errorf("field parent: %s is not an object", clip(raw))
	}
	if parent.Key != nil {
		// a folder parent answers {} (the fragment on the class does not apply)
		p.Parent = *parent.Key
	}
	return nil
}

// variantIDs returns the ids of the variant children of the models among
// nodes (none without variants).
func (m mapper) variantIDs(nodes []json.RawMessage) []string {
	if !m.s.Variants {
		return nil
	}
	var ids []string
	for _, raw := range nodes {
		var n struct {
			Kids []struct {
				ID string `json:"id"`
			} `json:"variantChildren"`
		}
		if json.Unmarshal(raw, &n) != nil {
			continue // the mapper quarantined it
		}
		for _, k := range n.Kids {
			ids = append(ids, k.ID)
		}
	}
	return ids
}

// withVariants adds to a page of an incremental pass the variants of the
// models it holds: a model's change changes the values its variants
// inherit, but not their modificationDate, so the window would miss them
// (Akeneo's API returns such variants itself). A variant the page holds
// already is not added twice. A full pass reads every variant anyway.
func (e *Extractor) withVariants(ctx context.Context, nodes []json.RawMessage, recs []record.Record, bad []record.Quarantined) ([]record.Record, []record.Quarantined, error) {
	ids := e.m.variantIDs(nodes)
	if len(ids) == 0 {
		return recs, bad, nil
	}
	have := map[string]bool{}
	for _, r := range recs {
		have[r.Key] = true
	}
	for start := 0; start < len(ids); start += e.pageSize() {
		chunk := ids[start:min(start+e.pageSize(), len(ids))]
		var body []byte
		err := extract.Call(ctx, func() (err error) {
			body, err = e.api.Send(ctx, e.s.IDsQuery(), map[string]any{"ids": strings.Join(chunk, ",")})
			return err
		})
		if err != nil {
			return nil, nil, fmt.Errorf("read the variants of changed models: %w", err)
		}
		l, err := e.listing(body)
		if err != nil {
			return nil, nil, fmt.Errorf("read the variants of changed models: %w", err)
		}
		more, q := e.m.nodes(l.Nodes)
		for _, r := range more {
			if !have[r.Key] {
				have[r.Key] = true
				recs = append(recs, r)
			}
		}
		bad = append(bad, q...)
	}
	return recs, bad, nil
}
