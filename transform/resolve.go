package transform

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// ResolveStore is what applying a person's decision reads: the source
// record as staged (for its key in the other system) and the synced versions.
type ResolveStore interface {
	StagedPayload(ctx context.Context, dataType, source, key string) ([]byte, bool, error)
	Synced(ctx context.Context, job, target, canonicalID string) ([]byte, bool, error)
	LinksOf(ctx context.Context, dataType, canonicalID string) ([]store.Link, error)
}

// Choice is a person's decision on an escalation.
type Choice struct {
	// Take decides a conflict: "source" or "target" for every field in
	// conflict, "field=value" for one field (later ones override earlier).
	Take []string
	// Link decides an ambiguous match: the native id of the candidate the
	// record is the same entity as.
	Link string
	// Owner decides an escalated lead: the e-mail of the rep who gets it.
	Owner  string
	By     string
	Reason string
}

// Plan turns a choice on an open escalation into the decision to commit:
// for a conflict, the decided values written to BOTH systems through the
// outbox (each by a job of the config that writes the data type there) and
// the new synced versions; for an ambiguous match, the crosswalk row. A
// choice that does not fit the escalation is an error naming what to write.
func Plan(ctx context.Context, st ResolveStore, f *config.File, dt DataType, e store.Escalation, c Choice) (store.Decision, error) {
	d := store.Decision{ID: e.ID, Status: store.EscalationResolved, By: c.By, Reason: c.Reason}
	switch e.Kind {
	case store.EscalationAmbiguous:
		return planLink(d, e, c)
	case store.EscalationConflict:
		return planConflict(ctx, st, f, dt, e, c, d)
	case store.EscalationLeadRouting:
		return planRouting(f, e, c, d)
	}
	return d, fmt.Errorf("escalation %d: unknown kind %q", e.ID, e.Kind)
}

// Decided returns the value each conflicting field takes under take.
func Decided(e store.Escalation, take []string) (map[string]json.RawMessage, error) {
	var fields []string
	src, tgt := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	if err := decodeVersions(e, &fields, &src, &tgt); err != nil {
		return nil, err
	}
	out := map[string]json.RawMessage{}
	for _, t := range take {
		if err := takeOne(t, fields, src, tgt, out); err != nil {
			return nil, err
		}
	}
	for _, f := range fields {
		if _, ok := out[f]; !ok {
			return nil, fmt.Errorf("field %s is not decided: --take source, --take target or --take %s=VALUE", f, f)
		}
	}
	return out, nil
}

func decodeVersions(e store.Escalation, fields *[]string, src, tgt *map[string]json.RawMessage) error {
	for _, p := range []struct {
		raw string
		v   any
	}{{e.Fields, fields}, {e.SourceVersion, src}, {e.TargetVersion, tgt}} {
		if p.raw == "" {
			continue
		}
		if err := json.Unmarshal([]byte(p.raw), p.v); err != nil {
			return fmt.Errorf("escalation %d: %w", e.ID, err)
		}
	}
	return nil
}

// takeOne applies one --take argument.
func takeOne(t string, fields []string, src, tgt, out map[string]json.RawMessage) error {
	switch t {
	case "source", "target":
		side := map[string]map[string]json.RawMessage{"source": src, "target": tgt}[t]
		for _, f := range fields {
			out[f] = orNull(side[f])
		}
		return nil
	}
	f, v, ok := strings.Cut(t, "=")
	if !ok || !slices.Contains(fields, f) {
		return fmt.Errorf("--take %q: want source, target or FIELD=VALUE with a field in conflict (%s)", t, strings.Join(fields, ", "))
	}
	val, err := fieldValue(v, src[f], tgt[f])
	if err != nil {
		return fmt.Errorf("--take %s: %w", t, err)
	}
	out[f] = val
	return nil
}

// fieldValue encodes a value typed on the command line: as a JSON string
// where the field holds strings (or nothing), else as the JSON it must be.
func fieldValue(v string, examples ...json.RawMessage) (json.RawMessage, error) {
	isString := true
	for _, ex := range examples {
		if s := strings.TrimSpace(string(ex)); s != "" && s != "null" {
			isString = strings.HasPrefix(s, `"`)
			break
		}
	}
	if isString {
		b, err := json.Marshal(v)
		return b, err
	}
	if !json.Valid([]byte(v)) {
		return nil, fmt.Errorf("%q is not a JSON value (the field holds JSON such as %s)", v, examples[0])
	}
	return json.RawMessage(v), nil
}

func orNull(v json.RawMessage) json.RawMessage {
	if len(v) == 0 {
		return json.RawMessage("null")
	}
	return v
}

// planLink links an ambiguous record to the candidate named by c.Link. When
// another record of the same system holds that entity (it was linked first,
// by page order), committing the decision moves the link: the store unlinks
// the holder in the same transaction and marks it to be decided again, where
// it escalates in turn (see store.Decision).
func planLink(d store.Decision, e store.Escalation, c Choice) (store.Decision, error) {
	var cands []candidate
	var keys map[string]string
	var fields []string
	if err := json.Unmarshal([]byte(e.TargetVersion), &cands); err != nil {
		return d, fmt.Errorf("escalation %d: %w", e.ID, err)
	}
	_ = json.Unmarshal([]byte(e.SourceVersion), &keys)
	_ = json.Unmarshal([]byte(e.Fields), &fields)
	i := slices.IndexFunc(cands, func(x candidate) bool { return x.NativeID == c.Link })
	if c.Link == "" || i < 0 {
		ids := make([]string, len(cands))
		for k, x := range cands {
			ids[k] = x.System + " " + x.NativeID
		}
		return d, fmt.Errorf("an ambiguous match is resolved with --link NATIVE_ID, one of the candidates: %s", strings.Join(ids, ", "))
	}
	l := store.Link{System: e.SourceSystem, DataType: e.DataType, NativeID: e.SourceKey, CanonicalID: cands[i].CanonicalID, Keys: keys}
	if cands[i].CanonicalID == "" && e.CanonicalID == "" {
		return d, fmt.Errorf("escalation %d: candidate %s %s has no entity to join", e.ID, cands[i].System, cands[i].NativeID)
	}
	if cands[i].CanonicalID == "" {
		// a target's staged record not crosswalked yet: it joins the
		// source record's entity (its own job refreshes its match keys)
		l = store.Link{System: cands[i].System, DataType: e.DataType, NativeID: cands[i].NativeID, CanonicalID: e.CanonicalID}
	}
	if len(fields) > 0 {
		l.MatchKey, l.MatchValue = fields[0], keys[fields[0]]
	}
	d.Links = []store.Link{l}
	dec, _ := json.Marshal(map[string]string{"link": c.Link, "canonical_id": l.CanonicalID})
	d.Decision = string(dec)
	return d, nil
}

// sortedFields returns m's keys in order.
func sortedFields(m map[string]json.RawMessage) []string { return slices.Sorted(maps.Keys(m)) }
