package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	dataversesb "github.com/stewardhq/steward/internal/sandbox/dataverse"
	hubspotsb "github.com/stewardhq/steward/internal/sandbox/hubspot"
	salesforcesb "github.com/stewardhq/steward/internal/sandbox/salesforce"
)

// crmSide is how the acceptance test reaches one CRM: accounts changed
// through the CRM's own HTTP API, read back (and products counted) from its
// emulator.
type crmSide struct {
	// ids returns the native ids of the catalog's accounts, by index.
	ids func(t *testing.T, sb *sandboxSystems) []string
	// patch changes native fields of an account through the API (nil
	// clears one).
	patch func(t *testing.T, sb *sandboxSystems, id string, fields map[string]any)
	// get reads an account's native fields back, as text.
	get func(sb *sandboxSystems, id string) map[string]string
	// price is the CRM's price of the product with sku.
	price func(sb *sandboxSystems, sku string) (string, bool)
	// accounts counts the CRM's accounts; calls is its request log.
	accounts func(sb *sandboxSystems) int
	calls    func(sb *sandboxSystems) map[string]int
	// The native fields of street, city, external id and VAT id.
	street, city, ext, vat string
}

// crmSides are the CRMs the sandbox config can name.
var crmSides = map[string]crmSide{
	"hubspot": {
		ids: func(t *testing.T, sb *sandboxSystems) []string {
			var out []string
			for i := range sb.Catalog.Accounts() {
				r, ok := sb.HubSpot.Find("companies", "steward_external_id", sb.Catalog.Account(i).Number)
				if !ok {
					t.Fatalf("no HubSpot company of account %d", i)
				}
				out = append(out, r.ID)
			}
			return out
		},
		patch: func(t *testing.T, sb *sandboxSystems, id string, fields map[string]any) {
			props := map[string]string{}
			for k, v := range fields {
				props[k] = text(v)
			}
			body, _ := json.Marshal(map[string]any{"properties": props})
			hdr := map[string]string{"Authorization": "Bearer " + hubspotsb.SandboxToken, "Content-Type": "application/json"}
			if code, _, b := apiCall(t, nil, http.MethodPatch, sb.URL(hubspotsb.Name)+"/crm/v3/objects/companies/"+id, string(body), hdr); code != http.StatusOK {
				t.Fatalf("PATCH company %s: %d %s", id, code, b)
			}
		},
		get: func(sb *sandboxSystems, id string) map[string]string {
			r, _ := sb.HubSpot.Get("companies", id)
			return r.Properties
		},
		price: func(sb *sandboxSystems, sku string) (string, bool) {
			r, ok := sb.HubSpot.Find("products", "hs_sku", sku)
			return r.Properties["price"], ok
		},
		accounts: func(sb *sandboxSystems) int { return sb.HubSpot.Count("companies") },
		calls:    func(sb *sandboxSystems) map[string]int { return sb.HubSpot.Calls() },
		street:   "address", city: "city", ext: "steward_external_id", vat: "vat_id",
	},
	"dataverse": {
		ids: func(_ *testing.T, sb *sandboxSystems) []string {
			var out []string
			for i := range sb.Catalog.Accounts() {
				out = append(out, dataversesb.AccountID(i))
			}
			return out
		},
		patch: func(t *testing.T, sb *sandboxSystems, id string, fields map[string]any) {
			base := sb.URL(dataversesb.Name)
			tok := formToken(t, base+"/"+dataversesb.SandboxTenant+"/oauth2/v2.0/token", url.Values{"grant_type": {"client_credentials"},
				"client_id": {dataversesb.SandboxClientID}, "client_secret": {dataversesb.SandboxSecret}, "scope": {base + "/.default"}})
			body, _ := json.Marshal(fields)
			hdr := map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json", "Accept": "application/json",
				"OData-Version": "4.0", "OData-MaxVersion": "4.0", "If-Match": "*"}
			if code, _, b := apiCall(t, nil, http.MethodPatch, base+"/api/data/v9.2/accounts("+id+")", string(body), hdr); code != http.StatusNoContent {
				t.Fatalf("PATCH account %s: %d %s", id, code, b)
			}
		},
		get: func(sb *sandboxSystems, id string) map[string]string { return texts(sb.Dataverse.Get("accounts", id)) },
		price: func(sb *sandboxSystems, sku string) (string, bool) {
			id := sb.Dataverse.FindByAltKey("products", sku)
			return text(sb.Dataverse.Get("products", id)["price"]), id != ""
		},
		accounts: func(sb *sandboxSystems) int { return sb.Dataverse.Count("accounts") },
		calls:    func(sb *sandboxSystems) map[string]int { return sb.Dataverse.Calls() },
		street:   "address1_line1", city: "address1_city", ext: "accountnumber", vat: "stw_vatid",
	},
	"salesforce": {
		ids: func(t *testing.T, sb *sandboxSystems) []string {
			byName := map[string]string{}
			for _, id := range sb.Salesforce.IDs("Account") {
				r, _ := sb.Salesforce.Record("Account", id)
				byName[text(r["Name"])] = id
			}
			var out []string
			for i := range sb.Catalog.Accounts() {
				id, ok := byName[sb.Catalog.Account(i).Name]
				if !ok {
					t.Fatalf("no Salesforce account of account %d", i)
				}
				out = append(out, id)
			}
			return out
		},
		patch: func(t *testing.T, sb *sandboxSystems, id string, fields map[string]any) {
			base := sb.URL(salesforcesb.Name)
			tok := formToken(t, base+"/services/oauth2/token", url.Values{"grant_type": {"client_credentials"},
				"client_id": {salesforcesb.SandboxClientID}, "client_secret": {salesforcesb.SandboxClientSecret}})
			body, _ := json.Marshal(fields)
			hdr := map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
			if code, _, b := apiCall(t, nil, http.MethodPatch, base+"/services/data/v59.0/sobjects/Account/"+id, string(body), hdr); code != http.StatusNoContent {
				t.Fatalf("PATCH Account %s: %d %s", id, code, b)
			}
		},
		get: func(sb *sandboxSystems, id string) map[string]string {
			r, _ := sb.Salesforce.Record("Account", id)
			return texts(r)
		},
		price: func(sb *sandboxSystems, sku string) (string, bool) {
			for _, id := range sb.Salesforce.IDs("PricebookEntry") {
				if r, _ := sb.Salesforce.Record("PricebookEntry", id); text(r["External_ID__c"]) == sku+"-EUR" {
					return text(r["UnitPrice"]), true
				}
			}
			return "", false
		},
		accounts: func(sb *sandboxSystems) int { return len(sb.Salesforce.IDs("Account")) },
		calls:    func(sb *sandboxSystems) map[string]int { return sb.Salesforce.Calls() },
		street:   "BillingStreet", city: "BillingCity", ext: "External_ID__c", vat: "VAT_ID__c",
	},
}

// text renders a native value as text ("" for nil).
func text(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

func texts(m map[string]any) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = text(v)
	}
	return out
}
