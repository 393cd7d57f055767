package transform

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// A target record staged (by the target's own job) but not crosswalked yet is
// still the target's current version: under merge and last-write-wins the
// stage must compare with it before writing, never take the target as empty
// ("first sync") and overwrite its values. When the entity has no crosswalk
// row in a target, the stage therefore looks the target's staged records up
// by the record's match keys, tried in the job's order:
//   - none carries them: the target does not hold the entity; first sync.
//   - one does: its staged version is the target version (compared as usual,
//     differing fields escalate under merge). It is not linked here; the
//     target's own job links it when it next decides (its crosswalk finds this
//     record's entity by the same keys).
//   - several do: the write to that target is held and an ambiguous-match
//     escalation lists them; a person's --link links the chosen one to the
//     entity (planLink).

// stagedIndex maps "key\x00value" to the native ids of one target's staged
// records carrying that match key value. It is built once per Decider and
// target, on first need, by reading the target's staged records.
type stagedIndex map[string][]string

// stagedMatches returns the native ids of target's staged records carrying
// the first of the job's match keys that any of them carries, and that key.
func (d *Decider) stagedMatches(ctx context.Context, target string, keys map[string]string) ([]string, string, error) {
	idx, err := d.stagedIndexOf(ctx, target)
	if err != nil {
		return nil, "", err
	}
	for _, k := range MatchKeysOf(d.dt, d.job) {
		if v := keys[k]; v != "" && len(idx[k+"\x00"+v]) > 0 {
			return idx[k+"\x00"+v], k, nil
		}
	}
	return nil, "", nil
}

func (d *Decider) stagedIndexOf(ctx context.Context, target string) (stagedIndex, error) {
	if idx, ok := d.staged[target]; ok {
		return idx, nil
	}
	idx := stagedIndex{}
	err := d.store.StagedPayloads(ctx, d.dt.Name, target, func(key string, payload []byte) error {
		e, err := d.dt.Decode(payload)
		if err != nil {
			return nil // quarantined when its own job staged it; never a match
		}
		for k, v := range e.MatchKeys() {
			idx[k+"\x00"+v] = append(idx[k+"\x00"+v], key)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("index the staged %s of %s by match key: %w", d.dt.Name, target, err)
	}
	if d.staged == nil {
		d.staged = map[string]stagedIndex{}
	}
	d.staged[target] = idx
	return idx, nil
}

// uncrosswalked returns target t's staged record of the entity found by match
// key: its native id, or the escalation holding the write when several match.
func (r *recordSides) uncrosswalked(ctx context.Context, t config.Target) (native string, esc *store.Escalation, err error) {
	natives, key, err := r.d.stagedMatches(ctx, t.System, r.e.MatchKeys())
	if err != nil || len(natives) == 0 {
		return "", nil, err
	}
	if len(natives) == 1 {
		return natives[0], nil, nil
	}
	cands := make([]candidate, len(natives))
	for i, n := range natives {
		cands[i] = candidate{System: t.System, NativeID: n}
	}
	keys, _ := json.Marshal(r.e.MatchKeys())
	tv, _ := json.Marshal(cands)
	fields, _ := json.Marshal([]string{key})
	return "", &store.Escalation{Job: r.d.job.Name, DataType: r.d.dt.Name, CanonicalID: r.canonical, Kind: store.EscalationAmbiguous,
		SourceSystem: r.d.job.Extract.System, SourceKey: r.key, TargetSystem: t.System, TargetKey: r.e.MatchKeys()[key],
		SourceVersion: string(keys), TargetVersion: string(tv), Fields: string(fields)}, nil
}
