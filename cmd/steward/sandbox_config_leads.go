package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	hubspotsb "github.com/stewardhq/steward/internal/sandbox/hubspot"
)

// hubspotToken is the private app token the sandbox's HubSpot accepts: a
// sandbox-only value, not a secret of any real portal.
var hubspotToken = hubspotsb.SandboxToken

// sandboxPrivacyKey keys the pseudonymization of the sandbox's personal
// data: a sandbox-only value.
const sandboxPrivacyKey = "sandbox-privacy-key-not-for-production"

// withLeads adds scenario 2 to a sandbox config text (ConfigOptions.Leads): the HubSpot system
// (unless the text has it), a privacy key (unless it has one), a job
// staging HubSpot's companies as the accounts leads are looked up in, and
// the leads job routing HubSpot's contacts every two minutes. It writes
// the secrets it names into secrets.
func withLeads(text string, sb *sandboxSystems, secrets, baseDelay, overlap string) (string, error) {
	for name, v := range map[string]string{"hubspot_token": hubspotToken, "privacy_key": sandboxPrivacyKey} {
		if err := os.WriteFile(filepath.Join(secrets, name), []byte(v+"\n"), 0o600); err != nil {
			return "", fmt.Errorf("write sandbox secret: %w", err)
		}
	}
	r := strings.NewReplacer("{{hubspot}}", sb.URL(hubspotsb.Name), "{{secrets}}", secrets, "{{base_delay}}", baseDelay, "{{overlap}}", overlap)
	if !strings.Contains(text, "\n  hubspot:\n") {
		text = strings.Replace(text, "\nsystems:\n", "\nsystems:\n"+r.Replace(hubspotSystem), 1)
	}
	if !strings.Contains(text, "\nprivacy:") {
		text = strings.Replace(text, "\nsystems:\n", "\n"+r.Replace(privacySection)+"systems:\n", 1)
	}
	return strings.TrimRight(text, "\n") + "\n" + r.Replace(leadsJobs) + repsYAML(catalog.Reps()), nil
}

// repsYAML writes the sandbox CRM's sales reps as the leads job's route
// reps: the sales organisation's portfolios, as a company configures them.
func repsYAML(reps []catalog.Rep) string {
	var b strings.Builder
	for _, r := range reps {
		fmt.Fprintf(&b, "        - email: %s\n          families: [%s]\n          regions: [%s]\n          capacity: %d\n",
			r.Email, strings.Join(r.Families, ", "), strings.Join(r.Regions, ", "), r.Capacity)
	}
	return b.String()
}

const privacySection = `privacy:
  key_file: {{secrets}}/privacy_key
`

const hubspotSystem = `  hubspot:
    kind: hubspot
    base_url: {{hubspot}}
    allow_insecure_loopback: true
    auth:
      type: bearer
      token_file: {{secrets}}/hubspot_token
    retry:
      base_delay: {{base_delay}}
    settings:
      price_currency: EUR
`

const leadsJobs = `  - name: crm-accounts
    data_type: customers
    cadence: "0 3 * * *"
    time_zone: Europe/Berlin
    extract:
      system: hubspot
      entity: companies
      mode: incremental
      cursor_field: hs_lastmodifieddate
      overlap: {{overlap}}
  - name: leads
    data_type: leads
    cadence: "*/2 * * * *"
    extract:
      system: hubspot
      entity: contacts
      mode: incremental
      cursor_field: lastmodifieddate
      overlap: {{overlap}}
    load:
      targets:
        - system: hubspot
          fields: [owner, score, model, reasons, matched_products, next_steps]
    route:
      catalog: {system: pim, data_type: products}
      accounts: {system: hubspot, data_type: customers}
      llm: llm
      min_score: 50
      reps:
`
