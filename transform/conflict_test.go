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
		{LastWriteWins, "", theirs, false, ConflictOverwrite, "later"},
		{LastWriteWins, "crm", theirs, false, ConflictDrop, "leader crm"},
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
