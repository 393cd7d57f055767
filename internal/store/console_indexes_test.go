package store

import (
	"strings"
	"testing"
)

// TestReviewRunPageQueriesUseIndexes: the run page reads a run's dead
// letters and quarantined records; at 100k rows each a scan of the table
// took 30-180 ms per page even for a run without any, so each must be a
// lookup by run_id (migration 0020).
func TestReviewRunPageQueriesUseIndexes(t *testing.T) {
	s := open(t)
	for _, c := range []struct {
		name, query, table, want string
		args                     []any
	}{
		{"dead letters", runDeadLettersSQL, "dead_letters", "SEARCH dead_letters USING INDEX dead_letters_run (run_id=?)", []any{7}},
		{"dead letter page", runDeadLetterPageSQL, "dead_letters", "SEARCH dead_letters USING INDEX dead_letters_run (run_id=? AND rowid>?)", []any{7, 0, 200}},
		{"dead letter tally", runDeadLetterTallySQL, "dead_letters", "SEARCH dead_letters USING COVERING INDEX dead_letters_run (run_id=?)", []any{7, 7}},
		{"open dead letter tally", runDeadLetterTallySQL, "dead_letters", "INDEX dead_letters_run_open (run_id=?)", []any{7, 7}},
		{"quarantine", runQuarantineSQL, "quarantine", "SEARCH quarantine USING INDEX quarantine_run (run_id=? AND rowid>?)", []any{7, 0, 500}},
	} {
		t.Run(c.name, func(t *testing.T) {
			plan := queryPlan(t, s, c.query, c.args...)
			if !strings.Contains(plan, c.want) {
				t.Errorf("plan is not %q:\n%s", c.want, plan)
			}
			if strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("plan sorts the run's rows instead of reading them in id order:\n%s", plan)
			}
		})
	}
}
