package transform

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// Deriver computes the fields a computed data type writes from a record:
// a router's owner and score, a scorer's score. It owns those fields.
type Deriver interface {
	// Inputs fingerprints what Derive reads of e: a record whose inputs
	// are those of the last derivation (an echo of steward's own write,
	// a rerun) is not derived again.
	Inputs(e Entity) (string, error)
	// Derive computes the record's fields, or an escalation when it should
	// not guess. An error fails the page (a model that cannot be reached);
	// a *BadRecordError quarantines the record.
	Derive(ctx context.Context, key string, e Entity) (Derived, error)
}

// Derived is what a Deriver decided for one record.
type Derived struct {
	// Fields are the computed fields by canonical name; each target gets
	// those it owns.
	Fields map[string]json.RawMessage
	// Escalation, when set, holds the record for a person instead.
	Escalation *DerivedEscalation
	// Closes, when set on a derivation without an escalation, names the
	// open escalations it makes moot: a record decided on its own now
	// (a lead routed after its inquiry changed) leaves no decision to a
	// person, whose later one would overwrite this.
	Closes *Closes
}

// Closes names the kind of open escalation a derivation closes, and how the
// record was decided ("routed automatically"; the run is added).
type Closes struct {
	Kind string
	Why  string
}

// DerivedEscalation is a derivation left to a person: its kind, the record
// and the analysis as JSON, and a one-line reason.
type DerivedEscalation struct {
	Kind     string
	Record   json.RawMessage
	Analysis json.RawMessage
	Reason   string
}

// derivedDoc is the synced version of a derived record: the inputs it was
// derived from and what came of it.
type derivedDoc struct {
	Inputs    string `json:"inputs"`
	Escalated bool   `json:"escalated,omitempty"`
}

// DerivedVersion encodes the synced version that marks a record derived
// (or escalated, or decided by a person) from inputs.
func DerivedVersion(inputs string, escalated bool) []byte {
	b, _ := json.Marshal(derivedDoc{Inputs: inputs, Escalated: escalated})
	return b
}

// derive decides one record of a job with a Deriver: for each target whose
// last derivation had other inputs, the owned computed fields or the
// escalation, and the new synced version.
func (r *recordSides) derive(ctx context.Context, out *Decisions) error {
	inputs, err := r.d.Derive.Inputs(r.e)
	if err != nil {
		return badRecord("transform record %s: %w", r.key, err)
	}
	var due []config.Target
	for _, t := range r.d.job.Load.Targets {
		raw, ok, err := r.d.store.Synced(ctx, r.d.job.Name, t.System, r.canonical)
		if err != nil {
			return err
		}
		var doc derivedDoc
		if !ok || json.Unmarshal(raw, &doc) != nil || doc.Inputs != inputs {
			due = append(due, t)
		}
	}
	if len(due) == 0 {
		return nil
	}
	res, err := r.d.Derive.Derive(ctx, r.key, r.e)
	if err != nil {
		return err
	}
	id := r.e.MatchKeys()[r.d.dt.TargetKey]
	for _, t := range due {
		if err := r.derived(t, id, inputs, res, out); err != nil {
			return err
		}
	}
	return nil
}

// derived adds what res causes in target t.
func (r *recordSides) derived(t config.Target, id, inputs string, res Derived, out *Decisions) error {
	if id == "" {
		return badRecord("transform record %s: no %s to write to %s", r.key, r.d.dt.TargetKey, t.System)
	}
	if r.canonical == "" {
		return fmt.Errorf("transform record %s: no canonical id to remember its derivation by", r.key)
	}
	synced := DerivedVersion(inputs, res.Escalation != nil)
	own := owned(res.Fields, t)
	if c := res.Closes; c != nil && res.Escalation == nil {
		out.Superseded = append(out.Superseded, store.Supersession{Job: r.d.job.Name, DataType: r.d.dt.Name, CanonicalID: r.canonical,
			TargetSystem: t.System, Kind: c.Kind, Why: c.Why})
	}
	switch e := res.Escalation; {
	case e != nil:
		fields, _ := json.Marshal(t.Fields)
		out.Escalations = append(out.Escalations, store.Escalation{Job: r.d.job.Name, DataType: r.d.dt.Name, CanonicalID: r.canonical,
			Kind: e.Kind, SourceSystem: r.d.job.Extract.System, SourceKey: r.key, TargetSystem: t.System, TargetKey: id,
			SourceVersion: string(e.Record), TargetVersion: string(e.Analysis), Fields: string(fields), Reason: e.Reason})
	case len(own) > 0:
		// The derivation counts as done once the target took the write: its
		// synced version rides on the write.
		out.Writes = append(out.Writes, Write{Target: t.System, ExternalID: id, Fields: own, SourceKey: r.key, CanonicalID: r.canonical, Synced: synced})
		return nil
	}
	out.Synced = append(out.Synced, store.SyncedVersion{Job: r.d.job.Name, Target: t.System, CanonicalID: r.canonical, Version: synced})
	return nil
}
