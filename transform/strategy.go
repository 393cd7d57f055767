package transform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"time"
)

// Version is one system's view of an entity: canonical field values as JSON
// and the system's change time of the record (zero when unknown).
type Version struct {
	Fields  map[string]json.RawMessage
	Changed time.Time
	// Overruled lists, in a base, the values per field that a person's
	// decision overruled: a side still holding one has not changed since
	// (the decided value is on its way to it).
	Overruled map[string][]json.RawMessage
}

// Sides is what a decision looks at: the source's staged version, the
// target's current version (nil when unknown), and the last version both
// agreed on (nil before the first sync).
type Sides struct {
	Source Version
	Target *Version
	Base   *Version
}

// Policy is how one job decides for one of its targets.
type Policy struct {
	Strategy Strategy
	// Source and Target name the two systems.
	Source, Target string
	// Leader is the system that wins: always under source of truth, within
	// the skew margin under last write wins, and on a first merge without a
	// base. "" means the source under source of truth and last write wins,
	// and no leader (an escalation) under merge with escalation.
	Leader string
	// SkewMargin: under last write wins, change times closer than this are
	// a tie, which the leader wins.
	SkewMargin time.Duration
	// FieldLeaders names a leading system per field, overriding Leader for
	// that field; under merge with escalation the field's leader wins a
	// conflict on it instead of escalating.
	FieldLeaders map[string]string
	// Fields are the fields the job owns in the target; a merge compares
	// these. Empty means the source's fields.
	Fields []string
}

// Decision is what a strategy decides for one entity and one target.
type Decision struct {
	// Write holds the fields to write to the target (none: write nothing).
	Write map[string]json.RawMessage
	// Conflicts lists fields both systems changed to different values since
	// the base; nothing is written for them until a person decides.
	Conflicts []string
	// Synced is the new base to remember (merge with escalation only), and
	// the overruled values it still carries.
	Synced    map[string]json.RawMessage
	Overruled map[string][]json.RawMessage
	// Why says what decided, for logs and tests.
	Why string
}

// Decide applies the policy's strategy to one entity.
func Decide(p Policy, s Sides) (Decision, error) {
	switch p.Strategy {
	case SourceOfTruth, Computed:
		return decideSourceOfTruth(p, s), nil
	case LastWriteWins:
		return decideLastWrite(p, s), nil
	case MergeEscalate:
		return decideMerge(p, s), nil
	case ReadOnly:
		return Decision{Why: "read only"}, nil
	}
	return Decision{}, fmt.Errorf("unknown strategy %q", p.Strategy)
}

// leaderOf returns the system leading field f ("" when none is configured).
func (p Policy) leaderOf(f string) string {
	if l, ok := p.FieldLeaders[f]; ok {
		return l
	}
	return p.Leader
}

// sourceLeads reports whether the source leads f, the source leading when no
// leader is configured.
func (p Policy) sourceLeads(f string) bool {
	l := p.leaderOf(f)
	return l == "" || l == p.Source
}

// drift returns the source's values of fields (the source's own when nil)
// that keep(f) selects and that differ from the target's (all of them when
// the target is unknown).
func drift(src Version, tgt *Version, keep func(string) bool) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for f, v := range src.Fields {
		if !keep(f) || (tgt != nil && SameJSON(v, tgt.Fields[f])) {
			continue
		}
		out[f] = v
	}
	return out
}

// SameJSON reports whether two JSON values are equal as values (key order
// and spacing aside); a missing value equals null. Numbers compare by text.
func SameJSON(a, b json.RawMessage) bool {
	if bytes.Equal(a, b) {
		return true
	}
	x, errA := decodeAny(a)
	y, errB := decodeAny(b)
	return errA == nil && errB == nil && reflect.DeepEqual(x, y)
}

func decodeAny(raw json.RawMessage) (any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// fieldList returns the policy's fields, or the sorted union of the sides'
// field names.
func fieldList(p Policy, vs ...*Version) []string {
	if len(p.Fields) > 0 {
		return p.Fields
	}
	set := map[string]bool{}
	for _, v := range vs {
		if v != nil {
			for f := range v.Fields {
				set[f] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}
