package store

import (
	"maps"
	"slices"
	"testing"
)

// EscalatedKeys names the records of one system and data type that are the
// source of an escalation, open or decided; other systems, data types and
// keys without one are left out.
func TestEscalatedKeys(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	es := []Escalation{
		{Job: "j", DataType: "products", CanonicalID: "c1", Kind: EscalationAmbiguous, SourceSystem: "pim", SourceKey: "A", TargetSystem: "shop"},
		{Job: "j", DataType: "products", CanonicalID: "c2", Kind: EscalationConflict, SourceSystem: "pim", SourceKey: "B", TargetSystem: "shop"},
		{Job: "j", DataType: "customers", CanonicalID: "c3", Kind: EscalationAmbiguous, SourceSystem: "pim", SourceKey: "C", TargetSystem: "shop"},
		{Job: "j", DataType: "products", CanonicalID: "c4", Kind: EscalationAmbiguous, SourceSystem: "erp", SourceKey: "D", TargetSystem: "shop"},
	}
	if err := s.Escalate(ctx, es); err != nil {
		t.Fatal(err)
	}
	got, err := s.EscalatedKeys(ctx, "pim", "products", []string{"A", "B", "C", "D", "E"})
	if err != nil {
		t.Fatal(err)
	}
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, []string{"A", "B"}) {
		t.Errorf("escalated keys %v; want [A B]", keys)
	}
}
