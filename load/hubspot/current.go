package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	api "github.com/stewardhq/steward/internal/api/hubspot"
)

// Current implements load.ReconcileReader through the list endpoint (a
// hundred objects a request): every company by its external id, or every
// contact by its id, with the owned fields read back canonically (text
// fields as strings, a score's reasons split at "; "). Products are not
// read back: their writes are queued and compared one batch at a time. The
// newest daily quota figure is kept at the end of the listing.
func (l *Loader) Current(ctx context.Context, fn func(externalID string, fields map[string]json.RawMessage) error) error {
	if l.dataType == "products" {
		return nil
	}
	native := map[string]string{}
	for _, f := range l.owned {
		if p, ok := l.obj.Fields[f]; ok {
			native[f] = p
		}
	}
	props := slices.Sorted(maps.Values(native))
	if l.idProperty != "" {
		props = append(props, l.idProperty)
	}
	err := l.api.Each(ctx, l.obj.Type, props, func(o api.Object) error {
		key := o.ID
		if l.idProperty != "" {
			if key = o.Prop(l.idProperty); key == "" {
				return nil
			}
		}
		return fn(key, canonical(o, native))
	})
	if err != nil {
		return fmt.Errorf("read current values: %w", err)
	}
	// The listing is a pass of its own: its last figure is kept now. Failing
	// to keep it is not the listing's failure (it only feeds metrics).
	if err := l.api.FlushQuota(ctx); err != nil {
		l.log.Warn().Err(err).Msg("the HubSpot daily quota was not kept for the metrics and alerts")
	}
	return nil
}

// canonical returns the owned fields an object holds, as Item.Fields would
// carry them.
func canonical(o api.Object, native map[string]string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for f, p := range native {
		v := o.Prop(p)
		if f == "reasons" {
			rs := []string{}
			if v != "" {
				rs = strings.Split(v, "; ")
			}
			out[f], _ = json.Marshal(rs)
			continue
		}
		out[f], _ = json.Marshal(v)
	}
	return out
}
