package main

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	dvsb "github.com/stewardhq/steward/internal/sandbox/dataverse"
	hssb "github.com/stewardhq/steward/internal/sandbox/hubspot"
	sfsb "github.com/stewardhq/steward/internal/sandbox/salesforce"
)

// crmFields are the customer fields a job owns in a CRM target.
var crmFields = []string{"name", "vat_id", "street", "postal_code", "city", "country"}

// salesforceCustomers is Salesforce's Accounts. Its query pages are capped
// at crmCrashPage rows (batch sizes are not guaranteed; the smallest
// batchSize a client may ask is 200). Its deletions come from the deleted
// records feed, whose window the extractor bounds by the org's own clock
// (its answers' Date headers): the emulator's, hours behind steward's, so
// the deletions between the runs are reported.
var salesforceCustomers = crmSystem{
	name: "salesforce", kind: "salesforce", deletes: true,
	build: func(cat *catalog.Catalog) crmEmulator {
		return sfsb.New(sfsb.Options{ClientID: sfsb.SandboxClientID, ClientSecret: sfsb.SandboxClientSecret,
			RunAs: []string{sfsb.SandboxUsername}, PageCap: crmCrashPage, Catalog: cat})
	},
	entity: "Account", cursor: "SystemModstamp", fields: crmFields,
	secrets: map[string]string{"salesforce_secret": sfsb.SandboxClientSecret},
	yaml: func(name, url, secrets string) string {
		return fmt.Sprintf(`  %s:
    kind: salesforce
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: salesforce_client_credentials, client_id: %s, client_secret_file: %s/salesforce_secret}
    retry: {base_delay: 5ms}
`, name, url, sfsb.SandboxClientID, secrets)
	},
	edit: func(t *testing.T, e crmEmulator, _ *catalog.Catalog, i int, street string) {
		t.Helper()
		sf := e.(*sfsb.Emulator)
		if err := sf.Update("Account", sf.IDs("Account")[i], map[string]any{"BillingStreet": street}); err != nil {
			t.Fatal(err)
		}
	},
	remove: func(t *testing.T, e crmEmulator, _ *catalog.Catalog, i int) {
		t.Helper()
		sf := e.(*sfsb.Emulator)
		if err := sf.Delete("Account", sf.IDs("Account")[i]); err != nil {
			t.Fatal(err)
		}
	},
	add: func(t *testing.T, e crmEmulator, _ *catalog.Catalog, k int) {
		t.Helper()
		a := newAccount(k)
		if _, err := e.(*sfsb.Emulator).Put("Account", map[string]any{"Name": a.Name, "External_ID__c": a.Number, "VAT_ID__c": a.VATID,
			"BillingStreet": a.Street, "BillingPostalCode": a.PostalCode, "BillingCity": a.City, "BillingCountry": a.Country}); err != nil {
			t.Fatal(err)
		}
	},
	accounts: func(_ *testing.T, e crmEmulator) int {
		return len(e.(*sfsb.Emulator).IDs("Account"))
	},
	externalIDs: func(_ *testing.T, e crmEmulator) []string {
		sf := e.(*sfsb.Emulator)
		var ids []string
		for _, id := range sf.IDs("Account") {
			if r, _ := sf.Record("Account", id); r["IsDeleted"] != true && r["External_ID__c"] != nil {
				ids = append(ids, fmt.Sprint(r["External_ID__c"]))
			}
		}
		return ids
	},
}

// hubspotCustomers is HubSpot's companies, read incrementally through the
// search API; archived companies are its deletions. The portal's rate
// limit windows run on its clock, which stands still within a step of the
// test: its limits, and the pace of searches, are raised so that a window
// that never ends is never full.
var hubspotCustomers = crmSystem{
	name: "hubspot", kind: "hubspot", deletes: true,
	build: func(cat *catalog.Catalog) crmEmulator {
		e := hssb.Sandbox(cat)
		e.SetQuota(1_000_000, 10*time.Second, 10_000_000, 1_000_000)
		return e
	},
	entity: "companies", cursor: "hs_lastmodifieddate", fields: crmFields,
	secrets: map[string]string{"hubspot_token": hssb.SandboxToken},
	yaml: func(name, url, secrets string) string {
		return fmt.Sprintf(`  %s:
    kind: hubspot
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: bearer, token_file: %s/hubspot_token}
    retry: {base_delay: 5ms}
    settings: {search_per_second: 1000}
`, name, url, secrets)
	},
	edit: func(t *testing.T, e crmEmulator, cat *catalog.Catalog, i int, street string) {
		t.Helper()
		if err := e.(*hssb.Emulator).Update("companies", company(t, e, cat, i), map[string]string{"address": street}); err != nil {
			t.Fatal(err)
		}
	},
	remove: func(t *testing.T, e crmEmulator, cat *catalog.Catalog, i int) {
		t.Helper()
		if !e.(*hssb.Emulator).Delete("companies", company(t, e, cat, i)) {
			t.Fatalf("company of account %d not archived", i)
		}
	},
	add: func(t *testing.T, e crmEmulator, _ *catalog.Catalog, k int) {
		t.Helper()
		a := newAccount(k)
		if _, err := e.(*hssb.Emulator).Put("companies", map[string]string{"name": a.Name, "steward_external_id": a.Number, "vat_id": a.VATID,
			"address": a.Street, "zip": a.PostalCode, "city": a.City, "country": a.Country}); err != nil {
			t.Fatal(err)
		}
	},
	accounts: func(_ *testing.T, e crmEmulator) int { return e.(*hssb.Emulator).Count("companies") },
	externalIDs: func(t *testing.T, e crmEmulator) []string {
		var st struct {
			Tables map[string]struct {
				Records []struct {
					Props    map[string]string `json:"properties"`
					Archived any               `json:"archived_at"`
				} `json:"records"`
			} `json:"tables"`
		}
		savedAs(t, e, &st)
		var ids []string
		for _, r := range st.Tables["companies"].Records {
			if r.Archived == nil && r.Props["steward_external_id"] != "" {
				ids = append(ids, r.Props["steward_external_id"])
			}
		}
		return ids
	},
}

// company is the id of the company holding catalog account i.
func company(t *testing.T, e crmEmulator, cat *catalog.Catalog, i int) string {
	t.Helper()
	r, ok := e.(*hssb.Emulator).Find("companies", "steward_external_id", cat.Account(i).Number)
	if !ok {
		t.Fatalf("no company %s", cat.Account(i).Number)
	}
	return r.ID
}

// dataverseCustomers is Dataverse's accounts, read with change tracking
// (a delta link between the runs; removed entities are its deletions).
// Every write moves a row's version, so versions are left out of the
// comparison.
var dataverseCustomers = crmSystem{
	name: "dataverse", kind: "dataverse", deletes: true,
	build:  func(cat *catalog.Catalog) crmEmulator { return dvsb.Sandbox(cat) },
	entity: "accounts", cursor: "modifiedon", fields: crmFields, volatile: []string{"version"},
	secrets: map[string]string{"dataverse_secret": dvsb.SandboxSecret},
	yaml: func(name, url, secrets string) string {
		return fmt.Sprintf(`  %s:
    kind: dataverse
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: entra_client_credentials, token_url: %s/%s/oauth2/v2.0/token, client_id: %s, client_secret_file: %s/dataverse_secret}
    retry: {base_delay: 5ms}
`, name, url, url, dvsb.SandboxTenant, dvsb.SandboxClientID, secrets)
	},
	edit: func(t *testing.T, e crmEmulator, _ *catalog.Catalog, i int, street string) {
		t.Helper()
		if _, err := e.(*dvsb.Emulator).Put("accounts", dvsb.AccountID(i), map[string]any{"address1_line1": street}); err != nil {
			t.Fatal(err)
		}
	},
	remove: func(t *testing.T, e crmEmulator, _ *catalog.Catalog, i int) {
		t.Helper()
		if !e.(*dvsb.Emulator).Delete("accounts", dvsb.AccountID(i)) {
			t.Fatalf("no account %s to delete", dvsb.AccountID(i))
		}
	},
	add: func(t *testing.T, e crmEmulator, _ *catalog.Catalog, k int) {
		t.Helper()
		a := newAccount(k)
		if _, err := e.(*dvsb.Emulator).Put("accounts", "", map[string]any{"name": a.Name, "accountnumber": a.Number, "stw_vatid": a.VATID,
			"address1_line1": a.Street, "address1_postalcode": a.PostalCode, "address1_city": a.City, "address1_country": a.Country}); err != nil {
			t.Fatal(err)
		}
	},
	accounts: func(_ *testing.T, e crmEmulator) int { return e.(*dvsb.Emulator).Count("accounts") },
	externalIDs: func(t *testing.T, e crmEmulator) []string {
		var st struct {
			Tables map[string]struct {
				Rows map[string]struct {
					Fields map[string]any `json:"fields"`
				} `json:"rows"`
			} `json:"tables"`
		}
		savedAs(t, e, &st)
		var ids []string
		for _, r := range st.Tables["accounts"].Rows {
			if n, ok := r.Fields["accountnumber"].(string); ok && n != "" {
				ids = append(ids, n)
			}
		}
		return ids
	},
}

// savedAs decodes an emulator's saved state into v.
func savedAs(t *testing.T, e crmEmulator, v any) {
	t.Helper()
	raw, err := e.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}
