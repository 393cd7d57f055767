package store

import (
	"strings"
	"testing"
)

// TestMetricsQueriesUseIndexes: the figures read at every metrics scrape
// must stay cheap at a million outbox rows and 100k drafts, so none of their
// queries may scan one of those tables; each reads an index (migration 0018
// adds the partial ones for open outbox rows and dead letters).
func TestMetricsQueriesUseIndexes(t *testing.T) {
	s := open(t)
	for _, c := range []struct {
		name, query string
		args        []any
		want        []string
	}{
		{"outbox depth", outboxDepthSQL, nil, []string{"COVERING INDEX outbox_open"}},
		{"open dead letters", openDeadLettersSQL, nil, []string{"INDEX dead_letters_open"}},
		{"drafts", draftTallySQL, []any{DraftPending}, []string{"COVERING INDEX drafts_status (status=?)"}},
		{"latest quality", latestQualitySQL, nil, []string{"COVERING INDEX quality_runs_job", "INTEGER PRIMARY KEY"}},
		{"run tallies", runTalliesSQL, []any{100, 200}, []string{"SEARCH runs USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"}},
		{"settled runs", settledThroughSQL, []any{100}, []string{"SEARCH runs USING INTEGER PRIMARY KEY (rowid>?)"}},
		{"last run times", lastRunTimesSQL, nil, []string{"SEARCH runs USING INDEX runs_job (job=?)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			plan := queryPlan(t, s, c.query, c.args...)
			for _, w := range c.want {
				if !strings.Contains(plan, w) {
					t.Errorf("plan does not use %q:\n%s", w, plan)
				}
			}
			for _, table := range []string{"outbox", "dead_letters", "drafts", "quality_runs", "runs"} {
				if strings.Contains(plan, "SCAN "+table+"\n") {
					t.Errorf("plan scans the whole %s table:\n%s", table, plan)
				}
			}
		})
	}
}

// queryPlan returns SQLite's plan of query, one step a line.
func queryPlan(t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.db.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
