package jobs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// overwrites counts the attempts that carried Overwrite.
func overwrites(items []load.Item) int {
	n := 0
	for _, it := range items {
		if it.Overwrite {
			n++
		}
	}
	return n
}

// TestConflictSourceOfTruthOverwritesOnce: under source of truth a write
// refused as a concurrent change is written again with Overwrite, once; the
// rerun (a full pass reconciles) writes nothing more.
func TestConflictSourceOfTruthOverwritesOnce(t *testing.T) {
	d := newDesk()
	st, _, res := conflictRun(t, "{strategy: source_of_truth}", d)
	if overwrites(d.attempts) != 3 || len(d.written) != 3 {
		t.Fatalf("%d attempts (%d with overwrite), %d written; want 3 conflicts then 3 overwrites", len(d.attempts), overwrites(d.attempts), len(d.written))
	}
	if string(d.written["w2"]["count"]) != "20" || res[0].Counts.Written != 3 || res[1].Counts.Written != 0 {
		t.Errorf("w2 %s, counts %+v then %+v; want the source's 20, 3 written then none", d.written["w2"]["count"], res[0].Counts, res[1].Counts)
	}
	if n, _ := outboxStatuses(t, st); n[store.OutboxConflict]+n[store.OutboxPending]+n[store.OutboxDead] != 0 {
		t.Errorf("outbox %v; want every write settled", n)
	}
}

// TestConflictComputedOverwritesOnce: a computed data type (the scorer owns
// the field) decides as source of truth: one overwrite, nothing more.
func TestConflictComputedOverwritesOnce(t *testing.T) {
	computed := widgets
	computed.Strategy = transform.Computed
	d := newDesk()
	_, _, res := conflictRunOf(t, computed, "{}", d)
	if overwrites(d.attempts) != 3 || len(d.written) != 3 || res[0].Counts.Written != 3 || res[1].Counts.Written != 0 {
		t.Errorf("%d attempts (%d with overwrite), counts %+v / %+v; want 3 overwrites, then nothing", len(d.attempts), overwrites(d.attempts), res[0].Counts, res[1].Counts)
	}
}

// TestConflictSecondConflictIsDeadLettered: an overwrite that conflicts
// again in the same run becomes a dead letter with the reason, and the rerun
// does not try again.
func TestConflictSecondConflictIsDeadLettered(t *testing.T) {
	d := newDesk()
	d.again = true
	st, _, res := conflictRun(t, "{strategy: source_of_truth}", d)
	if overwrites(d.attempts) != 3 || len(d.written) != 0 {
		t.Fatalf("%d attempts (%d with overwrite); want 3 conflicts and 3 overwrites, then no overwrite", len(d.attempts), overwrites(d.attempts))
	}
	dl, err := st.DeadLetters(t.Context(), "widgets", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(dl) != 3 || !strings.Contains(dl[0].Reason, "second conflict") || res[0].Counts.Rejected != 3 || res[1].Counts.Rejected != 0 {
		t.Errorf("dead letters %+v, counts %+v / %+v; want 3 with the second-conflict reason", dl, res[0].Counts, res[1].Counts)
	}
}

// TestConflictLastWriteWins: a refused write means the desk changed the
// record after steward read it, so its change is the later one: the write is
// dropped with the reason, whichever system leads (a leader breaks only ties
// within the skew margin), and the rerun writes nothing more.
func TestConflictLastWriteWins(t *testing.T) {
	for _, leader := range []string{"desk", "shelf"} {
		d := newDesk()
		st, _, _ := conflictRun(t, "{strategy: last_write_wins, leader: "+leader+"}", d)
		n, reasons := outboxStatuses(t, st)
		if len(d.attempts) != 3 || overwrites(d.attempts) != 0 || n[store.OutboxDropped] != 3 || len(d.written) != 0 ||
			!strings.Contains(reasons[0], "desk changed the record after it was read") {
			t.Errorf("leader %s: %d attempts (%d overwrites), outbox %v %q; want 3 conflicts dropped, the desk's change standing", leader, len(d.attempts), overwrites(d.attempts), n, reasons)
		}
	}
}

// TestConflictMergeEscalates: under merge with escalation a conflict opens
// an escalation with both versions and the base; the rerun writes nothing;
// a person's decision is written with Overwrite.
func TestConflictMergeEscalates(t *testing.T) {
	d := newDesk()
	st, r, _ := conflictRun(t, "{strategy: merge_escalate}", d)
	es, err := st.Escalations(t.Context(), store.EscalationFilter{Status: store.EscalationOpen})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.attempts) != 3 || len(es) != 3 {
		t.Fatalf("%d attempts, %d escalations; want 3 conflicts escalated and nothing more", len(d.attempts), len(es))
	}
	e := es[2]
	var ours, theirs map[string]json.RawMessage
	for i, v := range []*map[string]json.RawMessage{&ours, &theirs} {
		if err := json.Unmarshal([]byte([]string{e.SourceVersion, e.TargetVersion}[i]), v); err != nil {
			t.Fatalf("escalation %+v: %v", e, err)
		}
	}
	// The desk never took a write of the record: no version was agreed, so
	// the escalation has no base (TestConflictEscalationBaseIsNotTheRefusedWrite).
	if e.TargetKey != "w2" || e.SourceKey != "w2" || string(ours["count"]) != "20" || string(theirs["count"]) != "999" || e.BaseVersion != "" {
		t.Errorf("escalation %+v; want ours 20, theirs 999, no base (nothing agreed yet)", e)
	}
	plan, err := transform.Plan(t.Context(), st, r.Config, widgets, e, transform.Choice{Take: []string{"source"}, By: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Decide(t.Context(), plan); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual}); err != nil {
		t.Fatal(err)
	}
	if len(d.attempts) != 4 || !d.attempts[3].Overwrite || string(d.written["w2"]["count"]) != "20" {
		t.Errorf("after the decision: attempts %+v; want one overwrite of w2 with count 20", d.attempts[3:])
	}
}
