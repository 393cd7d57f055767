package odata_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/api/odata"
)

const customersConfig = `version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  erp:
    kind: odata
    base_url: https://my000000-api.s4hana.cloud.sap
    auth: {type: basic, username: u, password: "${PW}"}
    settings:
      entities:
        business_partners:
          version: %s
          path: /sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner
          key: [BusinessPartner]
          canonical: customer
          filter: BusinessPartnerCategory eq '2'
jobs:
  - name: customers-from-sap
    data_type: customers
    cadence: "@hourly"
    extract: {system: erp, entity: business_partners, mode: incremental, cursor_field: LastChangeDate, overlap: 1s}
`

// TestCustomerSettings: version 2 with canonical customer decodes; a
// customer mapping of a v4 entity, or an unknown version, is a problem at
// its key.
func TestCustomerSettings(t *testing.T) {
	parse := func(version string) (odata.Settings, config.Problems) {
		f, err := config.Parse("s.yaml", []byte(strings.Replace(customersConfig, "%s", version, 1)), nil, env)
		if err != nil {
			t.Fatal(err)
		}
		return odata.DecodeSettings(f, "erp")
	}
	s, ps := parse("2")
	if e := s.Entities["business_partners"]; len(ps) != 0 || e.Version != 2 || e.Canonical != odata.CanonicalCustomer {
		t.Fatalf("settings %+v, problems %v", s, ps)
	}
	if _, ps := parse("4"); len(ps) != 1 || ps[0].Path != "systems.erp.settings.entities.business_partners.canonical" || !strings.Contains(ps[0].Hint, "version: 2") {
		t.Errorf("customer on v4: %#v", ps)
	}
	if _, ps := parse("3"); len(ps) != 2 || ps[0].Path != "systems.erp.settings.entities.business_partners.version" {
		t.Errorf("version 3: %#v", ps)
	}
}
