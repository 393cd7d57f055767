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
	name: "sap", kind: "odata",
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

// changePartners moves the address of every seventh partner and deletes
// every 23rd of the others (as SAP's own UI would: the partner's change time
// moves to the clock), and adds crmNewAccounts partners.
func changePartners(t *testing.T, e crmEmulator, cat *catalog.Catalog) {
	t.Helper()
	s := e.(*sap.Server)
	st := sapState(t, s)
	bp := st["business_partners"].(map[string]any)
	for _, row := range bp[sap.BPAddressSet].([]any) {
		addr := row.(map[string]any)
		if i := partnerIndex(addr["BusinessPartner"]); changed(i) {
			addr["StreetName"], addr["HouseNumber"] = "Neue Straße", fmt.Sprint(1+i%90)
		}
	}
	for k := range crmNewAccounts {
		addPartner(bp, cat.Accounts()+k, newAccount(k))
	}
	raw, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.LoadState(raw); err != nil {
		t.Fatal(err)
	}
	for i := range cat.Accounts() + crmNewAccounts {
		switch {
		case (changed(i) || i >= cat.Accounts()) && !s.TouchPartner(sap.PartnerID(i)):
			t.Fatalf("no partner %s to touch", sap.PartnerID(i))
		case deleted(i) && i < cat.Accounts() && !s.DeletePartner(sap.PartnerID(i)):
			t.Fatalf("no partner %s to delete", sap.PartnerID(i))
		}
	}
}

// addPartner appends partner i holding account a, with its address, VAT
// number and customer role, to the saved business partner tables.
func addPartner(bp map[string]any, i int, a catalog.Account) {
	id := sap.PartnerID(i)
	add := func(set string, row map[string]any) { bp[set] = append(bp[set].([]any), row) }
	add(sap.BPSet, map[string]any{"BusinessPartner": id, "BusinessPartnerCategory": "2", "BusinessPartnerFullName": a.Name,
		"OrganizationBPName1": a.Name, "BusinessPartnerIDByExtSystem": a.Number, "SearchTerm1": "NEU",
		"LastChangeDate": "/Date(0)/", "LastChangeTime": "PT00H00M00S"})
	add(sap.BPAddressSet, map[string]any{"BusinessPartner": id, "AddressID": fmt.Sprint(30000 + i), "StreetName": "Neue Straße",
		"HouseNumber": fmt.Sprint(i % 90), "PostalCode": a.PostalCode, "CityName": a.City, "Country": a.Country})
	add(sap.BPTaxSet, map[string]any{"BusinessPartner": id, "BPTaxType": a.Country + "0", "BPTaxNumber": a.VATID})
	add(sap.BPCustomerSet, map[string]any{"Customer": id, "CustomerName": a.Name, "CustomerFullName": a.Name,
		"CustomerAccountGroup": "CUST", "DeletionIndicator": false, "OrderIsBlockedForCustomer": ""})
}

// sapState is the emulator's saved state, numbers kept as written.
func sapState(t *testing.T, s *sap.Server) map[string]any {
	t.Helper()
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
	return st
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
