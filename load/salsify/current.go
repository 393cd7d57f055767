package salsify

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/transform"
)

// Current implements load.ReconcileReader through the paged listing (about
// one request per hundred products, never one per product): every product
// not destroyed, by its salsify:id (the id the loader reads an item's SKU
// as), with the owned fields it reads back. It reads back "price" (the price
// property as a transform.PriceValue in the configured currency); other
// owned fields are left out, so their writes are queued and read one by one
// before writing, as without this capability. When it reads back none of the
// owned fields it lists nothing: every write is queued anyway.
func (l *Loader) Current(ctx context.Context, fn func(externalID string, fields map[string]json.RawMessage) error) error {
	if l.settings.PriceProperty == "" || !slices.Contains(l.owned, "price") {
		return nil
	}
	err := l.api.Each(ctx, api.MaxPerPage, func(p api.Listed) error {
		if !isNull(p.Doc["salsify:destroyed_at"]) {
			return nil
		}
		return fn(p.ID, l.current(p.Doc))
	})
	if err != nil {
		return fmt.Errorf("read current values: %w", err)
	}
	return nil
}

// current returns the owned fields a product document holds, canonically; a
// price that is not a number is left out, so the write is queued and the loader
// writes the right one.
func (l *Loader) current(doc map[string]json.RawMessage) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for _, f := range l.owned {
		if f != "price" {
			continue
		}
		raw := doc[l.settings.PriceProperty]
		if isNull(raw) {
			continue
		}
		if amount, ok := numberText(raw); ok {
			out[f], _ = json.Marshal(transform.PriceValue{Amount: amount, Currency: l.settings.PriceCurrency})
		}
	}
	return out
}
