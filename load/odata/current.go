package odata

import (
	"context"
	"encoding/json"
	"fmt"

	api "github.com/stewardhq/steward/internal/api/odata"
)

// Current implements load.ReconcileReader: every business partner holding an
// external id, with its address expanded, read page by page (following
// __next), reported by BusinessPartnerIDByExtSystem with the owned fields'
// current values.
func (l *Loader) Current(ctx context.Context, fn func(externalID string, fields map[string]json.RawMessage) error) error {
	q := api.Query{Filter: extField + " ne ''", Expand: []string{"to_BusinessPartnerAddress"}, OrderBy: l.entity.Key, V2: true}
	if l.entity.Filter != "" {
		q.Filter += " and (" + l.entity.Filter + ")"
	}
	link := l.api.CollectionURL(l.entity.Path, q)
	for link != "" {
		page, err := l.api.GetV2(ctx, link)
		if err != nil {
			return fmt.Errorf("read business partners for reconcile: %w", err)
		}
		for i, raw := range page.Value {
			p, err := parsePartner(raw)
			if err != nil {
				return fmt.Errorf("read business partners for reconcile: entity %d: %w", i, err)
			}
			if err := fn(text(p.props, extField), l.owned(p)); err != nil {
				return err
			}
		}
		link = page.NextLink
	}
	return nil
}

// owned returns the partner's values of the fields the job owns, as JSON
// strings.
func (l *Loader) owned(p *partner) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	cur := p.current()
	for _, f := range l.fields {
		if v, ok := cur[f]; ok {
			out[f], _ = json.Marshal(v)
		}
	}
	return out
}
