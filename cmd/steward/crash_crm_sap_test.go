package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// sapCustomers is SAP S/4HANA's business partners (OData v2
// API_BUSINESS_PARTNER) as a side of the CRM crash test. SAP reports no
// deletions; steward never creates partners, so a customer SAP lacks is a
// dead letter.
var sapCustomers = crmSystem{
	name:   "sap",
	build:  func(cat *catalog.Catalog) crmEmulator { return sap.Sandbox(cat) },
	entity: "customers", cursor: "LastChangeDate",
	fields: []string{"name", "street", "postal_code", "city", "country"},
	secrets: func(*catalog.Catalog, crmEmulator) map[string]string {
		return map[string]string{"sap_password": sap.SandboxCredentials.Password}
	},
	yaml: func(name, url, secrets string) string {
		return fmt.Sprintf(`  %s:
    kind: odata
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: basic, username: %s, password_file: %s/sap_password}
    retry: {base_delay: 5ms}
    settings:
      csrf: true
      entities:
        customers:
          version: 2
          path: %s%s
          key: [BusinessPartner]
          canonical: customer
          filter: BusinessPartnerCategory eq '2'
`, name, url, sap.SandboxCredentials.User, secrets, sap.BPService, sap.BPSet)
	},
	change:   changePartners,
	accounts: func(t *testing.T, e crmEmulator) int { return len(sapRows(t, e.(*sap.Server), sap.BPSet)) },
}

// changePartners moves the address of every seventh partner (a change in
// SAP's own UI: the partner's change time moves to the clock) and deletes
// every 23rd of the others.
func changePartners(t *testing.T, e crmEmulator, cat *catalog.Catalog) {
	t.Helper()
	s := e.(*sap.Server)
	raw, err := s.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&st); err != nil {
		t.Fatal(err)
	}
	bp := st["business_partners"].(map[string]any)
	for _, row := range bp[sap.BPAddressSet].([]any) {
		addr := row.(map[string]any)
		if i := partnerIndex(addr["BusinessPartner"]); i%7 == 3 {
			addr["StreetName"], addr["HouseNumber"] = "Neue Straße", fmt.Sprint(1+i%90)
		}
	}
	if raw, err = json.Marshal(st); err != nil {
		t.Fatal(err)
	}
	if err := s.LoadState(raw); err != nil {
		t.Fatal(err)
	}
	for i := range cat.Accounts() {
		switch {
		case i%7 == 3 && !s.TouchPartner(sap.PartnerID(i)):
			t.Fatalf("no partner %s to touch", sap.PartnerID(i))
		case i%7 != 3 && i%23 == 5 && !s.DeletePartner(sap.PartnerID(i)):
			t.Fatalf("no partner %s to delete", sap.PartnerID(i))
		}
	}
}

// partnerIndex is the catalog account of a BusinessPartner key (see
// sap.PartnerID).
func partnerIndex(id any) int {
	var n int
	_, _ = fmt.Sscanf(fmt.Sprint(id), "%d", &n)
	return n - 1000001
}

// sapRows returns the rows of one business partner entity set.
func sapRows(t *testing.T, s *sap.Server, set string) []any {
	t.Helper()
	raw, err := s.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Partners map[string][]any `json:"business_partners"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	return st.Partners[set]
}
