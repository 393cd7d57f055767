package transform

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
)

func TestCheckJobsMatchKeysAndFields(t *testing.T) {
	yaml := `version: 1
staging: {sqlite: ./s.db, parquet_dir: ./p}
systems:
  erp: {kind: odata, base_url: "https://erp.example.com", auth: {type: none}}
  crm: {kind: odata, base_url: "https://crm.example.com", auth: {type: none}}
jobs:
  - name: customers
    data_type: customers
    cadence: "@daily"
    extract: {system: erp, entity: A_Customer, mode: full}
    load:
      targets: [{system: crm, fields: [email, street]}]
    transform:
      match_keys: [external_id, gtin]
      strategy: merge_escalate
      fields: {street: erp, colour: crm}
`
	f, err := config.Parse("c.yaml", []byte(yaml), &config.Known{Kinds: []string{"odata"}}, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	ps := CheckJobs(f, Builtin())
	want := []string{
		`c.yaml:14:33: jobs[0].transform.match_keys[1]: data type customers has no match key "gtin" (hint: one of: external_id, vat_id, name_postal)`,
		`c.yaml:16:29: jobs[0].transform.fields.colour: data type customers has no field "colour"`,
	}
	if len(ps) != len(want) {
		t.Fatalf("problems:\n%v", ps)
	}
	for i, w := range want {
		if !strings.HasPrefix(ps[i].Error(), w) {
			t.Errorf("problem %d = %s\nwant prefix %s", i, ps[i], w)
		}
	}
	job, _ := f.Job("customers")
	p := PolicyFor(Customers, job, job.Load.Targets[0])
	if p.Strategy != MergeEscalate || p.Source != "erp" || p.Target != "crm" || p.FieldLeaders["street"] != "erp" {
		t.Errorf("policy %+v", p)
	}
}
