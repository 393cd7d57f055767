package dataverse

import (
	"context"
	"encoding/json"
	"fmt"

	api "github.com/stewardhq/steward/internal/api/dataverse"
)

// Current implements load.ReconcileReader: every row of the table with the
// key writes address it by and its current values of the fields the job
// owns, in the canonical form of load.Item.Fields, a page at a time.
func (l *Loader) Current(ctx context.Context, fn func(externalID string, fields map[string]json.RawMessage) error) error {
	col, _ := l.keyColumn()
	sel := []string{l.table.ID, col}
	var owned []string
	for _, f := range l.owned {
		if c, ok := l.table.Column(f); ok && l.writable(f) {
			owned = append(owned, f)
			sel = append(sel, c)
		}
	}
	link := l.api.CollectionURL(l.table.EntitySet, api.Query{Select: sel})
	for link != "" {
		p, err := l.api.Page(ctx, link, api.Prefer(false, l.settings.PageSize))
		if err != nil {
			return fmt.Errorf("read current %s: %w", l.table.EntitySet, err)
		}
		for _, raw := range p.Value {
			var cols map[string]json.RawMessage
			if err := json.Unmarshal(raw, &cols); err != nil {
				return fmt.Errorf("read current %s: page %s: %w", l.table.EntitySet, p.URL, err)
			}
			key := plain(cols[col])
			if key == "" {
				continue // a row without the key column cannot be addressed by writes
			}
			fields := map[string]json.RawMessage{}
			for _, f := range owned {
				fields[f] = l.canonicalOf(f, cols)
			}
			if err := fn(key, fields); err != nil {
				return err
			}
		}
		link = p.NextLink
	}
	return nil
}
