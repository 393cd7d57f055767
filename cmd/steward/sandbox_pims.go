package main

import (
	"maps"
	"slices"

	akeneosb "github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	pimcoresb "github.com/stewardhq/steward/internal/sandbox/pimcore"
	salsifysb "github.com/stewardhq/steward/internal/sandbox/salsify"
)

// sandboxPIM is how the sandbox config reaches one PIM: the emulator serving
// it, its system section (the products source, the prices target and the
// drafts target alike) and the change-time field its products job names.
// Every PIM maps its fields to the same canonical attributes, so the same
// rules and drafts apply whichever one serves the catalog.
type sandboxPIM struct {
	emulator string
	system   string
	cursor   string
	// realistic is the system section for the realistic profile ("" when
	// system serves both: Akeneo serves its structure through its API).
	realistic string
}

// systemFor returns the PIM's system section for the catalog profile.
func (p sandboxPIM) systemFor(profile string) string {
	if profile == catalog.Realistic && p.realistic != "" {
		return p.realistic
	}
	return p.system
}

// sandboxPIMs are the PIMs a sandbox config can name, by kind.
var sandboxPIMs = map[string]sandboxPIM{
	"akeneo":  {emulator: akeneosb.Name, system: akeneoSystem, cursor: "updated"},
	"pimcore": {emulator: pimcoresb.Name, system: pimcoreSystem, cursor: "modificationDate", realistic: pimcoreRealistic},
	"salsify": {emulator: salsifysb.Name, system: salsifySystem, cursor: `"salsify:updated_at"`, realistic: salsifyRealistic},
}

// sandboxPIMNames lists the PIMs a sandbox config can name, sorted.
func sandboxPIMNames() []string { return slices.Sorted(maps.Keys(sandboxPIMs)) }

const akeneoSystem = `  pim:
    kind: akeneo
    base_url: {{pim_url}}
    allow_insecure_loopback: true
    auth:
      type: akeneo_password
      client_id: {{akeneo_id}}
      client_secret_file: {{secrets}}/akeneo_client_secret
      username: {{akeneo_user}}
      password_file: {{secrets}}/akeneo_password
    retry:
      base_delay: {{base_delay}}
    settings:
      price_attribute: price
      identifier_attribute: sku{{pim_partitions}}
`

// pimcoreSystem reads and writes the Product class through the Datahub
// configuration steward. Datahub mutations always save the published object
// (there is no draft version), so drafts go to a field of their own,
// descriptionDraft. Like Akeneo's, the class has an image field its synthetic
// products leave empty.
const pimcoreSystem = `  pim:
    kind: pimcore
    base_url: {{pim_url}}
    allow_insecure_loopback: true
    auth:
      type: api_key
      header: apikey
      token_file: {{secrets}}/pimcore_key
    retry:
      base_delay: {{base_delay}}
    settings:
      endpoint: steward
      class: Product
      identifier_field: sku
      family_field: family
      price_field: price
      currency: EUR
      draft_field: descriptionDraft
      languages: {en: en_US, de: de_DE}
      fields:
        name: {attribute: name, kind: text, localized: true}
        description: {attribute: description, kind: text, localized: true, channel: ecommerce}
        descriptionDraft: {attribute: description_draft, kind: text, localized: true, channel: ecommerce}
        color: {attribute: color, kind: option}
        weight: {attribute: weight, kind: metric}
        ean: {attribute: ean, kind: text}
        image: {attribute: image, kind: media}
`

// salsifySystem reads and writes the sandbox organization's products; drafts
// go to the "Description Draft" property. Like Akeneo's, the organization has
// an image property its synthetic products leave empty.
const salsifySystem = `  pim:
    kind: salsify
    base_url: {{pim_url}}
    allow_insecure_loopback: true
    auth:
      type: bearer
      token_file: {{secrets}}/salsify_token
    retry:
      base_delay: {{base_delay}}
    settings:
      org_id: ` + salsifysb.SandboxOrg + `
      product_id_property: Product ID
      family_property: Family
      price_property: Price
      price_currency: EUR
      properties:
        - {property: Product Name, attribute: name, locale: en_US, kind: text}
        - {property: Description, attribute: description, locale: en_US, channel: ecommerce, kind: text}
        - {property: Description Draft, attribute: description_draft, locale: en_US, channel: ecommerce, kind: text}
        - {property: Color, attribute: color, kind: option}
        - {property: Weight, attribute: weight, kind: metric, unit_property: Weight Unit}
        - {property: EAN, attribute: ean, kind: text}
        - {property: Image, attribute: image, kind: media}
`
