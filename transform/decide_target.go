package transform

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// recordSides decides one record for each target in turn.
type recordSides struct {
	d         *Decider
	key       string
	e         Entity
	canonical string
	fields    map[string]json.RawMessage
	links     []store.Link
	linksRead bool
	// target is the staged record of the entity in the target being
	// decided (reset for each target).
	target stagedTarget
}

// decide decides for target t and adds the write, escalation and synced
// version it causes to out.
func (r *recordSides) decide(ctx context.Context, t config.Target, out *Decisions) error {
	p := PolicyFor(r.d.dt, r.d.job, t)
	r.target = stagedTarget{}
	src := Version{Fields: owned(r.fields, t), Changed: r.e.ChangedAt()}
	if len(src.Fields) == 0 {
		return nil
	}
	sides, native, held, err := r.sides(ctx, t, p, src)
	if err != nil {
		return err
	}
	if held != nil {
		out.Escalations = append(out.Escalations, *held)
		return nil
	}
	if sides.Target == nil && native == "" && r.unaddressable(p) {
		// Neither the target's record nor a key to find it there is known
		// yet (a CRM account without external id, read before the ERP's
		// partners): nothing can be written or compared. The record stays
		// staged and counted as new; the other direction's job links it,
		// and the next change is decided against it.
		return nil
	}
	dec, err := Decide(p, sides)
	if err != nil {
		return fmt.Errorf("decide record %s for %s: %w", r.key, t.System, err)
	}
	var id string
	if len(dec.Write) > 0 || len(dec.Conflicts) > 0 {
		if id, err = r.externalID(p, native); err != nil {
			return err
		}
	}
	synced, err := r.synced(dec)
	if err != nil {
		return err
	}
	if len(dec.Conflicts) > 0 {
		out.Escalations = append(out.Escalations, r.conflict(t, id, sides, dec.Conflicts))
	}
	switch {
	case len(dec.Write) > 0:
		// The new base holds the written values only once the target took
		// them: it rides on the write and is recorded when the write settles.
		out.Writes = append(out.Writes, Write{Target: t.System, ExternalID: id, NativeID: native, Fields: dec.Write, SourceKey: r.key, CanonicalID: r.canonical, Synced: synced})
	case synced != nil:
		out.Synced = append(out.Synced, store.SyncedVersion{Job: r.d.job.Name, Target: t.System, CanonicalID: r.canonical, Version: synced})
		return r.syncReverse(ctx, t, synced, out)
	}
	return nil
}

// sides gathers what the decision compares: the source's version, the
// target's (its live values where listed, else its staged copy) and the
// base, with the target record's native id. Under source of truth the
// loader compares with the target's live values before writing
// (read-before-write), so a staged copy, which may be older, is not
// consulted. held is the escalation holding the write when several staged
// records of t match.
func (r *recordSides) sides(ctx context.Context, t config.Target, p Policy, src Version) (s Sides, native string, held *store.Escalation, err error) {
	s.Source = src
	if p.Strategy != LastWriteWins && p.Strategy != MergeEscalate {
		return s, "", nil, nil
	}
	if s.Target, native, held, err = r.targetVersion(ctx, t); err != nil || held != nil {
		return s, native, held, err
	}
	if live := r.liveVersion(t); live != nil {
		s.Target = live
	}
	s.Base, err = r.base(ctx, t, p.Strategy)
	return s, native, nil, err
}

// synced encodes the decision's new synced version (nil when it sets none
// or the record has no entity).
func (r *recordSides) synced(dec Decision) ([]byte, error) {
	if dec.Synced == nil || r.canonical == "" {
		return nil, nil
	}
	return encodeSynced(dec.Synced, dec.Overruled)
}

// targetVersion returns target t's current version of the entity as its own
// job staged it, and its native id: the crosswalked record of the entity in
// t, or else t's staged record carrying the same match key (see
// decide_staged.go). It is nil when t holds neither (first sync); held is the
// escalation holding the write when several staged records of t match.
func (r *recordSides) targetVersion(ctx context.Context, t config.Target) (v *Version, native string, held *store.Escalation, err error) {
	if r.canonical == "" {
		return nil, "", nil, nil
	}
	if native, err = r.linkedNative(ctx, t); err != nil {
		return nil, "", nil, err
	}
	if native == "" {
		if native, held, err = r.uncrosswalked(ctx, t); err != nil || native == "" {
			return nil, "", held, err
		}
	}
	v, err = r.stagedVersion(ctx, t, native)
	return v, native, nil, err
}

// linkedNative returns the native id of the entity's crosswalked record in
// target t ("" when none).
func (r *recordSides) linkedNative(ctx context.Context, t config.Target) (string, error) {
	if !r.linksRead {
		links, err := r.d.store.LinksOf(ctx, r.d.dt.Name, r.canonical)
		if err != nil {
			return "", err
		}
		r.links, r.linksRead = links, true
	}
	i := slices.IndexFunc(r.links, func(l store.Link) bool { return l.System == t.System })
	if i < 0 {
		return "", nil
	}
	return r.links[i].NativeID, nil
}

// stagedVersion returns the owned fields of target t's staged record native;
// nil when it is not staged.
func (r *recordSides) stagedVersion(ctx context.Context, t config.Target, native string) (*Version, error) {
	payload, ok, err := r.d.store.StagedPayload(ctx, r.d.dt.Name, t.System, native)
	if err != nil || !ok {
		return nil, err
	}
	e, err := r.d.dt.Decode(payload)
	if err != nil {
		return nil, fmt.Errorf("staged %s %s of %s: %w", r.d.dt.Name, native, t.System, err)
	}
	fields, err := e.Fields()
	if err != nil {
		return nil, fmt.Errorf("staged %s %s of %s: %w", r.d.dt.Name, native, t.System, err)
	}
	r.target = stagedTarget{native: native, key: e.MatchKeys()[r.d.dt.TargetKey], staged: true}
	return &Version{Fields: owned(fields, t), Changed: e.ChangedAt()}, nil
}

// base returns the last synced version for a merge (nil before the first).
func (r *recordSides) base(ctx context.Context, t config.Target, s Strategy) (*Version, error) {
	if s != MergeEscalate || r.canonical == "" {
		return nil, nil
	}
	raw, ok, err := r.d.store.Synced(ctx, r.d.job.Name, t.System, r.canonical)
	if err != nil || !ok {
		return nil, err
	}
	v, err := decodeSynced(raw)
	if err != nil {
		return nil, fmt.Errorf("synced version of %s in %s: %w", r.canonical, t.System, err)
	}
	return v, nil
}

// conflict is the escalation of fields both systems changed.
func (r *recordSides) conflict(t config.Target, targetKey string, s Sides, fields []string) store.Escalation {
	enc := func(v *Version) string {
		if v == nil {
			return ""
		}
		b, _ := json.Marshal(v.Fields)
		return string(b)
	}
	f, _ := json.Marshal(fields)
	return store.Escalation{Job: r.d.job.Name, DataType: r.d.dt.Name, CanonicalID: r.canonical, Kind: store.EscalationConflict,
		SourceSystem: r.d.job.Extract.System, SourceKey: r.key, TargetSystem: t.System, TargetKey: targetKey,
		SourceVersion: enc(&s.Source), TargetVersion: enc(s.Target), BaseVersion: enc(s.Base), Fields: string(f)}
}
