package transform

import (
	"encoding/json"
	"time"
)

// Customers is the customer master data type: ERP ↔ CRM daily, merged field
// by field; true conflicts escalate to a steward.
var Customers = DataType{
	Name: "customers", Strategy: MergeEscalate, KeyField: "id", ChangeField: "changed", TargetKey: "external_id", MatchKeyNames: []string{"external_id", "vat_id", "name_postal"},
	FieldNames: []string{"name", "vat_id", "street", "postal_code", "city", "country", "domain", "contact_name", "email", "phone", "owner"},
	PII:        []string{"contact_name", "email", "phone"},
	New:        func() Entity { return new(Customer) },
}

// Customer is the canonical customer account.
type Customer struct {
	// ID is the account's id in its source system.
	ID string `json:"id"`
	// ExternalID is the cross-system id held in an external-id field.
	ExternalID string `json:"external_id,omitempty"`
	Name       string `json:"name"`
	VATID      string `json:"vat_id,omitempty"`
	Street     string `json:"street,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	City       string `json:"city,omitempty"`
	Country    string `json:"country,omitempty"`
	// Domain is the company's web domain (a CRM's company domain, a
	// website's host): how an inbound lead finds its account.
	Domain      string    `json:"domain,omitempty"`
	ContactName string    `json:"contact_name,omitempty"`
	Email       string    `json:"email,omitempty"`
	Phone       string    `json:"phone,omitempty"`
	Owner       string    `json:"owner,omitempty"`
	Changed     time.Time `json:"changed,omitzero"`
}

// EntityKey is the account's id in its source.
func (c *Customer) EntityKey() string { return c.ID }

// ChangedAt is the source's change time.
func (c *Customer) ChangedAt() time.Time { return c.Changed }

// MatchKeys matches an account by external id, VAT id, or name with postal code.
func (c *Customer) MatchKeys() map[string]string {
	nameAddr := ""
	if c.Name != "" && c.PostalCode != "" {
		nameAddr = NormalizeName(c.Name) + "|" + c.PostalCode
	}
	return nonEmpty("external_id", c.ExternalID, "vat_id", c.VATID, "name_postal", nameAddr)
}

// Fields holds every customer field by its canonical name.
func (c *Customer) Fields() (map[string]json.RawMessage, error) {
	return structFields(c, "id", "changed")
}
