package transform

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDecideConflict: each strategy's decision on a write the target refused
// as a concurrent change.
func TestDecideConflict(t *testing.T) {
	ours := map[string]json.RawMessage{"score": json.RawMessage(`"80"`), "model": json.RawMessage(`"m1"`)}
	theirs := map[string]json.RawMessage{"score": json.RawMessage(`"12"`), "model": json.RawMessage(`"m1"`)}
	cases := []struct {
		s           Strategy
		leader      string
		theirs      map[string]json.RawMessage
		overwritten bool
		want, why   string
	}{
		{SourceOfTruth, "", theirs, false, ConflictOverwrite, "source of truth"},
		{Computed, "", theirs, false, ConflictOverwrite, "source of truth"},
		{LastWriteWins, "", theirs, false, ConflictDrop, "changed the record after it was read"},
		{LastWriteWins, "crm", theirs, false, ConflictDrop, "next run decides by both change times"},
		{LastWriteWins, "scorer", theirs, false, ConflictDrop, "next run decides by both change times"},
		{MergeEscalate, "", theirs, false, ConflictEscalate, "a person decides"},
		{SourceOfTruth, "", theirs, true, ConflictGiveUp, "second conflict"},
		{MergeEscalate, "", ours, false, ConflictDrop, "already holds"},
	}
	for _, c := range cases {
		p := Policy{Strategy: c.s, Source: "scorer", Target: "crm", Leader: c.leader}
		v := DecideConflict(p, Conflict{Ours: ours, Theirs: c.theirs, Overwritten: c.overwritten})
		if v.Action != c.want || !strings.Contains(v.Reason, c.why) {
			t.Errorf("%s leader %q overwritten %v: %+v; want %s (%s)", c.s, c.leader, c.overwritten, v, c.want, c.why)
		}
		if c.want == ConflictEscalate && (len(v.Fields) != 1 || v.Fields[0] != "score") {
			t.Errorf("escalated fields %v; want [score]", v.Fields)
		}
	}
}

// TestConflictAgreedRecordsTheSyncedVersion: a conflict whose target already
// holds the written values agrees with the write (its synced version is
// recorded), unless a later write replaced it; a conflict with differing
// values agrees on nothing.
func TestConflictAgreedRecordsTheSyncedVersion(t *testing.T) {
	ours := map[string]json.RawMessage{"score": json.RawMessage(`"80"`)}
	other := map[string]json.RawMessage{"score": json.RawMessage(`"12"`)}
	p := Policy{Strategy: MergeEscalate, Source: "scorer", Target: "crm"}
	cases := []struct {
		theirs     map[string]json.RawMessage
		superseded bool
		want       bool
	}{{ours, false, true}, {ours, true, false}, {other, false, false}}
	for _, c := range cases {
		if v := DecideConflict(p, Conflict{Ours: ours, Theirs: c.theirs, Superseded: c.superseded}); v.Agreed != c.want {
			t.Errorf("theirs %s, superseded %v: %+v; want agreed %v", c.theirs["score"], c.superseded, v, c.want)
		}
	}
}
