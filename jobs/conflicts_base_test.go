package jobs

import (
	"encoding/json"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

// TestConflictEscalationBaseIsNotTheRefusedWrite: the base of a conflict's
// escalation is "the last synced version", the one both systems agreed on
// before. The desk never held steward's count 20 (every write of it was
// refused), so the base must not show 20: a person reading base 20 = ours
// takes the source for unchanged and the desk for the only side that
// changed, when both did. Today the decision records the synced version
// when the write is queued, before the target accepted it.
func TestConflictEscalationBaseIsNotTheRefusedWrite(t *testing.T) {
	d := newDesk()
	st, _, _ := conflictRun(t, "{strategy: merge_escalate}", d)
	es, err := st.Escalations(t.Context(), store.EscalationFilter{Status: store.EscalationOpen})
	if err != nil || len(es) == 0 {
		t.Fatalf("escalations %v %v", es, err)
	}
	for _, e := range es {
		if e.TargetKey != "w2" {
			continue
		}
		var base map[string]json.RawMessage
		_ = json.Unmarshal([]byte(e.BaseVersion), &base)
		if len(d.written) == 0 && string(base["count"]) == "20" {
			t.Errorf("escalation of w2: base %s claims the desk agreed on count 20, which it never held (desk count %s)", e.BaseVersion, d.theirs["count"])
		}
	}
}
