package dataverse_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/connector/dataverse"
	"github.com/stewardhq/steward/transform"
)

const steward = `version: 1
staging: {sqlite: x.db, parquet_dir: pq}
privacy:
  key: ${PII_KEY}
systems:
  crm:
    kind: dataverse
    base_url: https://org.crm4.dynamics.com
    auth: {type: entra_client_credentials, client_id: app, client_secret: "${SECRET}"}
    settings:
      tenant: contoso.onmicrosoft.com
      tables:
        leads: {mode: modifiedon}
jobs:
  - name: customers
    data_type: customers
    cadence: "@daily"
    extract: {system: crm, entity: accounts, mode: incremental, cursor_field: modifiedon, overlap: 5m}
`

// TestKindValidates: a config naming the kind and its Entra flow
// validates with the registry's names, and its settings decode once.
func TestKindValidates(t *testing.T) {
	reg := connector.NewRegistry()
	reg.Register(dataverse.Kind())
	f, err := config.Parse("steward.yaml", []byte(steward), reg.Known(transform.Builtin()), func(string) (string, bool) { return "x", true })
	if err != nil {
		t.Fatal(err)
	}
	if _, ps := reg.Decode(f); len(ps) > 0 {
		t.Fatal(ps)
	}
	bad := strings.Replace(steward, "entity: accounts", "entity: contacts", 1)
	f, err = config.Parse("steward.yaml", []byte(bad), reg.Known(transform.Builtin()), func(string) (string, bool) { return "x", true })
	if err != nil {
		t.Fatal(err)
	}
	if _, ps := reg.Decode(f); len(ps) != 1 || !strings.Contains(ps[0].Error(), "jobs[0].extract.entity") {
		t.Fatalf("problems %v", ps)
	}
}
