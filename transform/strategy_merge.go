package transform

import (
	"encoding/json"
	"slices"
)

// decideMerge merges field by field against the base, the last version both
// systems agreed on. A field changed on one side only takes that side (the
// source's change is written; the target's waits for the job in the other
// direction); changed on both sides to different values is a true conflict:
// nothing is written for it and it escalates, unless a field leader is
// configured. Without a base (first sync), differing fields go to the leader,
// or escalate when none is configured. A target not known yet is written
// whole. Synced is the new base: agreed values move on, the rest stay.
func decideMerge(p Policy, s Sides) Decision {
	d := Decision{Write: map[string]json.RawMessage{}, Synced: map[string]json.RawMessage{}, Why: "merge"}
	if s.Target == nil {
		d.Write, d.Why = drift(s.Source, nil, all), "first sync"
		for f, v := range d.Write {
			d.Synced[f] = v
		}
		return d
	}
	for _, f := range fieldList(p, &s.Source, s.Target) {
		sv, tv := s.Source.Fields[f], s.Target.Fields[f]
		if s.Base == nil {
			if SameJSON(sv, tv) {
				d.keep(f, sv)
			} else {
				d.settle(p, f, sv, nil)
			}
			continue
		}
		bv := s.Base.Fields[f]
		srcChanged, tgtChanged := !s.Base.unchanged(f, sv), !s.Base.unchanged(f, tv)
		switch {
		case SameJSON(sv, tv):
			d.keep(f, sv)
		case srcChanged && !tgtChanged:
			d.Write[f] = sv // changed in the source only
			d.keep(f, sv)
		case !srcChanged:
			// changed in the target only (the other direction's to write), or
			// neither has moved from the base or an overruled value yet
			d.keep(f, bv)
			d.carry(s.Base, f, sv, tv)
		default:
			d.settle(p, f, sv, bv)
		}
	}
	return d
}

// unchanged reports whether a side's value of f is the base's, or one a
// person overruled (its side has not changed since the decision).
func (b *Version) unchanged(f string, v json.RawMessage) bool {
	if SameJSON(v, b.Fields[f]) {
		return true
	}
	return slices.ContainsFunc(b.Overruled[f], func(o json.RawMessage) bool { return SameJSON(v, o) })
}

// carry keeps f's overruled values in the new base while a side holds one.
func (d *Decision) carry(base *Version, f string, vs ...json.RawMessage) {
	for _, v := range vs {
		if !SameJSON(v, base.Fields[f]) && base.unchanged(f, v) {
			if d.Overruled == nil {
				d.Overruled = map[string][]json.RawMessage{}
			}
			d.Overruled[f] = base.Overruled[f]
			return
		}
	}
}

// settle decides a field both sides changed (or that differs on a first
// sync): its leader wins, or it is a conflict.
func (d *Decision) settle(p Policy, f string, sv, bv json.RawMessage) {
	switch p.leaderOf(f) {
	case p.Source:
		d.Write[f] = sv
		d.keep(f, sv)
	case "":
		d.Conflicts = append(d.Conflicts, f)
		d.keep(f, bv)
	default: // the target leads: it keeps its value, the other direction writes it
		d.keep(f, bv)
	}
}

// keep records f's value in the new base (a missing value stays missing).
func (d *Decision) keep(f string, v json.RawMessage) {
	if len(v) > 0 {
		d.Synced[f] = v
	}
}
