package main

import salsifysb "github.com/stewardhq/steward/internal/sandbox/salsify"

// The PIM sections of the realistic profile (catalog.Realistic) for the PIMs
// that do not serve their structure through their API: the fields or
// properties of each locale and channel, which of them the PIM requires
// (the class's mandatory flags, the organization's required properties),
// and the channels with their locales, which steward names since neither
// Pimcore nor Salsify has channels. Neither can require a value on one
// channel only: a required image, weight or price is required on print too,
// where the profile (and Akeneo) require only SKU, name and description. The
// identifier (the sku field, the Product ID property) is the product's key
// rather than a value, so it is not among the required attributes.

// pimcoreRealistic reads the realistic class Product: localized fields in
// en, de and fr, the ecommerce and print descriptions as fields of their
// own, variants inheriting their model's values.
const pimcoreRealistic = `  pim:
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
      price_required: true
      currency: EUR
      draft_field: descriptionDraft
      variants: true
      languages: {en: en_US, de: de_DE, fr: fr_FR}
      channels: {ecommerce: [en_US, de_DE, fr_FR], print: [en_US, de_DE]}
      fields:
        name: {attribute: name, kind: text, localized: true, required: true}
        description: {attribute: description, kind: text, localized: true, channel: ecommerce, required: true}
        descriptionPrint: {attribute: description, kind: text, localized: true, channel: print, required: true}
        descriptionDraft: {attribute: description_draft, kind: text, localized: true, channel: ecommerce}
        color: {attribute: color, kind: option}
        size: {attribute: size, kind: option}
        weight: {attribute: weight, kind: metric, required: true}
        ean: {attribute: ean, kind: text}
        image: {attribute: image, kind: media, required: true}
`

// salsifyRealistic reads the realistic organization: one property per
// locale (and per channel for the descriptions), required properties as the
// organization flags them, child products naming their parent.
const salsifyRealistic = `  pim:
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
      price_required: true
      variants: true
      channels: {ecommerce: [en_US, de_DE, fr_FR], print: [en_US, de_DE]}
      properties:
        - {property: Product Name, attribute: name, locale: en_US, kind: text, required: true}
        - {property: Product Name (de-DE), attribute: name, locale: de_DE, kind: text, required: true}
        - {property: Product Name (fr-FR), attribute: name, locale: fr_FR, kind: text, required: true}
        - {property: Description, attribute: description, locale: en_US, channel: ecommerce, kind: text, required: true}
        - {property: Description (de-DE), attribute: description, locale: de_DE, channel: ecommerce, kind: text, required: true}
        - {property: Description (fr-FR), attribute: description, locale: fr_FR, channel: ecommerce, kind: text, required: true}
        - {property: Print Description, attribute: description, locale: en_US, channel: print, kind: text, required: true}
        - {property: Print Description (de-DE), attribute: description, locale: de_DE, channel: print, kind: text, required: true}
        - {property: Description Draft, attribute: description_draft, locale: en_US, channel: ecommerce, kind: text}
        - {property: Color, attribute: color, kind: option}
        - {property: Size, attribute: size, kind: option}
        - {property: Weight, attribute: weight, kind: metric, unit_property: Weight Unit, required: true}
        - {property: EAN, attribute: ean, kind: text}
        - {property: Image, attribute: image, kind: media, required: true}
`
