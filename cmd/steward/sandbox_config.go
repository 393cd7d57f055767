package main

import (
	_ "embed"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/llm"
)

//go:embed sandbox_rules.yaml
var rulesYAML []byte

// WriteConfig writes a steward.yaml for this sandbox into dir, with the
// sandbox credentials in secret files beside it, and returns its path.
func (sb *sandboxSystems) WriteConfig(dir string, opt sandbox.ConfigOptions) (string, error) {
	opt = withDefaults(opt)
	pim, ok := sandboxPIMs[opt.PIM]
	if !ok {
		return "", fmt.Errorf("write sandbox config: no sandbox PIM %q (%s)", opt.PIM, strings.Join(sandboxPIMNames(), ", "))
	}
	crm, ok := sandboxCRMs[opt.CRM]
	if !ok {
		return "", fmt.Errorf("write sandbox config: no sandbox CRM %q (%s)", opt.CRM, strings.Join(sandboxCRMNames(), ", "))
	}
	secrets, err := writeSandboxSecrets(dir)
	if err != nil {
		return "", err
	}
	r := strings.NewReplacer(
		"{{pim_cursor}}", pim.cursor, "{{pim_url}}", sb.URL(pim.emulator),
		"{{dir}}", dir, "{{sap}}", sb.SAPURL, "{{secrets}}", secrets,
		"{{akeneo_id}}", akeneoCredentials.ClientID, "{{akeneo_user}}", akeneoCredentials.Username,
		"{{sap_id}}", sapCredentials.ClientID, "{{base_delay}}", opt.BaseDelay, "{{overlap}}", opt.Overlap,
		"{{page_size}}", fmt.Sprint(opt.PageSize), "{{llm}}", sb.LLMURL, "{{generator}}", opt.Generator, "{{model}}", llm.Model, "{{pim_partitions}}", partitionsLine(opt.Partitions),
		"{{crm}}", opt.CRM, "{{crm_url}}", sb.URL(crm.emulator), "{{crm_accounts}}", crm.accounts, "{{crm_cursor}}", crm.cursor)
	if err := os.WriteFile(filepath.Join(dir, "rules.yaml"), rulesYAML, 0o644); err != nil {
		return "", fmt.Errorf("write sandbox rules: %w", err)
	}
	tmpl := strings.NewReplacer("{{pim_system}}", pim.systemFor(sb.profile()), "{{crm_system}}", sb.crmSystem(crm)).Replace(configTemplate + sb.crmJobs(crm))
	text := r.Replace(tmpl)
	if opt.Leads {
		if text, err = withLeads(text, sb, secrets, opt.BaseDelay, opt.Overlap); err != nil {
			return "", err
		}
	}
	path := filepath.Join(dir, "steward.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return "", fmt.Errorf("write sandbox config: %w", err)
	}
	return path, nil
}

// profile is the served catalog's profile, "" when the sandbox serves no
// catalog of its own (the leads demo's hand-over).
func (sb *sandboxSystems) profile() string {
	if sb == nil || sb.Sandbox == nil || sb.Catalog == nil {
		return ""
	}
	return sb.Catalog.Profile
}

// writeSandboxSecrets writes the sandbox systems' credentials into files in
// dir/secrets and returns that folder.
func writeSandboxSecrets(dir string) (string, error) {
	secrets := filepath.Join(dir, "secrets")
	if err := os.MkdirAll(secrets, 0o700); err != nil {
		return "", fmt.Errorf("write sandbox secrets: %w", err)
	}
	files := map[string]string{
		"akeneo_client_secret": akeneoCredentials.Secret,
		"akeneo_password":      akeneoCredentials.Password,
		"pimcore_key":          pimcoreKey,
		"salsify_token":        salsifyToken,
		"sap_client_secret":    sapCredentials.ClientSecret,
		"llm_key":              llmKey,
	}
	maps.Copy(files, crmSecrets())
	for name, v := range files {
		if err := os.WriteFile(filepath.Join(secrets, name), []byte(v+"\n"), 0o600); err != nil {
			return "", fmt.Errorf("write sandbox secret: %w", err)
		}
	}
	return secrets, nil
}

// withDefaults returns opt with every unset option at its default.
func withDefaults(opt sandbox.ConfigOptions) sandbox.ConfigOptions {
	if opt.BaseDelay == "" {
		opt.BaseDelay = "1s"
	}
	if opt.Overlap == "" {
		opt.Overlap = "10m"
	}
	if opt.PageSize == 0 {
		opt.PageSize = 100
	}
	if opt.PIM == "" {
		opt.PIM = "akeneo"
	}
	if opt.Generator == "" {
		opt.Generator = "openai"
	}
	if opt.CRM == "" {
		opt.CRM = "hubspot"
	}
	return opt
}

// sandboxServe is the serve section of the sandbox's config.
const sandboxServe = `serve:
  listen: 127.0.0.1:8080
  tokens:
    - name: sandbox
      token: ${STEWARD_CONSOLE_TOKEN}
      role: operator
`

const configTemplate = `# steward.yaml written by steward for its built-in sandbox.
version: 1
staging:
  sqlite: {{dir}}/state/steward.db
  parquet_dir: {{dir}}/state/parquet
  report_dir: {{dir}}/reports
# Customers carry personal fields: logs, run history, snapshots and reports
# hold them as tokens keyed by this sandbox-only key.
privacy:
  key_file: {{secrets}}/privacy_key
# steward serve: the web console at http://127.0.0.1:8080/. Only serve reads
# the token: export STEWARD_CONSOLE_TOKEN=$(openssl rand -hex 32) first, then
# paste it on the login page (it logs in as an operator).
` + sandboxServe + `systems:
{{pim_system}}{{crm_system}}  erp:
    kind: odata
    base_url: {{sap}}
    allow_insecure_loopback: true
    auth:
      type: oauth2_client_credentials
      token_url: {{sap}}/sap/bc/sec/oauth2/token
      client_id: {{sap_id}}
      client_secret_file: {{secrets}}/sap_client_secret
    retry:
      base_delay: {{base_delay}}
    settings:
      csrf: true
      max_page_size: 1000
      entities:
        products:
          path: /sap/opu/odata4/sap/api_product/srvd_a2x/sap/product/0002/Product
          key: [Product]
        prices:
          path: /sap/opu/odata4/sap/api_slsprcgcndnrecord/srvd_a2x/sap/slsprcgcndnrecord/0001/SlsPrcgConditionRecord
          key: [ConditionRecord]
          canonical: price
          filter: ConditionType eq 'PPR0'
        customers:
          version: 2
          path: /sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner
          key: [BusinessPartner]
          canonical: customer
  llm:
    kind: openai
    base_url: {{llm}}/v1
    allow_insecure_loopback: true
    auth:
      type: bearer
      token_file: {{secrets}}/llm_key
    retry:
      base_delay: {{base_delay}}
    settings:
      model: {{model}}
      temperature: 0.2
      max_tokens: 300
      concurrency: 4
      timeout: 30s
jobs:
  - name: prices
    data_type: prices
    cadence: "0 * * * *"
    time_zone: Europe/Berlin
    extract:
      system: erp
      entity: prices
      mode: incremental
      cursor_field: LastChangeDateTime
      overlap: {{overlap}}
      page_size: 1000
    load:
      targets:
        - system: pim
          fields: [price]
  - name: products
    data_type: products
    cadence: "30 2 * * *"
    time_zone: Europe/Berlin
    extract:
      system: pim
      entity: products
      mode: incremental
      cursor_field: {{pim_cursor}}
      overlap: {{overlap}}
      page_size: {{page_size}}
    quality:
      rules: rules.yaml
      drafts:
        generator: {{generator}}
        llm: llm
        target: pim
        describes: description
        attribute: description_draft
        # The sandbox publishes approved drafts into the description itself, as an
        # editor approving a proposal would; real configs may keep them as drafts.
        publish: true
`

// partitionsLine is the Akeneo settings line for n partitions, if any.
func partitionsLine(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("\n      partitions: %d", n)
}
