package store

import (
	"fmt"
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

// TestEscalationPagesCrossFromOpenToClosed: pages of two walk the open
// escalations by id, then the closed ones, a page taking the last open one
// and the first closed one, each row once.
func TestEscalationPagesCrossFromOpenToClosed(t *testing.T) {
	s := open(t)
	for i := 1; i <= 5; i++ {
		status := EscalationOpen
		if i%2 == 0 {
			status = EscalationResolved
		}
		if _, err := s.db.ExecContext(t.Context(), `INSERT INTO escalations (job, data_type, canonical_id, kind, source_system, status, created_at, updated_at)
			VALUES ('j', 'customers', ?, 'conflict', 'erp', ?, '', '')`, fmt.Sprint(i), status); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	f := EscalationPageFilter{Limit: 2}
	for range 5 {
		rows, err := s.EscalationPage(t.Context(), f)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			break
		}
		var page []string
		for _, e := range rows {
			page = append(page, fmt.Sprint(e.ID))
		}
		got = append(got, strings.Join(page, ","))
		last := rows[len(rows)-1]
		f.After = EscalationCursor{Closed: last.Status != EscalationOpen, ID: last.ID}
	}
	if want := "1,3 5,2 4"; strings.Join(got, " ") != want {
		t.Errorf("pages %q, want %q", strings.Join(got, " "), want)
	}
}
