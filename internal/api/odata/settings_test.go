package odata_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/api/odata"
)

const keyTypesConfig = `version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: odata
    base_url: https://sap.example.com
    auth: {type: basic, username: u, password: "${PW}"}
    settings:
      entities:
        validity:
          path: /A_SlsPrcgCndnRecdValidity
          key: [ConditionRecord, ConditionValidityEndDate]
          key_types:
            ConditionValidityEndDate: %s
jobs:
  - name: job
    data_type: prices
    cadence: "@daily"
    extract: {system: src, entity: validity, mode: incremental, cursor_field: LastChangeDateTime}
`

// TestKeyTypesSettings: key_types are decoded; an unknown type name is a
// config problem at its key, with a hint listing the known ones (issue 6 item 10).
func TestKeyTypesSettings(t *testing.T) {
	f, err := config.Parse("s.yaml", []byte(strings.Replace(keyTypesConfig, "%s", "Edm.Date", 1)), nil, env)
	if err != nil {
		t.Fatal(err)
	}
	s, ps := odata.DecodeSettings(f, "src")
	if len(ps) != 0 || s.Entities["validity"].KeyTypes["ConditionValidityEndDate"] != odata.EdmDate {
		t.Fatalf("settings %+v, problems %v", s, ps)
	}
	f, err = config.Parse("s.yaml", []byte(strings.Replace(keyTypesConfig, "%s", "Edm.DateTime", 1)), nil, env)
	if err != nil {
		t.Fatal(err)
	}
	ps = odata.CheckSettings(f, "src")
	if len(ps) != 1 || ps[0].Path != "systems.src.settings.entities.validity.key_types.ConditionValidityEndDate" ||
		ps[0].Line != 14 || !strings.Contains(ps[0].Hint, "Edm.Date,") || !strings.Contains(ps[0].Error(), `"Edm.DateTime"`) {
		t.Fatalf("problems %#v", ps)
	}
	// The cursor field is read as an Edm.DateTimeOffset.
	cursor := strings.Replace(keyTypesConfig, "%s", "Edm.Date\n            LastChangeDateTime: Edm.Date", 1)
	if f, err = config.Parse("s.yaml", []byte(cursor), nil, env); err != nil {
		t.Fatal(err)
	}
	ps = odata.CheckSettings(f, "src")
	if len(ps) != 1 || ps[0].Path != "systems.src.settings.entities.validity.key_types.LastChangeDateTime" || ps[0].Line != 15 {
		t.Fatalf("cursor typed as a date: problems %#v", ps)
	}
}

func env(string) (string, bool) { return "secret", true }
