package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const privacyYAML = `version: 1
staging: {sqlite: DIR/state/steward.db, parquet_dir: DIR/state/parquet}
privacy:
  key: ${STEWARD_PII_KEY}
systems:
  erp:
    kind: odata
    base_url: https://erp.example.com
    auth: {type: none}
    settings: {entities: {A_Customer: {path: /A_Customer, key: [Customer]}}}
  crm:
    kind: odata
    base_url: https://crm.example.com
    auth: {type: none}
    settings: {entities: {Account: {path: /Account, key: [Id]}, Lead: {path: /Lead, key: [Id]}}}
jobs:
  - name: customers-erp
    data_type: customers
    cadence: "@daily"
    extract: {system: erp, entity: A_Customer, mode: full}
    load: {targets: [{system: crm, fields: [email, street, phone]}]}
  - name: leads
    data_type: leads
    cadence: "@daily"
    extract: {system: crm, entity: Lead, mode: full}
  - name: prices
    data_type: prices
    cadence: "@daily"
    extract: {system: erp, entity: A_Customer, mode: full}
`

// TestPrivacySummary: steward privacy lists, per job of a data type with
// personal fields, the fields, the source and the personal fields written
// to each target, where they rest, and the key by its reference only.
func TestPrivacySummary(t *testing.T) {
	t.Setenv("STEWARD_PII_KEY", "very-secret-pii-key")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "steward.yaml")
	if err := os.WriteFile(cfg, []byte(strings.ReplaceAll(privacyYAML, "DIR", dir)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, errText := runCLI(t, "privacy", "--config", cfg)
	text := string(out)
	if errText != "" {
		t.Fatal(errText)
	}
	for _, want := range []string{"privacy key: ${STEWARD_PII_KEY}", "customers-erp", "contact_name, email, phone", "erp/odata", "crm/odata (email, phone)",
		"leads ", "email, first_name, last_name, phone, message"} {
		if !strings.Contains(text, want) {
			t.Errorf("privacy output lacks %q:\n%s", want, text)
		}
	}
	for _, rest := range []string{`sqlite staging\s+plain`, `parquet snapshots\s+pseudonymized\s+` + regexp.QuoteMeta(filepath.Join(dir, "state", "parquet"))} {
		if !regexp.MustCompile(rest).MatchString(text) {
			t.Errorf("privacy output lacks %s:\n%s", rest, text)
		}
	}
	if strings.Contains(text, "prices") || strings.Contains(text, "very-secret-pii-key") {
		t.Errorf("privacy output lists a job without personal data or the key's value:\n%s", text)
	}
	out, _, errText = runCLI(t, "privacy", "--config", cfg, "--json")
	var rep privacyReport
	if err := json.Unmarshal(out, &rep); err != nil || errText != "" {
		t.Fatalf("privacy --json: %v %s\n%s", err, errText, out)
	}
	if rep.Key != "${STEWARD_PII_KEY}" || len(rep.Jobs) != 2 || len(rep.Jobs[0].Targets) != 1 || strings.Join(rep.Jobs[0].Targets[0].Fields, ",") != "email,phone" ||
		len(rep.Jobs[1].Targets) != 0 || rep.Jobs[1].Source.Kind != "odata" {
		t.Errorf("privacy --json: %+v", rep)
	}
	// reading commands need no key's value
	os.Unsetenv("STEWARD_PII_KEY")
	if out, _, errText = runCLI(t, "privacy", "--config", cfg); errText != "" || !strings.Contains(string(out), "${STEWARD_PII_KEY}") {
		t.Errorf("privacy without the key's variable: %s %s", errText, out)
	}
}
