package transform

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// planConflict writes the decided values to whichever side does not hold
// them yet, each through a job that writes the data type to that system,
// and moves both directions' synced versions to them.
func planConflict(ctx context.Context, st ResolveStore, f *config.File, dt DataType, e store.Escalation, c Choice, d store.Decision) (store.Decision, error) {
	decided, err := Decided(e, c.Take)
	if err != nil {
		return d, err
	}
	var src, tgt map[string]json.RawMessage
	_ = json.Unmarshal([]byte(e.SourceVersion), &src)
	_ = json.Unmarshal([]byte(e.TargetVersion), &tgt)
	back := writerOf(f, dt.Name, e.SourceSystem, e.TargetSystem)
	natives, err := linkedNatives(ctx, st, dt, e.CanonicalID)
	if err != nil {
		return d, err
	}
	if w := changes(decided, tgt); len(w) > 0 {
		if err := queue(&d, e.Job, Write{Target: e.TargetSystem, ExternalID: e.TargetKey, NativeID: natives[e.TargetSystem], Fields: w}); err != nil {
			return d, err
		}
	}
	if w := changes(decided, src); len(w) > 0 {
		if back == "" {
			return d, fmt.Errorf("no job of %s writes %s to %s, so the decision cannot reach %s: add one, or --take source", f.Path, dt.Name, e.SourceSystem, e.SourceSystem)
		}
		id, err := sourceExternalID(ctx, st, dt, e)
		if err != nil {
			return d, err
		}
		if err := queue(&d, back, Write{Target: e.SourceSystem, ExternalID: id, NativeID: natives[e.SourceSystem], Fields: w}); err != nil {
			return d, err
		}
	}
	if err := resync(ctx, st, &d, e.Job, e.TargetSystem, e.CanonicalID, decided, src, tgt); err != nil {
		return d, err
	}
	if back != "" {
		if err := resync(ctx, st, &d, back, e.SourceSystem, e.CanonicalID, decided, src, tgt); err != nil {
			return d, err
		}
	}
	dec, _ := json.Marshal(map[string]any{"take": c.Take, "values": decided})
	d.Decision = string(dec)
	return d, nil
}

// linkedNatives returns, by system, the native id of the entity's
// crosswalked record: a decision's write goes to that record by it (see
// Write.NativeID), never upserted beside it.
func linkedNatives(ctx context.Context, st ResolveStore, dt DataType, canonical string) (map[string]string, error) {
	out := map[string]string{}
	if canonical == "" {
		return out, nil
	}
	links, err := st.LinksOf(ctx, dt.Name, canonical)
	if err != nil {
		return nil, fmt.Errorf("read the crosswalk of %s: %w", canonical, err)
	}
	for _, l := range links {
		out[l.System] = l.NativeID
	}
	return out, nil
}

// writerOf returns the first job writing dataType to system, preferring one
// that reads from other (the opposite direction of a pair).
func writerOf(f *config.File, dataType, system, other string) string {
	name := ""
	for _, j := range f.Jobs {
		if j.DataType != dataType || !slices.ContainsFunc(j.Load.Targets, func(t config.Target) bool { return t.System == system }) {
			continue
		}
		if j.Extract.System == other {
			return j.Name
		}
		if name == "" {
			name = j.Name
		}
	}
	return name
}

// changes returns the decided values that differ from a side's.
func changes(decided, side map[string]json.RawMessage) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for _, f := range sortedFields(decided) {
		if !SameJSON(decided[f], side[f]) {
			out[f] = decided[f]
		}
	}
	return out
}

// sourceExternalID is the source record's key for a write to the source: its
// TargetKey match value when it has one, else its native key.
func sourceExternalID(ctx context.Context, st ResolveStore, dt DataType, e store.Escalation) (string, error) {
	payload, ok, err := st.StagedPayload(ctx, dt.Name, e.SourceSystem, e.SourceKey)
	if err != nil || !ok {
		return e.SourceKey, err
	}
	ent, err := dt.Decode(payload)
	if err != nil {
		return "", fmt.Errorf("staged record %s of %s: %w", e.SourceKey, e.SourceSystem, err)
	}
	if id := ent.MatchKeys()[dt.TargetKey]; id != "" {
		return id, nil
	}
	return e.SourceKey, nil
}

// queue adds a write to the decision's outbox items, through job.
func queue(d *store.Decision, job string, w Write) error {
	payload, hash, err := w.Payload()
	if err != nil {
		return err
	}
	// A person decided: the write wins over whatever the system holds now.
	d.Outbox = append(d.Outbox, store.OutboxItem{Job: job, Target: w.Target, ExternalID: w.ExternalID, NativeID: w.NativeID, Hash: hash, Payload: payload, Overwrite: true})
	return nil
}

// resync sets the synced version of (job, target, entity) to the stored one
// with the decided values; the values they overrule (both sides' at the
// escalation) are remembered, so that a side still holding one until the
// decision's write reaches it is not taken for a new change.
func resync(ctx context.Context, st ResolveStore, d *store.Decision, job, target, canonical string, decided map[string]json.RawMessage, sides ...map[string]json.RawMessage) error {
	if canonical == "" {
		return nil
	}
	raw, ok, err := st.Synced(ctx, job, target, canonical)
	if err != nil {
		return err
	}
	base := &Version{Fields: map[string]json.RawMessage{}}
	if ok {
		if base, err = decodeSynced(raw); err != nil {
			return fmt.Errorf("synced version of %s in %s: %w", canonical, target, err)
		}
	}
	if base.Overruled == nil {
		base.Overruled = map[string][]json.RawMessage{}
	}
	for f, v := range decided {
		base.Fields[f] = v
		for _, side := range sides {
			if old, ok := side[f]; ok && !SameJSON(old, v) {
				base.Overruled[f] = append(base.Overruled[f], old)
			}
		}
	}
	v, err := encodeSynced(base.Fields, base.Overruled)
	if err != nil {
		return err
	}
	d.Synced = append(d.Synced, store.SyncedVersion{Job: job, Target: target, CanonicalID: canonical, Version: v})
	return nil
}
