// Package salsify writes owned fields back to Salsify products through the
// bulk upsert (PUT /products/_upsert), after reading each product so that
// only real changes, and only the owned properties, are sent. Items Salsify
// objects to come back as rejected outcomes with its messages.
package salsify

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rs/zerolog"

	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/failpoint"
	"github.com/stewardhq/steward/load"
)

// Loader writes to one Salsify organization. An item is found by its
// salsify:id (load.Item.UUID) when known, else by its SKU (ExternalID),
// which is the salsify:id of a product whose product-id property is the SKU.
type Loader struct {
	api      *api.Client
	settings api.Settings
	// owned are the fields the job owns in this target.
	owned []string
	log   zerolog.Logger
}

// settingsOf returns the system's settings as the wiring decoded them.
func settingsOf(spec load.Spec) (api.Settings, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return s, fmt.Errorf("salsify loader for system %s: settings are %T, want salsify settings decoded by the kind", spec.System, spec.Settings)
	}
	return s, nil
}

// New builds the loader; it is the load.Factory for kind "salsify".
func New(spec load.Spec) (load.Loader, error) {
	s, err := settingsOf(spec)
	if err != nil {
		return nil, err
	}
	return &Loader{api: api.New(spec.Client, s.OrgID, api.Options{}), settings: s, owned: spec.Target.Fields, log: spec.Log}, nil
}

// BatchSize implements load.Batcher: the settings' batch_size (at most 100).
func (l *Loader) BatchSize() int { return l.settings.BatchSize }

// pending is one item's document waiting to be upserted, with the product
// it goes to.
type pending struct {
	item int
	doc  json.RawMessage
	id   string
}

// Write implements load.Loader. Each product is read first: an item whose
// product is missing is rejected (never created bare), one whose values are
// already there is unchanged, and the others send only their changed
// properties, keyed by the product-id property.
func (l *Loader) Write(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	outcomes := make([]load.Outcome, len(items))
	var todo []pending
	for i, it := range items {
		outcomes[i] = load.Outcome{ID: it.ID, Status: load.Unchanged}
		doc, reason, err := l.prepare(ctx, it)
		switch {
		case err != nil:
			return nil, err
		case reason != "":
			outcomes[i] = load.Outcome{ID: it.ID, Status: load.Rejected, Reason: reason}
		case doc != nil:
			todo = append(todo, pending{item: i, doc: doc, id: productOf(it)})
		}
	}
	for len(todo) > 0 {
		var batch []pending
		batch, todo = nextBatch(todo, l.settings.BatchSize)
		if err := l.send(ctx, batch, outcomes); err != nil {
			return nil, err
		}
	}
	return outcomes, nil
}

// nextBatch takes up to n documents, each for a different product, and
// returns them and the rest in order: one upsert call carries a product
// once (the emulator refuses a Product ID twice in one call; the real
// Salsify's answer is not documented), so a second item for a product waits
// for the next call, applied after the first.
func nextBatch(todo []pending, n int) (batch, rest []pending) {
	in := map[string]bool{}
	for _, p := range todo {
		if len(batch) < n && !in[p.id] {
			in[p.id] = true
			batch = append(batch, p)
			continue
		}
		rest = append(rest, p)
	}
	return batch, rest
}

// productOf is the id an item's product is read by.
func productOf(it load.Item) string {
	if it.UUID != "" {
		return it.UUID
	}
	return it.ExternalID
}

// prepare reads an item's product and returns the document to upsert (nil:
// unchanged) or the reason it is rejected.
func (l *Loader) prepare(ctx context.Context, it load.Item) (json.RawMessage, string, error) {
	id := productOf(it)
	if id == "" {
		return nil, "the item has neither a salsify:id nor a SKU", nil
	}
	raw, found, err := l.api.Product(ctx, id)
	if err != nil {
		return nil, "", fmt.Errorf("read before write: %w", err)
	}
	if !found {
		return nil, fmt.Sprintf("product %q does not exist in Salsify", id), nil
	}
	var cur map[string]json.RawMessage
	if err := json.Unmarshal(raw, &cur); err != nil {
		return nil, "", fmt.Errorf("read before write: decode product %q: %w", id, err)
	}
	changes, err := l.diff(cur, it.Fields)
	if err != nil {
		return nil, fmt.Sprintf("product %q: %v", id, err), nil
	}
	if len(changes) == 0 {
		return nil, "", nil
	}
	key := cur[l.settings.ProductIDProperty]
	if isNull(key) {
		return nil, fmt.Sprintf("product %q has no %q to upsert it by", id, l.settings.ProductIDProperty), nil
	}
	changes[l.settings.ProductIDProperty] = key
	doc, err := json.Marshal(changes)
	return doc, "", err
}

// send upserts one batch. When Salsify refuses it with per-item errors, the
// items it objected to are rejected with its messages and the others are
// sent again (whether a refused call stored anything is not documented; the
// upsert is keyed, so sending them again is safe).
func (l *Loader) send(ctx context.Context, batch []pending, outcomes []load.Outcome) error {
	for len(batch) > 0 {
		docs := make([]json.RawMessage, len(batch))
		for k, p := range batch {
			docs[k] = p.doc
		}
		res, err := l.api.Upsert(ctx, docs)
		if err != nil {
			return err
		}
		failpoint.Hit("after_write")
		if !res.Refused() {
			for _, p := range batch {
				outcomes[p.item].Status = load.Written
			}
			return nil
		}
		var again []pending
		for k, p := range batch {
			if msgs := res.Errors[k]; len(msgs) > 0 {
				outcomes[p.item] = load.Outcome{ID: outcomes[p.item].ID, Status: load.Rejected,
					Reason: fmt.Sprintf("status %d: %s", res.Status, strings.Join(msgs, "; "))}
				continue
			}
			again = append(again, p)
		}
		if len(again) == len(batch) {
			return fmt.Errorf("upsert products: refused with status %d without a message for any item", res.Status)
		}
		batch = again
	}
	return nil
}
