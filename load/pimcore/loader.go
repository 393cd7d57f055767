// Package pimcore writes owned fields back to Pimcore data objects through
// the Datahub's update<Class> mutation, after reading the objects so that only
// real changes are sent. The Datahub has no batch mutation, so one request
// carries several aliased mutations (u0, u1, …; GraphQL runs them in order),
// one per object and language: localized fields are written with
// defaultLanguage set to their language. A mutation that answers
// success: false, or whose alias carries a GraphQL error, rejects its item
// with Pimcore's message; the others stand. Each mutation reads the written
// fields back (output): Pimcore answers success for some saves that keep
// another value than sent (a unit abbreviation it does not know becomes
// null), and such an item is rejected with what was saved. A price with
// more decimals than its currency's is refused before writing (the numeric
// field would round it). Mutations always save the
// published object (there is no draft version), so drafts go to the
// configured draft field.
//
// Pimcore refuses to save a published object while any mandatory field is
// empty, whatever the mutation wrote; steward writes only the fields a job
// owns, so each mutation passes omitMandatoryCheck: true unless the
// settings' omit_mandatory_check is false. Then Pimcore's own check decides,
// and its refusal ("Validation failed: Empty mandatory field [ image ]")
// rejects the item with that message like any failed save: a dead letter
// naming the field, never a failed batch.
package pimcore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/rs/zerolog"

	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/failpoint"
	"github.com/stewardhq/steward/load"
)

// Loader writes to one Pimcore class. An item with UUID (the object id) is
// found by get<Class>(id); one keyed only by SKU (a price from the ERP) by a
// listing filtered on the identifier field.
type Loader struct {
	api *api.Client
	s   api.Settings
	log zerolog.Logger
}

// settingsOf returns the system's settings as the wiring decoded them.
func settingsOf(spec load.Spec) (api.Settings, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return s, fmt.Errorf("pimcore loader for system %s: settings are %T, want pimcore settings decoded by the kind", spec.System, spec.Settings)
	}
	return s, nil
}

// New builds the loader; it is the load.Factory for kind "pimcore".
func New(spec load.Spec) (load.Loader, error) {
	s, err := settingsOf(spec)
	if err != nil {
		return nil, err
	}
	return &Loader{api: api.New(spec.Client, s), s: s, log: spec.Log}, nil
}

// MaxBatch is how many items one Write reads in one request and updates in
// one request of aliased mutations.
const MaxBatch = 50

// BatchSize implements load.Batcher.
func (l *Loader) BatchSize() int { return MaxBatch }

// Write implements load.Loader: read, compare, then update what differs.
func (l *Loader) Write(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	if len(items) > MaxBatch {
		return nil, fmt.Errorf("write %d items to pimcore: over the batch size %d", len(items), MaxBatch)
	}
	outcomes := make([]load.Outcome, len(items))
	for i, it := range items {
		outcomes[i] = load.Outcome{ID: it.ID, Status: load.Unchanged}
	}
	current, err := l.current(ctx, items, outcomes)
	if err != nil {
		return nil, err
	}
	var updates []planned
	var owner []int
	for i, it := range items {
		cur, ok := current[i]
		if !ok {
			continue
		}
		us, err := l.updates(cur, it.Fields)
		if err != nil {
			outcomes[i] = reject(it, fmt.Sprintf("product %s: %v", describe(it), err))
			continue
		}
		for range us {
			owner = append(owner, i)
		}
		updates = append(updates, us...)
	}
	if len(updates) == 0 {
		return outcomes, nil
	}
	if err := l.send(ctx, items, updates, owner, outcomes); err != nil {
		return nil, err
	}
	return outcomes, nil
}

// send runs the mutations and records each item's outcome: written when
// every mutation of the item succeeded and its fields read back as sent.
func (l *Loader) send(ctx context.Context, items []load.Item, updates []planned, owner []int, outcomes []load.Outcome) error {
	us := make([]api.Update, len(updates))
	for k, p := range updates {
		us[k] = p.Update
	}
	q, vars := l.s.UpdateMutation(us)
	data, byAlias, err := l.do(ctx, q, vars)
	failpoint.Hit("after_write")
	if err != nil {
		return fmt.Errorf("update %d pimcore objects: %w", len(items), err)
	}
	results, err := decodeResults(data, len(updates))
	if err != nil {
		return fmt.Errorf("update %d pimcore objects: %w", len(items), err)
	}
	for k, i := range owner {
		alias := "u" + strconv.Itoa(k)
		// A failed save's own message comes first: Datahub then resolves
		// output with no id, which adds an error on the alias ("object id or
		// fullpath expected") that says nothing about the refusal.
		switch {
		case outcomes[i].Status == load.Rejected:
		case results[k] != nil && !results[k].Success:
			outcomes[i] = reject(items[i], fmt.Sprintf("product %s: %s", describe(items[i]), results[k].reason()))
		case len(byAlias[alias]) > 0:
			outcomes[i] = reject(items[i], fmt.Sprintf("product %s: %s", describe(items[i]), joinMsgs(byAlias[alias])))
		case results[k] == nil:
			outcomes[i] = reject(items[i], fmt.Sprintf("product %s: %s", describe(items[i]), results[k].reason()))
		default:
			if msg := readBack(updates[k].checks, results[k].Output); msg != "" {
				outcomes[i] = reject(items[i], fmt.Sprintf("product %s: Pimcore answered %q, but %s", describe(items[i]), results[k].Message, msg))
				continue
			}
			outcomes[i].Status = load.Written
		}
	}
	return nil
}

func reject(it load.Item, reason string) load.Outcome {
	return load.Outcome{ID: it.ID, Status: load.Rejected, Reason: reason}
}

// describe names an item's object: its id when known, its SKU else.
func describe(it load.Item) string {
	if it.UUID != "" {
		return fmt.Sprintf("id %s", it.UUID)
	}
	return fmt.Sprintf("%q", it.ExternalID)
}
