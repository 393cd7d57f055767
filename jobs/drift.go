package jobs

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// currents holds, by target system, the current values of the owned fields
// of every record the target listed, by external id. A target missing here
// cannot list them (its loader is no load.ReconcileReader): every write to
// it is queued.
type currents map[string]map[string]map[string]json.RawMessage

// readCurrents reads the current values of each target of job whose loader
// can stream them in pages.
func (r *Runner) readCurrents(ctx context.Context, log zerolog.Logger, job config.Job) (currents, error) {
	out := currents{}
	for _, t := range job.Load.Targets {
		l, _, err := r.loader(log, job, t)
		if err != nil {
			continue // the write-back builds it again and reports why it cannot
		}
		if err := out.read(ctx, t.System, l); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// read adds the current values of target from its loader l, when l can
// stream them.
func (c currents) read(ctx context.Context, target string, l load.Loader) error {
	rr, ok := l.(load.ReconcileReader)
	if !ok {
		return nil
	}
	cur := map[string]map[string]json.RawMessage{}
	err := rr.Current(ctx, func(id string, fields map[string]json.RawMessage) error {
		cur[id] = fields
		return nil
	})
	if err != nil {
		return fmt.Errorf("read the current values of %s: %w", target, err)
	}
	c[target] = cur
	return nil
}

// drifted returns the writes whose target does not already hold their
// values, and how many it left out.
func (c currents) drifted(writes []transform.Write) ([]transform.Write, int) {
	out := writes[:0]
	for _, w := range writes {
		cur, listed := c[w.Target]
		if have, ok := cur[w.ExternalID]; listed && ok && holds(have, w.Fields) {
			continue
		}
		out = append(out, w)
	}
	return out, len(writes) - len(out)
}

// held splits outbox items to target into those the target already holds
// (not pushes of drafts, whose products go by uuid) and the others, in
// outbox order. Once an item of a record goes to be written, the listing no
// longer tells what the target will hold, so the record is forgotten from c:
// every later item of it is written too, in this page and the later pages of
// the drain. Otherwise, with two pending writes of one record (an older
// 10.00, a newer 12.00, as a killed run can leave them), a listing showing
// 12.00 would settle the newer unchanged and write the older one.
func (c currents) held(target string, items []store.OutboxItem) (held []store.Settle, rest []store.OutboxItem, err error) {
	cur, listed := c[target]
	for _, it := range items {
		have, ok := cur[it.ExternalID]
		if !listed || !ok || it.DraftID != 0 {
			rest = c.write(target, rest, it)
			continue
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(it.Payload, &fields); err != nil {
			return nil, nil, fmt.Errorf("outbox item %d (%s): %w", it.ID, it.ExternalID, err)
		}
		if !holds(have, fields) {
			rest = c.write(target, rest, it)
			continue
		}
		held = append(held, store.Settle{ID: it.ID, Status: store.OutboxUnchanged})
	}
	return held, rest, nil
}

// write adds it to the items to write and forgets its record's listed values.
func (c currents) write(target string, rest []store.OutboxItem, it store.OutboxItem) []store.OutboxItem {
	delete(c[target], it.ExternalID)
	return append(rest, it)
}

// holds reports whether the current fields have every wanted value.
func holds(have, want map[string]json.RawMessage) bool {
	for name, w := range want {
		h, ok := have[name]
		if !ok || !sameField(name, w, h) {
			return false
		}
	}
	return true
}

// sameField compares a wanted field with the current one canonically: a
// price as an amount in one currency, any other field as canonical values,
// each held in its attribute's slot (locale, channel) with the same content.
func sameField(name string, want, have json.RawMessage) bool {
	if name == "price" {
		var a, b transform.PriceValue
		return json.Unmarshal(want, &a) == nil && json.Unmarshal(have, &b) == nil &&
			a.Currency == b.Currency && transform.SameAmount(a.Amount, b.Amount)
	}
	var ws, hs []transform.Value
	if json.Unmarshal(want, &ws) != nil || json.Unmarshal(have, &hs) != nil {
		return false
	}
	for _, w := range ws {
		if !slotHolds(hs, w) {
			return false
		}
	}
	return true
}

// slotHolds reports whether vs hold w's content in w's slot.
func slotHolds(vs []transform.Value, w transform.Value) bool {
	for _, v := range vs {
		if v.Attribute == w.Attribute && v.Locale == w.Locale && v.Channel == w.Channel {
			return transform.Same(v, w)
		}
	}
	return false
}
