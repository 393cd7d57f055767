package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const triggersBase = `version: 1
staging: {sqlite: ./s.db, parquet_dir: ./p}
systems:
  crm: {kind: hubspot, base_url: "https://api.hubapi.com", auth: {type: none}}
jobs:
  - name: leads
    data_type: leads
    cadence: "*/30 * * * *"
    extract: {system: crm, entity: contacts, mode: full}
`

func triggerEnv(k string) (string, bool) {
	v, ok := map[string]string{
		"HS_SECRET": "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy",
		"SHORT":     "abc",
		"SLASHED":   "canary/with/slashes-0123456789",
	}[k]
	return v, ok
}

func TestTriggersAreDecodedWithDefaults(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "hook")
	if err := os.WriteFile(key, []byte("0123456789abcdef0123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	yaml := triggersBase + `    triggers:
      - {kind: hubspot, secret: "${HS_SECRET}", public_url: "https://steward.example.com/prefix"}
      - {kind: salesforce, secret_file: ` + key + `, organization_id: 00D5g000004ABCDEA2, debounce: 30s}
`
	f, err := Parse("c.yaml", []byte(yaml), nil, triggerEnv)
	if err != nil {
		t.Fatal(err)
	}
	tr := f.Jobs[0].Triggers
	if len(tr) != 2 || tr[0].Secret.Reveal() != "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy" || tr[1].Secret.Reveal() != "0123456789abcdef0123" {
		t.Fatalf("secrets not resolved: %v", tr)
	}
	if tr[0].Delay() != 5*time.Second || tr[1].Delay() != 30*time.Second {
		t.Errorf("delays %s, %s", tr[0].Delay(), tr[1].Delay())
	}
}

func TestTriggerProblemsAreAllReported(t *testing.T) {
	yaml := triggersBase + `    triggers:
      - {kind: hubspot, secret: "${HS_SECRET}", organization_id: 00D5g000004ABCDEA2}
      - {kind: hubspot, secret: "${HS_SECRET}"}
      - {kind: salesforce, secret: "${SLASHED}", organization_id: 00D5g000004ABCD}
      - {kind: generic, secret: "${SHORT}", debounce: 11m, public_url: "https://x.example"}
      - {kind: webhook, secret: literal-secret-canary}
      - {kind: generic, secrte: x}
`
	_, err := Parse("c.yaml", []byte(yaml), nil, triggerEnv)
	if err == nil {
		t.Fatal("bad triggers passed")
	}
	msg := err.Error()
	for _, want := range []string{
		`c.yaml:11:49: jobs[0].triggers[0].organization_id: organization_id belongs to a salesforce trigger`,
		`c.yaml:12:10: jobs[0].triggers[1].kind: a second hubspot trigger`,
		`c.yaml:13:28: jobs[0].triggers[2].secret: secret cannot stand in a URL path`,
		`jobs[0].triggers[2].organization_id: organization_id has the 15-character form`,
		`jobs[0].triggers[3].secret: secret is shorter than 16 characters`,
		`jobs[0].triggers[3].debounce: debounce 11m0s is outside 0–10m`,
		`jobs[0].triggers[3].public_url: public_url belongs to a hubspot trigger`,
		`jobs[0].triggers[4].kind: unknown trigger kind "webhook" (hint: one of: generic, hubspot, salesforce)`,
		`jobs[0].triggers[4].secret: secret is written literally`,
		`jobs[0].triggers[5].secrte: unknown key "secrte" (hint: did you mean "secret"?)`,
		`jobs[0].triggers[5].secret: secret is missing`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems lack %q", want)
		}
	}
	for _, canary := range []string{"canary", "abc\"", "yyyyyyyy"} {
		if strings.Contains(msg, canary) {
			t.Errorf("a problem shows a secret (%s):\n%s", canary, msg)
		}
	}
	if t.Failed() {
		t.Log(msg)
	}
}

func TestSalesforceTriggerNeedsItsOrg(t *testing.T) {
	yaml := triggersBase + `    triggers:
      - {kind: salesforce, secret: "${HS_SECRET}"}
`
	_, err := Parse("c.yaml", []byte(yaml), nil, triggerEnv)
	if err == nil || !strings.Contains(err.Error(), "jobs[0].triggers[0].organization_id: organization_id is missing") {
		t.Fatalf("err = %v", err)
	}
}
