package config

import (
	"strings"
	"testing"
)

func TestRouteSectionIsChecked(t *testing.T) {
	yaml := `version: 1
staging: {sqlite: ./s.db, parquet_dir: ./p}
systems:
  crm: {kind: hubspot, base_url: "https://api.hubapi.com", auth: {type: none}}
jobs:
  - name: leads
    data_type: leads
    cadence: "*/2 * * * *"
    extract: {system: crm, entity: contacts, mode: incremental}
    load:
      targets: [{system: crm, fields: [owner, score]}]
    route:
      catalog: {system: pim, data_type: products}
      accounts: {system: crm, data_type: prices}
      llm: model
      min_score: 150
      reps:
        - {email: rep1@example.com, capacity: -1}
        - {email: REP1@example.com}
        - {email: nobody}
`
	_, err := Parse("c.yaml", []byte(yaml), nil, func(string) (string, bool) { return "", false })
	if err == nil {
		t.Fatal("a bad route section passed")
	}
	for _, want := range []string{
		`jobs[0].route.catalog.system: system "pim" is not defined`,
		`jobs[0].route.accounts.data_type: data_type "prices" cannot be matched here (hint: customers)`,
		`jobs[0].route.llm: system "model" is not defined`,
		`jobs[0].route.min_score: min_score 150 is outside 0–100`,
		`jobs[0].route.reps[0].capacity: capacity is negative`,
		`jobs[0].route.reps[1].email: rep REP1@example.com is listed twice`,
		`jobs[0].route.reps[2].email: email "nobody" is not an e-mail address`,
		`jobs[0].load.targets[0].fields: every routing write carries its model and reasons`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems lack %q:\n%v", want, err)
		}
	}
}
