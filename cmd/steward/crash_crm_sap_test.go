package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
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
	fields:  []string{"name", "street", "postal_code", "city", "country"},
	secrets: map[string]string{"sap_password": sap.SandboxCredentials.Password},
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
	edit:     editPartner,
	remove:   removePartner,
	add:      addPartner,
	accounts: func(t *testing.T, e crmEmulator) int { return len(sapRows(t, e.(*sap.Server), sap.BPSet)) },
	externalIDs: func(t *testing.T, e crmEmulator) []string {
		var ids []string
		for _, row := range sapRows(t, e.(*sap.Server), sap.BPSet) {
			ids = append(ids, fmt.Sprint(row.(map[string]any)["BusinessPartnerIDByExtSystem"]))
		}
		return ids
	},
}

// editPartner moves the address of catalog account i's partner to street,
// as SAP's own UI would: the partner's change time moves to the clock.
func editPartner(t *testing.T, e crmEmulator, _ *catalog.Catalog, i int, street string) {
	t.Helper()
	s := e.(*sap.Server)
	editSAP(t, s, func(bp map[string]any) {
		for _, row := range bp[sap.BPAddressSet].([]any) {
			if addr := row.(map[string]any); addr["BusinessPartner"] == sap.PartnerID(i) {
				addr["StreetName"], addr["HouseNumber"] = splitHouse(street)
			}
		}
	})
	if !s.TouchPartner(sap.PartnerID(i)) {
		t.Fatalf("no partner %s to touch", sap.PartnerID(i))
	}
}

func removePartner(t *testing.T, e crmEmulator, _ *catalog.Catalog, i int) {
	t.Helper()
	if !e.(*sap.Server).DeletePartner(sap.PartnerID(i)) {
		t.Fatalf("no partner %s to delete", sap.PartnerID(i))
	}
}

// addPartner adds the k-th new account as a partner after the catalog's,
// with its address, VAT number and customer role.
func addPartner(t *testing.T, e crmEmulator, cat *catalog.Catalog, k int) {
	t.Helper()
	s, a, id := e.(*sap.Server), newAccount(k), sap.PartnerID(cat.Accounts()+k)
	street, house := splitHouse(a.Street)
	editSAP(t, s, func(bp map[string]any) {
		add := func(set string, row map[string]any) { bp[set] = append(bp[set].([]any), row) }
		add(sap.BPSet, map[string]any{"BusinessPartner": id, "BusinessPartnerCategory": "2", "BusinessPartnerFullName": a.Name,
			"OrganizationBPName1": a.Name, "BusinessPartnerIDByExtSystem": a.Number, "SearchTerm1": "NEU",
			"LastChangeDate": "/Date(0)/", "LastChangeTime": "PT00H00M00S"})
		add(sap.BPAddressSet, map[string]any{"BusinessPartner": id, "AddressID": fmt.Sprint(30001 + k), "StreetName": street,
			"HouseNumber": house, "PostalCode": a.PostalCode, "CityName": a.City, "Country": a.Country})
		add(sap.BPTaxSet, map[string]any{"BusinessPartner": id, "BPTaxType": a.Country + "0", "BPTaxNumber": a.VATID})
		add(sap.BPCustomerSet, map[string]any{"Customer": id, "CustomerName": a.Name, "CustomerFullName": a.Name,
			"CustomerAccountGroup": "CUST", "DeletionIndicator": false, "OrderIsBlockedForCustomer": ""})
	})
	if !s.TouchPartner(id) {
		t.Fatalf("partner %s was not added", id)
	}
}

// editSAP changes the emulator's business partner tables through its saved
// state (the service itself creates no partners).
func editSAP(t *testing.T, s *sap.Server, edit func(bp map[string]any)) {
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
	edit(st["business_partners"].(map[string]any))
	if raw, err = json.Marshal(st); err != nil {
		t.Fatal(err)
	}
	if err := s.LoadState(raw); err != nil {
		t.Fatal(err)
	}
}

// splitHouse splits "Neue Straße 4" into street name and house number.
func splitHouse(street string) (string, string) {
	i := strings.LastIndexByte(street, ' ')
	return street[:i], street[i+1:]
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
