package transform

import (
	"context"
	"slices"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// stagedTarget is what the decision knows of the entity's record in a
// target from that target's staged copy: its native id and its own
// TargetKey value.
type stagedTarget struct {
	native, key string
	staged      bool
}

// liveVersion returns target t's current values of the record, listed by
// its external id at the start of the pass (nil when not listed).
func (r *recordSides) liveVersion(t config.Target) *Version {
	id := r.e.MatchKeys()[r.d.dt.TargetKey]
	fields, ok := r.d.Live[t.System][id]
	if id == "" || !ok {
		return nil
	}
	return &Version{Fields: owned(fields, t)}
}

// unaddressable reports whether a merged record carries no TargetKey value,
// so that without a crosswalked record it has no key in the target. (Under
// the other strategies such a record stays a bad record.)
func (r *recordSides) unaddressable(p Policy) bool {
	return r.e.MatchKeys()[r.d.dt.TargetKey] == "" && p.Strategy == MergeEscalate
}

// externalID is the record's key in the target: its TargetKey match value
// (the SKU of a price), else the key the target's own record carries (a
// CRM account without external id written to the ERP partner it was
// matched with), else the target's native id from the crosswalk. Under
// source of truth an empty key is written as it always was.
//
// A target record matched by another key may lack the key (a CRM account
// without external id): the write still carries the record's key, and the
// target's native id beside it (Write.NativeID), so that the loader updates
// that record by its native id and writes the key onto it instead of
// upserting by the key, which would create a second record.
func (r *recordSides) externalID(p Policy, native string) (string, error) {
	id := r.e.MatchKeys()[r.d.dt.TargetKey]
	tg := r.target
	switch {
	case id != "":
		return id, nil
	case tg.staged && tg.key != "":
		return tg.key, nil
	case native != "" || p.Strategy == SourceOfTruth || p.Strategy == Computed:
		return native, nil
	}
	return "", badRecord("transform record %s: no %s and no crosswalked record in %s to write to", r.key, r.d.dt.TargetKey, p.Target)
}

// ReverseJobs returns, by target of job, the job of f that reads the same
// data type from that target and writes it to job's source: the other
// direction of a pair such as customers-erp and customers-crm.
func ReverseJobs(f *config.File, job config.Job) map[string]string {
	out := map[string]string{}
	for _, t := range job.Load.Targets {
		for _, j := range f.Jobs {
			if j.DataType == job.DataType && j.Extract.System == t.System && slices.ContainsFunc(j.Load.Targets, func(b config.Target) bool { return b.System == job.Extract.System }) {
				out[t.System] = j.Name
				break
			}
		}
	}
	return out
}

// syncReverse gives the other direction's job the version just synced when
// the target's record carries no key and that job has none: the target's
// job could not decide that record before this one linked it (see
// unaddressable), so the version agreed here is where its next change
// starts from.
func (r *recordSides) syncReverse(ctx context.Context, t config.Target, version []byte, out *Decisions) error {
	rev := r.d.Reverse[t.System]
	if rev == "" || !r.target.staged || r.target.key != "" {
		return nil
	}
	source := r.d.job.Extract.System
	if _, ok, err := r.d.store.Synced(ctx, rev, source, r.canonical); err != nil || ok {
		return err
	}
	out.Synced = append(out.Synced, store.SyncedVersion{Job: rev, Target: source, CanonicalID: r.canonical, Version: version})
	return nil
}
