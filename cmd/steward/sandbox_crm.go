package main

import (
	"maps"
	"slices"

	dataversesb "github.com/stewardhq/steward/internal/sandbox/dataverse"
	hubspotsb "github.com/stewardhq/steward/internal/sandbox/hubspot"
	salesforcesb "github.com/stewardhq/steward/internal/sandbox/salesforce"
)

// sandboxCRM is how the sandbox config reaches one CRM: the emulator serving
// it, its system section (named after its kind, so that other jobs of the
// config, such as the leads job's, find the same system), and what its
// customers job reads (the object and its change-time field). Every CRM maps its accounts to the same canonical
// customer and takes the PIM's products, so the same jobs serve whichever
// one the config names.
type sandboxCRM struct {
	emulator string
	system   string
	accounts string
	cursor   string
}

// sandboxCRMs are the CRMs a sandbox config can name, by kind.
var sandboxCRMs = map[string]sandboxCRM{
	"hubspot":    {emulator: hubspotsb.Name, system: hubspotCRMSystem, accounts: "companies", cursor: "hs_lastmodifieddate"},
	"salesforce": {emulator: salesforcesb.Name, system: salesforceCRMSystem, accounts: "Account", cursor: "SystemModstamp"},
	"dataverse":  {emulator: dataversesb.Name, system: dataverseCRMSystem, accounts: "accounts", cursor: "modifiedon"},
}

// sandboxCRMNames lists the CRMs a sandbox config can name, sorted.
func sandboxCRMNames() []string { return slices.Sorted(maps.Keys(sandboxCRMs)) }

// crmSystem is the CRM's system section, and crmJobs the jobs syncing with
// it; both are empty when the sandbox does not serve that CRM (its kind is
// not registered), so the rest of the config stays usable.
func (sb *sandboxSystems) crmSystem(c sandboxCRM) string {
	if sb.URL(c.emulator) == "" {
		return ""
	}
	return c.system
}

func (sb *sandboxSystems) crmJobs(c sandboxCRM) string {
	if sb.URL(c.emulator) == "" {
		return ""
	}
	return crmJobs
}

// crmSecrets are the CRMs' credentials as the sandbox writes them into its
// secrets folder, by file name.
func crmSecrets() map[string]string {
	return map[string]string{
		"hubspot_token":            hubspotsb.SandboxToken,
		"salesforce_client_secret": salesforcesb.SandboxClientSecret,
		"dataverse_client_secret":  dataversesb.SandboxSecret,
		// The key of the personal fields' tokens: sandbox-only, like the rest.
		"privacy_key": "sandbox-privacy-key-not-a-secret",
	}
}

// crmCredentials say, by emulator name, how a client signs in to each
// sandbox CRM: sandbox-only values, printed by steward sandbox.
var crmCredentials = map[string]string{
	hubspotsb.Name:    "private app token " + hubspotsb.SandboxToken,
	salesforcesb.Name: "client credentials " + salesforcesb.SandboxClientID + " / " + salesforcesb.SandboxClientSecret,
	dataversesb.Name: "Entra tenant " + dataversesb.SandboxTenant + " (token at /" + dataversesb.SandboxTenant + "/oauth2/v2.0/token), client " +
		dataversesb.SandboxClientID + " / " + dataversesb.SandboxSecret,
}

// credentialsNote is the sign-in note steward sandbox prints after an
// emulator's URL ("" for one without a note).
func credentialsNote(name string) string {
	if c, ok := crmCredentials[name]; ok {
		return "  (" + c + ")"
	}
	return ""
}

// hubspotCRMSystem reaches the sandbox portal with its private app token; the
// connector's default property maps are the sandbox schema's.
const hubspotCRMSystem = `  hubspot:
    kind: hubspot
    base_url: {{crm_url}}
    allow_insecure_loopback: true
    auth:
      type: bearer
      token_file: {{secrets}}/hubspot_token
    retry:
      base_delay: {{base_delay}}
    settings:
      price_currency: EUR
`

// salesforceCRMSystem reaches the sandbox org with the client credentials flow
// of its connected app (the token endpoint is the org's My Domain host).
const salesforceCRMSystem = `  salesforce:
    kind: salesforce
    base_url: {{crm_url}}
    allow_insecure_loopback: true
    auth:
      type: salesforce_client_credentials
      token_url: {{crm_url}}/services/oauth2/token
      client_id: ` + salesforcesb.SandboxClientID + `
      client_secret_file: {{secrets}}/salesforce_client_secret
    retry:
      base_delay: {{base_delay}}
    settings:
      currency: EUR
`

// dataverseCRMSystem reaches the sandbox organization with the Entra ID client
// credentials flow against the emulator's own tenant endpoint.
const dataverseCRMSystem = `  dataverse:
    kind: dataverse
    base_url: {{crm_url}}
    allow_insecure_loopback: true
    auth:
      type: entra_client_credentials
      token_url: {{crm_url}}/` + dataversesb.SandboxTenant + `/oauth2/v2.0/token
      client_id: ` + dataversesb.SandboxClientID + `
      client_secret_file: {{secrets}}/dataverse_client_secret
    retry:
      base_delay: {{base_delay}}
    settings:
      price_currency: EUR
`

// crmJobs are the customer jobs between the ERP and the CRM and the products
// job from the PIM to the CRM. Customers merge field by field and escalate
// true conflicts: the ERP → CRM job escalates an address both systems
// changed, while the CRM → ERP job lets the ERP lead the address (it never
// overwrites SAP's address on a conflict). Contact and sales fields (phone,
// e-mail, owner, contact) are led by the CRM and stay there: SAP's business
// partner holds them in address sub-entities the OData loader does not
// write. Products: the PIM is the source of truth; the name (en_US) and the
// EUR price go to the CRM (the PIM's descriptions are per channel, the CRMs'
// are not). The CRM's job runs first (03:00, the ERP's at 03:15): on the
// first sync the CRM's accounts are staged before the ERP's partners are
// matched against them, so a CRM account lacking the external id is found
// by VAT id or name and postal code instead of receiving a second account.
const crmJobs = `  - name: customers-erp
    data_type: customers
    cadence: "15 3 * * *"
    time_zone: Europe/Berlin
    extract:
      system: erp
      entity: customers
      mode: incremental
      cursor_field: LastChangeDate
      overlap: {{overlap}}
    load:
      targets:
        - system: {{crm}}
          fields: [name, street, postal_code, city, country]
    transform:
      match_keys: [external_id, vat_id, name_postal]
      strategy: merge_escalate
      fields: {phone: {{crm}}, email: {{crm}}, owner: {{crm}}, contact_name: {{crm}}}
  - name: customers-crm
    data_type: customers
    cadence: "0 3 * * *"
    time_zone: Europe/Berlin
    extract:
      system: {{crm}}
      entity: {{crm_accounts}}
      mode: incremental
      cursor_field: {{crm_cursor}}
      overlap: {{overlap}}
    load:
      targets:
        - system: erp
          fields: [name, street, postal_code, city, country]
    transform:
      match_keys: [external_id, vat_id, name_postal]
      strategy: merge_escalate
      fields: {name: erp, street: erp, postal_code: erp, city: erp, country: erp, phone: {{crm}}, email: {{crm}}, owner: {{crm}}, contact_name: {{crm}}}
  - name: products-crm
    data_type: products
    cadence: "0 4 * * *"
    time_zone: Europe/Berlin
    extract:
      system: pim
      entity: products
      mode: incremental
      cursor_field: {{pim_cursor}}
      overlap: {{overlap}}
      page_size: {{page_size}}
    load:
      targets:
        - system: {{crm}}
          fields: [name, price]
    transform:
      strategy: source_of_truth
      leader: pim
`
