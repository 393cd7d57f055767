package transform

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
)

// TestLeadScoresWritesCarryModelAndReasons: a lead_scores target owns only
// score fields, and every write of a score carries its model and reasons.
func TestLeadScoresWritesCarryModelAndReasons(t *testing.T) {
	yaml := `version: 1
staging: {sqlite: ./s.db, parquet_dir: ./p}
systems:
  crm: {kind: odata, base_url: "https://crm.example.com", auth: {type: none}}
jobs:
  - name: scores
    data_type: lead_scores
    cadence: "@hourly"
    extract: {system: crm, entity: scores, mode: full}
    load:
      targets:
        - {system: crm, fields: [score, owner]}
        - {system: crm, fields: [score, model, reasons]}
`
	f, err := config.Parse("c.yaml", []byte(yaml), &config.Known{Kinds: []string{"odata"}}, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	ps := CheckJobs(f, Builtin())
	text := ps.Error()
	for _, want := range []string{`jobs[0].load.targets[0].fields: data type lead_scores does not write "owner"`,
		`jobs[0].load.targets[0].fields: every lead_scores write carries model and reasons (hint: add model, reasons to the fields)`} {
		if !strings.Contains(text, want) {
			t.Errorf("problems %q lack %q", text, want)
		}
	}
	if len(ps) != 2 {
		t.Errorf("want 2 problems (the second target is honest), got %d: %v", len(ps), ps)
	}
}
