package transform

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// Conflict is a write a target refused because the record changed there
// since it was read (load.Conflict): our values, the target's re-read ones,
// and whether the write already overrode a conflict.
type Conflict struct {
	Ours, Theirs map[string]json.RawMessage
	Overwritten  bool
	// Superseded: a later write of the record carries every field of this
	// one, so writing this one again would send older values over it.
	Superseded bool
}

// Conflict actions.
const (
	// ConflictOverwrite writes again, without a precondition.
	ConflictOverwrite = "overwrite"
	// ConflictDrop writes nothing; the reason says why.
	ConflictDrop = "drop"
	// ConflictEscalate leaves the decision to a person.
	ConflictEscalate = "escalate"
	// ConflictGiveUp dead-letters the write with the reason.
	ConflictGiveUp = "dead"
)

// ConflictVerdict is what the strategy decides for one conflict.
type ConflictVerdict struct {
	Action string
	Reason string
	// Fields lists the fields whose values differ (for an escalation).
	Fields []string
	// Agreed says the target already holds the written values.
	Agreed bool
}

// DecideConflict decides a conflict by the policy's strategy: source of
// truth and computed write again with overwrite; last write wins drops the
// write (the target's change came after steward read it, so it is the later
// one); merge with escalation escalates. A second conflict of a write that already overwrote is given
// up, and a target already holding our values needs nothing.
func DecideConflict(p Policy, c Conflict) ConflictVerdict {
	var differ []string
	for _, f := range sortedFields(c.Ours) {
		if !SameJSON(c.Ours[f], c.Theirs[f]) {
			differ = append(differ, f)
		}
	}
	switch {
	case len(differ) == 0:
		// Held values agree with the write, unless a later write replaced
		// it (its own settle records the newer agreement).
		return ConflictVerdict{Action: ConflictDrop, Agreed: !c.Superseded, Reason: "the target already holds the written values"}
	case c.Superseded:
		return ConflictVerdict{Action: ConflictDrop, Fields: differ, Reason: "a later write of the record replaces it"}
	case c.Overwritten:
		return ConflictVerdict{Action: ConflictGiveUp, Fields: differ,
			Reason: fmt.Sprintf("%s changed the record again after steward overwrote it: a second conflict in one run", p.Target)}
	}
	switch p.Strategy {
	case SourceOfTruth, Computed:
		return ConflictVerdict{Action: ConflictOverwrite, Fields: differ, Reason: fmt.Sprintf("%s: %s is the source of truth", p.Strategy, p.Source)}
	case LastWriteWins:
		// The refusal says the target changed after steward read it: its
		// change is the later write, whoever leads (a leader breaks only ties
		// within the skew margin, which a refusal does not tell).
		return ConflictVerdict{Action: ConflictDrop, Fields: differ,
			Reason: fmt.Sprintf("last_write_wins: %s changed the record after it was read; the next run decides by both change times", p.Target)}
	case MergeEscalate:
		return ConflictVerdict{Action: ConflictEscalate, Fields: differ,
			Reason: fmt.Sprintf("merge_escalate: %s changed %d field(s) concurrently; a person decides", p.Target, len(differ))}
	}
	return ConflictVerdict{Action: ConflictDrop, Fields: differ, Reason: fmt.Sprintf("%s: nothing is written", p.Strategy)}
}

// ConflictStore is what settling a conflict reads: the last synced version.
type ConflictStore interface {
	Synced(ctx context.Context, job, target, canonicalID string) ([]byte, bool, error)
}

// SettleConflict decides one stored conflict of job's write to target t and
// returns the outcome to record (with the escalation, under merge).
func SettleConflict(ctx context.Context, st ConflictStore, dt DataType, job config.Job, t config.Target, c store.Conflict) (store.ConflictOutcome, error) {
	var ours map[string]json.RawMessage
	if err := json.Unmarshal(c.Payload, &ours); err != nil {
		return store.ConflictOutcome{}, fmt.Errorf("conflict %d (%s): %w", c.ID, c.ExternalID, err)
	}
	v := DecideConflict(PolicyFor(dt, job, t), Conflict{Ours: ours, Theirs: c.Current, Overwritten: c.Overwrite, Superseded: c.Superseded})
	out := store.ConflictOutcome{ID: c.ID, Reason: v.Reason, Agreed: v.Agreed}
	switch v.Action {
	case ConflictOverwrite:
		out.Status = store.OutboxPending
	case ConflictDrop:
		out.Status = store.OutboxDropped
	case ConflictGiveUp:
		out.Status = store.OutboxDead
	case ConflictEscalate:
		e, err := conflictEscalation(ctx, st, dt, job, c, ours, v.Fields)
		if err != nil {
			return out, err
		}
		out.Status, out.Escalation = store.OutboxEscalated, &e
	}
	return out, nil
}

// conflictEscalation is the escalation of a conflict: ours as the source
// version, the target's re-read values as its version, and the last synced
// version as the base.
func conflictEscalation(ctx context.Context, st ConflictStore, dt DataType, job config.Job, c store.Conflict, ours map[string]json.RawMessage, fields []string) (store.Escalation, error) {
	base := ""
	if c.CanonicalID != "" {
		raw, ok, err := st.Synced(ctx, job.Name, c.Target, c.CanonicalID)
		if err != nil {
			return store.Escalation{}, err
		}
		if ok {
			v, err := decodeSynced(raw)
			if err != nil {
				return store.Escalation{}, fmt.Errorf("synced version of %s in %s: %w", c.CanonicalID, c.Target, err)
			}
			b, _ := json.Marshal(v.Fields)
			base = string(b)
		}
	}
	theirs := map[string]json.RawMessage{}
	for f := range ours {
		if v, ok := c.Current[f]; ok {
			theirs[f] = v
		}
	}
	src, _ := json.Marshal(ours)
	tgt, _ := json.Marshal(theirs)
	fl, _ := json.Marshal(slices.Clone(fields))
	return store.Escalation{Job: job.Name, RunID: c.RunID, DataType: dt.Name, CanonicalID: c.CanonicalID, Kind: store.EscalationConflict,
		SourceSystem: job.Extract.System, SourceKey: c.SourceKey, TargetSystem: c.Target, TargetKey: c.ExternalID,
		SourceVersion: string(src), TargetVersion: string(tgt), BaseVersion: base, Fields: string(fl)}, nil
}
