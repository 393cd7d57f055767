package odata

import (
	"context"

	"github.com/stewardhq/steward/load"
)

// partners reads the items' business partners: by external id, and by the
// BusinessPartner key for items that know it (load.Item.UUID, the
// crosswalked record), which are written by that key.
func (l *Loader) partners(ctx context.Context, items []load.Item) (byExt, byKey map[string]*partner, err error) {
	var ext, keys []string
	for _, it := range items {
		if it.UUID != "" {
			keys = append(keys, it.UUID)
		} else {
			ext = append(ext, it.ExternalID)
		}
	}
	if byExt, err = l.lookup(ctx, ext); err != nil {
		return nil, nil, err
	}
	byKey, err = l.lookupBy(ctx, "BusinessPartner", keys, func(p *partner) string { return p.id })
	return byExt, byKey, err
}
