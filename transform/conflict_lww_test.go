package transform

import (
	"encoding/json"
	"testing"
)

// TestConflictLastWriteWinsKeepsTheTargetsLaterChange: a 412 means the
// target's record changed after steward read it, so under last write wins
// the target's change is the later write: it must stand (the write is
// dropped), not be overwritten, when no leader breaks a tie (the leader only
// wins ties inside the skew margin) and when the differing field is led by
// the target.
func TestConflictLastWriteWinsKeepsTheTargetsLaterChange(t *testing.T) {
	ours := map[string]json.RawMessage{"status": json.RawMessage(`"shipped"`)}
	theirs := map[string]json.RawMessage{"status": json.RawMessage(`"cancelled"`)}
	for _, p := range []Policy{
		{Strategy: LastWriteWins, Source: "erp", Target: "crm"},
		{Strategy: LastWriteWins, Source: "erp", Target: "crm", FieldLeaders: map[string]string{"status": "crm"}},
	} {
		v := DecideConflict(p, Conflict{Ours: ours, Theirs: theirs})
		if v.Action == ConflictOverwrite {
			t.Errorf("leader %q, field leaders %v: %+v; the target's concurrent (later) change is overwritten", p.Leader, p.FieldLeaders, v)
		}
	}
}
