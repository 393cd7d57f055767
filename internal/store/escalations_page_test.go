package store

import (
	"strings"
	"testing"
)

// TestEscalationPageQueriesUseIndexes: every query of the escalation list
// reads its part of the table in id order through an index (migration 0021),
// never scanning the table nor sorting it, so a page stays cheap at 100k
// escalations whatever its filters and depth (BenchmarkEscalationPage).
func TestEscalationPageQueriesUseIndexes(t *testing.T) {
	s := open(t)
	for _, c := range []struct {
		name   string
		f      EscalationPageFilter
		closed bool
		want   string
	}{
		{"open", EscalationPageFilter{}, false, "USING INDEX escalations_status_id (status=? AND id>?)"},
		{"closed", EscalationPageFilter{}, true, "USING INDEX escalations_closed_id (id>?)"},
		{"open by job and kind", EscalationPageFilter{Job: "j", Kind: "conflict"}, false, "USING INDEX escalations_status (status=? AND job=? AND rowid>?)"},
		{"closed by job and kind", EscalationPageFilter{Job: "j", Kind: "conflict"}, true, "USING INDEX escalations_closed_"},
		{"open by type", EscalationPageFilter{DataType: "customers"}, false, "USING INDEX escalations_status_id (status=? AND id>?)"},
		{"one closed status", EscalationPageFilter{Status: EscalationResolved}, true, "USING INDEX escalations_status_id (status=? AND id>?)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, args := escalationPartSQL(c.f, c.closed, 100, 51)
			plan := queryPlan(t, s, q, args...)
			if !strings.Contains(plan, c.want) {
				t.Errorf("plan does not use %q:\n%s", c.want, plan)
			}
			for _, bad := range []string{"SCAN escalations\n", "TEMP B-TREE"} {
				if strings.Contains(plan, bad) {
					t.Errorf("plan has %q:\n%s", strings.TrimSpace(bad), plan)
				}
			}
		})
	}
}
