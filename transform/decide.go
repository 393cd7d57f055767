package transform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
)

// DecideStore is the part of the state the transform stage reads: the
// crosswalk, the staged records of other systems (a target's current
// version, as its own job last staged it) and the last synced versions.
type DecideStore interface {
	CrosswalkStore
	// StagedPayload returns the staged canonical payload of one record.
	StagedPayload(ctx context.Context, dataType, source, key string) ([]byte, bool, error)
	// StagedPayloads calls fn with the key and payload of every staged
	// record of one source of a data type (a target's records, to find one
	// not crosswalked yet by match key).
	StagedPayloads(ctx context.Context, dataType, source string, fn func(key string, payload []byte) error) error
	// Synced returns the last version a job and a target agreed on.
	Synced(ctx context.Context, job, target, canonicalID string) ([]byte, bool, error)
}

// Decisions is what a page's changed records cause: writes for the outbox,
// escalations, new synced versions and crosswalk rows. The caller commits
// them with the page.
type Decisions struct {
	Writes      []Write
	Escalations []store.Escalation
	Synced      []store.SyncedVersion
	Links       []store.Link
	// Superseded are open escalations the records' decisions make moot.
	Superseded []store.Supersession
}

// BadRecordError is a record the transform stage cannot use (it does not
// decode, or lacks what its writes need): the caller quarantines it with the
// message; any other error fails the page.
type BadRecordError struct{ Err error }

func (e *BadRecordError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *BadRecordError) Unwrap() error { return e.Err }

// IsBadRecord reports whether err is a *BadRecordError.
func IsBadRecord(err error) bool {
	var b *BadRecordError
	return errors.As(err, &b)
}

func badRecord(format string, args ...any) error {
	return &BadRecordError{Err: fmt.Errorf(format, args...)}
}

// Decider is the transform stage of one job: it resolves each changed
// record's identity through the crosswalk and decides, per target, by the
// job's strategy. Call Begin for each page, then Record for its changed
// records, then Links. It is not safe for concurrent use.
type Decider struct {
	dt    DataType
	job   config.Job
	store DecideStore
	// Crosswalk resolves identities; nil when the job neither writes nor
	// configures matching (nothing needs identities then).
	Crosswalk *Crosswalk
	// staged indexes each target's staged records by match key, built on
	// first need (decide_staged.go).
	staged map[string]stagedIndex
	// Derive, when set, computes the fields the job writes (a computed data
	// type's router or scorer) in place of the record's own fields.
	Derive Deriver
	// Live holds, by target system, the current values of the target's
	// records by external id, as its loader lists them at the start of a
	// pass (load.ReconcileReader); nil for a target that cannot list them.
	// A merge compares a record with its live values where listed, so a
	// change the target made since the other direction's job last staged it
	// is seen (a true conflict escalates instead of being overwritten).
	Live map[string]map[string]map[string]json.RawMessage
	// LiveSource, when set, reads Live once, when the first page with
	// changed records begins (a pass without changes reads nothing).
	LiveSource func(context.Context) (map[string]map[string]map[string]json.RawMessage, error)
	// Reverse names, by target system, the job writing this job's data type
	// back from that target to this job's source (ReverseJobs): a merge
	// without a synced version of its own starts from that job's.
	Reverse map[string]string
}

// NewDecider returns the transform stage of job. newID makes canonical ids
// (random when nil).
func NewDecider(st DecideStore, dt DataType, job config.Job, newID func() string) (*Decider, error) {
	d := &Decider{dt: dt, job: job, store: st}
	if len(job.Load.Targets) == 0 && job.Transform == nil || StrategyOf(dt, job) == ReadOnly {
		return d, nil
	}
	cw, err := NewCrosswalk(st, dt, job.Extract.System, MatchKeysOf(dt, job), newID)
	if err != nil {
		return nil, fmt.Errorf("job %s: %w", job.Name, err)
	}
	d.Crosswalk = cw
	return d, nil
}

// Begin starts a page whose changed records have keys.
func (d *Decider) Begin(ctx context.Context, keys []string) error {
	if d.Crosswalk == nil {
		return nil
	}
	if len(keys) > 0 && d.LiveSource != nil {
		live, err := d.LiveSource(ctx)
		if err != nil {
			return err
		}
		d.Live, d.LiveSource = live, nil
	}
	return d.Crosswalk.Load(ctx, keys)
}

// Links returns the crosswalk rows the page adds.
func (d *Decider) Links() []store.Link {
	if d.Crosswalk == nil {
		return nil
	}
	return d.Crosswalk.Links()
}

// Record decides what one changed record causes and adds it to out. A
// *BadRecordError is the record's own problem.
func (d *Decider) Record(ctx context.Context, rec record.Record, out *Decisions) error {
	if d.Crosswalk == nil && len(d.job.Load.Targets) == 0 {
		return nil
	}
	e, err := d.dt.Decode(rec.Payload)
	if err != nil {
		return badRecord("transform record %s: %w", rec.Key, err)
	}
	var fields map[string]json.RawMessage
	if len(d.job.Load.Targets) > 0 {
		// A record that cannot be written is quarantined before it is linked.
		if fields, err = e.Fields(); err != nil {
			return badRecord("transform record %s: %w", rec.Key, err)
		}
	}
	canonical := ""
	if d.Crosswalk != nil {
		id, err := d.Crosswalk.Resolve(ctx, rec.Key, e.MatchKeys())
		if err != nil {
			return fmt.Errorf("resolve record %s: %w", rec.Key, err)
		}
		if len(id.Ambiguous) > 0 {
			out.Escalations = append(out.Escalations, d.ambiguity(rec.Key, e, id))
			return nil
		}
		canonical = id.CanonicalID
	}
	r := recordSides{d: d, key: rec.Key, e: e, canonical: canonical, fields: fields}
	if d.Derive != nil {
		return r.derive(ctx, out)
	}
	for _, t := range d.job.Load.Targets {
		if err := r.decide(ctx, t, out); err != nil {
			return err
		}
	}
	return nil
}

// ambiguity is the escalation of a record that matched several entities:
// its match keys, and the candidates.
func (d *Decider) ambiguity(key string, e Entity, id Identity) store.Escalation {
	keys, _ := json.Marshal(e.MatchKeys())
	cands := make([]candidate, len(id.Ambiguous))
	for i, l := range id.Ambiguous {
		cands[i] = candidate{l.System, l.NativeID, l.CanonicalID}
	}
	tv, _ := json.Marshal(cands)
	fields, _ := json.Marshal([]string{id.MatchKey})
	return store.Escalation{Job: d.job.Name, DataType: d.dt.Name, Kind: store.EscalationAmbiguous,
		SourceSystem: d.job.Extract.System, SourceKey: key, SourceVersion: string(keys), TargetVersion: string(tv), Fields: string(fields)}
}

// candidate is one record an ambiguous record matched, as an escalation
// lists it in its target version.
type candidate struct {
	System      string `json:"system"`
	NativeID    string `json:"native_id"`
	CanonicalID string `json:"canonical_id"`
}

// owned returns the fields of fields that target t owns.
func owned(fields map[string]json.RawMessage, t config.Target) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for name, v := range fields {
		if slices.Contains(t.Fields, name) {
			out[name] = v
		}
	}
	return out
}
