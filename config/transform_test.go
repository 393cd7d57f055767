package config

import (
	"strings"
	"testing"
)

func TestTransformSection(t *testing.T) {
	ok := good + `    transform:
      match_keys: [sku, gtin]
      strategy: merge_escalate
      leader: pim
      skew_margin: 2m
      fields: {family: pim}
`
	f, err := Parse("t.yaml", []byte(ok), kinds, env)
	if err != nil {
		t.Fatal(err)
	}
	j, _ := f.Job("products")
	if tr := j.Transform; tr == nil || tr.Strategy != "merge_escalate" || tr.SkewMargin.Std().Minutes() != 2 || tr.Fields["family"] != "pim" {
		t.Fatalf("transform = %+v", j.Transform)
	}
	bad := good + `    transform:
      strategy: coin_flip
      leader: crm
      skew_margin: -1s
      fields: {family: shop}
`
	_, err = Parse("t.yaml", []byte(bad), kinds, env)
	ps, _ := AsProblems(err)
	want := []string{
		`t.yaml:26:7: jobs[0].transform.strategy: unknown strategy "coin_flip" (hint: one of: source_of_truth, last_write_wins, merge_escalate)`,
		`t.yaml:27:7: jobs[0].transform.leader: leader "crm" is not one of the job's systems (hint: one of: pim)`,
		`t.yaml:28:7: jobs[0].transform.skew_margin: skew_margin is negative`,
		`t.yaml:29:16: jobs[0].transform.fields.family: leader "shop" of field family`,
	}
	if len(ps) != len(want) {
		t.Fatalf("problems:\n%v", err)
	}
	for i, w := range want {
		if !strings.HasPrefix(ps[i].Error(), w) {
			t.Errorf("problem %d = %s\nwant prefix %s", i, ps[i].Error(), w)
		}
	}
}
